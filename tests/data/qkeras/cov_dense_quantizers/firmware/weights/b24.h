//Numpy array shape [16]
//Min -1.000000000000
//Max 1.125000000000
//Number of zeros 0

#ifndef B24_H_
#define B24_H_

#ifndef __SYNTHESIS__
bias24_t b24[16];
#else
bias24_t b24[16] = {0.625, -0.125, 0.375, 0.500, 0.500, 0.500, -0.250, 0.875, -0.750, 0.500, 0.250, 0.500, 1.125, 0.875, -0.625, -1.000};

#endif

#endif
