//Numpy array shape [1]
//Min 0.250000000000
//Max 0.500000000000
//Number of zeros 0

#ifndef S17_H_
#define S17_H_

#ifndef __SYNTHESIS__
exponent_scale17_t s17[16];
#else
exponent_scale17_t s17[16] = {{1.0, -1}, {1.0, -1}, {1.0, -1}, {1.0, -1}, {1.0, -2}, {1.0, -1}, {1.0, -1}, {1.0, -1}, {1.0, -2}, {1.0, -2}, {1.0, -1}, {1.0, -1}, {1.0, -1}, {1.0, -1}, {1.0, -1}, {1.0, -1}};

#endif

#endif
