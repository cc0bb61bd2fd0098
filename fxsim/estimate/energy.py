"""Energy per inference the way QKeras QTools estimates it (arXiv:2006.10159 section V.A).

``E_layer = E_input + E_parameters + E_MAC (+ E_output for activations)``, 45 nm Horowitz table
(:data:`constants.HOROWITZ_45NM`), activations and parameters read once from SRAM in 64-bit words,
SRAM energy evaluated at ``log2(max(bits, 2**27))``. What QTools counts per layer type
(``qtools/settings.py`` ``include_energy``): Dense/Conv: inputs + parameters + MACs; activations:
outputs; BatchNormalization: parameters.

Dense MAC energy: a fixed-point multiplier costs ``fpm_mul(sqrt(b_in * b_w))`` and the accumulator
add ``fpm_add(ceil(log2(n_in + 1)) + b_in + b_w)`` (``multiplier_impl.FixedPointMultiplier``,
``accumulator_impl.FixedPointAccumulator``); binary/ternary weights use a mux/xor gate.

It reads the estimator's one layer description, :class:`~fxsim.estimate.layers.LayerSpec` (built from
the project reader's :class:`~fxsim.project.Project` by :func:`fxsim.estimate.layers_from_project`):
sizes, and the bit widths of ``input_t``, ``weight_t``, ``bias_t``, ``result_t``.

>>> from fxsim.types import FixedType
>>> q6 = LayerSpec("dense", "d", 16, 64, bias=np.zeros(64), input_t=FixedType(16, 6),
...                weight_t=FixedType(6, 1), bias_t=FixedType(6, 1))
>>> e = qtools_energy([q6])
>>> round(e.layers[0].total_pj, 1)   # arXiv:2006.10159 Table II, Q6 first Dense: 794
794.5
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from fxsim.estimate import constants as C
from fxsim.estimate.layers import LayerSpec

_POLY = {k: np.poly1d(v) for k, v in C.HOROWITZ_45NM.items()}


def _op(name: str, x: float) -> float:
    return max(float(_POLY[name](x)), 0.0)


def sram_energy_pj(bits: float) -> float:
    """Energy to read (or write) ``bits`` once from SRAM, QTools style.

    >>> round(sram_energy_pj(64), 4), round(sram_energy_pj(65), 4)
    (3.8038, 7.6076)
    """
    if bits <= 0:
        return 0.0
    size_log2 = math.log2(max(bits, C.QTOOLS_MIN_SRAM_BITS))
    return math.ceil(bits / C.QTOOLS_SRAM_WORD_BITS) * _op("sram_rd", size_log2)


@dataclass(frozen=True)
class LayerEnergy:
    name: str
    kind: str
    inputs_pj: float
    parameters_pj: float
    op_pj: float
    outputs_pj: float
    param_bits: int

    @property
    def total_pj(self) -> float:
        return self.inputs_pj + self.parameters_pj + self.op_pj + self.outputs_pj


@dataclass(frozen=True)
class EnergyReport:
    layers: tuple[LayerEnergy, ...]

    @property
    def total_pj(self) -> float:
        return sum(layer.total_pj for layer in self.layers)

    @property
    def total_uj(self) -> float:
        return self.total_pj * 1e-6

    @property
    def total_bits(self) -> int:
        """Bits of all parameters (QTools' "total bits")."""
        return sum(layer.param_bits for layer in self.layers)


def _bits(b: int) -> int:
    return b if b > 0 else C.QTOOLS_FLOAT_BITS


def mac_energy_pj(n_in: int, input_bits: int, weight_bits: int, use_bias: bool = True,
                  weight_kind: str = "fixed") -> float:
    """Energy of one multiply-accumulate of a Dense/Conv layer.

    >>> round(mac_energy_pj(64, 14, 14), 6)   # 0.601562 (14x14 mul) + 0.109375 (35-bit add)
    0.710938
    """
    if input_bits <= 0 or weight_bits <= 0:  # any float operand: fp32 multiplier and adder
        return _op("fp32_mul", 32) + _op("fp32_add", 32)
    if weight_kind == "binary":
        mul, out_bits = 0.3 * _op("fpm_add", input_bits), input_bits + 1
    elif weight_kind == "ternary":
        mul, out_bits = 0.6 * _op("fpm_add", input_bits), input_bits + 1
    else:
        mul, out_bits = _op("fpm_mul", math.sqrt(input_bits * weight_bits)), input_bits + weight_bits
    acc_bits = math.ceil(math.log2(n_in + (1 if use_bias else 0))) + out_bits
    return mul + _op("fpm_add", acc_bits)


#: Layer kinds QTools counts as un-quantized Keras layers (fp32 tensors): a plain ``Activation('softmax')``.
FLOAT_KINDS = ("softmax",)
WEIGHTED = ("dense", "conv1d", "conv2d")


def layer_energy(spec: LayerSpec, input_bits: int | None = None,
                 float_kinds: Sequence[str] = FLOAT_KINDS) -> LayerEnergy:
    """QTools energy of one layer (only the terms QTools includes for that layer type).

    ``input_bits`` overrides the input width (QTools' ``source_quantizers`` for the model input); a
    layer whose kind is in ``float_kinds`` writes fp32 outputs. Weights of 1 or 2 bits are binary or
    ternary (a mux/xor gate instead of a multiplier).
    """
    kind = spec.kind.lower()
    in_bits = spec.input_t.width if input_bits is None else input_bits
    wb = spec.weight_t.width if spec.weight_t is not None else 0
    bb = spec.bias_t.width if spec.bias_t is not None else wb
    zero: dict[str, Any] = dict(inputs_pj=0.0, parameters_pj=0.0, op_pj=0.0, outputs_pj=0.0, param_bits=0)
    if kind in WEIGHTED:
        use_bias = spec.bias is not None
        n_w, n_b = spec.n_in * spec.n_out, spec.n_out if use_bias else 0
        weight_kind = "binary" if wb == 1 else "ternary" if wb == 2 else "fixed"
        ops = spec.n_in * spec.n_out * spec.n_pixels
        return LayerEnergy(
            spec.name, kind,
            inputs_pj=sram_energy_pj(spec.n_in * _bits(in_bits)),
            parameters_pj=sram_energy_pj(n_w * _bits(wb)) + sram_energy_pj(n_b * _bits(bb)),
            op_pj=ops * mac_energy_pj(spec.n_in, in_bits, wb, use_bias, weight_kind),
            outputs_pj=0.0, param_bits=n_w * _bits(wb) + n_b * _bits(bb))
    if kind == "batchnorm":  # gamma, beta, mean, variance
        one = spec.n_out * _bits(wb)
        return LayerEnergy(spec.name, kind, **{**zero, "parameters_pj": 4 * sram_energy_pj(one),
                                                "param_bits": 4 * one})
    if kind in ("input", "flatten", "reshape", "dropout", "linear"):
        return LayerEnergy(spec.name, kind, **zero)
    # activations: output write only
    out_bits = 0 if kind in float_kinds else spec.result_t.width
    out_pj = sram_energy_pj(spec.n_out * _bits(out_bits))
    return LayerEnergy(spec.name, kind, **{**zero, "outputs_pj": out_pj})


def qtools_energy(specs: Sequence[LayerSpec], source_bits: int | None = None,
                  float_kinds: Sequence[str] = FLOAT_KINDS) -> EnergyReport:
    """QTools per-layer energy of a network; ``source_bits``: the model input's quantizer width
    (default: the first layer's input width).

    >>> from fxsim.types import FixedType
    >>> r = qtools_energy([LayerSpec("relu", "r", 64, 64, result_t=FixedType(14, 6))])
    >>> round(r.total_pj)
    53
    """
    return EnergyReport(tuple(layer_energy(s, source_bits if i == 0 else None, float_kinds)
                              for i, s in enumerate(specs)))
