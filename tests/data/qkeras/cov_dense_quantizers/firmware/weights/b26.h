//Numpy array shape [10]
//Min -1.125000000000
//Max 0.562500000000
//Number of zeros 0

#ifndef B26_H_
#define B26_H_

#ifndef __SYNTHESIS__
bias26_t b26[10];
#else
bias26_t b26[10] = {-0.0625, -1.1250, -0.0625, -0.5000, -0.3125, 0.1250, 0.3750, 0.5625, -0.3125, 0.5625};

#endif

#endif
