//Numpy array shape [6]
//Min -0.750000000000
//Max 1.218750000000
//Number of zeros 0

#ifndef B21_H_
#define B21_H_

#ifndef __SYNTHESIS__
bias21_t b21[6];
#else
bias21_t b21[6] = {0.71875, -0.28125, -0.68750, 1.21875, -0.28125, -0.75000};

#endif

#endif
