//Numpy array shape [1]
//Min 0.251165688038
//Max 0.251165688038
//Number of zeros 0

#ifndef B6_H_
#define B6_H_

#ifndef __SYNTHESIS__
model_default_t b6[1];
#else
model_default_t b6[1] = {0.2511656880};
#endif

#endif
