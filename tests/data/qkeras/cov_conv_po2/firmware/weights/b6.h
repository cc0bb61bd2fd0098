//Numpy array shape [3]
//Min -0.562500000000
//Max 0.125000000000
//Number of zeros 0

#ifndef B6_H_
#define B6_H_

#ifndef __SYNTHESIS__
bias6_t b6[3];
#else
bias6_t b6[3] = {-0.1875, -0.5625, 0.1250};

#endif

#endif
