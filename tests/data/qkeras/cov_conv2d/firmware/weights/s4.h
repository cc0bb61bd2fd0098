//Numpy array shape [1, 1, 1, 4]
//Min 0.246622428298
//Max 0.447109103203
//Number of zeros 0

#ifndef S4_H_
#define S4_H_

#ifndef __SYNTHESIS__
bn1_scale_t s4[4];
#else
bn1_scale_t s4[4] = {0.3428789675, 0.3180456460, 0.4471091032, 0.2466224283};

#endif

#endif
