"""Twin of hls4ml's Catapult ``nnet_utils/nnet_batchnorm.h`` (``templates/catapult``): ``normalize``,
``res[i] = product(data[i], scale[k]) + bias[k]`` with the full-precision product
(``nnet::product::mult``) and ``k = i`` (``n_filt == -1``) or ``i % n_filt``, assigned to ``res_T``.

>>> import numpy as np
>>> t = AcType(16, 6)
>>> x = AcArray.from_float(np.array([[1.5, -2.0]]), t)
>>> s, b = AcArray.from_float([0.5, 2.0], t), AcArray.from_float([1.0, 0.25], t)
>>> normalize(x, s, b, None, t).to_float().tolist()
[[1.75, -3.75]]
"""

from __future__ import annotations

import numpy as np

from fxsim.acarray import AcArray
from fxsim.actypes import AcType


def normalize(data: AcArray, scale: AcArray, bias: AcArray, n_filt: int | None, res_t: AcType) -> AcArray:
    """``nnet::normalize``; ``data`` is (batch, n_in); ``n_filt`` None for ``-1``."""
    n_in = data.shape[1]
    k = np.arange(n_in) if n_filt is None else np.arange(n_in) % n_filt
    s = AcArray._trusted(scale.raw[k], scale.type)
    b = AcArray._trusted(bias.raw[k], bias.type)
    return (data * s + b).cast(res_t)
