//Numpy array shape [2]
//Min 0.083249941468
//Max 0.119129195809
//Number of zeros 0

#ifndef B4_H_
#define B4_H_

#ifndef __SYNTHESIS__
model_default_t b4[2];
#else
model_default_t b4[2] = {0.1191291958, 0.0832499415};
#endif

#endif
