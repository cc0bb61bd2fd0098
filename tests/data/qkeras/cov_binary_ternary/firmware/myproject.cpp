#include <iostream>

#include "myproject.h"
#include "parameters.h"


void myproject(
    input_t input_1[12],
    result_t layer16_out[6]
) {

    // hls-fpga-machine-learning insert IO
    #pragma HLS ARRAY_RESHAPE variable=input_1 complete dim=0
    #pragma HLS ARRAY_PARTITION variable=layer16_out complete dim=0
    #pragma HLS INTERFACE ap_vld port=input_1,layer16_out 
    #pragma HLS PIPELINE

    // hls-fpga-machine-learning insert load weights
#ifndef __SYNTHESIS__
    static bool loaded_weights = false;
    if (!loaded_weights) {
        nnet::load_weights_from_txt<weight2_t, 192>(w2, "w2.txt");
        nnet::load_weights_from_txt<bias2_t, 16>(b2, "b2.txt");
        nnet::load_exponent_weights_from_txt<exponent_scale17_t, 16>(s17, "s17.txt");
        nnet::load_weights_from_txt<bias17_t, 16>(b17, "b17.txt");
        nnet::load_weights_from_txt<weight5_t, 256>(w5, "w5.txt");
        nnet::load_weights_from_txt<bias5_t, 16>(b5, "b5.txt");
        nnet::load_weights_from_txt<threshold22_t, 16>(t22, "t22.txt");
        nnet::load_weights_from_txt<weight8_t, 256>(w8, "w8.txt");
        nnet::load_weights_from_txt<bias8_t, 16>(b8, "b8.txt");
        nnet::load_weights_from_txt<threshold_hi_23_t, 16>(th23, "th23.txt");
        nnet::load_weights_from_txt<threshold_lo_23_t, 16>(tl23, "tl23.txt");
        nnet::load_weights_from_txt<weight11_t, 128>(w11, "w11.txt");
        nnet::load_weights_from_txt<bias11_t, 8>(b11, "b11.txt");
        nnet::load_exponent_weights_from_txt<exponent_scale20_t, 8>(s20, "s20.txt");
        nnet::load_weights_from_txt<bias20_t, 8>(b20, "b20.txt");
        nnet::load_weights_from_txt<weight14_t, 48>(w14, "w14.txt");
        nnet::load_weights_from_txt<bias14_t, 6>(b14, "b14.txt");
        loaded_weights = true;    }
#endif
    // ****************************************
    // NETWORK INSTANTIATION
    // ****************************************

    // hls-fpga-machine-learning insert layers

    d_binary_result_t layer2_out[16];
    #pragma HLS ARRAY_PARTITION variable=layer2_out complete dim=0

    d_binary_alpha_result_t layer17_out[16];
    #pragma HLS ARRAY_PARTITION variable=layer17_out complete dim=0

    layer4_t layer4_out[16];
    #pragma HLS ARRAY_PARTITION variable=layer4_out complete dim=0

    d_ternary_result_t layer5_out[16];
    #pragma HLS ARRAY_PARTITION variable=layer5_out complete dim=0

    layer22_t layer22_out[16];
    #pragma HLS ARRAY_PARTITION variable=layer22_out complete dim=0

    d_stochastic_binary_result_t layer8_out[16];
    #pragma HLS ARRAY_PARTITION variable=layer8_out complete dim=0

    layer23_t layer23_out[16];
    #pragma HLS ARRAY_PARTITION variable=layer23_out complete dim=0

    d_stochastic_ternary_result_t layer11_out[8];
    #pragma HLS ARRAY_PARTITION variable=layer11_out complete dim=0

    d_stochastic_ternary_alpha_result_t layer20_out[8];
    #pragma HLS ARRAY_PARTITION variable=layer20_out complete dim=0

    d_binary_a1_result_t layer14_out[6];
    #pragma HLS ARRAY_PARTITION variable=layer14_out complete dim=0

    nnet::dense<input_t, d_binary_result_t, config2>(input_1, layer2_out, w2, b2); // d_binary
#ifndef __SYNTHESIS__
    nnet::save_layer_output<d_binary_result_t>(layer2_out, "d_binary", 16);
#endif

    nnet::normalize<d_binary_result_t, d_binary_alpha_result_t, config17>(layer2_out, layer17_out, s17, b17); // d_binary_alpha
#ifndef __SYNTHESIS__
    nnet::save_layer_output<d_binary_alpha_result_t>(layer17_out, "d_binary_alpha", 16);
#endif

    nnet::relu<d_binary_alpha_result_t, layer4_t, relu_config4>(layer17_out, layer4_out); // a_relu
#ifndef __SYNTHESIS__
    nnet::save_layer_output<layer4_t>(layer4_out, "a_relu", 16);
#endif

    nnet::dense<layer4_t, d_ternary_result_t, config5>(layer4_out, layer5_out, w5, b5); // d_ternary
#ifndef __SYNTHESIS__
    nnet::save_layer_output<d_ternary_result_t>(layer5_out, "d_ternary", 16);
#endif

    nnet::normalize_binary_tanh<d_ternary_result_t, config22>(layer5_out, layer22_out, t22); // bnbt_d_ternary_alpha
#ifndef __SYNTHESIS__
    nnet::save_layer_output<layer22_t>(layer22_out, "bnbt_d_ternary_alpha", 16);
#endif

    nnet::dense<layer22_t, d_stochastic_binary_result_t, config8>(layer22_out, layer8_out, w8, b8); // d_stochastic_binary
#ifndef __SYNTHESIS__
    nnet::save_layer_output<d_stochastic_binary_result_t>(layer8_out, "d_stochastic_binary", 16);
#endif

    nnet::normalize_ternary_tanh<d_stochastic_binary_result_t, config23>(layer8_out, layer23_out, th23, tl23); // bnbt_a_ternary_scale
#ifndef __SYNTHESIS__
    nnet::save_layer_output<layer23_t>(layer23_out, "bnbt_a_ternary_scale", 16);
#endif

    nnet::dense<layer23_t, d_stochastic_ternary_result_t, config11>(layer23_out, layer11_out, w11, b11); // d_stochastic_ternary
#ifndef __SYNTHESIS__
    nnet::save_layer_output<d_stochastic_ternary_result_t>(layer11_out, "d_stochastic_ternary", 8);
#endif

    nnet::normalize<d_stochastic_ternary_result_t, d_stochastic_ternary_alpha_result_t, config20>(layer11_out, layer20_out, s20, b20); // d_stochastic_ternary_alpha
#ifndef __SYNTHESIS__
    nnet::save_layer_output<d_stochastic_ternary_alpha_result_t>(layer20_out, "d_stochastic_ternary_alpha", 8);
#endif

    nnet::dense<d_stochastic_ternary_alpha_result_t, d_binary_a1_result_t, config14>(layer20_out, layer14_out, w14, b14); // d_binary_a1
#ifndef __SYNTHESIS__
    nnet::save_layer_output<d_binary_a1_result_t>(layer14_out, "d_binary_a1", 6);
#endif

    nnet::relu<d_binary_a1_result_t, result_t, relu_config16>(layer14_out, layer16_out); // a_out
#ifndef __SYNTHESIS__
    nnet::save_layer_output<result_t>(layer16_out, "a_out", 6);
#endif

}

