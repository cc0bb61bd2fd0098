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
typedef ap_fixed<12,5> input_t;
typedef ap_fixed<12,5> lstm_accum_t;
typedef ap_fixed<12,5> layer2_t;
typedef ap_fixed<8,3> lstm_weight_t;
typedef ap_fixed<8,3> lstm_recurrent_weight_t;
typedef ap_fixed<8,3> lstm_bias_t;
typedef ap_fixed<16,6> lstm_recurrent_bias_t;
typedef ap_fixed<18,8> lstm_table_t;
typedef ap_uint<1> layer2_index;
typedef ap_fixed<12,5> gru_accum_t;
typedef ap_fixed<12,5> layer3_t;
typedef ap_fixed<8,3> gru_weight_t;
typedef ap_fixed<8,3> gru_recurrent_weight_t;
typedef ap_fixed<8,3> gru_bias_t;
typedef ap_fixed<16,6> gru_recurrent_bias_t;
typedef ap_fixed<18,8> gru_table_t;
typedef ap_uint<1> layer3_index;
typedef ap_fixed<24,12> out_accum_t;
typedef ap_fixed<24,12> result_t;
typedef ap_fixed<8,3> weight4_t;
typedef ap_fixed<8,3> bias4_t;
typedef ap_uint<1> layer4_index;

// hls-fpga-machine-learning insert emulator-defines


#endif
