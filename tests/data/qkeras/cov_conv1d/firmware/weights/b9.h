//Numpy array shape [4]
//Min -0.468750000000
//Max -0.031250000000
//Number of zeros 0

#ifndef B9_H_
#define B9_H_

#ifndef __SYNTHESIS__
bias9_t b9[4];
#else
bias9_t b9[4] = {-0.46875, -0.03125, -0.37500, -0.43750};

#endif

#endif
