//Numpy array shape [12]
//Min -0.375000000000
//Max 0.625000000000
//Number of zeros 3

#ifndef B12_H_
#define B12_H_

#ifndef __SYNTHESIS__
bias12_t b12[12];
#else
bias12_t b12[12] = {-0.375, 0.250, 0.000, -0.375, -0.250, 0.000, 0.000, -0.375, -0.250, 0.625, 0.125, 0.500};

#endif

#endif
