//Numpy array shape [1]
//Min 0.125000000000
//Max 0.250000000000
//Number of zeros 0

#ifndef S15_H_
#define S15_H_

#ifndef __SYNTHESIS__
exponent_scale15_t s15[16];
#else
exponent_scale15_t s15[16] = {{1.0, -2}, {1.0, -2}, {1.0, -2}, {1.0, -2}, {1.0, -3}, {1.0, -2}, {1.0, -3}, {1.0, -3}, {1.0, -3}, {1.0, -3}, {1.0, -2}, {1.0, -3}, {1.0, -2}, {1.0, -2}, {1.0, -2}, {1.0, -3}};

#endif

#endif
