"""Twin of hls4ml's Catapult ``nnet_utils/nnet_activation.h`` (``templates/catapult``, with its
``#define USE_AC_MATH 1``): ``relu`` (``ac_math::ac_relu``), ``linear``, ``sigmoid`` (through
``ac_sigmoid_pwl_wrapper``: the input read as a *signed* ``ac_fixed<W1,I1,true,Q1,O1>``, the result
computed in ``ac_fixed<W2,I2,false,Q2,O2>`` and then copied into ``res_T``) and ``tanh``
(``ac_math::ac_tanh_pwl`` straight into ``res_T``) and ``softmax`` (``ac_softmax_pwl_wrapper``:
``ac_math::ac_softmax_pwl`` into ``ac_fixed<W2,I2,false,Q2,O2>``, then copied; the configured
``implementation`` is ignored), ``elu``/``selu``/``softsign``/``softplus`` (``ac_elu_pwl``, ``ac_selu_pwl``,
``ac_softsign_pwl``, ``ac_softplus_pwl``), ``leaky_relu`` and the Catapult ``hard_sigmoid`` (slope 0.2 and shift 0.5 in
``data_T``, whatever the config says). No tables: ``table_size``/``table_t`` are unused.

>>> import numpy as np
>>> t = AcType(16, 6)
>>> x = AcArray.from_float(np.array([[-1.0, 0.5]]), t)
>>> sigmoid(x, t).format(), tanh(x, t).format()
(['.271484375', '.62109375'], ['-.7646484375', '.46484375'])
"""

from __future__ import annotations

import numpy as np

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


def elu(data: AcArray, alpha: AcArray, res_t: AcType) -> AcArray:
    """``nnet::elu``: ``ac_math::ac_elu_pwl(data[ii], res[ii], alpha)`` (``alpha`` as ``param_T``)."""
    return acmath.ac_elu_pwl(data, res_t, alpha)


def selu(data: AcArray, res_t: AcType) -> AcArray:
    """``nnet::selu``: ``ac_math::ac_selu_pwl(data[ii], res[ii])``."""
    return acmath.ac_selu_pwl(data, res_t)


def softsign(data: AcArray, res_t: AcType) -> AcArray:
    """``nnet::softsign``: ``ac_math::ac_softsign_pwl(data[ii], res[ii])``."""
    return acmath.ac_softsign_pwl(data, res_t)


def leaky_relu(data: AcArray, alpha: AcArray, res_t: AcType) -> AcArray:
    """``nnet::leaky_relu``: ``res = data > 0 ? data : alpha * data`` (``alpha`` as ``param_T``)."""
    neg = (alpha * data).cast(res_t)
    return AcArray._trusted(np.where(np.asarray(data > 0), data.cast(res_t).raw, neg.raw), res_t)


def hard_sigmoid(data: AcArray, res_t: AcType) -> AcArray:
    """``nnet::hard_sigmoid``: ``datareg = (data_T)0.2 * x + (data_T)0.5`` in ``data_T``, clamped to
    [0, 1] (``datareg = 1``/``0`` converted to ``data_T``), then ``res = datareg``."""
    t = data.type
    slope, shift = AcArray.from_float([0.2], t)[0], AcArray.from_float([0.5], t)[0]
    reg = (slope * data + shift).cast(t)
    one, zero = AcArray.from_float([1.0], t), AcArray.from_float([0.0], t)
    raw = np.where(np.asarray(reg > 1), one.raw[0], np.where(np.asarray(reg < 0), zero.raw[0], reg.raw))
    return AcArray._trusted(np.asarray(raw, dtype=np.asarray(reg.raw).dtype), t).cast(res_t)


def softplus(data: AcArray, res_t: AcType) -> AcArray:
    """``nnet::softplus`` (``ac_softplus_pwl_wrapper``: the result in ``ac_fixed<W2,I2,false,Q2,O2>``,
    then copied into ``res_T``)."""
    return acmath.ac_softplus_pwl(data, res_t.with_(signed=False)).cast(res_t)


def prelu(data: AcArray, alpha: AcArray, res_t: AcType) -> AcArray:
    """``nnet::prelu``: ``res[ii] = data[ii] > 0 ? data[ii] : alpha[ii] * data[ii]``."""
    neg = (data * alpha).cast(res_t)
    return AcArray._trusted(np.where(np.asarray(data > 0), data.cast(res_t).raw, neg.raw), res_t)
