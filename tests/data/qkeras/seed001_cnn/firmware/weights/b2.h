//Numpy array shape [18]
//Min -1.000000000000
//Max 1.000000000000
//Number of zeros 9

#ifndef B2_H_
#define B2_H_

#ifndef __SYNTHESIS__
bias2_t b2[18];
#else
bias2_t b2[18] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};

#endif

#endif
