//Numpy array shape [6]
//Min -0.250000000000
//Max 0.687500000000
//Number of zeros 0

#ifndef B14_H_
#define B14_H_

#ifndef __SYNTHESIS__
bias14_t b14[6];
#else
bias14_t b14[6] = {-0.1875, 0.5625, 0.6875, -0.2500, 0.2500, 0.4375};

#endif

#endif
