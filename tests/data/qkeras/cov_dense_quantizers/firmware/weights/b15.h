//Numpy array shape [10]
//Min -1.437500000000
//Max 0.875000000000
//Number of zeros 0

#ifndef B15_H_
#define B15_H_

#ifndef __SYNTHESIS__
bias15_t b15[10];
#else
bias15_t b15[10] = {-0.4375, -0.5625, -0.0625, -0.9375, 0.8750, -1.4375, -0.6875, -0.1875, -0.1250, 0.1250};

#endif

#endif
