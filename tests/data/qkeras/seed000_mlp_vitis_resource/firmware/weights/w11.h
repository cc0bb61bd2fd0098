//Numpy array shape [16, 1]
//Min -0.992187500000
//Max 0.992187500000
//Number of zeros 1

#ifndef W11_H_
#define W11_H_

#ifndef __SYNTHESIS__
weight11_t w11[16];
#else
weight11_t w11[16] = {15.875, -15.875, -0.125, 0.375, -0.750, -1.750, -3.250, 9.625, -4.500, -1.250, 0.000, 1.000, -1.625, 9.625, -0.125, 1.625};

#endif

#endif
