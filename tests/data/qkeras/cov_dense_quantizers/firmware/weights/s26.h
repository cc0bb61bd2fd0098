//Numpy array shape [1]
//Min 0.062500000000
//Max 0.250000000000
//Number of zeros 0

#ifndef S26_H_
#define S26_H_

#ifndef __SYNTHESIS__
exponent_scale26_t s26[10];
#else
exponent_scale26_t s26[10] = {{1.0, -3}, {1.0, -2}, {1.0, -2}, {1.0, -3}, {1.0, -3}, {1.0, -3}, {1.0, -4}, {1.0, -2}, {1.0, -4}, {1.0, -3}};

#endif

#endif
