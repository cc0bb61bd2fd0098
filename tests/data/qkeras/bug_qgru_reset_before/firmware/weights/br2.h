//Numpy array shape []
//Min -0.668440282345
//Max -0.668440282345
//Number of zeros 0

#ifndef BR2_H_
#define BR2_H_

#ifndef __SYNTHESIS__
gru_recurrent_bias_t br2[1];
#else
gru_recurrent_bias_t br2[1] = {-0.6684402823};

#endif

#endif
