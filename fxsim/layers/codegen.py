"""Twin of the functions hls4ml generates into ``firmware/nnet_utils/nnet_code_gen.h``.

Mirrors ``nnet_code_gen.h`` as :func:`fxsim.project.codegen.parse_codegen` reads it (HGQ2's
per-element quantizers ``nnet::d1_iq``, ``nnet::mha_query_iq``…, and the ``distributed_arithmetic``
adder graphs ``nnet::dense_da_3``…), plus ``bit_shift`` of ``nnet_function_stubs.h``. Every value
is a :class:`~fxsim.array.FixedArray` over the batch, so each C++ statement is one vectorised step
with the headers' typing (``ap_fixed_base`` ``RType`` for ``+ - *``, conversions on ``=`` and
``T(x)``):

* :func:`run_reference` executes the statements one by one (the obvious path);
* :class:`GeneratedFunction` is the twin a network calls: a function made only of
  ``out[k] = T(inp[j]);`` / ``out[k] = 0;`` (the quantizers) runs as one gather and two casts per
  distinct ``T``; anything else runs :func:`run_reference`;
* :class:`DAKernel` is an EinsumDense ``da_kernel`` (``CONFIG_T::da_kernel(inp_tpose, out_tpose, l0)``
  in ``nnet_einsum_dense.h``): its wrapper's calls of generated adder graphs on slices.

>>> from fxsim.project.codegen import parse_codegen
>>> fn = parse_codegen('''template<typename input_t, typename output_t>
... void q(input_t *inp, output_t *out) {
...     out[0] = ap_fixed<4,1,AP_RND,AP_SAT>(inp[0]);
...     out[1] = ap_fixed<3,2,AP_RND,AP_SAT>(inp[1]);
... }''', "nnet_code_gen.h").functions["q"]
>>> x = FixedArray.from_float([[0.3, 0.3], [3.5, -3.5]], "ap_fixed<8,3>")
>>> GeneratedFunction(fn)(x, FixedType.parse("ap_fixed<8,3>")).to_float().tolist()
[[0.25, 0.5], [0.875, -2.0]]
"""

from __future__ import annotations

import functools
import operator
from dataclasses import dataclass

import numpy as np

from fxsim.array import CPP_INT, FixedArray
from fxsim.config import Config
from fxsim.project.codegen import (
    Binary,
    BitSelect,
    BitShift,
    Cast,
    CodeGen,
    Decl,
    Function,
    Literal,
    Load,
    Store,
    Table,
    TableLookup,
    Ternary,
    Unary,
    Var,
)
from fxsim.trace import Recorder
from fxsim.types import FixedType

__all__ = ["GeneratedFunction", "DAKernel", "CodegenError", "run_reference", "bit_shift"]

_BOOL = FixedType(1, 1, False, is_int=True)  # bool converts to ap_fixed as ap_uint<1> does
_COMPARE = {"==": operator.eq, "!=": operator.ne, "<": operator.lt, ">": operator.gt, "<=": operator.le,
            ">=": operator.ge}
_ARITH = {"+": lambda a, b: a + b, "-": lambda a, b: a - b, "*": lambda a, b: a * b}
_BITWISE = {"&": np.bitwise_and, "|": np.bitwise_or, "^": np.bitwise_xor}


class CodegenError(ValueError):
    """A generated statement that cannot be evaluated as C++ would (names file and line)."""


def bit_shift(x: FixedArray, s: int) -> FixedArray:
    """``nnet::bit_shift<s>(x)`` (``nnet_function_stubs.h``): ``r.range() = x.range()`` into
    ``ap_[u]fixed<W, I + s>`` (``ap_[u]fixed<W, s>`` for ``ap_[u]int<W>``): the value times ``2**s``,
    modes dropped.

    >>> bit_shift(FixedArray([3], "ap_fixed<6,2,AP_RND,AP_SAT>"), -2).type
    FixedType(width=6, integer=0, signed=True, rounding='AP_TRN', overflow='AP_WRAP', sat_bits=0, is_int=False)
    """
    t = x.type
    return FixedArray(x.raw, FixedType(t.width, (s if t.is_int else t.integer + s), t.signed))


def _plain(t: FixedType) -> FixedType:
    return FixedType(t.width, t.integer, t.signed, is_int=t.is_int)


class _Run:
    """One execution of a function on a batch: the evaluator of its expression trees."""

    def __init__(self, fn: Function, data: FixedArray, stats: Recorder | None = None) -> None:
        self.fn, self.data, self.batch, self.stats = fn, data, data.shape[0], stats
        self.env: dict[str, FixedArray] = {}
        self.tables: dict[str, FixedArray] = {}
        self.line = fn.line

    def fail(self, message: str):
        raise CodegenError(f"{self.fn.path}:{self.line}: {self.fn.name}: {message}")

    def convert(self, v, t: FixedType) -> FixedArray:
        """``T(v)`` / ``T x = v``: C++ conversion of a value, a bool or a literal to ``t``."""
        if isinstance(v, FixedArray):
            return v.cast(t, stats=self.stats)
        if isinstance(v, np.ndarray) and v.dtype == bool:
            return FixedArray(v.astype(np.int64), _BOOL).cast(t, stats=self.stats)
        if isinstance(v, int):
            if not CPP_INT.min_raw <= v <= CPP_INT.max_raw:
                self.fail(f"integer literal {v} does not fit an int")
            return FixedArray(np.full(self.batch, v, dtype=np.int64), CPP_INT).cast(t, stats=self.stats)
        return FixedArray.from_float(np.full(self.batch, float(v)), t)  # ap_fixed(double)

    def fixed(self, v, what: str) -> FixedArray:
        if isinstance(v, FixedArray):
            return v
        if isinstance(v, int):
            return self.convert(v, CPP_INT)
        self.fail(f"{what} of a {'bool' if isinstance(v, np.ndarray) else 'double'}: not generated code fxsim runs")

    def truth(self, v) -> np.ndarray:
        if isinstance(v, np.ndarray) and v.dtype == bool:
            return v
        if isinstance(v, FixedArray):
            return np.asarray(v.raw != 0)
        self.fail("a constant condition")

    def eval(self, e):
        if isinstance(e, Literal):
            return e.value
        if isinstance(e, Var):
            return self.env[e.name]
        if isinstance(e, Load):
            if e.index >= self.data.shape[1]:
                self.fail(f"reads {e.array}[{e.index}] of an input with {self.data.shape[1]} elements")
            return self.data[:, e.index]
        if isinstance(e, Cast):
            return self.convert(self.eval(e.arg), e.type)
        if isinstance(e, BitShift):
            return bit_shift(self.fixed(self.eval(e.arg), "bit_shift"), e.shift)
        if isinstance(e, Unary):
            v = self.eval(e.arg)
            if e.op == "!":
                return ~self.truth(v)
            a = self.fixed(v, e.op)
            if e.op == "-":
                return -a
            t = _plain(a.type)  # ~x: ap_fixed_base<W, I, S> with every bit inverted
            raw = ~a.raw if t.signed else (t.max_raw - a.raw)
            return FixedArray(raw, t)
        if isinstance(e, Binary):
            left, right = self.eval(e.left), self.eval(e.right)
            if e.op in _COMPARE:
                a = self.fixed(left, e.op)
                if isinstance(right, float):
                    return np.asarray(_COMPARE[e.op](a.to_double(), right))
                return np.asarray(_COMPARE[e.op](a, self.fixed(right, e.op)))
            if e.op in _ARITH:
                return _ARITH[e.op](self.fixed(left, e.op), self.fixed(right, e.op))
            if isinstance(left, np.ndarray) and isinstance(right, np.ndarray):
                return _BITWISE[e.op](left, right)
            a, b = self.fixed(left, e.op), self.fixed(right, e.op)
            if a.type != b.type:
                self.fail(f"{e.op} of {a.type} and {b.type}: fxsim runs bit operations of one type only")
            t = _plain(a.type)
            raw = _BITWISE[e.op](a.raw, b.raw)
            return FixedArray(raw if t.signed else raw & t.max_raw, t)
        if isinstance(e, Ternary):
            cond = self.truth(self.eval(e.cond))
            a, b = self.eval(e.then), self.eval(e.other)
            if not (isinstance(a, FixedArray) and isinstance(b, FixedArray)) or a.type != b.type:
                self.fail("?: with branches of different types")
            return FixedArray(np.where(cond, a.raw, b.raw), a.type)
        if isinstance(e, BitSelect):
            a = self.env[e.var]
            if e.bit >= a.type.width:
                self.fail(f"bit {e.bit} of {e.var}, a {a.type}")
            return np.asarray((a.raw >> e.bit) & 1, dtype=bool)
        if isinstance(e, TableLookup):
            a, table = self.env[e.var], self.tables[e.table]
            index = np.asarray(a.raw) & ((1 << a.type.width) - 1)  # v.range(): the raw bits, unsigned
            if index.size and int(index.max()) >= table.shape[0]:
                self.fail(f"index {int(index.max())} past the end of {e.table}[{table.shape[0]}]")
            return table[index.astype(np.int64)]
        self.fail(f"unknown expression {e!r}")

    def run(self, res_t: FixedType) -> FixedArray:
        n_out = self.fn.params[1].size or self.fn.n_outputs
        out = np.zeros((self.batch, n_out), dtype=np.int64 if res_t.fits_int64 else object)
        for s in self.fn.body:
            self.line = s.line
            if isinstance(s, Decl):
                self.env[s.name] = self.convert(self.eval(s.value), s.type)
            elif isinstance(s, Table):
                self.tables[s.name] = FixedArray.from_float(np.asarray(s.values, dtype=np.float64), s.type)
            elif isinstance(s, Store):
                out[:, s.index] = self.convert(self.eval(s.value), res_t).raw
        return FixedArray(out, res_t)


def run_reference(fn: Function, data: FixedArray, res_t: FixedType, stats: Recorder | None = None) -> FixedArray:
    """Execute ``fn`` statement by statement on ``data`` (batch, n_in); the output array's
    element type is ``res_t``; returns (batch, n_out)."""
    data = data.reshape(1, -1) if data.ndim == 1 else data
    return _Run(fn, data, stats).run(res_t)


def _cast_groups(fn: Function) -> tuple[tuple[FixedType | None, np.ndarray, np.ndarray], ...] | None:
    """``(T, output indices, input indices)`` per distinct ``T`` of a function made only of
    ``out[k] = T(inp[j]);`` (``T`` None for ``out[k] = 0;``), or None for any other function."""
    groups: dict[FixedType | None, tuple[list[int], list[int]]] = {}
    for s in fn.body:
        if not isinstance(s, Store):
            return None
        v = s.value
        if isinstance(v, Literal) and v.value == 0:
            key, j = None, -1
        elif isinstance(v, Cast) and isinstance(v.arg, Load):
            key, j = v.type, v.arg.index
        else:
            return None
        ks, js = groups.setdefault(key, ([], []))
        ks.append(s.index)
        js.append(j)
    return tuple((t, np.asarray(ks, dtype=np.int64), np.asarray(js, dtype=np.int64)) for t, (ks, js) in groups.items())


@dataclass(frozen=True)
class GeneratedFunction:
    """The twin of one generated function: ``nnet::NAME<input_t, output_t>(inp, out)`` becomes
    ``GeneratedFunction(fn)(inp, output_t)``; ``config`` is always ``None`` (the calls have none)."""

    function: Function

    @functools.cached_property
    def _groups(self):
        return _cast_groups(self.function)

    def __call__(self, data: FixedArray, res_t: FixedType, config: Config | None = None, *,
                 stats: Recorder | None = None) -> FixedArray:
        data = data.reshape(1, -1) if data.ndim == 1 else data
        groups = self._groups
        n_out = self.function.params[1].size or self.function.n_outputs
        if groups is None or data.raw.dtype == object or not res_t.fits_int64:
            return run_reference(self.function, data, res_t, stats)
        if groups and max(int(js.max()) for _, _, js in groups) >= data.shape[1]:
            return run_reference(self.function, data, res_t, stats)  # names the out-of-range read
        out = np.zeros((data.shape[0], n_out), dtype=np.int64)
        for t, ks, js in groups:
            if t is not None:
                out[:, ks] = FixedArray(data.raw[:, js], data.type).cast(t, stats=stats).cast(res_t, stats=stats).raw
        return FixedArray(out, res_t)


@dataclass(frozen=True)
class DAKernel:
    """A generated EinsumDense kernel wrapper (``nnet::einsum_dense4_da_kernel<data_T, accum_t>``)
    with the adder graphs it calls; ``run`` executes ``da_kernel(inp_tpose, out_tpose, l0)`` for every
    ``l0`` as the ``distributed_arithmetic`` overload of ``nnet::einsum_dense`` does."""

    wrapper: Function
    callees: tuple[tuple[str, Function], ...]

    @classmethod
    def bind(cls, codegen: CodeGen, name: str) -> DAKernel:
        """The kernel ``name`` of ``codegen`` and the functions it calls (raises ``ValueError``
        naming file and line when the file does not define them or they are not readable)."""
        fn = codegen.function(name)
        if fn is None or fn.index is None:
            raise CodegenError(f"{codegen.path}: no kernel wrapper {name}(inp, out, int l0)")
        callees = {}
        for sc in fn.body:
            callee = codegen.function(sc.callee)
            if callee is None or callee.index is not None:
                raise CodegenError(f"{fn.path}:{sc.line}: {sc.callee} is not a generated function")
            callees[sc.callee] = callee
        return cls(fn, tuple(callees.items()))

    def run(self, inp: FixedArray, accum_t: FixedType, n_l0: int, n_out: int, *,
            stats: Recorder | None = None) -> FixedArray:
        """``out_tpose`` (batch, ``n_out``) of ``accum_t`` after ``da_kernel(inp, out, l0)`` for
        ``l0 < n_l0``; every element must be written."""
        callees = dict(self.callees)
        out = np.zeros((inp.shape[0], n_out), dtype=np.int64 if accum_t.fits_int64 else object)
        written = np.zeros(n_out, dtype=bool)
        for l0 in range(n_l0):
            for sc in self.wrapper.body:
                fn = callees[sc.callee]
                a, b = sc.offsets(self.wrapper.index, l0)
                n_a, n_b = fn.params[0].size or inp.shape[1] - a, fn.params[1].size or fn.n_outputs
                if a < 0 or b < 0 or a + n_a > inp.shape[1] or b + n_b > n_out:
                    raise CodegenError(f"{self.wrapper.path}:{sc.line}: {sc.callee} at l0={l0} reaches past "
                                       f"{sc.input}[{inp.shape[1]}] or {sc.output}[{n_out}]")
                out[:, b:b + n_b] = GeneratedFunction(fn)(inp[:, a:a + n_a], accum_t, stats=stats).raw
                written[b:b + n_b] = True
        if not written.all():
            raise CodegenError(f"{self.wrapper.path}:{self.wrapper.line}: {self.wrapper.name} never writes "
                               f"{self.wrapper.params[1].name}[{int(np.argmin(written))}]")
        return FixedArray(out, accum_t)
