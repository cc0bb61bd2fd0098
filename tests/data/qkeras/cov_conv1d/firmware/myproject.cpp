#include <iostream>

#include "myproject.h"
#include "parameters.h"


void myproject(
    input_t input_1[16*3],
    result_t layer9_out[4]
) {

    // hls-fpga-machine-learning insert IO
    #pragma HLS ARRAY_RESHAPE variable=input_1 complete dim=0
    #pragma HLS ARRAY_PARTITION variable=layer9_out complete dim=0
    #pragma HLS INTERFACE ap_vld port=input_1,layer9_out 
    #pragma HLS DATAFLOW

    // hls-fpga-machine-learning insert load weights
#ifndef __SYNTHESIS__
    static bool loaded_weights = false;
    if (!loaded_weights) {
        nnet::load_weights_from_txt<weight2_t, 54>(w2, "w2.txt");
        nnet::load_weights_from_txt<bias2_t, 6>(b2, "b2.txt");
        nnet::load_exponent_weights_from_txt<exponent_scale13_t, 6>(s13, "s13.txt");
        nnet::load_weights_from_txt<bias13_t, 6>(b13, "b13.txt");
        nnet::load_weights_from_txt<weight11_t, 18>(w11, "w11.txt");
        nnet::load_weights_from_txt<bias11_t, 6>(b11, "b11.txt");
        nnet::load_weights_from_txt<weight12_t, 48>(w12, "w12.txt");
        nnet::load_weights_from_txt<bias12_t, 8>(b12, "b12.txt");
        nnet::load_weights_from_txt<weight9_t, 384>(w9, "w9.txt");
        nnet::load_weights_from_txt<bias9_t, 4>(b9, "b9.txt");
        loaded_weights = true;    }
#endif
    // ****************************************
    // NETWORK INSTANTIATION
    // ****************************************

    // hls-fpga-machine-learning insert layers

    c1_result_t layer2_out[14*6];
    #pragma HLS ARRAY_PARTITION variable=layer2_out complete dim=0

    c1_alpha_result_t layer13_out[14*6];
    #pragma HLS ARRAY_PARTITION variable=layer13_out complete dim=0

    layer4_t layer4_out[14*6];
    #pragma HLS ARRAY_PARTITION variable=layer4_out complete dim=0

    sep1_depthwise_result_t layer11_out[12*6];
    #pragma HLS ARRAY_PARTITION variable=layer11_out complete dim=0

    sep1_pointwise_result_t layer12_out[12*8];
    #pragma HLS ARRAY_PARTITION variable=layer12_out complete dim=0

    layer7_t layer7_out[12*8];
    #pragma HLS ARRAY_PARTITION variable=layer7_out complete dim=0

    auto& layer8_out = layer7_out;
    nnet::conv_1d_cl<input_t, c1_result_t, config2>(input_1, layer2_out, w2, b2); // c1
#ifndef __SYNTHESIS__
    nnet::save_layer_output<c1_result_t>(layer2_out, "c1", 14*6);
#endif

    nnet::normalize<c1_result_t, c1_alpha_result_t, config13>(layer2_out, layer13_out, s13, b13); // c1_alpha
#ifndef __SYNTHESIS__
    nnet::save_layer_output<c1_alpha_result_t>(layer13_out, "c1_alpha", 14*6);
#endif

    nnet::relu<c1_alpha_result_t, layer4_t, relu_config4>(layer13_out, layer4_out); // a1
#ifndef __SYNTHESIS__
    nnet::save_layer_output<layer4_t>(layer4_out, "a1", 14*6);
#endif

    nnet::depthwise_conv_1d_cl<layer4_t, sep1_depthwise_result_t, config11>(layer4_out, layer11_out, w11, b11); // sep1_depthwise
#ifndef __SYNTHESIS__
    nnet::save_layer_output<sep1_depthwise_result_t>(layer11_out, "sep1_depthwise", 12*6);
#endif

    nnet::pointwise_conv_1d_cl<sep1_depthwise_result_t, sep1_pointwise_result_t, config14>(layer11_out, layer12_out, w12, b12); // sep1_pointwise
#ifndef __SYNTHESIS__
    nnet::save_layer_output<sep1_pointwise_result_t>(layer12_out, "sep1_pointwise", 12*8);
#endif

    nnet::hard_tanh<sep1_pointwise_result_t, layer7_t, hard_tanh_config7>(layer12_out, layer7_out); // a2
#ifndef __SYNTHESIS__
    nnet::save_layer_output<layer7_t>(layer7_out, "a2", 12*8);
#endif

    nnet::dense<layer7_t, result_t, config9>(layer8_out, layer9_out, w9, b9); // out
#ifndef __SYNTHESIS__
    nnet::save_layer_output<result_t>(layer9_out, "out", 4);
#endif

}

