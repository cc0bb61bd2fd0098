//Numpy array shape [16]
//Min -1.125000000000
//Max 1.125000000000
//Number of zeros 0

#ifndef B25_H_
#define B25_H_

#ifndef __SYNTHESIS__
bias25_t b25[16];
#else
bias25_t b25[16] = {0.625, -0.875, -0.625, -0.500, -0.625, 0.250, -0.500, -0.375, 0.375, -0.500, 0.250, -0.625, -0.750, -1.125, 1.125, -0.250};

#endif

#endif
