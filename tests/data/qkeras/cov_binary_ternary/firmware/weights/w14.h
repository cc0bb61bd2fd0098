//Numpy array shape [8, 6]
//Min 0.000000000000
//Max 1.000000000000
//Number of zeros 22

#ifndef W14_H_
#define W14_H_

#ifndef __SYNTHESIS__
weight14_t w14[48];
#else
weight14_t w14[48] = {0, 1, 0, 0, 0, 1, 0, 0, 1, 0, 1, 0, 1, 1, 1, 0, 1, 1, 1, 1, 0, 1, 0, 1, 1, 0, 1, 1, 1, 1, 0, 0, 1, 1, 1, 1, 1, 0, 0, 0, 1, 0, 1, 0, 0, 1, 0, 0};

#endif

#endif
