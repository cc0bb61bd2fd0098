#include <iostream>

#include "myproject.h"
#include "parameters.h"


void myproject(
    input_t input_1[8*8*1],
    result_t layer15_out[5]
) {

    // hls-fpga-machine-learning insert IO
    #pragma HLS ARRAY_RESHAPE variable=input_1 complete dim=0
    #pragma HLS ARRAY_PARTITION variable=layer15_out complete dim=0
    #pragma HLS INTERFACE ap_vld port=input_1,layer15_out 
    #pragma HLS DATAFLOW

    // hls-fpga-machine-learning insert load weights
#ifndef __SYNTHESIS__
    static bool loaded_weights = false;
    if (!loaded_weights) {
        nnet::load_weights_from_txt<weight2_t, 162>(w2, "w2.txt");
        nnet::load_weights_from_txt<bias2_t, 18>(b2, "b2.txt");
        nnet::load_exponent_weights_from_txt<exponent_scale16_t, 18>(s16, "s16.txt");
        nnet::load_weights_from_txt<bias16_t, 18>(b16, "b16.txt");
        nnet::load_weights_from_txt<weight5_t, 162>(w5, "w5.txt");
        nnet::load_weights_from_txt<bias5_t, 18>(b5, "b5.txt");
        nnet::load_weights_from_txt<weight8_t, 576>(w8, "w8.txt");
        nnet::load_weights_from_txt<bias8_t, 32>(b8, "b8.txt");
        nnet::load_exponent_weights_from_txt<exponent_scale17_t, 32>(s17, "s17.txt");
        nnet::load_weights_from_txt<bias17_t, 32>(b17, "b17.txt");
        nnet::load_weights_from_txt<weight12_t, 2560>(w12, "w12.txt");
        nnet::load_weights_from_txt<bias12_t, 5>(b12, "b12.txt");
        nnet::load_exponent_weights_from_txt<exponent_scale18_t, 5>(s18, "s18.txt");
        nnet::load_weights_from_txt<bias18_t, 5>(b18, "b18.txt");
        loaded_weights = true;    }
#endif
    // ****************************************
    // NETWORK INSTANTIATION
    // ****************************************

    // hls-fpga-machine-learning insert layers

    first_conv2d_result_t layer2_out[6*6*18];
    #pragma HLS ARRAY_PARTITION variable=layer2_out complete dim=0

    first_conv2d_alpha_result_t layer16_out[6*6*18];
    #pragma HLS ARRAY_PARTITION variable=layer16_out complete dim=0

    layer4_t layer4_out[6*6*18];
    #pragma HLS ARRAY_PARTITION variable=layer4_out complete dim=0

    sep_depthwise_result_t layer5_out[4*4*18];
    #pragma HLS ARRAY_PARTITION variable=layer5_out complete dim=0

    layer7_t layer7_out[4*4*18];
    #pragma HLS ARRAY_PARTITION variable=layer7_out complete dim=0

    sep_pointwise_result_t layer8_out[4*4*32];
    #pragma HLS ARRAY_PARTITION variable=layer8_out complete dim=0

    sep_pointwise_alpha_result_t layer17_out[4*4*32];
    #pragma HLS ARRAY_PARTITION variable=layer17_out complete dim=0

    layer10_t layer10_out[4*4*32];
    #pragma HLS ARRAY_PARTITION variable=layer10_out complete dim=0

    auto& layer11_out = layer10_out;
    q_dense_result_t layer12_out[5];
    #pragma HLS ARRAY_PARTITION variable=layer12_out complete dim=0

    q_dense_alpha_result_t layer18_out[5];
    #pragma HLS ARRAY_PARTITION variable=layer18_out complete dim=0

    nnet::conv_2d_cl<input_t, first_conv2d_result_t, config2>(input_1, layer2_out, w2, b2); // first_conv2d
#ifndef __SYNTHESIS__
    nnet::save_layer_output<first_conv2d_result_t>(layer2_out, "first_conv2d", 6*6*18);
#endif

    nnet::normalize<first_conv2d_result_t, first_conv2d_alpha_result_t, config16>(layer2_out, layer16_out, s16, b16); // first_conv2d_alpha
#ifndef __SYNTHESIS__
    nnet::save_layer_output<first_conv2d_alpha_result_t>(layer16_out, "first_conv2d_alpha", 6*6*18);
#endif

    nnet::relu<first_conv2d_alpha_result_t, layer4_t, relu_config4>(layer16_out, layer4_out); // q_activation
#ifndef __SYNTHESIS__
    nnet::save_layer_output<layer4_t>(layer4_out, "q_activation", 6*6*18);
#endif

    nnet::depthwise_conv_2d_cl<layer4_t, sep_depthwise_result_t, config5>(layer4_out, layer5_out, w5, b5); // sep_depthwise
#ifndef __SYNTHESIS__
    nnet::save_layer_output<sep_depthwise_result_t>(layer5_out, "sep_depthwise", 4*4*18);
#endif

    nnet::hard_tanh<sep_depthwise_result_t, layer7_t, hard_tanh_config7>(layer5_out, layer7_out); // sep_depthwise_activation
#ifndef __SYNTHESIS__
    nnet::save_layer_output<layer7_t>(layer7_out, "sep_depthwise_activation", 4*4*18);
#endif

    nnet::pointwise_conv_2d_cl<layer7_t, sep_pointwise_result_t, config19>(layer7_out, layer8_out, w8, b8); // sep_pointwise
#ifndef __SYNTHESIS__
    nnet::save_layer_output<sep_pointwise_result_t>(layer8_out, "sep_pointwise", 4*4*32);
#endif

    nnet::normalize<sep_pointwise_result_t, sep_pointwise_alpha_result_t, config17>(layer8_out, layer17_out, s17, b17); // sep_pointwise_alpha
#ifndef __SYNTHESIS__
    nnet::save_layer_output<sep_pointwise_alpha_result_t>(layer17_out, "sep_pointwise_alpha", 4*4*32);
#endif

    nnet::relu<sep_pointwise_alpha_result_t, layer10_t, relu_config10>(layer17_out, layer10_out); // q_activation_1
#ifndef __SYNTHESIS__
    nnet::save_layer_output<layer10_t>(layer10_out, "q_activation_1", 4*4*32);
#endif

    nnet::dense<layer10_t, q_dense_result_t, config12>(layer11_out, layer12_out, w12, b12); // q_dense
#ifndef __SYNTHESIS__
    nnet::save_layer_output<q_dense_result_t>(layer12_out, "q_dense", 5);
#endif

    nnet::normalize<q_dense_result_t, q_dense_alpha_result_t, config18>(layer12_out, layer18_out, s18, b18); // q_dense_alpha
#ifndef __SYNTHESIS__
    nnet::save_layer_output<q_dense_alpha_result_t>(layer18_out, "q_dense_alpha", 5);
#endif

    nnet::softmax<q_dense_alpha_result_t, result_t, softmax_config15>(layer18_out, layer15_out); // activation
#ifndef __SYNTHESIS__
    nnet::save_layer_output<result_t>(layer15_out, "activation", 5);
#endif

}

