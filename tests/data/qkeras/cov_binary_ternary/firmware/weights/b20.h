//Numpy array shape [8]
//Min -0.562500000000
//Max 1.062500000000
//Number of zeros 0

#ifndef B20_H_
#define B20_H_

#ifndef __SYNTHESIS__
bias20_t b20[8];
#else
bias20_t b20[8] = {0.0625, 1.0625, -0.5625, -0.0625, 0.2500, 0.4375, -0.2500, 0.1875};

#endif

#endif
