//Numpy array shape [14]
//Min -1.187500000000
//Max 1.125000000000
//Number of zeros 0

#ifndef B8_H_
#define B8_H_

#ifndef __SYNTHESIS__
bias8_t b8[14];
#else
bias8_t b8[14] = {0.3750, -0.3125, 1.1250, 1.0000, 0.3125, 0.4375, -1.1875, 0.3750, -0.1250, 0.2500, 0.4375, -0.1875, -1.0000, 0.2500};

#endif

#endif
