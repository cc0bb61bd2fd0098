//Numpy array shape [1]
//Min 0.500000000000
//Max 1.000000000000
//Number of zeros 0

#ifndef S25_H_
#define S25_H_

#ifndef __SYNTHESIS__
exponent_scale25_t s25[16];
#else
exponent_scale25_t s25[16] = {{1.0, 0}, {1.0, -1}, {1.0, -1}, {1.0, -1}, {1.0, -1}, {1.0, 0}, {1.0, -1}, {1.0, -1}, {1.0, -1}, {1.0, -1}, {1.0, 0}, {1.0, -1}, {1.0, -1}, {1.0, -1}, {1.0, -1}, {1.0, -1}};

#endif

#endif
