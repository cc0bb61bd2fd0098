"""Twin of hls4ml's Catapult ``nnet_utils/nnet_activation.h`` (``templates/catapult``, with its
``#define USE_AC_MATH 1``): ``relu`` (``ac_math::ac_relu``), ``linear``, ``sigmoid`` (through
``ac_sigmoid_pwl_wrapper``: the input read as a *signed* ``ac_fixed<W1,I1,true,Q1,O1>``, the result
computed in ``ac_fixed<W2,I2,false,Q2,O2>`` and then copied into ``res_T``) and ``tanh``
(``ac_math::ac_tanh_pwl`` straight into ``res_T``) and ``softmax`` (``ac_softmax_pwl_wrapper``:
``ac_math::ac_softmax_pwl`` into ``ac_fixed<W2,I2,false,Q2,O2>``, then copied; the configured
``implementation`` is ignored). No tables: ``table_size``/``table_t`` are unused.

>>> import numpy as np
>>> t = AcType(16, 6)
>>> x = AcArray.from_float(np.array([[-1.0, 0.5]]), t)
>>> sigmoid(x, t).format(), tanh(x, t).format()
(['.271484375', '.62109375'], ['-.7646484375', '.46484375'])
"""

from __future__ import annotations

from fxsim import acmath
from fxsim.acarray import AcArray
from fxsim.actypes import AcType


def linear(data: AcArray, res_t: AcType) -> AcArray:
    """``nnet::linear``: ``res[ii] = data[ii]``."""
    return data.cast(res_t)


def relu(data: AcArray, res_t: AcType) -> AcArray:
    """``nnet::relu``: ``ac_math::ac_relu(datareg, res[ii])``."""
    return acmath.ac_relu(data, res_t)


def sigmoid(data: AcArray, res_t: AcType) -> AcArray:
    """``nnet::sigmoid`` (``ac_sigmoid_pwl_wrapper`` per element)."""
    t = data.type
    x = data if t.signed else data.cast(t.with_(signed=True))
    return acmath.ac_sigmoid_pwl(x, res_t.with_(signed=False)).cast(res_t)


def tanh(data: AcArray, res_t: AcType) -> AcArray:
    """``nnet::tanh``: ``ac_math::ac_tanh_pwl(data[ii], res[ii])``."""
    return acmath.ac_tanh_pwl(data, res_t)


def softmax(data: AcArray, res_t: AcType) -> AcArray:
    """``nnet::softmax`` (``ac_softmax_pwl_wrapper`` over the ``n_in`` values of each event); a
    ``data_T`` whose ``ac_softmax_pwl`` does not compile (``I - S > 5``) is a ``ValueError``."""
    return acmath.ac_softmax_pwl(data, res_t.with_(signed=False)).cast(res_t)
