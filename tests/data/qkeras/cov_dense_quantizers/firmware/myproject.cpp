#include <iostream>

#include "myproject.h"
#include "parameters.h"


void myproject(
    input_t input_1[12],
    result_t layer23_out[6]
) {

    // hls-fpga-machine-learning insert IO
    #pragma HLS ARRAY_RESHAPE variable=input_1 complete dim=0
    #pragma HLS ARRAY_PARTITION variable=layer23_out complete dim=0
    #pragma HLS INTERFACE ap_vld port=input_1,layer23_out 
    #pragma HLS PIPELINE

    // hls-fpga-machine-learning insert load weights
#ifndef __SYNTHESIS__
    static bool loaded_weights = false;
    if (!loaded_weights) {
        nnet::load_weights_from_txt<weight2_t, 192>(w2, "w2.txt");
        nnet::load_weights_from_txt<bias2_t, 16>(b2, "b2.txt");
        nnet::load_weights_from_txt<d_auto_alpha_scale_t, 16>(s24, "s24.txt");
        nnet::load_weights_from_txt<bias24_t, 16>(b24, "b24.txt");
        nnet::load_weights_from_txt<weight5_t, 256>(w5, "w5.txt");
        nnet::load_weights_from_txt<bias5_t, 16>(b5, "b5.txt");
        nnet::load_exponent_weights_from_txt<exponent_scale25_t, 16>(s25, "s25.txt");
        nnet::load_weights_from_txt<bias25_t, 16>(b25, "b25.txt");
        nnet::load_weights_from_txt<weight8_t, 224>(w8, "w8.txt");
        nnet::load_weights_from_txt<bias8_t, 14>(b8, "b8.txt");
        nnet::load_weights_from_txt<bn_scale_t, 14>(s10, "s10.txt");
        nnet::load_weights_from_txt<bn_bias_t, 14>(b10, "b10.txt");
        nnet::load_weights_from_txt<weight12_t, 168>(w12, "w12.txt");
        nnet::load_weights_from_txt<bias12_t, 12>(b12, "b12.txt");
        nnet::load_exponent_weights_from_txt<exponent_weight15_t, 120>(w15, "w15.txt");
        nnet::load_weights_from_txt<bias15_t, 10>(b15, "b15.txt");
        nnet::load_weights_from_txt<weight18_t, 100>(w18, "w18.txt");
        nnet::load_weights_from_txt<bias18_t, 10>(b18, "b18.txt");
        nnet::load_exponent_weights_from_txt<exponent_scale26_t, 10>(s26, "s26.txt");
        nnet::load_weights_from_txt<bias26_t, 10>(b26, "b26.txt");
        nnet::load_weights_from_txt<weight21_t, 60>(w21, "w21.txt");
        nnet::load_weights_from_txt<bias21_t, 6>(b21, "b21.txt");
        loaded_weights = true;    }
#endif
    // ****************************************
    // NETWORK INSTANTIATION
    // ****************************************

    // hls-fpga-machine-learning insert layers

    d_auto_result_t layer2_out[16];
    #pragma HLS ARRAY_PARTITION variable=layer2_out complete dim=0

    d_auto_alpha_result_t layer24_out[16];
    #pragma HLS ARRAY_PARTITION variable=layer24_out complete dim=0

    layer4_t layer4_out[16];
    #pragma HLS ARRAY_PARTITION variable=layer4_out complete dim=0

    d_auto_po2_result_t layer5_out[16];
    #pragma HLS ARRAY_PARTITION variable=layer5_out complete dim=0

    d_auto_po2_alpha_result_t layer25_out[16];
    #pragma HLS ARRAY_PARTITION variable=layer25_out complete dim=0

    layer7_t layer7_out[16];
    #pragma HLS ARRAY_PARTITION variable=layer7_out complete dim=0

    d_symmetric_result_t layer8_out[14];
    #pragma HLS ARRAY_PARTITION variable=layer8_out complete dim=0

    bn_result_t layer10_out[14];
    #pragma HLS ARRAY_PARTITION variable=layer10_out complete dim=0

    d_unsigned_result_t layer12_out[12];
    #pragma HLS ARRAY_PARTITION variable=layer12_out complete dim=0

    layer14_t layer14_out[12];
    #pragma HLS ARRAY_PARTITION variable=layer14_out complete dim=0

    d_po2_result_t layer15_out[10];
    #pragma HLS ARRAY_PARTITION variable=layer15_out complete dim=0

    layer17_t layer17_out[10];
    #pragma HLS ARRAY_PARTITION variable=layer17_out complete dim=0

    d_default_result_t layer18_out[10];
    #pragma HLS ARRAY_PARTITION variable=layer18_out complete dim=0

    d_default_alpha_result_t layer26_out[10];
    #pragma HLS ARRAY_PARTITION variable=layer26_out complete dim=0

    layer20_t layer20_out[10];
    #pragma HLS ARRAY_PARTITION variable=layer20_out complete dim=0

    d_out_result_t layer21_out[6];
    #pragma HLS ARRAY_PARTITION variable=layer21_out complete dim=0

    nnet::dense<input_t, d_auto_result_t, config2>(input_1, layer2_out, w2, b2); // d_auto
#ifndef __SYNTHESIS__
    nnet::save_layer_output<d_auto_result_t>(layer2_out, "d_auto", 16);
#endif

    nnet::normalize<d_auto_result_t, d_auto_alpha_result_t, config24>(layer2_out, layer24_out, s24, b24); // d_auto_alpha
#ifndef __SYNTHESIS__
    nnet::save_layer_output<d_auto_alpha_result_t>(layer24_out, "d_auto_alpha", 16);
#endif

    nnet::leaky_relu<d_auto_alpha_result_t, a_leaky_param_t, layer4_t, leaky_relu_config4>(layer24_out, 0.25, layer4_out); // a_leaky
#ifndef __SYNTHESIS__
    nnet::save_layer_output<layer4_t>(layer4_out, "a_leaky", 16);
#endif

    nnet::dense<layer4_t, d_auto_po2_result_t, config5>(layer4_out, layer5_out, w5, b5); // d_auto_po2
#ifndef __SYNTHESIS__
    nnet::save_layer_output<d_auto_po2_result_t>(layer5_out, "d_auto_po2", 16);
#endif

    nnet::normalize<d_auto_po2_result_t, d_auto_po2_alpha_result_t, config25>(layer5_out, layer25_out, s25, b25); // d_auto_po2_alpha
#ifndef __SYNTHESIS__
    nnet::save_layer_output<d_auto_po2_alpha_result_t>(layer25_out, "d_auto_po2_alpha", 16);
#endif

    nnet::tanh<d_auto_po2_alpha_result_t, layer7_t, tanh_config7>(layer25_out, layer7_out); // a_real_tanh
#ifndef __SYNTHESIS__
    nnet::save_layer_output<layer7_t>(layer7_out, "a_real_tanh", 16);
#endif

    nnet::dense<layer7_t, d_symmetric_result_t, config8>(layer7_out, layer8_out, w8, b8); // d_symmetric
#ifndef __SYNTHESIS__
    nnet::save_layer_output<d_symmetric_result_t>(layer8_out, "d_symmetric", 14);
#endif

    nnet::normalize<d_symmetric_result_t, bn_result_t, config10>(layer8_out, layer10_out, s10, b10); // bn
#ifndef __SYNTHESIS__
    nnet::save_layer_output<bn_result_t>(layer10_out, "bn", 14);
#endif

    nnet::dense<bn_result_t, d_unsigned_result_t, config12>(layer10_out, layer12_out, w12, b12); // d_unsigned
#ifndef __SYNTHESIS__
    nnet::save_layer_output<d_unsigned_result_t>(layer12_out, "d_unsigned", 12);
#endif

    nnet::hard_sigmoid<d_unsigned_result_t, layer14_t, hard_sigmoid_config14>(layer12_out, layer14_out); // a_hard_sigmoid
#ifndef __SYNTHESIS__
    nnet::save_layer_output<layer14_t>(layer14_out, "a_hard_sigmoid", 12);
#endif

    nnet::dense<layer14_t, d_po2_result_t, config15>(layer14_out, layer15_out, w15, b15); // d_po2
#ifndef __SYNTHESIS__
    nnet::save_layer_output<d_po2_result_t>(layer15_out, "d_po2", 10);
#endif

    nnet::relu<d_po2_result_t, layer17_t, relu_config17>(layer15_out, layer17_out); // a_relu
#ifndef __SYNTHESIS__
    nnet::save_layer_output<layer17_t>(layer17_out, "a_relu", 10);
#endif

    nnet::dense<layer17_t, d_default_result_t, config18>(layer17_out, layer18_out, w18, b18); // d_default
#ifndef __SYNTHESIS__
    nnet::save_layer_output<d_default_result_t>(layer18_out, "d_default", 10);
#endif

    nnet::normalize<d_default_result_t, d_default_alpha_result_t, config26>(layer18_out, layer26_out, s26, b26); // d_default_alpha
#ifndef __SYNTHESIS__
    nnet::save_layer_output<d_default_alpha_result_t>(layer26_out, "d_default_alpha", 10);
#endif

    nnet::sigmoid<d_default_alpha_result_t, layer20_t, sigmoid_config20>(layer26_out, layer20_out); // a_real_sigmoid
#ifndef __SYNTHESIS__
    nnet::save_layer_output<layer20_t>(layer20_out, "a_real_sigmoid", 10);
#endif

    nnet::dense<layer20_t, d_out_result_t, config21>(layer20_out, layer21_out, w21, b21); // d_out
#ifndef __SYNTHESIS__
    nnet::save_layer_output<d_out_result_t>(layer21_out, "d_out", 6);
#endif

    nnet::hard_tanh<d_out_result_t, result_t, hard_tanh_config23>(layer21_out, layer23_out); // a_hard_tanh
#ifndef __SYNTHESIS__
    nnet::save_layer_output<result_t>(layer23_out, "a_hard_tanh", 6);
#endif

}

