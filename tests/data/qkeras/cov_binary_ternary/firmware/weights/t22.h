//Numpy array shape [1, 16]
//Min -1.125000000000
//Max 2.250000000000
//Number of zeros 0

#ifndef T22_H_
#define T22_H_

#ifndef __SYNTHESIS__
threshold22_t t22[16];
#else
threshold22_t t22[16] = {-0.6875, 1.8750, 0.6250, 0.8750, 1.3750, -0.2500, 0.5000, 0.4375, -0.7500, 0.4375, -0.2500, 1.1250, 0.7500, 2.2500, -1.1250, 0.3750};

#endif

#endif
