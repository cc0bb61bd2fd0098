//Numpy array shape [18]
//Min 0.000000000000
//Max 0.000000000000
//Number of zeros 18

#ifndef B5_H_
#define B5_H_

#ifndef __SYNTHESIS__
bias5_t b5[18];
#else
bias5_t b5[18] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};

#endif

#endif
