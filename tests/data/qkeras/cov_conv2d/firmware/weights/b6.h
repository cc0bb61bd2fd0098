//Numpy array shape [4]
//Min -1.000000000000
//Max 0.500000000000
//Number of zeros 0

#ifndef B6_H_
#define B6_H_

#ifndef __SYNTHESIS__
bias6_t b6[4];
#else
bias6_t b6[4] = {-1.000, 0.500, -0.500, 0.500};

#endif

#endif
