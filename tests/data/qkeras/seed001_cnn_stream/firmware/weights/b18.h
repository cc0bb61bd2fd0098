//Numpy array shape [5]
//Min -1.000000000000
//Max 0.250000000000
//Number of zeros 0

#ifndef B18_H_
#define B18_H_

#ifndef __SYNTHESIS__
bias18_t b18[5];
#else
bias18_t b18[5] = {-1.00, 0.25, 0.25, -0.50, -0.25};

#endif

#endif
