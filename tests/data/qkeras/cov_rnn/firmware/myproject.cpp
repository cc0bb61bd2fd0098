#include <iostream>

#include "myproject.h"
#include "parameters.h"


void myproject(
    input_t input_1[6*4],
    result_t layer4_out[3]
) {

    // hls-fpga-machine-learning insert IO
    #pragma HLS ARRAY_RESHAPE variable=input_1 complete dim=0
    #pragma HLS ARRAY_PARTITION variable=layer4_out complete dim=0
    #pragma HLS INTERFACE ap_vld port=input_1,layer4_out 
    #pragma HLS PIPELINE

    // hls-fpga-machine-learning insert load weights
#ifndef __SYNTHESIS__
    static bool loaded_weights = false;
    if (!loaded_weights) {
        nnet::load_weights_from_txt<lstm_weight_t, 128>(w2, "w2.txt");
        nnet::load_weights_from_txt<lstm_recurrent_weight_t, 256>(wr2, "wr2.txt");
        nnet::load_weights_from_txt<lstm_bias_t, 32>(b2, "b2.txt");
        nnet::load_weights_from_txt<lstm_recurrent_bias_t, 32>(br2, "br2.txt");
        nnet::load_weights_from_txt<gru_weight_t, 144>(w3, "w3.txt");
        nnet::load_weights_from_txt<gru_recurrent_weight_t, 108>(wr3, "wr3.txt");
        nnet::load_weights_from_txt<gru_bias_t, 18>(b3, "b3.txt");
        nnet::load_weights_from_txt<gru_recurrent_bias_t, 18>(br3, "br3.txt");
        nnet::load_weights_from_txt<weight4_t, 18>(w4, "w4.txt");
        nnet::load_weights_from_txt<bias4_t, 3>(b4, "b4.txt");
        loaded_weights = true;    }
#endif
    // ****************************************
    // NETWORK INSTANTIATION
    // ****************************************

    // hls-fpga-machine-learning insert layers

    layer2_t layer2_out[6*8];
    #pragma HLS ARRAY_PARTITION variable=layer2_out complete dim=0

    layer3_t layer3_out[6];
    #pragma HLS ARRAY_PARTITION variable=layer3_out complete dim=0

    nnet::lstm_stack<input_t, layer2_t, config2>(input_1, layer2_out, w2, wr2, b2, br2); // lstm
#ifndef __SYNTHESIS__
    nnet::save_layer_output<layer2_t>(layer2_out, "lstm", 6*8);
#endif

    nnet::gru_stack<layer2_t, layer3_t, config3>(layer2_out, layer3_out, w3, wr3, b3, br3); // gru
#ifndef __SYNTHESIS__
    nnet::save_layer_output<layer3_t>(layer3_out, "gru", 6);
#endif

    nnet::dense<layer3_t, result_t, config4>(layer3_out, layer4_out, w4, b4); // out
#ifndef __SYNTHESIS__
    nnet::save_layer_output<result_t>(layer4_out, "out", 3);
#endif

}

