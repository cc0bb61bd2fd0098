//Numpy array shape [4, 2, 1]
//Min -0.455456525087
//Max 0.376826226711
//Number of zeros 0

#ifndef W6_H_
#define W6_H_

#ifndef __SYNTHESIS__
model_default_t w6[8];
#else
model_default_t w6[8] = {-0.0846249163, -0.4554565251, -0.0165672693, 0.3082141280, -0.4003293216, 0.3768262267, -0.3427318931, 0.3356940150};
#endif

#endif
