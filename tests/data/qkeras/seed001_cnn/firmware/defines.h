#ifndef DEFINES_H_
#define DEFINES_H_

#include "ap_fixed.h"
#include "ap_int.h"
#include "nnet_utils/nnet_types.h"
#include <array>
#include <cstddef>
#include <cstdio>
#include <tuple>
#include <tuple>


// hls-fpga-machine-learning insert numbers

// hls-fpga-machine-learning insert layer-precision
typedef ap_fixed<16,6> input_t;
typedef ap_fixed<23,13> first_conv2d_accum_t;
typedef ap_fixed<23,13> first_conv2d_result_t;
typedef ap_int<2> weight2_t;
typedef ap_int<2> bias2_t;
typedef ap_fixed<16,6> first_conv2d_alpha_result_t;
typedef struct exponent_scale16_t {ap_uint<1> sign;ap_int<2> weight; } exponent_scale16_t;
typedef ap_int<2> bias16_t;
typedef ap_ufixed<3,0,AP_RND_CONV,AP_SAT,0> layer4_t;
typedef ap_fixed<18,8> q_activation_table_t;
typedef ap_fixed<12,6> sep_depthwise_accum_t;
typedef ap_fixed<12,6> sep_depthwise_result_t;
typedef ap_fixed<4,1> weight5_t;
typedef ap_uint<1> bias5_t;
typedef ap_ufixed<2,0> sep_depthwise_activation_slope_prec;
typedef ap_ufixed<2,0> sep_depthwise_activation_shift_prec;
typedef ap_fixed<6,1,AP_RND_CONV,AP_SAT_SYM,0> layer7_t;
typedef ap_ufixed<2,0> slope7_t;
typedef ap_ufixed<2,0> shift7_t;
typedef ap_fixed<18,8> sep_depthwise_activation_table_t;
typedef ap_fixed<15,8> sep_pointwise_accum_t;
typedef ap_fixed<15,8> sep_pointwise_result_t;
typedef ap_fixed<3,1> weight8_t;
typedef ap_fixed<3,1> bias8_t;
typedef ap_fixed<16,6> sep_pointwise_alpha_result_t;
typedef struct exponent_scale17_t {ap_uint<1> sign;ap_int<2> weight; } exponent_scale17_t;
typedef ap_fixed<3,1> bias17_t;
typedef ap_ufixed<3,0,AP_RND_CONV,AP_SAT,0> layer10_t;
typedef ap_fixed<18,8> q_activation_1_table_t;
typedef ap_fixed<16,11> q_dense_accum_t;
typedef ap_fixed<16,11> q_dense_result_t;
typedef ap_fixed<3,1> weight12_t;
typedef ap_fixed<3,1> bias12_t;
typedef ap_uint<1> layer12_index;
typedef ap_fixed<16,6> q_dense_alpha_result_t;
typedef struct exponent_scale18_t {ap_uint<1> sign;ap_int<3> weight; } exponent_scale18_t;
typedef ap_fixed<3,1> bias18_t;
typedef ap_fixed<18,8,AP_RND,AP_SAT,0> activation_accum_t;
typedef ap_fixed<16,6> result_t;
typedef ap_fixed<18,8> activation_table_t;
typedef ap_fixed<18,8,AP_RND,AP_SAT,0> activation_exp_table_t;
typedef ap_fixed<18,8,AP_RND,AP_SAT,0> activation_inv_table_t;
typedef ap_fixed<18,8,AP_RND,AP_SAT,0> activation_inv_inp_t;

// hls-fpga-machine-learning insert emulator-defines


#endif
