//Numpy array shape [8]
//Min -0.562500000000
//Max 1.062500000000
//Number of zeros 0

#ifndef B11_H_
#define B11_H_

#ifndef __SYNTHESIS__
bias11_t b11[8];
#else
bias11_t b11[8] = {0.0000, 0.0000, 0.0000, 0.0000, 0.0000, 0.0000, 0.0000, 0.0000};

#endif

#endif
