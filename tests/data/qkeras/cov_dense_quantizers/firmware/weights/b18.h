//Numpy array shape [10]
//Min -1.125000000000
//Max 0.562500000000
//Number of zeros 0

#ifndef B18_H_
#define B18_H_

#ifndef __SYNTHESIS__
bias18_t b18[10];
#else
bias18_t b18[10] = {0.0000, 0.0000, 0.0000, 0.0000, 0.0000, 0.0000, 0.0000, 0.0000, 0.0000, 0.0000};

#endif

#endif
