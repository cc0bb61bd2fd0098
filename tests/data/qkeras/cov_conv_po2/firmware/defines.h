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
typedef ap_fixed<16,6> c1_accum_t;
typedef ap_fixed<16,6> c1_result_t;
typedef struct exponent_weight2_t {ap_uint<1> sign;ap_int<4> weight; } exponent_weight2_t;
typedef ap_fixed<8,4> bias2_t;
typedef ap_ufixed<8,3,AP_RND_CONV,AP_SAT,0> layer4_t;
typedef ap_fixed<18,8> a1_table_t;
typedef ap_fixed<16,6> out_accum_t;
typedef ap_fixed<16,6> result_t;
typedef struct exponent_weight6_t {ap_uint<1> sign;ap_int<5> weight; } exponent_weight6_t;
typedef ap_fixed<8,4> bias6_t;
typedef ap_uint<1> layer6_index;

// hls-fpga-machine-learning insert emulator-defines


#endif
