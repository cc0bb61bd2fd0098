//Numpy array shape [5]
//Min -0.327750295401
//Max 0.388772636652
//Number of zeros 0

#ifndef B9_H_
#define B9_H_

#ifndef __SYNTHESIS__
model_default_t b9[5];
#else
model_default_t b9[5] = {-0.3277502954, -0.1489289701, -0.0227447860, 0.3887726367, 0.1066203043};
#endif

#endif
