//Numpy array shape [3]
//Min -0.042576741427
//Max 0.295350492001
//Number of zeros 0

#ifndef B2_H_
#define B2_H_

#ifndef __SYNTHESIS__
model_default_t b2[3];
#else
model_default_t b2[3] = {-0.0425767414, 0.2953504920, 0.1655800194};
#endif

#endif
