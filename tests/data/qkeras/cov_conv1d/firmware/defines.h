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
typedef ap_fixed<27,14> c1_accum_t;
typedef ap_fixed<27,14> c1_result_t;
typedef ap_fixed<6,3> weight2_t;
typedef ap_fixed<6,3> bias2_t;
typedef ap_fixed<16,6> c1_alpha_result_t;
typedef struct exponent_scale13_t {ap_uint<1> sign;ap_int<4> weight; } exponent_scale13_t;
typedef ap_fixed<6,3> bias13_t;
typedef ap_ufixed<6,3,AP_RND_CONV,AP_SAT,0> layer4_t;
typedef ap_fixed<18,8> a1_table_t;
typedef ap_fixed<15,8> sep1_depthwise_accum_t;
typedef ap_fixed<15,8> sep1_depthwise_result_t;
typedef ap_fixed<6,2> weight11_t;
typedef ap_uint<1> bias11_t;
typedef ap_fixed<25,14> sep1_pointwise_accum_t;
typedef ap_fixed<25,14> sep1_pointwise_result_t;
typedef ap_fixed<6,2> weight12_t;
typedef ap_fixed<6,3> bias12_t;
typedef ap_ufixed<2,0> a2_slope_prec;
typedef ap_ufixed<2,0> a2_shift_prec;
typedef ap_fixed<8,1,AP_RND_CONV,AP_SAT,0> layer7_t;
typedef ap_ufixed<2,0> slope7_t;
typedef ap_ufixed<2,0> shift7_t;
typedef ap_fixed<18,8> a2_table_t;
typedef ap_fixed<24,12> out_accum_t;
typedef ap_fixed<24,12> result_t;
typedef ap_fixed<8,3> weight9_t;
typedef ap_fixed<8,3> bias9_t;
typedef ap_uint<1> layer9_index;

// hls-fpga-machine-learning insert emulator-defines


#endif
