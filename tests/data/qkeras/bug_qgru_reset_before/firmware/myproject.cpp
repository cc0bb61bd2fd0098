#include <iostream>

#include "myproject.h"
#include "parameters.h"


void myproject(
    input_t input_1[4*3],
    result_t layer2_out[4]
) {

    // hls-fpga-machine-learning insert IO
    #pragma HLS ARRAY_RESHAPE variable=input_1 complete dim=0
    #pragma HLS ARRAY_PARTITION variable=layer2_out complete dim=0
    #pragma HLS INTERFACE ap_vld port=input_1,layer2_out 
    #pragma HLS PIPELINE

    // hls-fpga-machine-learning insert load weights
#ifndef __SYNTHESIS__
    static bool loaded_weights = false;
    if (!loaded_weights) {
        nnet::load_weights_from_txt<gru_weight_t, 36>(w2, "w2.txt");
        nnet::load_weights_from_txt<gru_recurrent_weight_t, 48>(wr2, "wr2.txt");
        nnet::load_weights_from_txt<gru_bias_t, 1>(b2, "b2.txt");
        nnet::load_weights_from_txt<gru_recurrent_bias_t, 1>(br2, "br2.txt");
        loaded_weights = true;    }
#endif
    // ****************************************
    // NETWORK INSTANTIATION
    // ****************************************

    // hls-fpga-machine-learning insert layers

    nnet::gru_stack<input_t, result_t, config2>(input_1, layer2_out, w2, wr2, b2, br2); // gru
#ifndef __SYNTHESIS__
    nnet::save_layer_output<result_t>(layer2_out, "gru", 4);
#endif

}

