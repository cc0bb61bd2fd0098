//Numpy array shape [3]
//Min -1.375000000000
//Max 0.718750000000
//Number of zeros 0

#ifndef B4_H_
#define B4_H_

#ifndef __SYNTHESIS__
bias4_t b4[3];
#else
bias4_t b4[3] = {-1.37500, 0.71875, 0.15625};

#endif

#endif
