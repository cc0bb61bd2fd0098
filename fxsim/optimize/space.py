"""The search space of ``fxsim optimize``: which knobs move, and over which types.

Each searched knob (``"<layer>/<role>"``, see :mod:`fxsim.optimize.retype`) has a :class:`Range`:
integer bits around the bits its traced values need (``result``/``accum`` from the start network's
outputs on the user's data, ``weight``/``bias`` from the weights; as hls4ml's ``bit_exact`` pass and
HGQ propose them), fractional bits, and rounding/overflow modes; tables also a size. Knobs whose
layer names match one regular expression of ``groups`` share one set of parameters (AutoQKeras's
layer groups); ``blocks`` cut the search into a sequence (seeds/004's N·B instead of N^B).

>>> r = Range(integer=(2, 4), fraction=(0, 8))
>>> r.types(frac=3, integer=3, mode=0)
FixedType(width=6, integer=3, signed=True, rounding='AP_TRN', overflow='AP_WRAP', sat_bits=0, is_int=False)
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from fxsim.optimize.retype import Knob, RetypeError, integer_bits_for, layer_name, project_knobs
from fxsim.project import Project
from fxsim.types import FixedType

#: (rounding, overflow) pairs a knob may take; the first is the default.
MODES: dict[str, tuple[str, str]] = {
    "TRN": ("AP_TRN", "AP_WRAP"),
    "RND": ("AP_RND", "AP_WRAP"),
    "SAT": ("AP_TRN", "AP_SAT"),
    "RND_SAT": ("AP_RND", "AP_SAT"),
    "RND_CONV_SAT": ("AP_RND_CONV", "AP_SAT"),
}
#: Roles searched unless told otherwise (softmax's exp/inv tables and accumulator stay as they are).
DEFAULT_ROLES = ("result", "accum", "weight", "bias", "table", "table_size")
SOFTMAX_FUNCTIONS = frozenset({"softmax", "softmax_multidim"})
RELU_FUNCTIONS = frozenset({"relu", "relu6"})


@dataclass(frozen=True)
class Range:
    """The types one knob may take: ``integer`` and ``fraction`` bit ranges (inclusive), ``modes``
    (names of :data:`MODES`), ``signed``; for ``table_size`` knobs ``sizes`` instead."""

    integer: tuple[int, int] = (0, 0)
    fraction: tuple[int, int] = (0, 0)
    modes: tuple[str, ...] = ("TRN",)
    signed: bool = True
    sizes: tuple[int, ...] = ()

    def types(self, frac: int, integer: int, mode: int = 0) -> FixedType:
        """The type of a point of the range (width at least 1 + sign)."""
        rnd, ovf = MODES[self.modes[mode]]
        width = max(integer + frac, 1 + int(self.signed))
        return FixedType(width, width - frac, signed=self.signed, rounding=rnd, overflow=ovf)


@dataclass(frozen=True)
class SearchSpace:
    """Searched knobs (``ranges``: knob name -> :class:`Range`), their groups (``groups``: group
    name -> knob names sharing one set of parameters) and ``blocks`` (group names per block, searched
    one block after another). Knobs not in ``ranges`` keep the start project's values."""

    ranges: Mapping[str, Range]
    groups: Mapping[str, tuple[str, ...]]
    blocks: tuple[tuple[str, ...], ...]
    fixed: Mapping[str, FixedType | int] = field(default_factory=dict)

    def group_range(self, group: str) -> Range:
        return self.ranges[self.groups[group][0]]

    def describe(self) -> list[str]:
        """One line per group: its knobs and range."""
        out = []
        for g, knobs in self.groups.items():
            r = self.ranges[knobs[0]]
            what = f"sizes {list(r.sizes)}" if r.sizes else (
                f"integer {r.integer[0]}..{r.integer[1]}, fraction {r.fraction[0]}..{r.fraction[1]}, "
                f"modes {list(r.modes)}")
            out.append(f"{g}: {', '.join(knobs)}: {what}")
        return out


def value_ranges(network, x: np.ndarray, max_events: int = 20000) -> dict[str, float]:
    """Max |value| of every layer's output (by hls4ml layer name) and of each input over the first
    ``max_events`` events of ``x``, in the *start* network (its :meth:`~fxsim.network.Network.trace`)."""
    xs = [np.asarray(a)[:max_events] for a in network._as_inputs(x)]
    tr = network.trace(xs if len(xs) > 1 else xs[0])
    out: dict[str, float] = {}
    for name, arr in tr.outputs.items():
        vals = arr.to_float()
        out[name] = float(np.max(np.abs(vals))) if vals.size else 0.0
    for port, xi in zip(network.inputs, xs):
        out[port.name] = float(np.max(np.abs(xi))) if xi.size else 0.0
    return out


def build_space(project: Project, network, x: np.ndarray, *, roles: Sequence[str] = DEFAULT_ROLES,
                include: str | None = None, groups: Mapping[str, str] | None = None,
                blocks: Sequence[str] | None = None, fraction: tuple[int, int] = (0, 12),
                integer_slack: tuple[int, int] = (-1, 1), modes: Sequence[str] = ("TRN",),
                accum_extra: tuple[int, int] = (0, 3), table_sizes: Sequence[int] = (256, 512, 1024),
                input_fraction: tuple[int, int] | None = None, unsigned_relu: bool = True,
                weight_modes: Sequence[str] | None = None) -> SearchSpace:
    """The search space of a project on data ``x`` (see the module docstring).

    ``roles``: knob roles searched; ``include``: a regex of layer names searched (default: all);
    ``groups``: group name -> regex of layer names whose knobs (role by role) share parameters;
    ``blocks``: regexes of layer names, one block each, searched in order (default: one block);
    ``fraction``: fractional-bit range; ``integer_slack``: integer bits tried around the traced
    need; ``accum_extra``: extra integer bits an accumulator gets over its layer's result need;
    ``unsigned_relu``: ReLU outputs searched as ``ap_ufixed`` (one bit cheaper for the same range);
    ``weight_modes``: the modes of weight and bias types (default: ``modes``; ``("RND",)`` rounds
    constants to nearest, which costs no logic).
    """
    for m in (*modes, *(weight_modes or ())):
        if m not in MODES:
            raise RetypeError(f"unknown mode {m!r} (modes: {', '.join(MODES)})")
    knobs = project_knobs(project)
    need = value_ranges(network, x)
    weight_of = {}
    functions = {}
    for call in project.calls:
        name = layer_name(call)
        functions[name] = call.function
        for wname in call.weights:
            w = project.weights.get(wname)
            if w is not None:
                weight_of.setdefault(name, []).append(w)
    ranges: dict[str, Range] = {}
    for kname, current in knobs.items():
        k = Knob.parse(kname)
        if k.role not in roles or (include and not re.search(include, k.layer)):
            continue
        if functions.get(k.layer) in SOFTMAX_FUNCTIONS and k.role != "result":
            continue
        if k.role == "table_size":
            ranges[kname] = Range(sizes=tuple(sorted(set(table_sizes))))
            continue
        assert isinstance(current, FixedType)
        if k.role in ("weight", "bias", "scale"):
            ws = weight_of.get(k.layer, [])
            idx = 0 if k.role in ("weight", "scale") else min(1, len(ws) - 1)
            m = float(np.max(np.abs(ws[idx].values))) if ws and ws[idx].values.size else 0.0
        elif k.role == "table":
            m = 1.0
        else:
            m = need.get(k.layer, 2.0 ** (current.integer - 1))
        signed = current.signed
        if unsigned_relu and k.role == "result" and functions.get(k.layer) in RELU_FUNCTIONS:
            signed = False  # a ReLU's output is never negative: ap_ufixed saves the sign bit
        bits = integer_bits_for(m, signed)
        lo, hi = bits + integer_slack[0], bits + integer_slack[1]
        if k.role == "accum":
            lo, hi = bits + accum_extra[0], bits + accum_extra[1]
        frac = input_fraction if (input_fraction and k.layer in {p.name for p in project.inputs}) else fraction
        kmodes = tuple(weight_modes) if weight_modes and k.role in ("weight", "bias", "scale") else tuple(modes)
        ranges[kname] = Range(integer=(lo, hi), fraction=frac, modes=kmodes, signed=signed)
    grouped: dict[str, list[str]] = {}
    for kname in ranges:
        k = Knob.parse(kname)
        g = next((f"{gname}/{k.role}" for gname, rx in (groups or {}).items() if re.search(rx, k.layer)), kname)
        grouped.setdefault(g, []).append(kname)
    # a group's knobs share one range: the union of their integer ranges
    for members in grouped.values():
        if len(members) > 1:
            rs = [ranges[m] for m in members]
            merged = Range(integer=(min(r.integer[0] for r in rs), max(r.integer[1] for r in rs)),
                           fraction=rs[0].fraction, modes=rs[0].modes, signed=all(r.signed for r in rs),
                           sizes=rs[0].sizes)
            for m in members:
                ranges[m] = merged
    group_names = tuple(grouped)
    if blocks:
        seq = []
        for rx in blocks:
            seq.append(tuple(g for g in group_names
                             if any(re.search(rx, Knob.parse(m).layer) for m in grouped[g])
                             and not any(g in s for s in seq)))
        rest = tuple(g for g in group_names if not any(g in s for s in seq))
        if rest:
            seq.append(rest)
        block_seq = tuple(s for s in seq if s)
    else:
        block_seq = (group_names,)
    if not ranges:
        raise RetypeError(f"{project.files.root}: no knob to search (roles {', '.join(roles)}"
                          f"{', layers matching ' + include if include else ''})")
    return SearchSpace(ranges=ranges, groups={g: tuple(v) for g, v in grouped.items()}, blocks=block_seq,
                       fixed={k: v for k, v in knobs.items() if k not in ranges})
