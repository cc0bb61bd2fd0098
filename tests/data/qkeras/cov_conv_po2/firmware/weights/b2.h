//Numpy array shape [4]
//Min -1.500000000000
//Max 0.125000000000
//Number of zeros 0

#ifndef B2_H_
#define B2_H_

#ifndef __SYNTHESIS__
bias2_t b2[4];
#else
bias2_t b2[4] = {0.1250, -0.1250, -1.5000, -0.3125};

#endif

#endif
