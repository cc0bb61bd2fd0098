//Numpy array shape [4]
//Min -1.562500000000
//Max 0.218750000000
//Number of zeros 0

#ifndef B12_H_
#define B12_H_

#ifndef __SYNTHESIS__
bias12_t b12[4];
#else
bias12_t b12[4] = {0.00000, 0.00000, 0.00000, 0.00000};

#endif

#endif
