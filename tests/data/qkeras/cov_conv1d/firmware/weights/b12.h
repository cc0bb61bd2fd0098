//Numpy array shape [8]
//Min -1.250000000000
//Max 0.500000000000
//Number of zeros 0

#ifndef B12_H_
#define B12_H_

#ifndef __SYNTHESIS__
bias12_t b12[8];
#else
bias12_t b12[8] = {-1.250, 0.500, -1.000, 0.500, -0.500, 0.500, 0.125, -0.875};

#endif

#endif
