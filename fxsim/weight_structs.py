"""Weight arrays whose elements are hls4ml structs rather than numbers, as the project reader
produces them and the layer twins take them.

* :class:`ExponentWeights`: power-of-two weights, hls4ml's ``ExponentType``
  (``struct exponent_w2_t { ap_uint<1> sign; ap_int<W> weight; }``), multiplied by
  ``nnet::product::weight_exponential`` (nnet_mult.h);
* :class:`CompressedWeights`: COO weights, hls4ml's ``CompressedType``
  (``struct { index_t row_index; index_t col_index; weight_t weight; }``), read by
  ``nnet::dense_compressed`` (nnet_dense_compressed.h).

Both are loaded by ``nnet::load_{exponent,compressed}_weights_from_txt`` (nnet_helpers.h), whose
twin is :func:`fxsim.project.weights.read_struct_weights`.

>>> import numpy as np
>>> from fxsim.array import FixedArray
>>> e = ExponentWeights(np.array([1, 0]), FixedArray([-2, 3], "ap_int<4>"))
>>> e.size, e[1].exponent.raw.tolist()
(2, 3)
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from fxsim.array import FixedArray


@dataclass(frozen=True)
class ExponentWeights:
    """Power-of-two weights, hls4ml's ``ExponentType`` struct
    ``struct exponent_w2_t { ap_uint<1> sign; ap_int<W> weight; }``: the value is
    ``(sign == 1 ? 1 : -1) * 2**weight``. ``sign`` holds raws of ``ap_uint<1>``, ``exponent`` the
    ``ap_int<W>`` exponents (the ``.weight`` field), both flat in the C++ array order."""

    sign: np.ndarray
    exponent: FixedArray

    def __post_init__(self) -> None:
        if np.shape(self.sign) != self.exponent.shape:
            raise ValueError("sign and exponent must have the same shape")

    @property
    def size(self) -> int:
        return int(self.exponent.size)

    def reshape(self, *shape) -> ExponentWeights:
        return ExponentWeights(np.asarray(self.sign).reshape(*shape), self.exponent.reshape(*shape))

    def __getitem__(self, k) -> ExponentWeights:
        return ExponentWeights(np.asarray(self.sign)[k], self.exponent[k])


@dataclass(frozen=True)
class CompressedWeights:
    """COO weights of ``nnet::dense_compressed``: hls4ml's ``CompressedType`` struct
    ``{index_t row_index; index_t col_index; weight_t weight;}``; ``row`` indexes the data
    (input), ``col`` the output; ``weight`` the values (a FixedArray of the struct's weight type).
    The C++ array has ``n_nonzeros`` entries (hls4ml pads with zero weights to a multiple of the
    reuse factor)."""

    row: np.ndarray
    col: np.ndarray
    weight: FixedArray

    def __post_init__(self) -> None:
        if not (np.shape(self.row) == np.shape(self.col) == self.weight.shape) or self.weight.ndim != 1:
            raise ValueError("row, col and weight must be 1-D of the same length")

    @property
    def size(self) -> int:
        return int(self.weight.size)
