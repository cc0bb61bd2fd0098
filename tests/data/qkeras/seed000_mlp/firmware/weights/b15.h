//Numpy array shape [16]
//Min -1.187500000000
//Max 0.937500000000
//Number of zeros 0

#ifndef B15_H_
#define B15_H_

#ifndef __SYNTHESIS__
bias15_t b15[16];
#else
bias15_t b15[16] = {0.3125, -0.2500, -1.1875, -0.4375, -0.6875, 0.2500, 0.0625, -0.5000, -0.2500, 0.9375, -0.5625, -0.5625, -0.1250, -0.4375, -0.2500, 0.3125};

#endif

#endif
