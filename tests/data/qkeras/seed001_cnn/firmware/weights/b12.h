//Numpy array shape [5]
//Min -1.000000000000
//Max 0.250000000000
//Number of zeros 0

#ifndef B12_H_
#define B12_H_

#ifndef __SYNTHESIS__
bias12_t b12[5];
#else
bias12_t b12[5] = {0.00, 0.00, 0.00, 0.00, 0.00};

#endif

#endif
