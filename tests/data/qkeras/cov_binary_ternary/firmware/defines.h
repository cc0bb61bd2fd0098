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
typedef ap_fixed<16,6> d_binary_accum_t;
typedef ap_fixed<16,6> d_binary_result_t;
typedef ap_uint<1> weight2_t;
typedef ap_fixed<8,4> bias2_t;
typedef ap_uint<1> layer2_index;
typedef ap_fixed<16,6> d_binary_alpha_result_t;
typedef struct exponent_scale17_t {ap_uint<1> sign;ap_int<3> weight; } exponent_scale17_t;
typedef ap_fixed<8,4> bias17_t;
typedef ap_ufixed<6,2,AP_RND_CONV,AP_SAT,0> layer4_t;
typedef ap_fixed<18,8> a_relu_table_t;
typedef ap_fixed<13,9> d_ternary_accum_t;
typedef ap_fixed<13,9> d_ternary_result_t;
typedef ap_int<2> weight5_t;
typedef ap_fixed<8,4> bias5_t;
typedef ap_uint<1> layer5_index;
typedef ap_fixed<16,6> model_default_t;
typedef ap_uint<1> layer22_t;
typedef ap_fixed<13,9> threshold22_t;
typedef ap_fixed<16,6> d_stochastic_binary_accum_t;
typedef ap_fixed<16,6> d_stochastic_binary_result_t;
typedef ap_uint<1> weight8_t;
typedef ap_fixed<8,4> bias8_t;
typedef ap_uint<1> layer8_index;
typedef ap_int<2> layer23_t;
typedef ap_fixed<16,6> threshold_hi_23_t;
typedef ap_fixed<16,6> threshold_lo_23_t;
typedef ap_fixed<13,9> d_stochastic_ternary_accum_t;
typedef ap_fixed<13,9> d_stochastic_ternary_result_t;
typedef ap_int<2> weight11_t;
typedef ap_fixed<8,4> bias11_t;
typedef ap_uint<1> layer11_index;
typedef ap_fixed<16,6> d_stochastic_ternary_alpha_result_t;
typedef struct exponent_scale20_t {ap_uint<1> sign;ap_int<2> weight; } exponent_scale20_t;
typedef ap_fixed<8,4> bias20_t;
typedef ap_fixed<16,6> d_binary_a1_accum_t;
typedef ap_fixed<16,6> d_binary_a1_result_t;
typedef ap_uint<1> weight14_t;
typedef ap_fixed<8,4> bias14_t;
typedef ap_uint<1> layer14_index;
typedef ap_ufixed<8,3,AP_RND_CONV,AP_SAT,0> result_t;
typedef ap_fixed<18,8> a_out_table_t;

// hls-fpga-machine-learning insert emulator-defines


#endif
