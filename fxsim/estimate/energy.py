"""Energy per inference the way QKeras QTools estimates it (arXiv:2006.10159 section V.A).

``E_layer = E_input + E_parameters + E_MAC (+ E_output for activations)``, 45 nm Horowitz table
(:data:`constants.HOROWITZ_45NM`), activations and parameters read once from SRAM in 64-bit words,
SRAM energy evaluated at ``log2(max(bits, 2**27))``. What QTools counts per layer type
(``qtools/settings.py`` ``include_energy``): Dense/Conv: inputs + parameters + MACs; activations:
outputs; BatchNormalization: parameters.

Dense MAC energy: a fixed-point multiplier costs ``fpm_mul(sqrt(b_in * b_w))`` and the accumulator
add ``fpm_add(ceil(log2(n_in + 1)) + b_in + b_w)`` (``multiplier_impl.FixedPointMultiplier``,
``accumulator_impl.FixedPointAccumulator``); binary/ternary weights use a mux/xor gate.

>>> e = qtools_energy([EnergyLayer("dense", "d", 16, 64, input_bits=16, weight_bits=6, bias_bits=6)])
>>> round(e.layers[0].total_pj, 1)   # arXiv:2006.10159 Table II, Q6 first Dense: 794
794.5
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from fxsim.estimate import constants as C

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
class EnergyLayer:
    """One layer as QTools sees it: kind, sizes and quantizer bit widths (0 = float32).

    ``n_ops`` defaults to ``n_in * n_out`` for dense/conv; ``weight_kind`` is ``'fixed'``,
    ``'binary'`` or ``'ternary'``.
    """

    kind: str
    name: str
    n_in: int
    n_out: int
    input_bits: int = 0
    weight_bits: int = 0
    bias_bits: int = 0
    output_bits: int = 0
    n_ops: int | None = None
    n_params: int | None = None
    use_bias: bool = True
    weight_kind: str = "fixed"


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


def layer_energy(layer: EnergyLayer) -> LayerEnergy:
    """QTools energy of one layer (only the terms QTools includes for that layer type)."""
    kind = layer.kind.lower()
    zero = dict(inputs_pj=0.0, parameters_pj=0.0, op_pj=0.0, outputs_pj=0.0, param_bits=0)
    if kind in ("dense", "conv1d", "conv2d"):
        n_w = layer.n_params if layer.n_params is not None else layer.n_in * layer.n_out
        n_b = layer.n_out if layer.use_bias else 0
        wb, bb = _bits(layer.weight_bits), _bits(layer.bias_bits)
        ops = layer.n_ops if layer.n_ops is not None else layer.n_in * layer.n_out
        return LayerEnergy(
            layer.name, kind,
            inputs_pj=sram_energy_pj(layer.n_in * _bits(layer.input_bits)),
            parameters_pj=sram_energy_pj(n_w * wb) + sram_energy_pj(n_b * bb),
            op_pj=ops * mac_energy_pj(layer.n_in, layer.input_bits, layer.weight_bits, layer.use_bias,
                                      layer.weight_kind),
            outputs_pj=0.0, param_bits=n_w * wb + n_b * bb)
    if kind == "batchnorm":  # gamma, beta, mean, variance
        one = layer.n_out * _bits(layer.weight_bits)
        return LayerEnergy(layer.name, kind, **{**zero, "parameters_pj": 4 * sram_energy_pj(one),
                                                 "param_bits": 4 * one})
    if kind in ("input", "flatten", "reshape", "dropout", "linear"):
        return LayerEnergy(layer.name, kind, **zero)
    # activations: output write only
    out_pj = sram_energy_pj(layer.n_out * _bits(layer.output_bits))
    return LayerEnergy(layer.name, kind, **{**zero, "outputs_pj": out_pj})


def qtools_energy(layers: Sequence[EnergyLayer]) -> EnergyReport:
    """QTools per-layer energy of a network.

    >>> r = qtools_energy([EnergyLayer("relu", "r", 64, 64, output_bits=14)])
    >>> round(r.total_pj)
    53
    """
    return EnergyReport(tuple(layer_energy(layer) for layer in layers))


def energy_layers_from_specs(specs, source_bits: int | None = None,
                             float_kinds: Sequence[str] = ("softmax",)) -> list[EnergyLayer]:
    """:class:`~fxsim.estimate.layers.LayerSpec` list -> QTools view.

    ``source_bits`` is QTools' ``source_quantizers`` width for the model input (default: the first
    layer's input width). Layers whose kind is in ``float_kinds`` are counted as un-quantized Keras
    layers (fp32 tensors): QTools' treatment of a plain ``Activation('softmax')``.
    """
    out: list[EnergyLayer] = []
    for i, s in enumerate(specs):
        kind = s.kind.lower()
        in_bits = s.input_t.width if s.input_t is not None else 0
        if i == 0 and source_bits is not None:
            in_bits = source_bits
        out_bits = 0 if kind in float_kinds else s.result_t.width
        wb = s.weight_t.width if s.weight_t is not None else 0
        bb = s.bias_t.width if s.bias_t is not None else wb
        wk = "binary" if wb == 1 else "ternary" if wb == 2 else "fixed"
        n_ops = s.n_in * s.n_out * s.n_pixels if kind in ("dense", "conv1d", "conv2d") else None
        out.append(EnergyLayer(kind, s.name, s.n_in, s.n_out, input_bits=in_bits, weight_bits=wb,
                               bias_bits=bb, output_bits=out_bits, n_ops=n_ops,
                               use_bias=s.bias is not None or kind not in ("dense", "conv1d", "conv2d"),
                               weight_kind=wk))
    return out
