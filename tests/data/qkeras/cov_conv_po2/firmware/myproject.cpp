#include <iostream>

#include "myproject.h"
#include "parameters.h"


void myproject(
    input_t input_1[8*2],
    result_t layer6_out[3]
) {

    // hls-fpga-machine-learning insert IO
    #pragma HLS ARRAY_RESHAPE variable=input_1 complete dim=0
    #pragma HLS ARRAY_PARTITION variable=layer6_out complete dim=0
    #pragma HLS INTERFACE ap_vld port=input_1,layer6_out 
    #pragma HLS DATAFLOW

    // hls-fpga-machine-learning insert load weights
#ifndef __SYNTHESIS__
    static bool loaded_weights = false;
    if (!loaded_weights) {
        nnet::load_exponent_weights_from_txt<exponent_weight2_t, 24>(w2, "w2.txt");
        nnet::load_weights_from_txt<bias2_t, 4>(b2, "b2.txt");
        nnet::load_exponent_weights_from_txt<exponent_weight6_t, 72>(w6, "w6.txt");
        nnet::load_weights_from_txt<bias6_t, 3>(b6, "b6.txt");
        loaded_weights = true;    }
#endif
    // ****************************************
    // NETWORK INSTANTIATION
    // ****************************************

    // hls-fpga-machine-learning insert layers

    c1_result_t layer2_out[6*4];
    #pragma HLS ARRAY_PARTITION variable=layer2_out complete dim=0

    layer4_t layer4_out[6*4];
    #pragma HLS ARRAY_PARTITION variable=layer4_out complete dim=0

    auto& layer5_out = layer4_out;
    nnet::conv_1d_cl<input_t, c1_result_t, config2>(input_1, layer2_out, w2, b2); // c1
#ifndef __SYNTHESIS__
    nnet::save_layer_output<c1_result_t>(layer2_out, "c1", 6*4);
#endif

    nnet::relu<c1_result_t, layer4_t, relu_config4>(layer2_out, layer4_out); // a1
#ifndef __SYNTHESIS__
    nnet::save_layer_output<layer4_t>(layer4_out, "a1", 6*4);
#endif

    nnet::dense<layer4_t, result_t, config6>(layer5_out, layer6_out, w6, b6); // out
#ifndef __SYNTHESIS__
    nnet::save_layer_output<result_t>(layer6_out, "out", 3);
#endif

}

