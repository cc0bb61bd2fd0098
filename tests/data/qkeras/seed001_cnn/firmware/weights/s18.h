//Numpy array shape [1]
//Min 2.000000000000
//Max 2.000000000000
//Number of zeros 0

#ifndef S18_H_
#define S18_H_

#ifndef __SYNTHESIS__
exponent_scale18_t s18[5];
#else
exponent_scale18_t s18[5] = {{1.0, 1}, {1.0, 1}, {1.0, 1}, {1.0, 1}, {1.0, 1}};

#endif

#endif
