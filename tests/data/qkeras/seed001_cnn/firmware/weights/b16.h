//Numpy array shape [18]
//Min -1.000000000000
//Max 1.000000000000
//Number of zeros 9

#ifndef B16_H_
#define B16_H_

#ifndef __SYNTHESIS__
bias16_t b16[18];
#else
bias16_t b16[18] = {1, -1, 0, -1, -1, 1, 0, 0, -1, 0, 0, 0, -1, -1, 1, 0, 0, 0};

#endif

#endif
