//Numpy array shape [1]
//Min 0.062500000000
//Max 0.062500000000
//Number of zeros 0

#ifndef S16_H_
#define S16_H_

#ifndef __SYNTHESIS__
exponent_scale16_t s16[1];
#else
exponent_scale16_t s16[1] = {{1.0, -4}};

#endif

#endif
