//Numpy array shape [5]
//Min -0.267472475767
//Max 0.338457465172
//Number of zeros 0

#ifndef B11_H_
#define B11_H_

#ifndef __SYNTHESIS__
model_default_t b11[5];
#else
model_default_t b11[5] = {0.3384574652, -0.2674724758, -0.1724402606, -0.0898383185, 0.1472624838};
#endif

#endif
