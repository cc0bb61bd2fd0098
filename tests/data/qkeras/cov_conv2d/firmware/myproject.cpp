#include <iostream>

#include "myproject.h"
#include "parameters.h"


void myproject(
    input_t input_1[8*8*2],
    result_t layer15_out[4]
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
        nnet::load_weights_from_txt<weight2_t, 72>(w2, "w2.txt");
        nnet::load_weights_from_txt<bias2_t, 4>(b2, "b2.txt");
        nnet::load_weights_from_txt<bn1_scale_t, 4>(s4, "s4.txt");
        nnet::load_weights_from_txt<bn1_bias_t, 4>(b4, "b4.txt");
        nnet::load_weights_from_txt<weight6_t, 36>(w6, "w6.txt");
        nnet::load_weights_from_txt<bias6_t, 4>(b6, "b6.txt");
        nnet::load_weights_from_txt<weight12_t, 144>(w12, "w12.txt");
        nnet::load_weights_from_txt<bias12_t, 4>(b12, "b12.txt");
        nnet::load_exponent_weights_from_txt<exponent_scale15_t, 4>(s15, "s15.txt");
        nnet::load_weights_from_txt<bias15_t, 4>(b15, "b15.txt");
        loaded_weights = true;    }
#endif
    // ****************************************
    // NETWORK INSTANTIATION
    // ****************************************

    // hls-fpga-machine-learning insert layers

    c1_result_t layer2_out[8*8*4];
    #pragma HLS ARRAY_PARTITION variable=layer2_out complete dim=0

    bn1_result_t layer4_out[8*8*4];
    #pragma HLS ARRAY_PARTITION variable=layer4_out complete dim=0

    layer5_t layer5_out[8*8*4];
    #pragma HLS ARRAY_PARTITION variable=layer5_out complete dim=0

    dw1_result_t layer6_out[6*6*4];
    #pragma HLS ARRAY_PARTITION variable=layer6_out complete dim=0

    layer8_t layer8_out[6*6*4];
    #pragma HLS ARRAY_PARTITION variable=layer8_out complete dim=0

    layer9_t layer9_out[3*3*4];
    #pragma HLS ARRAY_PARTITION variable=layer9_out complete dim=0

    layer10_t layer10_out[3*3*4];
    #pragma HLS ARRAY_PARTITION variable=layer10_out complete dim=0

    auto& layer11_out = layer10_out;
    out_result_t layer12_out[4];
    #pragma HLS ARRAY_PARTITION variable=layer12_out complete dim=0

    nnet::conv_2d_cl<input_t, c1_result_t, config2>(input_1, layer2_out, w2, b2); // c1
#ifndef __SYNTHESIS__
    nnet::save_layer_output<c1_result_t>(layer2_out, "c1", 8*8*4);
#endif

    nnet::normalize<c1_result_t, bn1_result_t, config4>(layer2_out, layer4_out, s4, b4); // bn1
#ifndef __SYNTHESIS__
    nnet::save_layer_output<bn1_result_t>(layer4_out, "bn1", 8*8*4);
#endif

    nnet::relu<bn1_result_t, layer5_t, relu_config5>(layer4_out, layer5_out); // a1
#ifndef __SYNTHESIS__
    nnet::save_layer_output<layer5_t>(layer5_out, "a1", 8*8*4);
#endif

    nnet::depthwise_conv_2d_cl<layer5_t, dw1_result_t, config6>(layer5_out, layer6_out, w6, b6); // dw1
#ifndef __SYNTHESIS__
    nnet::save_layer_output<dw1_result_t>(layer6_out, "dw1", 6*6*4);
#endif

    nnet::relu<dw1_result_t, layer8_t, relu_config8>(layer6_out, layer8_out); // a2
#ifndef __SYNTHESIS__
    nnet::save_layer_output<layer8_t>(layer8_out, "a2", 6*6*4);
#endif

    nnet::pooling2d_cl<layer8_t, layer9_t, config9>(layer8_out, layer9_out); // avg
#ifndef __SYNTHESIS__
    nnet::save_layer_output<layer9_t>(layer9_out, "avg", 3*3*4);
#endif

    nnet::linear<layer9_t, layer10_t, linear_config10>(layer9_out, layer10_out); // a3
#ifndef __SYNTHESIS__
    nnet::save_layer_output<layer10_t>(layer10_out, "a3", 3*3*4);
#endif

    nnet::dense<layer10_t, out_result_t, config12>(layer11_out, layer12_out, w12, b12); // out
#ifndef __SYNTHESIS__
    nnet::save_layer_output<out_result_t>(layer12_out, "out", 4);
#endif

    nnet::normalize<out_result_t, result_t, config15>(layer12_out, layer15_out, s15, b15); // out_alpha
#ifndef __SYNTHESIS__
    nnet::save_layer_output<result_t>(layer15_out, "out_alpha", 4);
#endif

}

