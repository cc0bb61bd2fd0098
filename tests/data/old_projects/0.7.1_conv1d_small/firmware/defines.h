#ifndef DEFINES_H_
#define DEFINES_H_

#include "ap_fixed.h"
#include "ap_int.h"
#include "nnet_utils/nnet_types.h"
#include <cstddef>
#include <cstdio>

// hls-fpga-machine-learning insert numbers
#define N_INPUT_1_1 10
#define N_INPUT_2_1 4
#define N_OUTPUTS_2 10
#define N_FILT_2 3
#define N_OUTPUTS_2 10
#define N_FILT_2 3
#define N_OUTPUTS_4 10
#define N_FILT_4 2
#define N_OUTPUTS_4 10
#define N_FILT_4 2
#define N_OUTPUTS_6 10
#define N_FILT_6 1
#define N_OUTPUTS_6 10
#define N_FILT_6 1
#define N_SIZE_0_8 10
#define N_LAYER_9 5
#define N_LAYER_9 5
#define N_LAYER_11 5
#define N_LAYER_11 5

// hls-fpga-machine-learning insert layer-precision
typedef ap_fixed<16,6> input_t;
typedef ap_fixed<16,6> model_default_t;
typedef ap_fixed<16,6> layer2_t;
typedef ap_fixed<16,6> layer3_t;
typedef ap_fixed<18,8> conv1_relu_relu_table_t;
typedef ap_fixed<16,6> layer4_t;
typedef ap_fixed<16,6> layer5_t;
typedef ap_fixed<18,8> conv2_relu_relu_table_t;
typedef ap_fixed<16,6> layer6_t;
typedef ap_fixed<16,6> layer7_t;
typedef ap_fixed<18,8> conv3_relu_relu_table_t;
typedef ap_fixed<16,6> layer9_t;
typedef ap_uint<1> layer9_index;
typedef ap_fixed<16,6> layer10_t;
typedef ap_fixed<18,8> fc1_relu_relu_table_t;
typedef ap_fixed<16,6> layer11_t;
typedef ap_uint<1> layer11_index;
typedef ap_fixed<16,6> result_t;
typedef ap_fixed<18,8> output_softmax_softmax_table_t;
typedef ap_fixed<18,8,AP_RND,AP_SAT> output_softmax_softmax_exp_table_t;
typedef ap_fixed<18,8,AP_RND,AP_SAT> output_softmax_softmax_inv_table_t;

#endif
