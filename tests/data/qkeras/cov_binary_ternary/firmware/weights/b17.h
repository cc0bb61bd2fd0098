//Numpy array shape [16]
//Min -1.000000000000
//Max 1.125000000000
//Number of zeros 0

#ifndef B17_H_
#define B17_H_

#ifndef __SYNTHESIS__
bias17_t b17[16];
#else
bias17_t b17[16] = {0.5625, -0.0625, 0.3125, 0.5000, 0.5000, 0.5625, -0.2500, 0.9375, -0.7500, 0.5000, 0.3125, 0.5000, 1.1250, 0.8750, -0.6875, -1.0000};

#endif

#endif
