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
typedef ap_fixed<29,16> q_dense_accum_t;
typedef ap_fixed<29,16> q_dense_result_t;
typedef ap_fixed<8,5> weight2_t;
typedef ap_fixed<8,5> bias2_t;
typedef ap_uint<1> layer2_index;
typedef ap_ufixed<2,0> q_activation_slope_prec;
typedef ap_ufixed<2,0> q_activation_shift_prec;
typedef ap_fixed<8,1,AP_RND_CONV,AP_SAT,0> layer4_t;
typedef ap_ufixed<2,0> slope4_t;
typedef ap_ufixed<2,0> shift4_t;
typedef ap_fixed<18,8> q_activation_table_t;
typedef ap_fixed<23,12> q_dense_1_accum_t;
typedef ap_fixed<23,12> q_dense_1_result_t;
typedef ap_fixed<8,4> weight5_t;
typedef ap_fixed<8,4> bias5_t;
typedef ap_uint<1> layer5_index;
typedef ap_fixed<16,6> q_dense_1_alpha_result_t;
typedef struct exponent_scale14_t {ap_uint<1> sign;ap_int<4> weight; } exponent_scale14_t;
typedef ap_fixed<8,4> bias14_t;
typedef ap_ufixed<2,0> q_activation_1_slope_prec;
typedef ap_ufixed<2,0> q_activation_1_shift_prec;
typedef ap_fixed<8,1,AP_RND_CONV,AP_SAT,0> layer7_t;
typedef ap_ufixed<2,0> slope7_t;
typedef ap_ufixed<2,0> shift7_t;
typedef ap_fixed<18,8> q_activation_1_table_t;
typedef ap_fixed<22,11> q_dense_2_accum_t;
typedef ap_fixed<22,11> q_dense_2_result_t;
typedef ap_fixed<8,4> weight8_t;
typedef ap_fixed<8,4> bias8_t;
typedef ap_uint<1> layer8_index;
typedef ap_fixed<16,6> q_dense_2_alpha_result_t;
typedef struct exponent_scale15_t {ap_uint<1> sign;ap_int<4> weight; } exponent_scale15_t;
typedef ap_fixed<8,4> bias15_t;
typedef ap_ufixed<2,0> q_activation_2_slope_prec;
typedef ap_ufixed<2,0> q_activation_2_shift_prec;
typedef ap_fixed<8,1,AP_RND_CONV,AP_SAT,0> layer10_t;
typedef ap_ufixed<2,0> slope10_t;
typedef ap_ufixed<2,0> shift10_t;
typedef ap_fixed<18,8> q_activation_2_table_t;
typedef ap_fixed<21,11> q_dense_3_accum_t;
typedef ap_fixed<21,11> q_dense_3_result_t;
typedef ap_fixed<8,5> weight11_t;
typedef ap_fixed<8,5> bias11_t;
typedef ap_uint<1> layer11_index;
typedef ap_fixed<16,6> q_dense_3_alpha_result_t;
typedef struct exponent_scale16_t {ap_uint<1> sign;ap_int<5> weight; } exponent_scale16_t;
typedef ap_fixed<8,5> bias16_t;
typedef ap_ufixed<2,0> q_activation_3_slope_prec;
typedef ap_ufixed<2,0> q_activation_3_shift_prec;
typedef ap_fixed<8,1,AP_RND_CONV,AP_SAT,0> result_t;
typedef ap_ufixed<2,0> slope13_t;
typedef ap_ufixed<2,0> shift13_t;
typedef ap_fixed<18,8> q_activation_3_table_t;

// hls-fpga-machine-learning insert emulator-defines


#endif
