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
typedef ap_fixed<27,14> d_auto_accum_t;
typedef ap_fixed<27,14> d_auto_result_t;
typedef ap_fixed<6,3> weight2_t;
typedef ap_fixed<6,3> bias2_t;
typedef ap_uint<1> layer2_index;
typedef ap_fixed<44,21> d_auto_alpha_result_t;
typedef ap_fixed<16,6> d_auto_alpha_scale_t;
typedef ap_fixed<6,3> bias24_t;
typedef ap_fixed<6,3,AP_RND_CONV,AP_SAT,0> layer4_t;
typedef ap_ufixed<1,-1> a_leaky_param_t;
typedef ap_fixed<18,8> a_leaky_table_t;
typedef ap_fixed<17,10> d_auto_po2_accum_t;
typedef ap_fixed<17,10> d_auto_po2_result_t;
typedef ap_fixed<6,2> weight5_t;
typedef ap_fixed<6,3> bias5_t;
typedef ap_uint<1> layer5_index;
typedef ap_fixed<16,6> d_auto_po2_alpha_result_t;
typedef struct exponent_scale25_t {ap_uint<1> sign;ap_int<2> weight; } exponent_scale25_t;
typedef ap_fixed<6,3> bias25_t;
typedef ap_fixed<8,1,AP_RND_CONV,AP_SAT,0> layer7_t;
typedef ap_fixed<18,8> a_real_tanh_table_t;
typedef ap_fixed<18,8> d_symmetric_accum_t;
typedef ap_fixed<18,8> d_symmetric_result_t;
typedef ap_fixed<5,2> weight8_t;
typedef ap_fixed<8,4> bias8_t;
typedef ap_uint<1> layer8_index;
typedef ap_fixed<35,15> bn_result_t;
typedef ap_fixed<16,6> bn_scale_t;
typedef ap_fixed<16,6> bn_bias_t;
typedef ap_fixed<46,23> d_unsigned_accum_t;
typedef ap_fixed<46,23> d_unsigned_result_t;
typedef ap_fixed<6,3> weight12_t;
typedef ap_fixed<6,3> bias12_t;
typedef ap_uint<1> layer12_index;
typedef ap_ufixed<2,0> a_hard_sigmoid_slope_prec;
typedef ap_ufixed<2,0> a_hard_sigmoid_shift_prec;
typedef ap_ufixed<8,0,AP_RND_CONV,AP_SAT,0> layer14_t;
typedef ap_ufixed<2,0> slope14_t;
typedef ap_ufixed<2,0> shift14_t;
typedef ap_fixed<18,8> a_hard_sigmoid_table_t;
typedef ap_fixed<16,6> d_po2_accum_t;
typedef ap_fixed<16,6> d_po2_result_t;
typedef struct exponent_weight15_t {ap_uint<1> sign;ap_int<4> weight; } exponent_weight15_t;
typedef ap_fixed<8,4> bias15_t;
typedef ap_uint<1> layer15_index;
typedef ap_ufixed<8,3,AP_RND_CONV,AP_SAT,0> layer17_t;
typedef ap_fixed<18,8> a_relu_table_t;
typedef ap_fixed<21,12> d_default_accum_t;
typedef ap_fixed<21,12> d_default_result_t;
typedef ap_fixed<8,4> weight18_t;
typedef ap_fixed<8,4> bias18_t;
typedef ap_uint<1> layer18_index;
typedef ap_fixed<16,6> d_default_alpha_result_t;
typedef struct exponent_scale26_t {ap_uint<1> sign;ap_int<5> weight; } exponent_scale26_t;
typedef ap_fixed<8,4> bias26_t;
typedef ap_ufixed<8,0,AP_RND_CONV,AP_SAT,0> layer20_t;
typedef ap_fixed<18,8> a_real_sigmoid_table_t;
typedef ap_fixed<21,8> d_out_accum_t;
typedef ap_fixed<21,8> d_out_result_t;
typedef ap_fixed<8,3> weight21_t;
typedef ap_fixed<8,3> bias21_t;
typedef ap_uint<1> layer21_index;
typedef ap_ufixed<2,0> a_hard_tanh_slope_prec;
typedef ap_ufixed<2,0> a_hard_tanh_shift_prec;
typedef ap_fixed<8,1,AP_RND_CONV,AP_SAT,0> result_t;
typedef ap_ufixed<2,0> slope23_t;
typedef ap_ufixed<2,0> shift23_t;
typedef ap_fixed<18,8> a_hard_tanh_table_t;

// hls-fpga-machine-learning insert emulator-defines


#endif
