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
typedef ap_fixed<28,15> c1_accum_t;
typedef ap_fixed<28,15> c1_result_t;
typedef ap_fixed<6,3> weight2_t;
typedef ap_fixed<6,3> bias2_t;
typedef ap_fixed<45,22> bn1_result_t;
typedef ap_fixed<16,6> bn1_scale_t;
typedef ap_fixed<16,6> bn1_bias_t;
typedef ap_ufixed<6,2,AP_RND_CONV,AP_SAT,0> layer5_t;
typedef ap_fixed<18,8> a1_table_t;
typedef ap_fixed<17,9> dw1_accum_t;
typedef ap_fixed<17,9> dw1_result_t;
typedef ap_fixed<6,2> weight6_t;
typedef ap_fixed<6,3> bias6_t;
typedef ap_ufixed<6,2,AP_RND_CONV,AP_SAT,0> layer8_t;
typedef ap_fixed<18,8> a2_table_t;
typedef ap_ufixed<10,4> avg_accum_t;
typedef ap_ufixed<6,2,AP_RND_CONV,AP_SAT,0> layer9_t;
typedef ap_fixed<8,3,AP_RND_CONV,AP_SAT,0> layer10_t;
typedef ap_fixed<18,8> a3_table_t;
typedef ap_fixed<23,13> out_accum_t;
typedef ap_fixed<23,13> out_result_t;
typedef ap_fixed<8,3> weight12_t;
typedef ap_fixed<8,3> bias12_t;
typedef ap_uint<1> layer12_index;
typedef ap_fixed<16,6> result_t;
typedef struct exponent_scale15_t {ap_uint<1> sign;ap_int<3> weight; } exponent_scale15_t;
typedef ap_fixed<8,3> bias15_t;

// hls-fpga-machine-learning insert emulator-defines


#endif
