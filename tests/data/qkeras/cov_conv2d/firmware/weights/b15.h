//Numpy array shape [4]
//Min -1.562500000000
//Max 0.218750000000
//Number of zeros 0

#ifndef B15_H_
#define B15_H_

#ifndef __SYNTHESIS__
bias15_t b15[4];
#else
bias15_t b15[4] = {0.21875, -1.56250, 0.15625, -0.03125};

#endif

#endif
