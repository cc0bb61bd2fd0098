//Numpy array shape [4]
//Min -0.250000000000
//Max 0.750000000000
//Number of zeros 1

#ifndef B2_H_
#define B2_H_

#ifndef __SYNTHESIS__
bias2_t b2[4];
#else
bias2_t b2[4] = {0.000, 0.000, 0.000, 0.000};

#endif

#endif
