//Numpy array shape [1, 1]
//Min 0.125000000000
//Max 0.500000000000
//Number of zeros 0

#ifndef S13_H_
#define S13_H_

#ifndef __SYNTHESIS__
exponent_scale13_t s13[6];
#else
exponent_scale13_t s13[6] = {{1.0, -2}, {1.0, -2}, {1.0, -1}, {1.0, -2}, {1.0, -2}, {1.0, -3}};

#endif

#endif
