"""Overflow and rounding accounting while a network runs: where and why values changed.

The runner hands each plan step's twin a :class:`Recorder` (keyword ``stats=``): the counts of one
run (:class:`Stats`) bound to the layer that runs. The twin passes it to every
:func:`fxsim.conversion.cast` it performs (``cast(..., stats=stats)``) and to the lookup tables
that clamp an index; they report to it. Without a recorder nothing is recorded and nothing costs.

>>> import numpy as np
>>> from fxsim.types import FixedType
>>> from fxsim.conversion import cast
>>> src, dst = FixedType(16, 8), FixedType.parse("ap_fixed<8,4,AP_RND,AP_SAT>")
>>> stats = Stats()
>>> _ = cast(np.array([5000, 17, 256]), src, dst, stats=stats.recorder("fc1"))
>>> c = stats[("fc1", "ap_fixed<8,4,AP_RND,AP_SAT>")]
>>> c.values, c.rounded, c.saturated, c.wrapped
(3, 1, 1, 0)
>>> sorted(stats.steps)             # the same counts per step kind: (layer, kind, type)
[('fc1', 'cast', 'ap_fixed<8,4,AP_RND,AP_SAT>')]

Step kinds (:data:`KINDS`): ``input`` (a top-level input converted from float), ``product``,
``bias`` and ``accumulate`` (the casts into ``accum_t`` inside a multiply-accumulate),
``final_sum`` (each accumulator's exact final sum against ``accum_t``'s range: under AP_WRAP an
intermediate wrap is harmless when the final sum fits), ``result`` (a MAC's accumulator into
``res_T``), ``table`` (lookup-table indices clamped) and ``cast`` (any other conversion).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from fxsim import reference


@dataclass
class CastCounts:
    """Counts for one (layer, destination type): how many values were converted, and of those
    how many lost fraction bits (``rounded``), hit the range and were clamped (``saturated``,
    AP_SAT*), or wrapped around (``wrapped``, AP_WRAP*); ``table_clamped`` counts lookup-table
    indices that fell outside the table and were clamped to its ends."""

    values: int = 0
    rounded: int = 0
    saturated: int = 0
    wrapped: int = 0
    table_clamped: int = 0

    def as_dict(self) -> dict[str, int]:
        return dict(values=self.values, rounded=self.rounded, saturated=self.saturated,
                    wrapped=self.wrapped, table_clamped=self.table_clamped)


#: Step kinds, in the order a summary lists them.
KINDS = ("input", "product", "bias", "accumulate", "final_sum", "result", "cast", "table")
#: Kinds whose out-of-range values are final (what the layer or network passes on).
FINAL_KINDS = frozenset({"input", "final_sum", "result", "cast", "table"})


class Stats(dict):
    """Counts keyed by ``(layer, str(type))`` (every conversion into that type in that layer), and in
    :attr:`steps` by ``(layer, kind, str(type))``. :meth:`recorder` binds them to a layer."""

    def __init__(self) -> None:
        super().__init__()
        self.steps: dict[tuple[str, str, str], CastCounts] = {}

    def recorder(self, layer: str) -> Recorder:
        """A :class:`Recorder` that adds to these counts under ``layer``."""
        return Recorder(self, layer)


class _Both:
    """Adds to a (layer, type) count and to its (layer, kind, type) count at once."""

    __slots__ = ("a", "b")

    def __init__(self, a: CastCounts, b: CastCounts | None) -> None:
        self.a, self.b = a, b

    def add(self, field: str, n: int) -> None:
        setattr(self.a, field, getattr(self.a, field) + n)
        if self.b is not None:
            setattr(self.b, field, getattr(self.b, field) + n)


class Recorder:
    """What one twin (one plan step) reports to: the run's :class:`Stats` and the layer name the
    counts go under. ``Recorder(None, name)`` records nothing (it only names the layer, for
    messages); :attr:`active` tells which (a twin takes its fast paths only when inactive).

    >>> from fxsim.types import FixedType
    >>> stats = Stats()
    >>> rec = stats.recorder("rnn").child("[t=0]")
    >>> rec.record_table_clamp(FixedType(8, 3), 2)
    >>> rec.layer, stats.steps[("rnn[t=0]", "table", "ap_fixed<8,3>")].table_clamped
    ('rnn[t=0]', 2)
    """

    __slots__ = ("stats", "layer")

    def __init__(self, stats: Stats | None, layer: str = "") -> None:
        self.stats = stats
        self.layer = layer

    @property
    def active(self) -> bool:
        """True when this recorder counts (cheap: twins may skip bookkeeping otherwise)."""
        return self.stats is not None

    def child(self, suffix: str) -> Recorder:
        """The same counts under ``layer + suffix``: layers that loop (recurrent time steps
        ``[t=k]``, the ``:forward``/``:backward`` runs) account each part separately."""
        return Recorder(self.stats, self.layer + suffix)

    def __repr__(self) -> str:
        return f"Recorder({self.layer!r}, {'active' if self.active else 'inactive'})"

    def _counts(self, type_name: str, kind: str, by_type: bool = True) -> _Both | None:
        stats = self.stats
        if stats is None:
            return None
        step = stats.steps.setdefault((self.layer, kind, type_name), CastCounts())
        if not by_type:
            return _Both(step, None)
        return _Both(stats.setdefault((self.layer, type_name), CastCounts()), step)

    def record_cast(self, src_raw: np.ndarray, src, dst, out_raw: np.ndarray, kind: str = "cast") -> None:
        """Account one cast of ``src_raw`` (type ``src``) to ``out_raw`` (type ``dst``) as a ``kind`` step."""
        c = self._counts(str(dst), kind)
        if c is None:
            return
        c.add("values", int(np.size(src_raw)))
        if np.size(src_raw) == 0:
            return
        shift = src.frac - dst.frac
        v = np.asarray(src_raw).reshape(-1)
        if v.dtype != object and abs(shift) < 62 and dst.width < 62 and src.width < 62:
            v = v.astype(np.int64)
            if shift > 0:
                lost = (v & ((np.int64(1) << shift) - 1)) != 0
                ideal = v >> shift  # floor; out of range iff floor or floor+1 is
            else:
                lost = np.zeros(v.shape, bool)
                ideal = v << -shift if -shift < 62 - src.width else None
        else:
            ideal = None
            lost = None
        if ideal is None:  # wide or far apart: exact Python ints
            vals = [int(a) for a in v.tolist()]
            if shift > 0:
                lost = np.array([(a & ((1 << shift) - 1)) != 0 for a in vals])
                ideal_l = [a >> shift for a in vals]
            else:
                lost = np.zeros(len(vals), bool)
                ideal_l = [a << -shift for a in vals]
            over = np.array([a > dst.max_raw or a < dst.min_raw for a in ideal_l])
        else:
            over = (ideal > dst.max_raw) | (ideal < dst.min_raw)
        if not dst.is_int:
            over = _rounded_over(ideal if ideal is not None else ideal_l, lost, src.signed, dst,
                                 lambda sel: _exact_rounding(v.reshape(-1)[sel], src, dst))
        c.add("rounded", int(np.count_nonzero(lost & ~over)))
        c.add("saturated" if dst.saturates else "wrapped", int(np.count_nonzero(over)))

    def record_final_sums(self, exact_raw: np.ndarray, accum_t) -> None:
        """Account the exact final sums of accumulators of ``accum_t`` (raws at ``accum_t``'s fraction,
        as wide as needed): those outside ``accum_t``'s range are what its overflow mode changed in the
        end, whatever happened to the intermediate sums (kind ``final_sum``; counted as wrapped or
        saturated by ``accum_t``'s overflow mode)."""
        c = self._counts(str(accum_t), "final_sum", by_type=False)
        if c is None:
            return
        v = np.asarray(exact_raw).reshape(-1)
        c.add("values", int(v.size))
        if v.dtype == object:
            over = int(sum(1 for a in v.tolist() if a > accum_t.max_raw or a < accum_t.min_raw))
        else:
            over = int(np.count_nonzero((v > accum_t.max_raw) | (v < accum_t.min_raw)))
        c.add("saturated" if accum_t.saturates else "wrapped", over)

    def record_quantize(self, x: np.ndarray, t, out_raw: np.ndarray, kind: str = "input") -> None:
        """Account the conversion of floats ``x`` into raws ``out_raw`` of type ``t``."""
        c = self._counts(str(t), kind)
        if c is None:
            return
        x = np.asarray(x, dtype=np.float64).reshape(-1)
        scaled = x * 2.0 ** t.frac
        c.add("values", x.size)
        over = (np.floor(scaled) > t.max_raw) | (np.floor(scaled) < t.min_raw) | ~np.isfinite(scaled)
        if not t.is_int:
            fin = np.isfinite(scaled)
            floor = np.floor(np.where(fin, scaled, 0.0))
            over = ~fin | (_rounded_over(floor, scaled != floor, True, t, lambda sel: _exact_quantization(x[sel], t))
                           & fin)
        c.add("rounded", int(np.count_nonzero((scaled != np.floor(scaled)) & ~over)))
        c.add("saturated" if t.saturates else "wrapped", int(np.count_nonzero(over)))

    def record_table_clamp(self, table_type, n_clamped: int) -> None:
        """Account ``n_clamped`` table indices clamped to a table's ends (table of ``table_type``)."""
        c = self._counts(str(table_type), "table")
        if c is not None:
            c.add("table_clamped", int(n_clamped))


def is_recording(stats: Recorder | None) -> bool:
    """True when ``stats`` (a twin's ``stats=`` argument) counts: twins skip their fast paths then."""
    return stats is not None and stats.stats is not None


def _rounded_over(floor, lost: np.ndarray, src_signed: bool, dst, rounded) -> np.ndarray:
    """Out of range after quantization, as ``ap_fixed_base`` decides it. The rounded raw is the
    floor or the floor + 1 (when bits are lost): a floor at the largest raw value may round past
    it, one just below the smallest may round into the range; with ``AP_SAT_SYM`` (signed to
    signed) the smallest raw value is itself an underflow. ``rounded(sel)``: the exact rounded raws
    of the selected values, only called for those edge cases."""
    f = np.asarray(floor, dtype=object) if isinstance(floor, list) else np.asarray(floor)
    f = f.reshape(-1)
    lost = np.asarray(lost, dtype=bool).reshape(-1)
    lo = dst.min_raw + (1 if dst.overflow == "AP_SAT_SYM" and dst.signed and src_signed else 0)
    over = ((f > dst.max_raw) | (f < lo)).astype(bool)
    edge = lost & ((f == dst.max_raw) | (f == lo - 1)).astype(bool)
    if edge.any():
        sel = np.nonzero(edge)[0]
        over[sel] = [(r > dst.max_raw) or (r < lo) for r in rounded(sel)]
    return over


def _exact_rounding(src_raw: np.ndarray, src, dst) -> list[int]:
    """The raws of ``src_raw`` rounded to ``dst``'s fraction with its quantization, before overflow
    handling (a cast into the same fraction with two more integer bits, by the reference
    transliteration of ``ap_fixed_base.h``; ``dst`` is an ``ap_fixed``)."""
    w = dst.with_(width=dst.width + 2, integer=dst.integer + 2, overflow="AP_WRAP", sat_bits=0)
    return [reference.fixed_from_fixed(int(x), src.width, src.integer, src.signed, w.width, w.integer, w.signed,
                                       w.rounding, w.overflow, w.sat_bits)
            for x in np.asarray(src_raw).reshape(-1).tolist()]


def _exact_quantization(x: np.ndarray, t) -> list[int]:
    """Floats ``x`` quantized to ``t``'s fraction with its rounding, before overflow handling
    (``t`` is an ``ap_fixed``; the reference transliteration of ``ap_fixed_base(double)``)."""
    w = t.with_(width=t.width + 2, integer=t.integer + 2, overflow="AP_WRAP", sat_bits=0)
    return [reference.fixed_from_double(float(v), w.width, w.integer, w.signed, w.rounding, w.overflow, w.sat_bits)
            for v in np.asarray(x, dtype=np.float64).reshape(-1).tolist()]
