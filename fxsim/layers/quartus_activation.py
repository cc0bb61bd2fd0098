"""Twin of hls4ml's Quartus ``nnet_utils/nnet_activation.h`` (``templates/quartus/firmware``):
the element-wise activations without tables (``linear``, ``relu``).

>>> from fxsim.acarray import AcArray
>>> x = AcArray.from_float([-1.5, 0.0, 2.75], "ac_fixed<16,6,true>")
>>> relu(x, AcType(8, 3, False)).to_float().tolist()
[0.0, 0.0, 2.75]
"""

from __future__ import annotations

import numpy as np

from fxsim.acarray import AcArray
from fxsim.actypes import AcType


def linear(data: AcArray, res_t: AcType) -> AcArray:
    """``nnet::linear``: ``res[ii] = data[ii]`` (a cast to ``res_T``)."""
    return data.cast(res_t)


def relu(data: AcArray, res_t: AcType) -> AcArray:
    """``nnet::relu``: ``res = data > 0 ? data : 0`` (the positive values cast to ``res_T``)."""
    out = data.cast(res_t).raw.copy()
    out[~np.asarray(data > 0, dtype=bool)] = 0
    return AcArray._trusted(out, res_t)
