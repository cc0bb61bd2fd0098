//Numpy array shape []
//Min -0.118370540440
//Max -0.118370540440
//Number of zeros 0

#ifndef B2_H_
#define B2_H_

#ifndef __SYNTHESIS__
gru_bias_t b2[1];
#else
gru_bias_t b2[1] = {-0.11837};

#endif

#endif
