#ifndef NNET_INSTR_GEN_H_
#define NNET_INSTR_GEN_H_

#include "nnet_conv1d_latency.h"
#include "nnet_helpers.h"

#include "hls_stream.h"
#include "nnet_common.h"
#include "nnet_function_stubs.h"
#include "nnet_mult.h"

namespace nnet {

template <class data_T, class res_T, typename CONFIG_T> class PointwiseConv1D {
  public:
    static void pointwise_conv(data_T data[CONFIG_T::in_width * CONFIG_T::n_chan],
                               res_T res[CONFIG_T::out_width * CONFIG_T::n_filt],
                               typename CONFIG_T::weight_t weights[CONFIG_T::n_chan * CONFIG_T::n_filt],
                               typename CONFIG_T::bias_t biases[CONFIG_T::n_filt]) {
        // To be implemented in subclasses
    }
};

// hls4ml insert code
template<class data_T, typename CONFIG_T>
class fill_buffer_2 : public nnet::FillConv2DBuffer<data_T, CONFIG_T> {
    public:
    static void fill_buffer(
        data_T data[CONFIG_T::in_height * CONFIG_T::in_width * CONFIG_T::n_chan],
        data_T buffer[CONFIG_T::n_pixels][CONFIG_T::filt_height * CONFIG_T::filt_width * CONFIG_T::n_chan],
        const unsigned partition
    ) {
        if (partition ==   0) {
            buffer[0][0] =          0; buffer[0][1] =          0; buffer[0][2] =          0; buffer[0][3] =          0; buffer[0][4] =          0; buffer[0][5] =          0; buffer[0][6] =          0; buffer[0][7] =          0; buffer[0][8] =    data[0]; buffer[0][9] =    data[1]; buffer[0][10] =    data[2]; buffer[0][11] =    data[3]; buffer[0][12] =          0; buffer[0][13] =          0; buffer[0][14] =   data[16]; buffer[0][15] =   data[17]; buffer[0][16] =   data[18]; buffer[0][17] =   data[19];

        }
        if (partition ==   1) {
            buffer[0][0] =          0; buffer[0][1] =          0; buffer[0][2] =          0; buffer[0][3] =          0; buffer[0][4] =          0; buffer[0][5] =          0; buffer[0][6] =    data[0]; buffer[0][7] =    data[1]; buffer[0][8] =    data[2]; buffer[0][9] =    data[3]; buffer[0][10] =    data[4]; buffer[0][11] =    data[5]; buffer[0][12] =   data[16]; buffer[0][13] =   data[17]; buffer[0][14] =   data[18]; buffer[0][15] =   data[19]; buffer[0][16] =   data[20]; buffer[0][17] =   data[21];

        }
        if (partition ==   2) {
            buffer[0][0] =          0; buffer[0][1] =          0; buffer[0][2] =          0; buffer[0][3] =          0; buffer[0][4] =          0; buffer[0][5] =          0; buffer[0][6] =    data[2]; buffer[0][7] =    data[3]; buffer[0][8] =    data[4]; buffer[0][9] =    data[5]; buffer[0][10] =    data[6]; buffer[0][11] =    data[7]; buffer[0][12] =   data[18]; buffer[0][13] =   data[19]; buffer[0][14] =   data[20]; buffer[0][15] =   data[21]; buffer[0][16] =   data[22]; buffer[0][17] =   data[23];

        }
        if (partition ==   3) {
            buffer[0][0] =          0; buffer[0][1] =          0; buffer[0][2] =          0; buffer[0][3] =          0; buffer[0][4] =          0; buffer[0][5] =          0; buffer[0][6] =    data[4]; buffer[0][7] =    data[5]; buffer[0][8] =    data[6]; buffer[0][9] =    data[7]; buffer[0][10] =    data[8]; buffer[0][11] =    data[9]; buffer[0][12] =   data[20]; buffer[0][13] =   data[21]; buffer[0][14] =   data[22]; buffer[0][15] =   data[23]; buffer[0][16] =   data[24]; buffer[0][17] =   data[25];

        }
        if (partition ==   4) {
            buffer[0][0] =          0; buffer[0][1] =          0; buffer[0][2] =          0; buffer[0][3] =          0; buffer[0][4] =          0; buffer[0][5] =          0; buffer[0][6] =    data[6]; buffer[0][7] =    data[7]; buffer[0][8] =    data[8]; buffer[0][9] =    data[9]; buffer[0][10] =   data[10]; buffer[0][11] =   data[11]; buffer[0][12] =   data[22]; buffer[0][13] =   data[23]; buffer[0][14] =   data[24]; buffer[0][15] =   data[25]; buffer[0][16] =   data[26]; buffer[0][17] =   data[27];

        }
        if (partition ==   5) {
            buffer[0][0] =          0; buffer[0][1] =          0; buffer[0][2] =          0; buffer[0][3] =          0; buffer[0][4] =          0; buffer[0][5] =          0; buffer[0][6] =    data[8]; buffer[0][7] =    data[9]; buffer[0][8] =   data[10]; buffer[0][9] =   data[11]; buffer[0][10] =   data[12]; buffer[0][11] =   data[13]; buffer[0][12] =   data[24]; buffer[0][13] =   data[25]; buffer[0][14] =   data[26]; buffer[0][15] =   data[27]; buffer[0][16] =   data[28]; buffer[0][17] =   data[29];

        }
        if (partition ==   6) {
            buffer[0][0] =          0; buffer[0][1] =          0; buffer[0][2] =          0; buffer[0][3] =          0; buffer[0][4] =          0; buffer[0][5] =          0; buffer[0][6] =   data[10]; buffer[0][7] =   data[11]; buffer[0][8] =   data[12]; buffer[0][9] =   data[13]; buffer[0][10] =   data[14]; buffer[0][11] =   data[15]; buffer[0][12] =   data[26]; buffer[0][13] =   data[27]; buffer[0][14] =   data[28]; buffer[0][15] =   data[29]; buffer[0][16] =   data[30]; buffer[0][17] =   data[31];

        }
        if (partition ==   7) {
            buffer[0][0] =          0; buffer[0][1] =          0; buffer[0][2] =          0; buffer[0][3] =          0; buffer[0][4] =          0; buffer[0][5] =          0; buffer[0][6] =   data[12]; buffer[0][7] =   data[13]; buffer[0][8] =   data[14]; buffer[0][9] =   data[15]; buffer[0][10] =          0; buffer[0][11] =          0; buffer[0][12] =   data[28]; buffer[0][13] =   data[29]; buffer[0][14] =   data[30]; buffer[0][15] =   data[31]; buffer[0][16] =          0; buffer[0][17] =          0;

        }
        if (partition ==   8) {
            buffer[0][0] =          0; buffer[0][1] =          0; buffer[0][2] =    data[0]; buffer[0][3] =    data[1]; buffer[0][4] =    data[2]; buffer[0][5] =    data[3]; buffer[0][6] =          0; buffer[0][7] =          0; buffer[0][8] =   data[16]; buffer[0][9] =   data[17]; buffer[0][10] =   data[18]; buffer[0][11] =   data[19]; buffer[0][12] =          0; buffer[0][13] =          0; buffer[0][14] =   data[32]; buffer[0][15] =   data[33]; buffer[0][16] =   data[34]; buffer[0][17] =   data[35];

        }
        if (partition ==   9) {
            buffer[0][0] =    data[0]; buffer[0][1] =    data[1]; buffer[0][2] =    data[2]; buffer[0][3] =    data[3]; buffer[0][4] =    data[4]; buffer[0][5] =    data[5]; buffer[0][6] =   data[16]; buffer[0][7] =   data[17]; buffer[0][8] =   data[18]; buffer[0][9] =   data[19]; buffer[0][10] =   data[20]; buffer[0][11] =   data[21]; buffer[0][12] =   data[32]; buffer[0][13] =   data[33]; buffer[0][14] =   data[34]; buffer[0][15] =   data[35]; buffer[0][16] =   data[36]; buffer[0][17] =   data[37];

        }
        if (partition ==  10) {
            buffer[0][0] =    data[2]; buffer[0][1] =    data[3]; buffer[0][2] =    data[4]; buffer[0][3] =    data[5]; buffer[0][4] =    data[6]; buffer[0][5] =    data[7]; buffer[0][6] =   data[18]; buffer[0][7] =   data[19]; buffer[0][8] =   data[20]; buffer[0][9] =   data[21]; buffer[0][10] =   data[22]; buffer[0][11] =   data[23]; buffer[0][12] =   data[34]; buffer[0][13] =   data[35]; buffer[0][14] =   data[36]; buffer[0][15] =   data[37]; buffer[0][16] =   data[38]; buffer[0][17] =   data[39];

        }
        if (partition ==  11) {
            buffer[0][0] =    data[4]; buffer[0][1] =    data[5]; buffer[0][2] =    data[6]; buffer[0][3] =    data[7]; buffer[0][4] =    data[8]; buffer[0][5] =    data[9]; buffer[0][6] =   data[20]; buffer[0][7] =   data[21]; buffer[0][8] =   data[22]; buffer[0][9] =   data[23]; buffer[0][10] =   data[24]; buffer[0][11] =   data[25]; buffer[0][12] =   data[36]; buffer[0][13] =   data[37]; buffer[0][14] =   data[38]; buffer[0][15] =   data[39]; buffer[0][16] =   data[40]; buffer[0][17] =   data[41];

        }
        if (partition ==  12) {
            buffer[0][0] =    data[6]; buffer[0][1] =    data[7]; buffer[0][2] =    data[8]; buffer[0][3] =    data[9]; buffer[0][4] =   data[10]; buffer[0][5] =   data[11]; buffer[0][6] =   data[22]; buffer[0][7] =   data[23]; buffer[0][8] =   data[24]; buffer[0][9] =   data[25]; buffer[0][10] =   data[26]; buffer[0][11] =   data[27]; buffer[0][12] =   data[38]; buffer[0][13] =   data[39]; buffer[0][14] =   data[40]; buffer[0][15] =   data[41]; buffer[0][16] =   data[42]; buffer[0][17] =   data[43];

        }
        if (partition ==  13) {
            buffer[0][0] =    data[8]; buffer[0][1] =    data[9]; buffer[0][2] =   data[10]; buffer[0][3] =   data[11]; buffer[0][4] =   data[12]; buffer[0][5] =   data[13]; buffer[0][6] =   data[24]; buffer[0][7] =   data[25]; buffer[0][8] =   data[26]; buffer[0][9] =   data[27]; buffer[0][10] =   data[28]; buffer[0][11] =   data[29]; buffer[0][12] =   data[40]; buffer[0][13] =   data[41]; buffer[0][14] =   data[42]; buffer[0][15] =   data[43]; buffer[0][16] =   data[44]; buffer[0][17] =   data[45];

        }
        if (partition ==  14) {
            buffer[0][0] =   data[10]; buffer[0][1] =   data[11]; buffer[0][2] =   data[12]; buffer[0][3] =   data[13]; buffer[0][4] =   data[14]; buffer[0][5] =   data[15]; buffer[0][6] =   data[26]; buffer[0][7] =   data[27]; buffer[0][8] =   data[28]; buffer[0][9] =   data[29]; buffer[0][10] =   data[30]; buffer[0][11] =   data[31]; buffer[0][12] =   data[42]; buffer[0][13] =   data[43]; buffer[0][14] =   data[44]; buffer[0][15] =   data[45]; buffer[0][16] =   data[46]; buffer[0][17] =   data[47];

        }
        if (partition ==  15) {
            buffer[0][0] =   data[12]; buffer[0][1] =   data[13]; buffer[0][2] =   data[14]; buffer[0][3] =   data[15]; buffer[0][4] =          0; buffer[0][5] =          0; buffer[0][6] =   data[28]; buffer[0][7] =   data[29]; buffer[0][8] =   data[30]; buffer[0][9] =   data[31]; buffer[0][10] =          0; buffer[0][11] =          0; buffer[0][12] =   data[44]; buffer[0][13] =   data[45]; buffer[0][14] =   data[46]; buffer[0][15] =   data[47]; buffer[0][16] =          0; buffer[0][17] =          0;

        }
        if (partition ==  16) {
            buffer[0][0] =          0; buffer[0][1] =          0; buffer[0][2] =   data[16]; buffer[0][3] =   data[17]; buffer[0][4] =   data[18]; buffer[0][5] =   data[19]; buffer[0][6] =          0; buffer[0][7] =          0; buffer[0][8] =   data[32]; buffer[0][9] =   data[33]; buffer[0][10] =   data[34]; buffer[0][11] =   data[35]; buffer[0][12] =          0; buffer[0][13] =          0; buffer[0][14] =   data[48]; buffer[0][15] =   data[49]; buffer[0][16] =   data[50]; buffer[0][17] =   data[51];

        }
        if (partition ==  17) {
            buffer[0][0] =   data[16]; buffer[0][1] =   data[17]; buffer[0][2] =   data[18]; buffer[0][3] =   data[19]; buffer[0][4] =   data[20]; buffer[0][5] =   data[21]; buffer[0][6] =   data[32]; buffer[0][7] =   data[33]; buffer[0][8] =   data[34]; buffer[0][9] =   data[35]; buffer[0][10] =   data[36]; buffer[0][11] =   data[37]; buffer[0][12] =   data[48]; buffer[0][13] =   data[49]; buffer[0][14] =   data[50]; buffer[0][15] =   data[51]; buffer[0][16] =   data[52]; buffer[0][17] =   data[53];

        }
        if (partition ==  18) {
            buffer[0][0] =   data[18]; buffer[0][1] =   data[19]; buffer[0][2] =   data[20]; buffer[0][3] =   data[21]; buffer[0][4] =   data[22]; buffer[0][5] =   data[23]; buffer[0][6] =   data[34]; buffer[0][7] =   data[35]; buffer[0][8] =   data[36]; buffer[0][9] =   data[37]; buffer[0][10] =   data[38]; buffer[0][11] =   data[39]; buffer[0][12] =   data[50]; buffer[0][13] =   data[51]; buffer[0][14] =   data[52]; buffer[0][15] =   data[53]; buffer[0][16] =   data[54]; buffer[0][17] =   data[55];

        }
        if (partition ==  19) {
            buffer[0][0] =   data[20]; buffer[0][1] =   data[21]; buffer[0][2] =   data[22]; buffer[0][3] =   data[23]; buffer[0][4] =   data[24]; buffer[0][5] =   data[25]; buffer[0][6] =   data[36]; buffer[0][7] =   data[37]; buffer[0][8] =   data[38]; buffer[0][9] =   data[39]; buffer[0][10] =   data[40]; buffer[0][11] =   data[41]; buffer[0][12] =   data[52]; buffer[0][13] =   data[53]; buffer[0][14] =   data[54]; buffer[0][15] =   data[55]; buffer[0][16] =   data[56]; buffer[0][17] =   data[57];

        }
        if (partition ==  20) {
            buffer[0][0] =   data[22]; buffer[0][1] =   data[23]; buffer[0][2] =   data[24]; buffer[0][3] =   data[25]; buffer[0][4] =   data[26]; buffer[0][5] =   data[27]; buffer[0][6] =   data[38]; buffer[0][7] =   data[39]; buffer[0][8] =   data[40]; buffer[0][9] =   data[41]; buffer[0][10] =   data[42]; buffer[0][11] =   data[43]; buffer[0][12] =   data[54]; buffer[0][13] =   data[55]; buffer[0][14] =   data[56]; buffer[0][15] =   data[57]; buffer[0][16] =   data[58]; buffer[0][17] =   data[59];

        }
        if (partition ==  21) {
            buffer[0][0] =   data[24]; buffer[0][1] =   data[25]; buffer[0][2] =   data[26]; buffer[0][3] =   data[27]; buffer[0][4] =   data[28]; buffer[0][5] =   data[29]; buffer[0][6] =   data[40]; buffer[0][7] =   data[41]; buffer[0][8] =   data[42]; buffer[0][9] =   data[43]; buffer[0][10] =   data[44]; buffer[0][11] =   data[45]; buffer[0][12] =   data[56]; buffer[0][13] =   data[57]; buffer[0][14] =   data[58]; buffer[0][15] =   data[59]; buffer[0][16] =   data[60]; buffer[0][17] =   data[61];

        }
        if (partition ==  22) {
            buffer[0][0] =   data[26]; buffer[0][1] =   data[27]; buffer[0][2] =   data[28]; buffer[0][3] =   data[29]; buffer[0][4] =   data[30]; buffer[0][5] =   data[31]; buffer[0][6] =   data[42]; buffer[0][7] =   data[43]; buffer[0][8] =   data[44]; buffer[0][9] =   data[45]; buffer[0][10] =   data[46]; buffer[0][11] =   data[47]; buffer[0][12] =   data[58]; buffer[0][13] =   data[59]; buffer[0][14] =   data[60]; buffer[0][15] =   data[61]; buffer[0][16] =   data[62]; buffer[0][17] =   data[63];

        }
        if (partition ==  23) {
            buffer[0][0] =   data[28]; buffer[0][1] =   data[29]; buffer[0][2] =   data[30]; buffer[0][3] =   data[31]; buffer[0][4] =          0; buffer[0][5] =          0; buffer[0][6] =   data[44]; buffer[0][7] =   data[45]; buffer[0][8] =   data[46]; buffer[0][9] =   data[47]; buffer[0][10] =          0; buffer[0][11] =          0; buffer[0][12] =   data[60]; buffer[0][13] =   data[61]; buffer[0][14] =   data[62]; buffer[0][15] =   data[63]; buffer[0][16] =          0; buffer[0][17] =          0;

        }
        if (partition ==  24) {
            buffer[0][0] =          0; buffer[0][1] =          0; buffer[0][2] =   data[32]; buffer[0][3] =   data[33]; buffer[0][4] =   data[34]; buffer[0][5] =   data[35]; buffer[0][6] =          0; buffer[0][7] =          0; buffer[0][8] =   data[48]; buffer[0][9] =   data[49]; buffer[0][10] =   data[50]; buffer[0][11] =   data[51]; buffer[0][12] =          0; buffer[0][13] =          0; buffer[0][14] =   data[64]; buffer[0][15] =   data[65]; buffer[0][16] =   data[66]; buffer[0][17] =   data[67];

        }
        if (partition ==  25) {
            buffer[0][0] =   data[32]; buffer[0][1] =   data[33]; buffer[0][2] =   data[34]; buffer[0][3] =   data[35]; buffer[0][4] =   data[36]; buffer[0][5] =   data[37]; buffer[0][6] =   data[48]; buffer[0][7] =   data[49]; buffer[0][8] =   data[50]; buffer[0][9] =   data[51]; buffer[0][10] =   data[52]; buffer[0][11] =   data[53]; buffer[0][12] =   data[64]; buffer[0][13] =   data[65]; buffer[0][14] =   data[66]; buffer[0][15] =   data[67]; buffer[0][16] =   data[68]; buffer[0][17] =   data[69];

        }
        if (partition ==  26) {
            buffer[0][0] =   data[34]; buffer[0][1] =   data[35]; buffer[0][2] =   data[36]; buffer[0][3] =   data[37]; buffer[0][4] =   data[38]; buffer[0][5] =   data[39]; buffer[0][6] =   data[50]; buffer[0][7] =   data[51]; buffer[0][8] =   data[52]; buffer[0][9] =   data[53]; buffer[0][10] =   data[54]; buffer[0][11] =   data[55]; buffer[0][12] =   data[66]; buffer[0][13] =   data[67]; buffer[0][14] =   data[68]; buffer[0][15] =   data[69]; buffer[0][16] =   data[70]; buffer[0][17] =   data[71];

        }
        if (partition ==  27) {
            buffer[0][0] =   data[36]; buffer[0][1] =   data[37]; buffer[0][2] =   data[38]; buffer[0][3] =   data[39]; buffer[0][4] =   data[40]; buffer[0][5] =   data[41]; buffer[0][6] =   data[52]; buffer[0][7] =   data[53]; buffer[0][8] =   data[54]; buffer[0][9] =   data[55]; buffer[0][10] =   data[56]; buffer[0][11] =   data[57]; buffer[0][12] =   data[68]; buffer[0][13] =   data[69]; buffer[0][14] =   data[70]; buffer[0][15] =   data[71]; buffer[0][16] =   data[72]; buffer[0][17] =   data[73];

        }
        if (partition ==  28) {
            buffer[0][0] =   data[38]; buffer[0][1] =   data[39]; buffer[0][2] =   data[40]; buffer[0][3] =   data[41]; buffer[0][4] =   data[42]; buffer[0][5] =   data[43]; buffer[0][6] =   data[54]; buffer[0][7] =   data[55]; buffer[0][8] =   data[56]; buffer[0][9] =   data[57]; buffer[0][10] =   data[58]; buffer[0][11] =   data[59]; buffer[0][12] =   data[70]; buffer[0][13] =   data[71]; buffer[0][14] =   data[72]; buffer[0][15] =   data[73]; buffer[0][16] =   data[74]; buffer[0][17] =   data[75];

        }
        if (partition ==  29) {
            buffer[0][0] =   data[40]; buffer[0][1] =   data[41]; buffer[0][2] =   data[42]; buffer[0][3] =   data[43]; buffer[0][4] =   data[44]; buffer[0][5] =   data[45]; buffer[0][6] =   data[56]; buffer[0][7] =   data[57]; buffer[0][8] =   data[58]; buffer[0][9] =   data[59]; buffer[0][10] =   data[60]; buffer[0][11] =   data[61]; buffer[0][12] =   data[72]; buffer[0][13] =   data[73]; buffer[0][14] =   data[74]; buffer[0][15] =   data[75]; buffer[0][16] =   data[76]; buffer[0][17] =   data[77];

        }
        if (partition ==  30) {
            buffer[0][0] =   data[42]; buffer[0][1] =   data[43]; buffer[0][2] =   data[44]; buffer[0][3] =   data[45]; buffer[0][4] =   data[46]; buffer[0][5] =   data[47]; buffer[0][6] =   data[58]; buffer[0][7] =   data[59]; buffer[0][8] =   data[60]; buffer[0][9] =   data[61]; buffer[0][10] =   data[62]; buffer[0][11] =   data[63]; buffer[0][12] =   data[74]; buffer[0][13] =   data[75]; buffer[0][14] =   data[76]; buffer[0][15] =   data[77]; buffer[0][16] =   data[78]; buffer[0][17] =   data[79];

        }
        if (partition ==  31) {
            buffer[0][0] =   data[44]; buffer[0][1] =   data[45]; buffer[0][2] =   data[46]; buffer[0][3] =   data[47]; buffer[0][4] =          0; buffer[0][5] =          0; buffer[0][6] =   data[60]; buffer[0][7] =   data[61]; buffer[0][8] =   data[62]; buffer[0][9] =   data[63]; buffer[0][10] =          0; buffer[0][11] =          0; buffer[0][12] =   data[76]; buffer[0][13] =   data[77]; buffer[0][14] =   data[78]; buffer[0][15] =   data[79]; buffer[0][16] =          0; buffer[0][17] =          0;

        }
        if (partition ==  32) {
            buffer[0][0] =          0; buffer[0][1] =          0; buffer[0][2] =   data[48]; buffer[0][3] =   data[49]; buffer[0][4] =   data[50]; buffer[0][5] =   data[51]; buffer[0][6] =          0; buffer[0][7] =          0; buffer[0][8] =   data[64]; buffer[0][9] =   data[65]; buffer[0][10] =   data[66]; buffer[0][11] =   data[67]; buffer[0][12] =          0; buffer[0][13] =          0; buffer[0][14] =   data[80]; buffer[0][15] =   data[81]; buffer[0][16] =   data[82]; buffer[0][17] =   data[83];

        }
        if (partition ==  33) {
            buffer[0][0] =   data[48]; buffer[0][1] =   data[49]; buffer[0][2] =   data[50]; buffer[0][3] =   data[51]; buffer[0][4] =   data[52]; buffer[0][5] =   data[53]; buffer[0][6] =   data[64]; buffer[0][7] =   data[65]; buffer[0][8] =   data[66]; buffer[0][9] =   data[67]; buffer[0][10] =   data[68]; buffer[0][11] =   data[69]; buffer[0][12] =   data[80]; buffer[0][13] =   data[81]; buffer[0][14] =   data[82]; buffer[0][15] =   data[83]; buffer[0][16] =   data[84]; buffer[0][17] =   data[85];

        }
        if (partition ==  34) {
            buffer[0][0] =   data[50]; buffer[0][1] =   data[51]; buffer[0][2] =   data[52]; buffer[0][3] =   data[53]; buffer[0][4] =   data[54]; buffer[0][5] =   data[55]; buffer[0][6] =   data[66]; buffer[0][7] =   data[67]; buffer[0][8] =   data[68]; buffer[0][9] =   data[69]; buffer[0][10] =   data[70]; buffer[0][11] =   data[71]; buffer[0][12] =   data[82]; buffer[0][13] =   data[83]; buffer[0][14] =   data[84]; buffer[0][15] =   data[85]; buffer[0][16] =   data[86]; buffer[0][17] =   data[87];

        }
        if (partition ==  35) {
            buffer[0][0] =   data[52]; buffer[0][1] =   data[53]; buffer[0][2] =   data[54]; buffer[0][3] =   data[55]; buffer[0][4] =   data[56]; buffer[0][5] =   data[57]; buffer[0][6] =   data[68]; buffer[0][7] =   data[69]; buffer[0][8] =   data[70]; buffer[0][9] =   data[71]; buffer[0][10] =   data[72]; buffer[0][11] =   data[73]; buffer[0][12] =   data[84]; buffer[0][13] =   data[85]; buffer[0][14] =   data[86]; buffer[0][15] =   data[87]; buffer[0][16] =   data[88]; buffer[0][17] =   data[89];

        }
        if (partition ==  36) {
            buffer[0][0] =   data[54]; buffer[0][1] =   data[55]; buffer[0][2] =   data[56]; buffer[0][3] =   data[57]; buffer[0][4] =   data[58]; buffer[0][5] =   data[59]; buffer[0][6] =   data[70]; buffer[0][7] =   data[71]; buffer[0][8] =   data[72]; buffer[0][9] =   data[73]; buffer[0][10] =   data[74]; buffer[0][11] =   data[75]; buffer[0][12] =   data[86]; buffer[0][13] =   data[87]; buffer[0][14] =   data[88]; buffer[0][15] =   data[89]; buffer[0][16] =   data[90]; buffer[0][17] =   data[91];

        }
        if (partition ==  37) {
            buffer[0][0] =   data[56]; buffer[0][1] =   data[57]; buffer[0][2] =   data[58]; buffer[0][3] =   data[59]; buffer[0][4] =   data[60]; buffer[0][5] =   data[61]; buffer[0][6] =   data[72]; buffer[0][7] =   data[73]; buffer[0][8] =   data[74]; buffer[0][9] =   data[75]; buffer[0][10] =   data[76]; buffer[0][11] =   data[77]; buffer[0][12] =   data[88]; buffer[0][13] =   data[89]; buffer[0][14] =   data[90]; buffer[0][15] =   data[91]; buffer[0][16] =   data[92]; buffer[0][17] =   data[93];

        }
        if (partition ==  38) {
            buffer[0][0] =   data[58]; buffer[0][1] =   data[59]; buffer[0][2] =   data[60]; buffer[0][3] =   data[61]; buffer[0][4] =   data[62]; buffer[0][5] =   data[63]; buffer[0][6] =   data[74]; buffer[0][7] =   data[75]; buffer[0][8] =   data[76]; buffer[0][9] =   data[77]; buffer[0][10] =   data[78]; buffer[0][11] =   data[79]; buffer[0][12] =   data[90]; buffer[0][13] =   data[91]; buffer[0][14] =   data[92]; buffer[0][15] =   data[93]; buffer[0][16] =   data[94]; buffer[0][17] =   data[95];

        }
        if (partition ==  39) {
            buffer[0][0] =   data[60]; buffer[0][1] =   data[61]; buffer[0][2] =   data[62]; buffer[0][3] =   data[63]; buffer[0][4] =          0; buffer[0][5] =          0; buffer[0][6] =   data[76]; buffer[0][7] =   data[77]; buffer[0][8] =   data[78]; buffer[0][9] =   data[79]; buffer[0][10] =          0; buffer[0][11] =          0; buffer[0][12] =   data[92]; buffer[0][13] =   data[93]; buffer[0][14] =   data[94]; buffer[0][15] =   data[95]; buffer[0][16] =          0; buffer[0][17] =          0;

        }
        if (partition ==  40) {
            buffer[0][0] =          0; buffer[0][1] =          0; buffer[0][2] =   data[64]; buffer[0][3] =   data[65]; buffer[0][4] =   data[66]; buffer[0][5] =   data[67]; buffer[0][6] =          0; buffer[0][7] =          0; buffer[0][8] =   data[80]; buffer[0][9] =   data[81]; buffer[0][10] =   data[82]; buffer[0][11] =   data[83]; buffer[0][12] =          0; buffer[0][13] =          0; buffer[0][14] =   data[96]; buffer[0][15] =   data[97]; buffer[0][16] =   data[98]; buffer[0][17] =   data[99];

        }
        if (partition ==  41) {
            buffer[0][0] =   data[64]; buffer[0][1] =   data[65]; buffer[0][2] =   data[66]; buffer[0][3] =   data[67]; buffer[0][4] =   data[68]; buffer[0][5] =   data[69]; buffer[0][6] =   data[80]; buffer[0][7] =   data[81]; buffer[0][8] =   data[82]; buffer[0][9] =   data[83]; buffer[0][10] =   data[84]; buffer[0][11] =   data[85]; buffer[0][12] =   data[96]; buffer[0][13] =   data[97]; buffer[0][14] =   data[98]; buffer[0][15] =   data[99]; buffer[0][16] =  data[100]; buffer[0][17] =  data[101];

        }
        if (partition ==  42) {
            buffer[0][0] =   data[66]; buffer[0][1] =   data[67]; buffer[0][2] =   data[68]; buffer[0][3] =   data[69]; buffer[0][4] =   data[70]; buffer[0][5] =   data[71]; buffer[0][6] =   data[82]; buffer[0][7] =   data[83]; buffer[0][8] =   data[84]; buffer[0][9] =   data[85]; buffer[0][10] =   data[86]; buffer[0][11] =   data[87]; buffer[0][12] =   data[98]; buffer[0][13] =   data[99]; buffer[0][14] =  data[100]; buffer[0][15] =  data[101]; buffer[0][16] =  data[102]; buffer[0][17] =  data[103];

        }
        if (partition ==  43) {
            buffer[0][0] =   data[68]; buffer[0][1] =   data[69]; buffer[0][2] =   data[70]; buffer[0][3] =   data[71]; buffer[0][4] =   data[72]; buffer[0][5] =   data[73]; buffer[0][6] =   data[84]; buffer[0][7] =   data[85]; buffer[0][8] =   data[86]; buffer[0][9] =   data[87]; buffer[0][10] =   data[88]; buffer[0][11] =   data[89]; buffer[0][12] =  data[100]; buffer[0][13] =  data[101]; buffer[0][14] =  data[102]; buffer[0][15] =  data[103]; buffer[0][16] =  data[104]; buffer[0][17] =  data[105];

        }
        if (partition ==  44) {
            buffer[0][0] =   data[70]; buffer[0][1] =   data[71]; buffer[0][2] =   data[72]; buffer[0][3] =   data[73]; buffer[0][4] =   data[74]; buffer[0][5] =   data[75]; buffer[0][6] =   data[86]; buffer[0][7] =   data[87]; buffer[0][8] =   data[88]; buffer[0][9] =   data[89]; buffer[0][10] =   data[90]; buffer[0][11] =   data[91]; buffer[0][12] =  data[102]; buffer[0][13] =  data[103]; buffer[0][14] =  data[104]; buffer[0][15] =  data[105]; buffer[0][16] =  data[106]; buffer[0][17] =  data[107];

        }
        if (partition ==  45) {
            buffer[0][0] =   data[72]; buffer[0][1] =   data[73]; buffer[0][2] =   data[74]; buffer[0][3] =   data[75]; buffer[0][4] =   data[76]; buffer[0][5] =   data[77]; buffer[0][6] =   data[88]; buffer[0][7] =   data[89]; buffer[0][8] =   data[90]; buffer[0][9] =   data[91]; buffer[0][10] =   data[92]; buffer[0][11] =   data[93]; buffer[0][12] =  data[104]; buffer[0][13] =  data[105]; buffer[0][14] =  data[106]; buffer[0][15] =  data[107]; buffer[0][16] =  data[108]; buffer[0][17] =  data[109];

        }
        if (partition ==  46) {
            buffer[0][0] =   data[74]; buffer[0][1] =   data[75]; buffer[0][2] =   data[76]; buffer[0][3] =   data[77]; buffer[0][4] =   data[78]; buffer[0][5] =   data[79]; buffer[0][6] =   data[90]; buffer[0][7] =   data[91]; buffer[0][8] =   data[92]; buffer[0][9] =   data[93]; buffer[0][10] =   data[94]; buffer[0][11] =   data[95]; buffer[0][12] =  data[106]; buffer[0][13] =  data[107]; buffer[0][14] =  data[108]; buffer[0][15] =  data[109]; buffer[0][16] =  data[110]; buffer[0][17] =  data[111];

        }
        if (partition ==  47) {
            buffer[0][0] =   data[76]; buffer[0][1] =   data[77]; buffer[0][2] =   data[78]; buffer[0][3] =   data[79]; buffer[0][4] =          0; buffer[0][5] =          0; buffer[0][6] =   data[92]; buffer[0][7] =   data[93]; buffer[0][8] =   data[94]; buffer[0][9] =   data[95]; buffer[0][10] =          0; buffer[0][11] =          0; buffer[0][12] =  data[108]; buffer[0][13] =  data[109]; buffer[0][14] =  data[110]; buffer[0][15] =  data[111]; buffer[0][16] =          0; buffer[0][17] =          0;

        }
        if (partition ==  48) {
            buffer[0][0] =          0; buffer[0][1] =          0; buffer[0][2] =   data[80]; buffer[0][3] =   data[81]; buffer[0][4] =   data[82]; buffer[0][5] =   data[83]; buffer[0][6] =          0; buffer[0][7] =          0; buffer[0][8] =   data[96]; buffer[0][9] =   data[97]; buffer[0][10] =   data[98]; buffer[0][11] =   data[99]; buffer[0][12] =          0; buffer[0][13] =          0; buffer[0][14] =  data[112]; buffer[0][15] =  data[113]; buffer[0][16] =  data[114]; buffer[0][17] =  data[115];

        }
        if (partition ==  49) {
            buffer[0][0] =   data[80]; buffer[0][1] =   data[81]; buffer[0][2] =   data[82]; buffer[0][3] =   data[83]; buffer[0][4] =   data[84]; buffer[0][5] =   data[85]; buffer[0][6] =   data[96]; buffer[0][7] =   data[97]; buffer[0][8] =   data[98]; buffer[0][9] =   data[99]; buffer[0][10] =  data[100]; buffer[0][11] =  data[101]; buffer[0][12] =  data[112]; buffer[0][13] =  data[113]; buffer[0][14] =  data[114]; buffer[0][15] =  data[115]; buffer[0][16] =  data[116]; buffer[0][17] =  data[117];

        }
        if (partition ==  50) {
            buffer[0][0] =   data[82]; buffer[0][1] =   data[83]; buffer[0][2] =   data[84]; buffer[0][3] =   data[85]; buffer[0][4] =   data[86]; buffer[0][5] =   data[87]; buffer[0][6] =   data[98]; buffer[0][7] =   data[99]; buffer[0][8] =  data[100]; buffer[0][9] =  data[101]; buffer[0][10] =  data[102]; buffer[0][11] =  data[103]; buffer[0][12] =  data[114]; buffer[0][13] =  data[115]; buffer[0][14] =  data[116]; buffer[0][15] =  data[117]; buffer[0][16] =  data[118]; buffer[0][17] =  data[119];

        }
        if (partition ==  51) {
            buffer[0][0] =   data[84]; buffer[0][1] =   data[85]; buffer[0][2] =   data[86]; buffer[0][3] =   data[87]; buffer[0][4] =   data[88]; buffer[0][5] =   data[89]; buffer[0][6] =  data[100]; buffer[0][7] =  data[101]; buffer[0][8] =  data[102]; buffer[0][9] =  data[103]; buffer[0][10] =  data[104]; buffer[0][11] =  data[105]; buffer[0][12] =  data[116]; buffer[0][13] =  data[117]; buffer[0][14] =  data[118]; buffer[0][15] =  data[119]; buffer[0][16] =  data[120]; buffer[0][17] =  data[121];

        }
        if (partition ==  52) {
            buffer[0][0] =   data[86]; buffer[0][1] =   data[87]; buffer[0][2] =   data[88]; buffer[0][3] =   data[89]; buffer[0][4] =   data[90]; buffer[0][5] =   data[91]; buffer[0][6] =  data[102]; buffer[0][7] =  data[103]; buffer[0][8] =  data[104]; buffer[0][9] =  data[105]; buffer[0][10] =  data[106]; buffer[0][11] =  data[107]; buffer[0][12] =  data[118]; buffer[0][13] =  data[119]; buffer[0][14] =  data[120]; buffer[0][15] =  data[121]; buffer[0][16] =  data[122]; buffer[0][17] =  data[123];

        }
        if (partition ==  53) {
            buffer[0][0] =   data[88]; buffer[0][1] =   data[89]; buffer[0][2] =   data[90]; buffer[0][3] =   data[91]; buffer[0][4] =   data[92]; buffer[0][5] =   data[93]; buffer[0][6] =  data[104]; buffer[0][7] =  data[105]; buffer[0][8] =  data[106]; buffer[0][9] =  data[107]; buffer[0][10] =  data[108]; buffer[0][11] =  data[109]; buffer[0][12] =  data[120]; buffer[0][13] =  data[121]; buffer[0][14] =  data[122]; buffer[0][15] =  data[123]; buffer[0][16] =  data[124]; buffer[0][17] =  data[125];

        }
        if (partition ==  54) {
            buffer[0][0] =   data[90]; buffer[0][1] =   data[91]; buffer[0][2] =   data[92]; buffer[0][3] =   data[93]; buffer[0][4] =   data[94]; buffer[0][5] =   data[95]; buffer[0][6] =  data[106]; buffer[0][7] =  data[107]; buffer[0][8] =  data[108]; buffer[0][9] =  data[109]; buffer[0][10] =  data[110]; buffer[0][11] =  data[111]; buffer[0][12] =  data[122]; buffer[0][13] =  data[123]; buffer[0][14] =  data[124]; buffer[0][15] =  data[125]; buffer[0][16] =  data[126]; buffer[0][17] =  data[127];

        }
        if (partition ==  55) {
            buffer[0][0] =   data[92]; buffer[0][1] =   data[93]; buffer[0][2] =   data[94]; buffer[0][3] =   data[95]; buffer[0][4] =          0; buffer[0][5] =          0; buffer[0][6] =  data[108]; buffer[0][7] =  data[109]; buffer[0][8] =  data[110]; buffer[0][9] =  data[111]; buffer[0][10] =          0; buffer[0][11] =          0; buffer[0][12] =  data[124]; buffer[0][13] =  data[125]; buffer[0][14] =  data[126]; buffer[0][15] =  data[127]; buffer[0][16] =          0; buffer[0][17] =          0;

        }
        if (partition ==  56) {
            buffer[0][0] =          0; buffer[0][1] =          0; buffer[0][2] =   data[96]; buffer[0][3] =   data[97]; buffer[0][4] =   data[98]; buffer[0][5] =   data[99]; buffer[0][6] =          0; buffer[0][7] =          0; buffer[0][8] =  data[112]; buffer[0][9] =  data[113]; buffer[0][10] =  data[114]; buffer[0][11] =  data[115]; buffer[0][12] =          0; buffer[0][13] =          0; buffer[0][14] =          0; buffer[0][15] =          0; buffer[0][16] =          0; buffer[0][17] =          0;

        }
        if (partition ==  57) {
            buffer[0][0] =   data[96]; buffer[0][1] =   data[97]; buffer[0][2] =   data[98]; buffer[0][3] =   data[99]; buffer[0][4] =  data[100]; buffer[0][5] =  data[101]; buffer[0][6] =  data[112]; buffer[0][7] =  data[113]; buffer[0][8] =  data[114]; buffer[0][9] =  data[115]; buffer[0][10] =  data[116]; buffer[0][11] =  data[117]; buffer[0][12] =          0; buffer[0][13] =          0; buffer[0][14] =          0; buffer[0][15] =          0; buffer[0][16] =          0; buffer[0][17] =          0;

        }
        if (partition ==  58) {
            buffer[0][0] =   data[98]; buffer[0][1] =   data[99]; buffer[0][2] =  data[100]; buffer[0][3] =  data[101]; buffer[0][4] =  data[102]; buffer[0][5] =  data[103]; buffer[0][6] =  data[114]; buffer[0][7] =  data[115]; buffer[0][8] =  data[116]; buffer[0][9] =  data[117]; buffer[0][10] =  data[118]; buffer[0][11] =  data[119]; buffer[0][12] =          0; buffer[0][13] =          0; buffer[0][14] =          0; buffer[0][15] =          0; buffer[0][16] =          0; buffer[0][17] =          0;

        }
        if (partition ==  59) {
            buffer[0][0] =  data[100]; buffer[0][1] =  data[101]; buffer[0][2] =  data[102]; buffer[0][3] =  data[103]; buffer[0][4] =  data[104]; buffer[0][5] =  data[105]; buffer[0][6] =  data[116]; buffer[0][7] =  data[117]; buffer[0][8] =  data[118]; buffer[0][9] =  data[119]; buffer[0][10] =  data[120]; buffer[0][11] =  data[121]; buffer[0][12] =          0; buffer[0][13] =          0; buffer[0][14] =          0; buffer[0][15] =          0; buffer[0][16] =          0; buffer[0][17] =          0;

        }
        if (partition ==  60) {
            buffer[0][0] =  data[102]; buffer[0][1] =  data[103]; buffer[0][2] =  data[104]; buffer[0][3] =  data[105]; buffer[0][4] =  data[106]; buffer[0][5] =  data[107]; buffer[0][6] =  data[118]; buffer[0][7] =  data[119]; buffer[0][8] =  data[120]; buffer[0][9] =  data[121]; buffer[0][10] =  data[122]; buffer[0][11] =  data[123]; buffer[0][12] =          0; buffer[0][13] =          0; buffer[0][14] =          0; buffer[0][15] =          0; buffer[0][16] =          0; buffer[0][17] =          0;

        }
        if (partition ==  61) {
            buffer[0][0] =  data[104]; buffer[0][1] =  data[105]; buffer[0][2] =  data[106]; buffer[0][3] =  data[107]; buffer[0][4] =  data[108]; buffer[0][5] =  data[109]; buffer[0][6] =  data[120]; buffer[0][7] =  data[121]; buffer[0][8] =  data[122]; buffer[0][9] =  data[123]; buffer[0][10] =  data[124]; buffer[0][11] =  data[125]; buffer[0][12] =          0; buffer[0][13] =          0; buffer[0][14] =          0; buffer[0][15] =          0; buffer[0][16] =          0; buffer[0][17] =          0;

        }
        if (partition ==  62) {
            buffer[0][0] =  data[106]; buffer[0][1] =  data[107]; buffer[0][2] =  data[108]; buffer[0][3] =  data[109]; buffer[0][4] =  data[110]; buffer[0][5] =  data[111]; buffer[0][6] =  data[122]; buffer[0][7] =  data[123]; buffer[0][8] =  data[124]; buffer[0][9] =  data[125]; buffer[0][10] =  data[126]; buffer[0][11] =  data[127]; buffer[0][12] =          0; buffer[0][13] =          0; buffer[0][14] =          0; buffer[0][15] =          0; buffer[0][16] =          0; buffer[0][17] =          0;

        }
        if (partition ==  63) {
            buffer[0][0] =  data[108]; buffer[0][1] =  data[109]; buffer[0][2] =  data[110]; buffer[0][3] =  data[111]; buffer[0][4] =          0; buffer[0][5] =          0; buffer[0][6] =  data[124]; buffer[0][7] =  data[125]; buffer[0][8] =  data[126]; buffer[0][9] =  data[127]; buffer[0][10] =          0; buffer[0][11] =          0; buffer[0][12] =          0; buffer[0][13] =          0; buffer[0][14] =          0; buffer[0][15] =          0; buffer[0][16] =          0; buffer[0][17] =          0;

        }
    }
};
template<class data_T, typename CONFIG_T>
class fill_buffer_6 : public nnet::FillConv2DBuffer<data_T, CONFIG_T> {
    public:
    static void fill_buffer(
        data_T data[CONFIG_T::in_height * CONFIG_T::in_width * CONFIG_T::n_chan],
        data_T buffer[CONFIG_T::n_pixels][CONFIG_T::filt_height * CONFIG_T::filt_width * CONFIG_T::n_chan],
        const unsigned partition
    ) {
        if (partition ==   0) {
            buffer[0][0] =    data[0]; buffer[0][1] =    data[1]; buffer[0][2] =    data[2]; buffer[0][3] =    data[3]; buffer[0][4] =    data[4]; buffer[0][5] =    data[5]; buffer[0][6] =    data[6]; buffer[0][7] =    data[7]; buffer[0][8] =    data[8]; buffer[0][9] =    data[9]; buffer[0][10] =   data[10]; buffer[0][11] =   data[11]; buffer[0][12] =   data[32]; buffer[0][13] =   data[33]; buffer[0][14] =   data[34]; buffer[0][15] =   data[35]; buffer[0][16] =   data[36]; buffer[0][17] =   data[37]; buffer[0][18] =   data[38]; buffer[0][19] =   data[39]; buffer[0][20] =   data[40]; buffer[0][21] =   data[41]; buffer[0][22] =   data[42]; buffer[0][23] =   data[43]; buffer[0][24] =   data[64]; buffer[0][25] =   data[65]; buffer[0][26] =   data[66]; buffer[0][27] =   data[67]; buffer[0][28] =   data[68]; buffer[0][29] =   data[69]; buffer[0][30] =   data[70]; buffer[0][31] =   data[71]; buffer[0][32] =   data[72]; buffer[0][33] =   data[73]; buffer[0][34] =   data[74]; buffer[0][35] =   data[75];

        }
        if (partition ==   1) {
            buffer[0][0] =    data[4]; buffer[0][1] =    data[5]; buffer[0][2] =    data[6]; buffer[0][3] =    data[7]; buffer[0][4] =    data[8]; buffer[0][5] =    data[9]; buffer[0][6] =   data[10]; buffer[0][7] =   data[11]; buffer[0][8] =   data[12]; buffer[0][9] =   data[13]; buffer[0][10] =   data[14]; buffer[0][11] =   data[15]; buffer[0][12] =   data[36]; buffer[0][13] =   data[37]; buffer[0][14] =   data[38]; buffer[0][15] =   data[39]; buffer[0][16] =   data[40]; buffer[0][17] =   data[41]; buffer[0][18] =   data[42]; buffer[0][19] =   data[43]; buffer[0][20] =   data[44]; buffer[0][21] =   data[45]; buffer[0][22] =   data[46]; buffer[0][23] =   data[47]; buffer[0][24] =   data[68]; buffer[0][25] =   data[69]; buffer[0][26] =   data[70]; buffer[0][27] =   data[71]; buffer[0][28] =   data[72]; buffer[0][29] =   data[73]; buffer[0][30] =   data[74]; buffer[0][31] =   data[75]; buffer[0][32] =   data[76]; buffer[0][33] =   data[77]; buffer[0][34] =   data[78]; buffer[0][35] =   data[79];

        }
        if (partition ==   2) {
            buffer[0][0] =    data[8]; buffer[0][1] =    data[9]; buffer[0][2] =   data[10]; buffer[0][3] =   data[11]; buffer[0][4] =   data[12]; buffer[0][5] =   data[13]; buffer[0][6] =   data[14]; buffer[0][7] =   data[15]; buffer[0][8] =   data[16]; buffer[0][9] =   data[17]; buffer[0][10] =   data[18]; buffer[0][11] =   data[19]; buffer[0][12] =   data[40]; buffer[0][13] =   data[41]; buffer[0][14] =   data[42]; buffer[0][15] =   data[43]; buffer[0][16] =   data[44]; buffer[0][17] =   data[45]; buffer[0][18] =   data[46]; buffer[0][19] =   data[47]; buffer[0][20] =   data[48]; buffer[0][21] =   data[49]; buffer[0][22] =   data[50]; buffer[0][23] =   data[51]; buffer[0][24] =   data[72]; buffer[0][25] =   data[73]; buffer[0][26] =   data[74]; buffer[0][27] =   data[75]; buffer[0][28] =   data[76]; buffer[0][29] =   data[77]; buffer[0][30] =   data[78]; buffer[0][31] =   data[79]; buffer[0][32] =   data[80]; buffer[0][33] =   data[81]; buffer[0][34] =   data[82]; buffer[0][35] =   data[83];

        }
        if (partition ==   3) {
            buffer[0][0] =   data[12]; buffer[0][1] =   data[13]; buffer[0][2] =   data[14]; buffer[0][3] =   data[15]; buffer[0][4] =   data[16]; buffer[0][5] =   data[17]; buffer[0][6] =   data[18]; buffer[0][7] =   data[19]; buffer[0][8] =   data[20]; buffer[0][9] =   data[21]; buffer[0][10] =   data[22]; buffer[0][11] =   data[23]; buffer[0][12] =   data[44]; buffer[0][13] =   data[45]; buffer[0][14] =   data[46]; buffer[0][15] =   data[47]; buffer[0][16] =   data[48]; buffer[0][17] =   data[49]; buffer[0][18] =   data[50]; buffer[0][19] =   data[51]; buffer[0][20] =   data[52]; buffer[0][21] =   data[53]; buffer[0][22] =   data[54]; buffer[0][23] =   data[55]; buffer[0][24] =   data[76]; buffer[0][25] =   data[77]; buffer[0][26] =   data[78]; buffer[0][27] =   data[79]; buffer[0][28] =   data[80]; buffer[0][29] =   data[81]; buffer[0][30] =   data[82]; buffer[0][31] =   data[83]; buffer[0][32] =   data[84]; buffer[0][33] =   data[85]; buffer[0][34] =   data[86]; buffer[0][35] =   data[87];

        }
        if (partition ==   4) {
            buffer[0][0] =   data[16]; buffer[0][1] =   data[17]; buffer[0][2] =   data[18]; buffer[0][3] =   data[19]; buffer[0][4] =   data[20]; buffer[0][5] =   data[21]; buffer[0][6] =   data[22]; buffer[0][7] =   data[23]; buffer[0][8] =   data[24]; buffer[0][9] =   data[25]; buffer[0][10] =   data[26]; buffer[0][11] =   data[27]; buffer[0][12] =   data[48]; buffer[0][13] =   data[49]; buffer[0][14] =   data[50]; buffer[0][15] =   data[51]; buffer[0][16] =   data[52]; buffer[0][17] =   data[53]; buffer[0][18] =   data[54]; buffer[0][19] =   data[55]; buffer[0][20] =   data[56]; buffer[0][21] =   data[57]; buffer[0][22] =   data[58]; buffer[0][23] =   data[59]; buffer[0][24] =   data[80]; buffer[0][25] =   data[81]; buffer[0][26] =   data[82]; buffer[0][27] =   data[83]; buffer[0][28] =   data[84]; buffer[0][29] =   data[85]; buffer[0][30] =   data[86]; buffer[0][31] =   data[87]; buffer[0][32] =   data[88]; buffer[0][33] =   data[89]; buffer[0][34] =   data[90]; buffer[0][35] =   data[91];

        }
        if (partition ==   5) {
            buffer[0][0] =   data[20]; buffer[0][1] =   data[21]; buffer[0][2] =   data[22]; buffer[0][3] =   data[23]; buffer[0][4] =   data[24]; buffer[0][5] =   data[25]; buffer[0][6] =   data[26]; buffer[0][7] =   data[27]; buffer[0][8] =   data[28]; buffer[0][9] =   data[29]; buffer[0][10] =   data[30]; buffer[0][11] =   data[31]; buffer[0][12] =   data[52]; buffer[0][13] =   data[53]; buffer[0][14] =   data[54]; buffer[0][15] =   data[55]; buffer[0][16] =   data[56]; buffer[0][17] =   data[57]; buffer[0][18] =   data[58]; buffer[0][19] =   data[59]; buffer[0][20] =   data[60]; buffer[0][21] =   data[61]; buffer[0][22] =   data[62]; buffer[0][23] =   data[63]; buffer[0][24] =   data[84]; buffer[0][25] =   data[85]; buffer[0][26] =   data[86]; buffer[0][27] =   data[87]; buffer[0][28] =   data[88]; buffer[0][29] =   data[89]; buffer[0][30] =   data[90]; buffer[0][31] =   data[91]; buffer[0][32] =   data[92]; buffer[0][33] =   data[93]; buffer[0][34] =   data[94]; buffer[0][35] =   data[95];

        }
        if (partition ==   6) {
            buffer[0][0] =   data[32]; buffer[0][1] =   data[33]; buffer[0][2] =   data[34]; buffer[0][3] =   data[35]; buffer[0][4] =   data[36]; buffer[0][5] =   data[37]; buffer[0][6] =   data[38]; buffer[0][7] =   data[39]; buffer[0][8] =   data[40]; buffer[0][9] =   data[41]; buffer[0][10] =   data[42]; buffer[0][11] =   data[43]; buffer[0][12] =   data[64]; buffer[0][13] =   data[65]; buffer[0][14] =   data[66]; buffer[0][15] =   data[67]; buffer[0][16] =   data[68]; buffer[0][17] =   data[69]; buffer[0][18] =   data[70]; buffer[0][19] =   data[71]; buffer[0][20] =   data[72]; buffer[0][21] =   data[73]; buffer[0][22] =   data[74]; buffer[0][23] =   data[75]; buffer[0][24] =   data[96]; buffer[0][25] =   data[97]; buffer[0][26] =   data[98]; buffer[0][27] =   data[99]; buffer[0][28] =  data[100]; buffer[0][29] =  data[101]; buffer[0][30] =  data[102]; buffer[0][31] =  data[103]; buffer[0][32] =  data[104]; buffer[0][33] =  data[105]; buffer[0][34] =  data[106]; buffer[0][35] =  data[107];

        }
        if (partition ==   7) {
            buffer[0][0] =   data[36]; buffer[0][1] =   data[37]; buffer[0][2] =   data[38]; buffer[0][3] =   data[39]; buffer[0][4] =   data[40]; buffer[0][5] =   data[41]; buffer[0][6] =   data[42]; buffer[0][7] =   data[43]; buffer[0][8] =   data[44]; buffer[0][9] =   data[45]; buffer[0][10] =   data[46]; buffer[0][11] =   data[47]; buffer[0][12] =   data[68]; buffer[0][13] =   data[69]; buffer[0][14] =   data[70]; buffer[0][15] =   data[71]; buffer[0][16] =   data[72]; buffer[0][17] =   data[73]; buffer[0][18] =   data[74]; buffer[0][19] =   data[75]; buffer[0][20] =   data[76]; buffer[0][21] =   data[77]; buffer[0][22] =   data[78]; buffer[0][23] =   data[79]; buffer[0][24] =  data[100]; buffer[0][25] =  data[101]; buffer[0][26] =  data[102]; buffer[0][27] =  data[103]; buffer[0][28] =  data[104]; buffer[0][29] =  data[105]; buffer[0][30] =  data[106]; buffer[0][31] =  data[107]; buffer[0][32] =  data[108]; buffer[0][33] =  data[109]; buffer[0][34] =  data[110]; buffer[0][35] =  data[111];

        }
        if (partition ==   8) {
            buffer[0][0] =   data[40]; buffer[0][1] =   data[41]; buffer[0][2] =   data[42]; buffer[0][3] =   data[43]; buffer[0][4] =   data[44]; buffer[0][5] =   data[45]; buffer[0][6] =   data[46]; buffer[0][7] =   data[47]; buffer[0][8] =   data[48]; buffer[0][9] =   data[49]; buffer[0][10] =   data[50]; buffer[0][11] =   data[51]; buffer[0][12] =   data[72]; buffer[0][13] =   data[73]; buffer[0][14] =   data[74]; buffer[0][15] =   data[75]; buffer[0][16] =   data[76]; buffer[0][17] =   data[77]; buffer[0][18] =   data[78]; buffer[0][19] =   data[79]; buffer[0][20] =   data[80]; buffer[0][21] =   data[81]; buffer[0][22] =   data[82]; buffer[0][23] =   data[83]; buffer[0][24] =  data[104]; buffer[0][25] =  data[105]; buffer[0][26] =  data[106]; buffer[0][27] =  data[107]; buffer[0][28] =  data[108]; buffer[0][29] =  data[109]; buffer[0][30] =  data[110]; buffer[0][31] =  data[111]; buffer[0][32] =  data[112]; buffer[0][33] =  data[113]; buffer[0][34] =  data[114]; buffer[0][35] =  data[115];

        }
        if (partition ==   9) {
            buffer[0][0] =   data[44]; buffer[0][1] =   data[45]; buffer[0][2] =   data[46]; buffer[0][3] =   data[47]; buffer[0][4] =   data[48]; buffer[0][5] =   data[49]; buffer[0][6] =   data[50]; buffer[0][7] =   data[51]; buffer[0][8] =   data[52]; buffer[0][9] =   data[53]; buffer[0][10] =   data[54]; buffer[0][11] =   data[55]; buffer[0][12] =   data[76]; buffer[0][13] =   data[77]; buffer[0][14] =   data[78]; buffer[0][15] =   data[79]; buffer[0][16] =   data[80]; buffer[0][17] =   data[81]; buffer[0][18] =   data[82]; buffer[0][19] =   data[83]; buffer[0][20] =   data[84]; buffer[0][21] =   data[85]; buffer[0][22] =   data[86]; buffer[0][23] =   data[87]; buffer[0][24] =  data[108]; buffer[0][25] =  data[109]; buffer[0][26] =  data[110]; buffer[0][27] =  data[111]; buffer[0][28] =  data[112]; buffer[0][29] =  data[113]; buffer[0][30] =  data[114]; buffer[0][31] =  data[115]; buffer[0][32] =  data[116]; buffer[0][33] =  data[117]; buffer[0][34] =  data[118]; buffer[0][35] =  data[119];

        }
        if (partition ==  10) {
            buffer[0][0] =   data[48]; buffer[0][1] =   data[49]; buffer[0][2] =   data[50]; buffer[0][3] =   data[51]; buffer[0][4] =   data[52]; buffer[0][5] =   data[53]; buffer[0][6] =   data[54]; buffer[0][7] =   data[55]; buffer[0][8] =   data[56]; buffer[0][9] =   data[57]; buffer[0][10] =   data[58]; buffer[0][11] =   data[59]; buffer[0][12] =   data[80]; buffer[0][13] =   data[81]; buffer[0][14] =   data[82]; buffer[0][15] =   data[83]; buffer[0][16] =   data[84]; buffer[0][17] =   data[85]; buffer[0][18] =   data[86]; buffer[0][19] =   data[87]; buffer[0][20] =   data[88]; buffer[0][21] =   data[89]; buffer[0][22] =   data[90]; buffer[0][23] =   data[91]; buffer[0][24] =  data[112]; buffer[0][25] =  data[113]; buffer[0][26] =  data[114]; buffer[0][27] =  data[115]; buffer[0][28] =  data[116]; buffer[0][29] =  data[117]; buffer[0][30] =  data[118]; buffer[0][31] =  data[119]; buffer[0][32] =  data[120]; buffer[0][33] =  data[121]; buffer[0][34] =  data[122]; buffer[0][35] =  data[123];

        }
        if (partition ==  11) {
            buffer[0][0] =   data[52]; buffer[0][1] =   data[53]; buffer[0][2] =   data[54]; buffer[0][3] =   data[55]; buffer[0][4] =   data[56]; buffer[0][5] =   data[57]; buffer[0][6] =   data[58]; buffer[0][7] =   data[59]; buffer[0][8] =   data[60]; buffer[0][9] =   data[61]; buffer[0][10] =   data[62]; buffer[0][11] =   data[63]; buffer[0][12] =   data[84]; buffer[0][13] =   data[85]; buffer[0][14] =   data[86]; buffer[0][15] =   data[87]; buffer[0][16] =   data[88]; buffer[0][17] =   data[89]; buffer[0][18] =   data[90]; buffer[0][19] =   data[91]; buffer[0][20] =   data[92]; buffer[0][21] =   data[93]; buffer[0][22] =   data[94]; buffer[0][23] =   data[95]; buffer[0][24] =  data[116]; buffer[0][25] =  data[117]; buffer[0][26] =  data[118]; buffer[0][27] =  data[119]; buffer[0][28] =  data[120]; buffer[0][29] =  data[121]; buffer[0][30] =  data[122]; buffer[0][31] =  data[123]; buffer[0][32] =  data[124]; buffer[0][33] =  data[125]; buffer[0][34] =  data[126]; buffer[0][35] =  data[127];

        }
        if (partition ==  12) {
            buffer[0][0] =   data[64]; buffer[0][1] =   data[65]; buffer[0][2] =   data[66]; buffer[0][3] =   data[67]; buffer[0][4] =   data[68]; buffer[0][5] =   data[69]; buffer[0][6] =   data[70]; buffer[0][7] =   data[71]; buffer[0][8] =   data[72]; buffer[0][9] =   data[73]; buffer[0][10] =   data[74]; buffer[0][11] =   data[75]; buffer[0][12] =   data[96]; buffer[0][13] =   data[97]; buffer[0][14] =   data[98]; buffer[0][15] =   data[99]; buffer[0][16] =  data[100]; buffer[0][17] =  data[101]; buffer[0][18] =  data[102]; buffer[0][19] =  data[103]; buffer[0][20] =  data[104]; buffer[0][21] =  data[105]; buffer[0][22] =  data[106]; buffer[0][23] =  data[107]; buffer[0][24] =  data[128]; buffer[0][25] =  data[129]; buffer[0][26] =  data[130]; buffer[0][27] =  data[131]; buffer[0][28] =  data[132]; buffer[0][29] =  data[133]; buffer[0][30] =  data[134]; buffer[0][31] =  data[135]; buffer[0][32] =  data[136]; buffer[0][33] =  data[137]; buffer[0][34] =  data[138]; buffer[0][35] =  data[139];

        }
        if (partition ==  13) {
            buffer[0][0] =   data[68]; buffer[0][1] =   data[69]; buffer[0][2] =   data[70]; buffer[0][3] =   data[71]; buffer[0][4] =   data[72]; buffer[0][5] =   data[73]; buffer[0][6] =   data[74]; buffer[0][7] =   data[75]; buffer[0][8] =   data[76]; buffer[0][9] =   data[77]; buffer[0][10] =   data[78]; buffer[0][11] =   data[79]; buffer[0][12] =  data[100]; buffer[0][13] =  data[101]; buffer[0][14] =  data[102]; buffer[0][15] =  data[103]; buffer[0][16] =  data[104]; buffer[0][17] =  data[105]; buffer[0][18] =  data[106]; buffer[0][19] =  data[107]; buffer[0][20] =  data[108]; buffer[0][21] =  data[109]; buffer[0][22] =  data[110]; buffer[0][23] =  data[111]; buffer[0][24] =  data[132]; buffer[0][25] =  data[133]; buffer[0][26] =  data[134]; buffer[0][27] =  data[135]; buffer[0][28] =  data[136]; buffer[0][29] =  data[137]; buffer[0][30] =  data[138]; buffer[0][31] =  data[139]; buffer[0][32] =  data[140]; buffer[0][33] =  data[141]; buffer[0][34] =  data[142]; buffer[0][35] =  data[143];

        }
        if (partition ==  14) {
            buffer[0][0] =   data[72]; buffer[0][1] =   data[73]; buffer[0][2] =   data[74]; buffer[0][3] =   data[75]; buffer[0][4] =   data[76]; buffer[0][5] =   data[77]; buffer[0][6] =   data[78]; buffer[0][7] =   data[79]; buffer[0][8] =   data[80]; buffer[0][9] =   data[81]; buffer[0][10] =   data[82]; buffer[0][11] =   data[83]; buffer[0][12] =  data[104]; buffer[0][13] =  data[105]; buffer[0][14] =  data[106]; buffer[0][15] =  data[107]; buffer[0][16] =  data[108]; buffer[0][17] =  data[109]; buffer[0][18] =  data[110]; buffer[0][19] =  data[111]; buffer[0][20] =  data[112]; buffer[0][21] =  data[113]; buffer[0][22] =  data[114]; buffer[0][23] =  data[115]; buffer[0][24] =  data[136]; buffer[0][25] =  data[137]; buffer[0][26] =  data[138]; buffer[0][27] =  data[139]; buffer[0][28] =  data[140]; buffer[0][29] =  data[141]; buffer[0][30] =  data[142]; buffer[0][31] =  data[143]; buffer[0][32] =  data[144]; buffer[0][33] =  data[145]; buffer[0][34] =  data[146]; buffer[0][35] =  data[147];

        }
        if (partition ==  15) {
            buffer[0][0] =   data[76]; buffer[0][1] =   data[77]; buffer[0][2] =   data[78]; buffer[0][3] =   data[79]; buffer[0][4] =   data[80]; buffer[0][5] =   data[81]; buffer[0][6] =   data[82]; buffer[0][7] =   data[83]; buffer[0][8] =   data[84]; buffer[0][9] =   data[85]; buffer[0][10] =   data[86]; buffer[0][11] =   data[87]; buffer[0][12] =  data[108]; buffer[0][13] =  data[109]; buffer[0][14] =  data[110]; buffer[0][15] =  data[111]; buffer[0][16] =  data[112]; buffer[0][17] =  data[113]; buffer[0][18] =  data[114]; buffer[0][19] =  data[115]; buffer[0][20] =  data[116]; buffer[0][21] =  data[117]; buffer[0][22] =  data[118]; buffer[0][23] =  data[119]; buffer[0][24] =  data[140]; buffer[0][25] =  data[141]; buffer[0][26] =  data[142]; buffer[0][27] =  data[143]; buffer[0][28] =  data[144]; buffer[0][29] =  data[145]; buffer[0][30] =  data[146]; buffer[0][31] =  data[147]; buffer[0][32] =  data[148]; buffer[0][33] =  data[149]; buffer[0][34] =  data[150]; buffer[0][35] =  data[151];

        }
        if (partition ==  16) {
            buffer[0][0] =   data[80]; buffer[0][1] =   data[81]; buffer[0][2] =   data[82]; buffer[0][3] =   data[83]; buffer[0][4] =   data[84]; buffer[0][5] =   data[85]; buffer[0][6] =   data[86]; buffer[0][7] =   data[87]; buffer[0][8] =   data[88]; buffer[0][9] =   data[89]; buffer[0][10] =   data[90]; buffer[0][11] =   data[91]; buffer[0][12] =  data[112]; buffer[0][13] =  data[113]; buffer[0][14] =  data[114]; buffer[0][15] =  data[115]; buffer[0][16] =  data[116]; buffer[0][17] =  data[117]; buffer[0][18] =  data[118]; buffer[0][19] =  data[119]; buffer[0][20] =  data[120]; buffer[0][21] =  data[121]; buffer[0][22] =  data[122]; buffer[0][23] =  data[123]; buffer[0][24] =  data[144]; buffer[0][25] =  data[145]; buffer[0][26] =  data[146]; buffer[0][27] =  data[147]; buffer[0][28] =  data[148]; buffer[0][29] =  data[149]; buffer[0][30] =  data[150]; buffer[0][31] =  data[151]; buffer[0][32] =  data[152]; buffer[0][33] =  data[153]; buffer[0][34] =  data[154]; buffer[0][35] =  data[155];

        }
        if (partition ==  17) {
            buffer[0][0] =   data[84]; buffer[0][1] =   data[85]; buffer[0][2] =   data[86]; buffer[0][3] =   data[87]; buffer[0][4] =   data[88]; buffer[0][5] =   data[89]; buffer[0][6] =   data[90]; buffer[0][7] =   data[91]; buffer[0][8] =   data[92]; buffer[0][9] =   data[93]; buffer[0][10] =   data[94]; buffer[0][11] =   data[95]; buffer[0][12] =  data[116]; buffer[0][13] =  data[117]; buffer[0][14] =  data[118]; buffer[0][15] =  data[119]; buffer[0][16] =  data[120]; buffer[0][17] =  data[121]; buffer[0][18] =  data[122]; buffer[0][19] =  data[123]; buffer[0][20] =  data[124]; buffer[0][21] =  data[125]; buffer[0][22] =  data[126]; buffer[0][23] =  data[127]; buffer[0][24] =  data[148]; buffer[0][25] =  data[149]; buffer[0][26] =  data[150]; buffer[0][27] =  data[151]; buffer[0][28] =  data[152]; buffer[0][29] =  data[153]; buffer[0][30] =  data[154]; buffer[0][31] =  data[155]; buffer[0][32] =  data[156]; buffer[0][33] =  data[157]; buffer[0][34] =  data[158]; buffer[0][35] =  data[159];

        }
        if (partition ==  18) {
            buffer[0][0] =   data[96]; buffer[0][1] =   data[97]; buffer[0][2] =   data[98]; buffer[0][3] =   data[99]; buffer[0][4] =  data[100]; buffer[0][5] =  data[101]; buffer[0][6] =  data[102]; buffer[0][7] =  data[103]; buffer[0][8] =  data[104]; buffer[0][9] =  data[105]; buffer[0][10] =  data[106]; buffer[0][11] =  data[107]; buffer[0][12] =  data[128]; buffer[0][13] =  data[129]; buffer[0][14] =  data[130]; buffer[0][15] =  data[131]; buffer[0][16] =  data[132]; buffer[0][17] =  data[133]; buffer[0][18] =  data[134]; buffer[0][19] =  data[135]; buffer[0][20] =  data[136]; buffer[0][21] =  data[137]; buffer[0][22] =  data[138]; buffer[0][23] =  data[139]; buffer[0][24] =  data[160]; buffer[0][25] =  data[161]; buffer[0][26] =  data[162]; buffer[0][27] =  data[163]; buffer[0][28] =  data[164]; buffer[0][29] =  data[165]; buffer[0][30] =  data[166]; buffer[0][31] =  data[167]; buffer[0][32] =  data[168]; buffer[0][33] =  data[169]; buffer[0][34] =  data[170]; buffer[0][35] =  data[171];

        }
        if (partition ==  19) {
            buffer[0][0] =  data[100]; buffer[0][1] =  data[101]; buffer[0][2] =  data[102]; buffer[0][3] =  data[103]; buffer[0][4] =  data[104]; buffer[0][5] =  data[105]; buffer[0][6] =  data[106]; buffer[0][7] =  data[107]; buffer[0][8] =  data[108]; buffer[0][9] =  data[109]; buffer[0][10] =  data[110]; buffer[0][11] =  data[111]; buffer[0][12] =  data[132]; buffer[0][13] =  data[133]; buffer[0][14] =  data[134]; buffer[0][15] =  data[135]; buffer[0][16] =  data[136]; buffer[0][17] =  data[137]; buffer[0][18] =  data[138]; buffer[0][19] =  data[139]; buffer[0][20] =  data[140]; buffer[0][21] =  data[141]; buffer[0][22] =  data[142]; buffer[0][23] =  data[143]; buffer[0][24] =  data[164]; buffer[0][25] =  data[165]; buffer[0][26] =  data[166]; buffer[0][27] =  data[167]; buffer[0][28] =  data[168]; buffer[0][29] =  data[169]; buffer[0][30] =  data[170]; buffer[0][31] =  data[171]; buffer[0][32] =  data[172]; buffer[0][33] =  data[173]; buffer[0][34] =  data[174]; buffer[0][35] =  data[175];

        }
        if (partition ==  20) {
            buffer[0][0] =  data[104]; buffer[0][1] =  data[105]; buffer[0][2] =  data[106]; buffer[0][3] =  data[107]; buffer[0][4] =  data[108]; buffer[0][5] =  data[109]; buffer[0][6] =  data[110]; buffer[0][7] =  data[111]; buffer[0][8] =  data[112]; buffer[0][9] =  data[113]; buffer[0][10] =  data[114]; buffer[0][11] =  data[115]; buffer[0][12] =  data[136]; buffer[0][13] =  data[137]; buffer[0][14] =  data[138]; buffer[0][15] =  data[139]; buffer[0][16] =  data[140]; buffer[0][17] =  data[141]; buffer[0][18] =  data[142]; buffer[0][19] =  data[143]; buffer[0][20] =  data[144]; buffer[0][21] =  data[145]; buffer[0][22] =  data[146]; buffer[0][23] =  data[147]; buffer[0][24] =  data[168]; buffer[0][25] =  data[169]; buffer[0][26] =  data[170]; buffer[0][27] =  data[171]; buffer[0][28] =  data[172]; buffer[0][29] =  data[173]; buffer[0][30] =  data[174]; buffer[0][31] =  data[175]; buffer[0][32] =  data[176]; buffer[0][33] =  data[177]; buffer[0][34] =  data[178]; buffer[0][35] =  data[179];

        }
        if (partition ==  21) {
            buffer[0][0] =  data[108]; buffer[0][1] =  data[109]; buffer[0][2] =  data[110]; buffer[0][3] =  data[111]; buffer[0][4] =  data[112]; buffer[0][5] =  data[113]; buffer[0][6] =  data[114]; buffer[0][7] =  data[115]; buffer[0][8] =  data[116]; buffer[0][9] =  data[117]; buffer[0][10] =  data[118]; buffer[0][11] =  data[119]; buffer[0][12] =  data[140]; buffer[0][13] =  data[141]; buffer[0][14] =  data[142]; buffer[0][15] =  data[143]; buffer[0][16] =  data[144]; buffer[0][17] =  data[145]; buffer[0][18] =  data[146]; buffer[0][19] =  data[147]; buffer[0][20] =  data[148]; buffer[0][21] =  data[149]; buffer[0][22] =  data[150]; buffer[0][23] =  data[151]; buffer[0][24] =  data[172]; buffer[0][25] =  data[173]; buffer[0][26] =  data[174]; buffer[0][27] =  data[175]; buffer[0][28] =  data[176]; buffer[0][29] =  data[177]; buffer[0][30] =  data[178]; buffer[0][31] =  data[179]; buffer[0][32] =  data[180]; buffer[0][33] =  data[181]; buffer[0][34] =  data[182]; buffer[0][35] =  data[183];

        }
        if (partition ==  22) {
            buffer[0][0] =  data[112]; buffer[0][1] =  data[113]; buffer[0][2] =  data[114]; buffer[0][3] =  data[115]; buffer[0][4] =  data[116]; buffer[0][5] =  data[117]; buffer[0][6] =  data[118]; buffer[0][7] =  data[119]; buffer[0][8] =  data[120]; buffer[0][9] =  data[121]; buffer[0][10] =  data[122]; buffer[0][11] =  data[123]; buffer[0][12] =  data[144]; buffer[0][13] =  data[145]; buffer[0][14] =  data[146]; buffer[0][15] =  data[147]; buffer[0][16] =  data[148]; buffer[0][17] =  data[149]; buffer[0][18] =  data[150]; buffer[0][19] =  data[151]; buffer[0][20] =  data[152]; buffer[0][21] =  data[153]; buffer[0][22] =  data[154]; buffer[0][23] =  data[155]; buffer[0][24] =  data[176]; buffer[0][25] =  data[177]; buffer[0][26] =  data[178]; buffer[0][27] =  data[179]; buffer[0][28] =  data[180]; buffer[0][29] =  data[181]; buffer[0][30] =  data[182]; buffer[0][31] =  data[183]; buffer[0][32] =  data[184]; buffer[0][33] =  data[185]; buffer[0][34] =  data[186]; buffer[0][35] =  data[187];

        }
        if (partition ==  23) {
            buffer[0][0] =  data[116]; buffer[0][1] =  data[117]; buffer[0][2] =  data[118]; buffer[0][3] =  data[119]; buffer[0][4] =  data[120]; buffer[0][5] =  data[121]; buffer[0][6] =  data[122]; buffer[0][7] =  data[123]; buffer[0][8] =  data[124]; buffer[0][9] =  data[125]; buffer[0][10] =  data[126]; buffer[0][11] =  data[127]; buffer[0][12] =  data[148]; buffer[0][13] =  data[149]; buffer[0][14] =  data[150]; buffer[0][15] =  data[151]; buffer[0][16] =  data[152]; buffer[0][17] =  data[153]; buffer[0][18] =  data[154]; buffer[0][19] =  data[155]; buffer[0][20] =  data[156]; buffer[0][21] =  data[157]; buffer[0][22] =  data[158]; buffer[0][23] =  data[159]; buffer[0][24] =  data[180]; buffer[0][25] =  data[181]; buffer[0][26] =  data[182]; buffer[0][27] =  data[183]; buffer[0][28] =  data[184]; buffer[0][29] =  data[185]; buffer[0][30] =  data[186]; buffer[0][31] =  data[187]; buffer[0][32] =  data[188]; buffer[0][33] =  data[189]; buffer[0][34] =  data[190]; buffer[0][35] =  data[191];

        }
        if (partition ==  24) {
            buffer[0][0] =  data[128]; buffer[0][1] =  data[129]; buffer[0][2] =  data[130]; buffer[0][3] =  data[131]; buffer[0][4] =  data[132]; buffer[0][5] =  data[133]; buffer[0][6] =  data[134]; buffer[0][7] =  data[135]; buffer[0][8] =  data[136]; buffer[0][9] =  data[137]; buffer[0][10] =  data[138]; buffer[0][11] =  data[139]; buffer[0][12] =  data[160]; buffer[0][13] =  data[161]; buffer[0][14] =  data[162]; buffer[0][15] =  data[163]; buffer[0][16] =  data[164]; buffer[0][17] =  data[165]; buffer[0][18] =  data[166]; buffer[0][19] =  data[167]; buffer[0][20] =  data[168]; buffer[0][21] =  data[169]; buffer[0][22] =  data[170]; buffer[0][23] =  data[171]; buffer[0][24] =  data[192]; buffer[0][25] =  data[193]; buffer[0][26] =  data[194]; buffer[0][27] =  data[195]; buffer[0][28] =  data[196]; buffer[0][29] =  data[197]; buffer[0][30] =  data[198]; buffer[0][31] =  data[199]; buffer[0][32] =  data[200]; buffer[0][33] =  data[201]; buffer[0][34] =  data[202]; buffer[0][35] =  data[203];

        }
        if (partition ==  25) {
            buffer[0][0] =  data[132]; buffer[0][1] =  data[133]; buffer[0][2] =  data[134]; buffer[0][3] =  data[135]; buffer[0][4] =  data[136]; buffer[0][5] =  data[137]; buffer[0][6] =  data[138]; buffer[0][7] =  data[139]; buffer[0][8] =  data[140]; buffer[0][9] =  data[141]; buffer[0][10] =  data[142]; buffer[0][11] =  data[143]; buffer[0][12] =  data[164]; buffer[0][13] =  data[165]; buffer[0][14] =  data[166]; buffer[0][15] =  data[167]; buffer[0][16] =  data[168]; buffer[0][17] =  data[169]; buffer[0][18] =  data[170]; buffer[0][19] =  data[171]; buffer[0][20] =  data[172]; buffer[0][21] =  data[173]; buffer[0][22] =  data[174]; buffer[0][23] =  data[175]; buffer[0][24] =  data[196]; buffer[0][25] =  data[197]; buffer[0][26] =  data[198]; buffer[0][27] =  data[199]; buffer[0][28] =  data[200]; buffer[0][29] =  data[201]; buffer[0][30] =  data[202]; buffer[0][31] =  data[203]; buffer[0][32] =  data[204]; buffer[0][33] =  data[205]; buffer[0][34] =  data[206]; buffer[0][35] =  data[207];

        }
        if (partition ==  26) {
            buffer[0][0] =  data[136]; buffer[0][1] =  data[137]; buffer[0][2] =  data[138]; buffer[0][3] =  data[139]; buffer[0][4] =  data[140]; buffer[0][5] =  data[141]; buffer[0][6] =  data[142]; buffer[0][7] =  data[143]; buffer[0][8] =  data[144]; buffer[0][9] =  data[145]; buffer[0][10] =  data[146]; buffer[0][11] =  data[147]; buffer[0][12] =  data[168]; buffer[0][13] =  data[169]; buffer[0][14] =  data[170]; buffer[0][15] =  data[171]; buffer[0][16] =  data[172]; buffer[0][17] =  data[173]; buffer[0][18] =  data[174]; buffer[0][19] =  data[175]; buffer[0][20] =  data[176]; buffer[0][21] =  data[177]; buffer[0][22] =  data[178]; buffer[0][23] =  data[179]; buffer[0][24] =  data[200]; buffer[0][25] =  data[201]; buffer[0][26] =  data[202]; buffer[0][27] =  data[203]; buffer[0][28] =  data[204]; buffer[0][29] =  data[205]; buffer[0][30] =  data[206]; buffer[0][31] =  data[207]; buffer[0][32] =  data[208]; buffer[0][33] =  data[209]; buffer[0][34] =  data[210]; buffer[0][35] =  data[211];

        }
        if (partition ==  27) {
            buffer[0][0] =  data[140]; buffer[0][1] =  data[141]; buffer[0][2] =  data[142]; buffer[0][3] =  data[143]; buffer[0][4] =  data[144]; buffer[0][5] =  data[145]; buffer[0][6] =  data[146]; buffer[0][7] =  data[147]; buffer[0][8] =  data[148]; buffer[0][9] =  data[149]; buffer[0][10] =  data[150]; buffer[0][11] =  data[151]; buffer[0][12] =  data[172]; buffer[0][13] =  data[173]; buffer[0][14] =  data[174]; buffer[0][15] =  data[175]; buffer[0][16] =  data[176]; buffer[0][17] =  data[177]; buffer[0][18] =  data[178]; buffer[0][19] =  data[179]; buffer[0][20] =  data[180]; buffer[0][21] =  data[181]; buffer[0][22] =  data[182]; buffer[0][23] =  data[183]; buffer[0][24] =  data[204]; buffer[0][25] =  data[205]; buffer[0][26] =  data[206]; buffer[0][27] =  data[207]; buffer[0][28] =  data[208]; buffer[0][29] =  data[209]; buffer[0][30] =  data[210]; buffer[0][31] =  data[211]; buffer[0][32] =  data[212]; buffer[0][33] =  data[213]; buffer[0][34] =  data[214]; buffer[0][35] =  data[215];

        }
        if (partition ==  28) {
            buffer[0][0] =  data[144]; buffer[0][1] =  data[145]; buffer[0][2] =  data[146]; buffer[0][3] =  data[147]; buffer[0][4] =  data[148]; buffer[0][5] =  data[149]; buffer[0][6] =  data[150]; buffer[0][7] =  data[151]; buffer[0][8] =  data[152]; buffer[0][9] =  data[153]; buffer[0][10] =  data[154]; buffer[0][11] =  data[155]; buffer[0][12] =  data[176]; buffer[0][13] =  data[177]; buffer[0][14] =  data[178]; buffer[0][15] =  data[179]; buffer[0][16] =  data[180]; buffer[0][17] =  data[181]; buffer[0][18] =  data[182]; buffer[0][19] =  data[183]; buffer[0][20] =  data[184]; buffer[0][21] =  data[185]; buffer[0][22] =  data[186]; buffer[0][23] =  data[187]; buffer[0][24] =  data[208]; buffer[0][25] =  data[209]; buffer[0][26] =  data[210]; buffer[0][27] =  data[211]; buffer[0][28] =  data[212]; buffer[0][29] =  data[213]; buffer[0][30] =  data[214]; buffer[0][31] =  data[215]; buffer[0][32] =  data[216]; buffer[0][33] =  data[217]; buffer[0][34] =  data[218]; buffer[0][35] =  data[219];

        }
        if (partition ==  29) {
            buffer[0][0] =  data[148]; buffer[0][1] =  data[149]; buffer[0][2] =  data[150]; buffer[0][3] =  data[151]; buffer[0][4] =  data[152]; buffer[0][5] =  data[153]; buffer[0][6] =  data[154]; buffer[0][7] =  data[155]; buffer[0][8] =  data[156]; buffer[0][9] =  data[157]; buffer[0][10] =  data[158]; buffer[0][11] =  data[159]; buffer[0][12] =  data[180]; buffer[0][13] =  data[181]; buffer[0][14] =  data[182]; buffer[0][15] =  data[183]; buffer[0][16] =  data[184]; buffer[0][17] =  data[185]; buffer[0][18] =  data[186]; buffer[0][19] =  data[187]; buffer[0][20] =  data[188]; buffer[0][21] =  data[189]; buffer[0][22] =  data[190]; buffer[0][23] =  data[191]; buffer[0][24] =  data[212]; buffer[0][25] =  data[213]; buffer[0][26] =  data[214]; buffer[0][27] =  data[215]; buffer[0][28] =  data[216]; buffer[0][29] =  data[217]; buffer[0][30] =  data[218]; buffer[0][31] =  data[219]; buffer[0][32] =  data[220]; buffer[0][33] =  data[221]; buffer[0][34] =  data[222]; buffer[0][35] =  data[223];

        }
        if (partition ==  30) {
            buffer[0][0] =  data[160]; buffer[0][1] =  data[161]; buffer[0][2] =  data[162]; buffer[0][3] =  data[163]; buffer[0][4] =  data[164]; buffer[0][5] =  data[165]; buffer[0][6] =  data[166]; buffer[0][7] =  data[167]; buffer[0][8] =  data[168]; buffer[0][9] =  data[169]; buffer[0][10] =  data[170]; buffer[0][11] =  data[171]; buffer[0][12] =  data[192]; buffer[0][13] =  data[193]; buffer[0][14] =  data[194]; buffer[0][15] =  data[195]; buffer[0][16] =  data[196]; buffer[0][17] =  data[197]; buffer[0][18] =  data[198]; buffer[0][19] =  data[199]; buffer[0][20] =  data[200]; buffer[0][21] =  data[201]; buffer[0][22] =  data[202]; buffer[0][23] =  data[203]; buffer[0][24] =  data[224]; buffer[0][25] =  data[225]; buffer[0][26] =  data[226]; buffer[0][27] =  data[227]; buffer[0][28] =  data[228]; buffer[0][29] =  data[229]; buffer[0][30] =  data[230]; buffer[0][31] =  data[231]; buffer[0][32] =  data[232]; buffer[0][33] =  data[233]; buffer[0][34] =  data[234]; buffer[0][35] =  data[235];

        }
        if (partition ==  31) {
            buffer[0][0] =  data[164]; buffer[0][1] =  data[165]; buffer[0][2] =  data[166]; buffer[0][3] =  data[167]; buffer[0][4] =  data[168]; buffer[0][5] =  data[169]; buffer[0][6] =  data[170]; buffer[0][7] =  data[171]; buffer[0][8] =  data[172]; buffer[0][9] =  data[173]; buffer[0][10] =  data[174]; buffer[0][11] =  data[175]; buffer[0][12] =  data[196]; buffer[0][13] =  data[197]; buffer[0][14] =  data[198]; buffer[0][15] =  data[199]; buffer[0][16] =  data[200]; buffer[0][17] =  data[201]; buffer[0][18] =  data[202]; buffer[0][19] =  data[203]; buffer[0][20] =  data[204]; buffer[0][21] =  data[205]; buffer[0][22] =  data[206]; buffer[0][23] =  data[207]; buffer[0][24] =  data[228]; buffer[0][25] =  data[229]; buffer[0][26] =  data[230]; buffer[0][27] =  data[231]; buffer[0][28] =  data[232]; buffer[0][29] =  data[233]; buffer[0][30] =  data[234]; buffer[0][31] =  data[235]; buffer[0][32] =  data[236]; buffer[0][33] =  data[237]; buffer[0][34] =  data[238]; buffer[0][35] =  data[239];

        }
        if (partition ==  32) {
            buffer[0][0] =  data[168]; buffer[0][1] =  data[169]; buffer[0][2] =  data[170]; buffer[0][3] =  data[171]; buffer[0][4] =  data[172]; buffer[0][5] =  data[173]; buffer[0][6] =  data[174]; buffer[0][7] =  data[175]; buffer[0][8] =  data[176]; buffer[0][9] =  data[177]; buffer[0][10] =  data[178]; buffer[0][11] =  data[179]; buffer[0][12] =  data[200]; buffer[0][13] =  data[201]; buffer[0][14] =  data[202]; buffer[0][15] =  data[203]; buffer[0][16] =  data[204]; buffer[0][17] =  data[205]; buffer[0][18] =  data[206]; buffer[0][19] =  data[207]; buffer[0][20] =  data[208]; buffer[0][21] =  data[209]; buffer[0][22] =  data[210]; buffer[0][23] =  data[211]; buffer[0][24] =  data[232]; buffer[0][25] =  data[233]; buffer[0][26] =  data[234]; buffer[0][27] =  data[235]; buffer[0][28] =  data[236]; buffer[0][29] =  data[237]; buffer[0][30] =  data[238]; buffer[0][31] =  data[239]; buffer[0][32] =  data[240]; buffer[0][33] =  data[241]; buffer[0][34] =  data[242]; buffer[0][35] =  data[243];

        }
        if (partition ==  33) {
            buffer[0][0] =  data[172]; buffer[0][1] =  data[173]; buffer[0][2] =  data[174]; buffer[0][3] =  data[175]; buffer[0][4] =  data[176]; buffer[0][5] =  data[177]; buffer[0][6] =  data[178]; buffer[0][7] =  data[179]; buffer[0][8] =  data[180]; buffer[0][9] =  data[181]; buffer[0][10] =  data[182]; buffer[0][11] =  data[183]; buffer[0][12] =  data[204]; buffer[0][13] =  data[205]; buffer[0][14] =  data[206]; buffer[0][15] =  data[207]; buffer[0][16] =  data[208]; buffer[0][17] =  data[209]; buffer[0][18] =  data[210]; buffer[0][19] =  data[211]; buffer[0][20] =  data[212]; buffer[0][21] =  data[213]; buffer[0][22] =  data[214]; buffer[0][23] =  data[215]; buffer[0][24] =  data[236]; buffer[0][25] =  data[237]; buffer[0][26] =  data[238]; buffer[0][27] =  data[239]; buffer[0][28] =  data[240]; buffer[0][29] =  data[241]; buffer[0][30] =  data[242]; buffer[0][31] =  data[243]; buffer[0][32] =  data[244]; buffer[0][33] =  data[245]; buffer[0][34] =  data[246]; buffer[0][35] =  data[247];

        }
        if (partition ==  34) {
            buffer[0][0] =  data[176]; buffer[0][1] =  data[177]; buffer[0][2] =  data[178]; buffer[0][3] =  data[179]; buffer[0][4] =  data[180]; buffer[0][5] =  data[181]; buffer[0][6] =  data[182]; buffer[0][7] =  data[183]; buffer[0][8] =  data[184]; buffer[0][9] =  data[185]; buffer[0][10] =  data[186]; buffer[0][11] =  data[187]; buffer[0][12] =  data[208]; buffer[0][13] =  data[209]; buffer[0][14] =  data[210]; buffer[0][15] =  data[211]; buffer[0][16] =  data[212]; buffer[0][17] =  data[213]; buffer[0][18] =  data[214]; buffer[0][19] =  data[215]; buffer[0][20] =  data[216]; buffer[0][21] =  data[217]; buffer[0][22] =  data[218]; buffer[0][23] =  data[219]; buffer[0][24] =  data[240]; buffer[0][25] =  data[241]; buffer[0][26] =  data[242]; buffer[0][27] =  data[243]; buffer[0][28] =  data[244]; buffer[0][29] =  data[245]; buffer[0][30] =  data[246]; buffer[0][31] =  data[247]; buffer[0][32] =  data[248]; buffer[0][33] =  data[249]; buffer[0][34] =  data[250]; buffer[0][35] =  data[251];

        }
        if (partition ==  35) {
            buffer[0][0] =  data[180]; buffer[0][1] =  data[181]; buffer[0][2] =  data[182]; buffer[0][3] =  data[183]; buffer[0][4] =  data[184]; buffer[0][5] =  data[185]; buffer[0][6] =  data[186]; buffer[0][7] =  data[187]; buffer[0][8] =  data[188]; buffer[0][9] =  data[189]; buffer[0][10] =  data[190]; buffer[0][11] =  data[191]; buffer[0][12] =  data[212]; buffer[0][13] =  data[213]; buffer[0][14] =  data[214]; buffer[0][15] =  data[215]; buffer[0][16] =  data[216]; buffer[0][17] =  data[217]; buffer[0][18] =  data[218]; buffer[0][19] =  data[219]; buffer[0][20] =  data[220]; buffer[0][21] =  data[221]; buffer[0][22] =  data[222]; buffer[0][23] =  data[223]; buffer[0][24] =  data[244]; buffer[0][25] =  data[245]; buffer[0][26] =  data[246]; buffer[0][27] =  data[247]; buffer[0][28] =  data[248]; buffer[0][29] =  data[249]; buffer[0][30] =  data[250]; buffer[0][31] =  data[251]; buffer[0][32] =  data[252]; buffer[0][33] =  data[253]; buffer[0][34] =  data[254]; buffer[0][35] =  data[255];

        }
    }
};

} // namespace nnet

#endif
