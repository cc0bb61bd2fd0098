//Numpy array shape [6]
//Min -0.375000000000
//Max 0.875000000000
//Number of zeros 1

#ifndef B13_H_
#define B13_H_

#ifndef __SYNTHESIS__
bias13_t b13[6];
#else
bias13_t b13[6] = {-0.125, 0.375, 0.000, 0.375, 0.875, -0.375};

#endif

#endif
