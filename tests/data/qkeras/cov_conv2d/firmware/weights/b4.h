//Numpy array shape [4]
//Min -0.437346845865
//Max 0.888398706913
//Number of zeros 0

#ifndef B4_H_
#define B4_H_

#ifndef __SYNTHESIS__
bn1_bias_t b4[4];
#else
bn1_bias_t b4[4] = {-0.4373468459, 0.6681698561, 0.8883987069, 0.5600243807};

#endif

#endif
