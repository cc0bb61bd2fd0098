"""Twin of hls4ml's Quartus ``nnet_utils/nnet_batchnorm.h`` (``templates/quartus/firmware``):
``normalize``: ``res = (res_T)(data * scale + bias)`` with the product and the sum exact (no
intermediate cast); ``n_filt == -1`` (the unsigned config value ``4294967295``) means one scale per
element, otherwise ``scale[i % n_filt]``.

>>> import numpy as np
>>> from fxsim.acarray import AcArray
>>> t = AcType(16, 6)
>>> x = AcArray.from_float(np.array([[1.0, -2.0]]), t)
>>> s, b = AcArray.from_float([0.5, 0.25], t), AcArray.from_float([0.125, 1.0], t)
>>> normalize(x, s, b, None, AcType(8, 3)).to_float().tolist()
[[0.625, 0.5]]
"""

from __future__ import annotations

import numpy as np

from fxsim.acarray import AcArray
from fxsim.actypes import AcType


def normalize(data: AcArray, scale: AcArray, bias: AcArray, n_filt: int | None, res_t: AcType) -> AcArray:
    """``nnet::normalize``; ``n_filt`` None for one scale/bias per element."""
    cols = []
    for i in range(data.shape[1]):
        k = i if n_filt is None else i % n_filt
        cols.append((AcArray._trusted(data.raw[:, i], data.type) * scale[k] + bias[k]).cast(res_t))
    return AcArray._trusted(np.stack([c.raw for c in cols], axis=1), res_t)
