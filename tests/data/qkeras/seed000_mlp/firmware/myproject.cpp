#include <iostream>

#include "myproject.h"
#include "parameters.h"


void myproject(
    input_t q_dense_input[10],
    result_t layer13_out[1]
) {

    // hls-fpga-machine-learning insert IO
    #pragma HLS ARRAY_RESHAPE variable=q_dense_input complete dim=0
    #pragma HLS ARRAY_PARTITION variable=layer13_out complete dim=0
    #pragma HLS INTERFACE ap_vld port=q_dense_input,layer13_out 
    #pragma HLS PIPELINE

    // hls-fpga-machine-learning insert load weights
#ifndef __SYNTHESIS__
    static bool loaded_weights = false;
    if (!loaded_weights) {
        nnet::load_weights_from_txt<weight2_t, 640>(w2, "w2.txt");
        nnet::load_weights_from_txt<bias2_t, 64>(b2, "b2.txt");
        nnet::load_weights_from_txt<weight5_t, 2048>(w5, "w5.txt");
        nnet::load_weights_from_txt<bias5_t, 32>(b5, "b5.txt");
        nnet::load_exponent_weights_from_txt<exponent_scale14_t, 32>(s14, "s14.txt");
        nnet::load_weights_from_txt<bias14_t, 32>(b14, "b14.txt");
        nnet::load_weights_from_txt<weight8_t, 512>(w8, "w8.txt");
        nnet::load_weights_from_txt<bias8_t, 16>(b8, "b8.txt");
        nnet::load_exponent_weights_from_txt<exponent_scale15_t, 16>(s15, "s15.txt");
        nnet::load_weights_from_txt<bias15_t, 16>(b15, "b15.txt");
        nnet::load_weights_from_txt<weight11_t, 16>(w11, "w11.txt");
        nnet::load_weights_from_txt<bias11_t, 1>(b11, "b11.txt");
        nnet::load_exponent_weights_from_txt<exponent_scale16_t, 1>(s16, "s16.txt");
        nnet::load_weights_from_txt<bias16_t, 1>(b16, "b16.txt");
        loaded_weights = true;    }
#endif
    // ****************************************
    // NETWORK INSTANTIATION
    // ****************************************

    // hls-fpga-machine-learning insert layers

    q_dense_result_t layer2_out[64];
    #pragma HLS ARRAY_PARTITION variable=layer2_out complete dim=0

    layer4_t layer4_out[64];
    #pragma HLS ARRAY_PARTITION variable=layer4_out complete dim=0

    q_dense_1_result_t layer5_out[32];
    #pragma HLS ARRAY_PARTITION variable=layer5_out complete dim=0

    q_dense_1_alpha_result_t layer14_out[32];
    #pragma HLS ARRAY_PARTITION variable=layer14_out complete dim=0

    layer7_t layer7_out[32];
    #pragma HLS ARRAY_PARTITION variable=layer7_out complete dim=0

    q_dense_2_result_t layer8_out[16];
    #pragma HLS ARRAY_PARTITION variable=layer8_out complete dim=0

    q_dense_2_alpha_result_t layer15_out[16];
    #pragma HLS ARRAY_PARTITION variable=layer15_out complete dim=0

    layer10_t layer10_out[16];
    #pragma HLS ARRAY_PARTITION variable=layer10_out complete dim=0

    q_dense_3_result_t layer11_out[1];
    #pragma HLS ARRAY_PARTITION variable=layer11_out complete dim=0

    q_dense_3_alpha_result_t layer16_out[1];
    #pragma HLS ARRAY_PARTITION variable=layer16_out complete dim=0

    nnet::dense<input_t, q_dense_result_t, config2>(q_dense_input, layer2_out, w2, b2); // q_dense
#ifndef __SYNTHESIS__
    nnet::save_layer_output<q_dense_result_t>(layer2_out, "q_dense", 64);
#endif

    nnet::hard_tanh<q_dense_result_t, layer4_t, hard_tanh_config4>(layer2_out, layer4_out); // q_activation
#ifndef __SYNTHESIS__
    nnet::save_layer_output<layer4_t>(layer4_out, "q_activation", 64);
#endif

    nnet::dense<layer4_t, q_dense_1_result_t, config5>(layer4_out, layer5_out, w5, b5); // q_dense_1
#ifndef __SYNTHESIS__
    nnet::save_layer_output<q_dense_1_result_t>(layer5_out, "q_dense_1", 32);
#endif

    nnet::normalize<q_dense_1_result_t, q_dense_1_alpha_result_t, config14>(layer5_out, layer14_out, s14, b14); // q_dense_1_alpha
#ifndef __SYNTHESIS__
    nnet::save_layer_output<q_dense_1_alpha_result_t>(layer14_out, "q_dense_1_alpha", 32);
#endif

    nnet::hard_tanh<q_dense_1_alpha_result_t, layer7_t, hard_tanh_config7>(layer14_out, layer7_out); // q_activation_1
#ifndef __SYNTHESIS__
    nnet::save_layer_output<layer7_t>(layer7_out, "q_activation_1", 32);
#endif

    nnet::dense<layer7_t, q_dense_2_result_t, config8>(layer7_out, layer8_out, w8, b8); // q_dense_2
#ifndef __SYNTHESIS__
    nnet::save_layer_output<q_dense_2_result_t>(layer8_out, "q_dense_2", 16);
#endif

    nnet::normalize<q_dense_2_result_t, q_dense_2_alpha_result_t, config15>(layer8_out, layer15_out, s15, b15); // q_dense_2_alpha
#ifndef __SYNTHESIS__
    nnet::save_layer_output<q_dense_2_alpha_result_t>(layer15_out, "q_dense_2_alpha", 16);
#endif

    nnet::hard_tanh<q_dense_2_alpha_result_t, layer10_t, hard_tanh_config10>(layer15_out, layer10_out); // q_activation_2
#ifndef __SYNTHESIS__
    nnet::save_layer_output<layer10_t>(layer10_out, "q_activation_2", 16);
#endif

    nnet::dense<layer10_t, q_dense_3_result_t, config11>(layer10_out, layer11_out, w11, b11); // q_dense_3
#ifndef __SYNTHESIS__
    nnet::save_layer_output<q_dense_3_result_t>(layer11_out, "q_dense_3", 1);
#endif

    nnet::normalize<q_dense_3_result_t, q_dense_3_alpha_result_t, config16>(layer11_out, layer16_out, s16, b16); // q_dense_3_alpha
#ifndef __SYNTHESIS__
    nnet::save_layer_output<q_dense_3_alpha_result_t>(layer16_out, "q_dense_3_alpha", 1);
#endif

    nnet::hard_tanh<q_dense_3_alpha_result_t, result_t, hard_tanh_config13>(layer16_out, layer13_out); // q_activation_3
#ifndef __SYNTHESIS__
    nnet::save_layer_output<result_t>(layer13_out, "q_activation_3", 1);
#endif

}

