"""Retyping an exported hls4ml project: new ``result_t``/``accum_t``/``weight_t``/``bias_t``/table
types and table sizes per layer, without touching (or compiling) any C++.

A :class:`Retyping` maps *knobs* (``"<hls4ml layer name>/<role>"``, roles named as in hls4ml's
``LayerName: {<layer>: {Precision: {<role>: ...}}}`` config: ``result``, ``accum``, ``weight``,
``bias``, ``table``, ``exp_table``, ``inv_table``; and ``"<layer>/table_size"``) to new values.
:func:`retype_project` returns a copy of the :class:`~fxsim.project.Project` description in which:

* the layer's output array (``result``) gets the new type;
* its config struct's ``<role>_t`` members (nested configs too: a conv's ``mult_config``) get it;
* its weight arrays are re-quantized as hls4ml writes them for the new type: hls4ml prints each
  float weight with ``{:.F f}`` (``F`` = the type's fractional bits, ``WeightVariable.update_precision``)
  and the C++ reads that decimal into the type. fxsim starts from the project's own weight values
  (already printed with the *project's* fractional bits), so a new type with at most as many
  fractional bits as the project's gives hls4ml's values exactly, up to a tie of the two decimal
  roundings (a weight within 1e-12 of a decimal rounding boundary). Pass ``float_weights`` (the
  model's float weights by hls4ml weight name, ``w2``...) to start from the model itself;
* softmax configs are re-derived as hls4ml derives them from their input and table types
  (``FixSoftmaxTableSize``; the stable implementation's ``inp_norm_t`` and ``exp_table_size``:
  ``backends/vivado/passes/core_templates.py``).

>>> from fxsim.project import read_project                          # doctest: +SKIP
>>> p = read_project("fxsim/examples/jet_tagger")                   # doctest: +SKIP
>>> r = Retyping.of({"fc1_relu/weight": "ap_fixed<8,2>", "fc1_relu/result": "ap_fixed<10,5>"})
>>> r["fc1_relu/weight"]
FixedType(width=8, integer=2, signed=True, rounding='AP_TRN', overflow='AP_WRAP', sat_bits=0, is_int=False)
>>> q = retype_project(p, r)                                        # doctest: +SKIP
"""

from __future__ import annotations

import dataclasses
import functools
import math
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

import numpy as np

from fxsim.config import Config
from fxsim.project import Call, Project
from fxsim.project.weights import Weight
from fxsim.types import FixedType

#: Config members that carry a layer's types, by hls4ml precision role.
TYPE_ROLES = ("accum", "weight", "bias", "scale", "table", "exp_table", "inv_table")
#: Activations whose twin reads ``table_t``/``table_size`` (the others carry an unused ``table_t``).
TABLE_FUNCTIONS = frozenset({"sigmoid", "tanh", "softplus", "softsign", "elu", "selu"})
#: Weight arrays of a call, in argument order, by the role whose type they take.
WEIGHT_ROLES = {"batchnormalization": ("scale", "bias"), "normalize": ("scale", "bias")}
_DEFAULT_WEIGHT_ROLES = ("weight", "bias")


class RetypeError(ValueError):
    """A retyping names a layer or role the project does not have, or an impossible type."""


@dataclass(frozen=True)
class Knob:
    """One searchable setting: ``layer`` (hls4ml layer name, or the input port's name) and ``role``."""

    layer: str
    role: str

    @property
    def name(self) -> str:
        return f"{self.layer}/{self.role}"

    @classmethod
    def parse(cls, text: str) -> Knob:
        layer, sep, role = text.rpartition("/")
        if not sep or not layer:
            raise RetypeError(f"knob {text!r} is not '<layer>/<role>'")
        return cls(layer, role)


@dataclass(frozen=True)
class Retyping(Mapping):
    """Immutable knob name -> :class:`FixedType` (or ``int`` for ``table_size``), sorted by name."""

    items_: tuple[tuple[str, FixedType | int], ...] = ()

    @classmethod
    def of(cls, choices: Mapping[str, FixedType | int | str]) -> Retyping:
        """From a dict; type strings are parsed (``"ap_fixed<8,3>"``, hls4ml's ``"fixed<8,3,RND,SAT>"``)."""
        out = []
        for k, v in choices.items():
            Knob.parse(k)
            if isinstance(v, str):
                v = FixedType.parse(v)
            if k.endswith("/table_size"):
                if not isinstance(v, int) or v < 1:
                    raise RetypeError(f"{k}: table size must be a positive integer, got {v!r}")
            elif not isinstance(v, FixedType):
                raise RetypeError(f"{k}: expected a fixed-point type, got {v!r}")
            out.append((k, v))
        return cls(tuple(sorted(out)))

    def __getitem__(self, key: str) -> FixedType | int:
        for k, v in self.items_:
            if k == key:
                return v
        raise KeyError(key)

    def __iter__(self) -> Iterator[str]:
        return (k for k, _ in self.items_)

    def __len__(self) -> int:
        return len(self.items_)

    def merged(self, other: Mapping[str, FixedType | int]) -> Retyping:
        """This retyping with ``other``'s knobs overriding."""
        return Retyping.of({**dict(self.items_), **dict(other)})

    def as_strings(self) -> dict[str, str | int]:
        """Knob -> type string (``str(FixedType)``) or table size: JSON-ready."""
        return {k: v if isinstance(v, int) else str(v) for k, v in self.items_}


# ------------------------------------------------------------------------------------ project view


def layer_name(call: Call) -> str:
    """hls4ml's name of a call's layer (its trailing ``// name`` comment, else its output array)."""
    return call.layer or call.outputs[0]


def weight_roles(call: Call) -> tuple[str, ...]:
    """The precision role of each weight argument of a call (``('weight', 'bias')`` for dense/conv)."""
    fn = call.function.lower()
    for key, roles in WEIGHT_ROLES.items():
        if key in fn:
            return roles[:len(call.weights)]
    return _DEFAULT_WEIGHT_ROLES[:len(call.weights)]


def layer_roles(project: Project, call: Call) -> dict[str, FixedType | int]:
    """The current value of every knob role a call has: ``result`` (not for aliases), the config's
    typed members of :data:`TYPE_ROLES` (tables only where the twin reads them) and ``table_size``."""
    out: dict[str, FixedType | int] = {}
    decl = project.declaration(call.outputs[0])
    if getattr(decl, "alias_of", None) is None:
        out["result"] = project.type_of(call.outputs[0])
    cfg = project.configs.get(call.config or "")
    if cfg is None:
        return out
    for role in TYPE_ROLES:
        t = cfg.get(f"{role}_t")
        if not isinstance(t, FixedType):
            continue
        if role == "table" and call.function not in TABLE_FUNCTIONS:
            continue
        if role in ("weight", "bias", "scale") and role not in weight_roles(call):
            continue
        out[role] = t
    if call.function in TABLE_FUNCTIONS and isinstance(cfg.get("table_size"), int):
        out["table_size"] = cfg.table_size
    return out


def project_knobs(project: Project) -> dict[str, FixedType | int]:
    """Every knob of the project with its current value: the inputs' ``result`` first, then each
    layer's roles in call order (see :func:`layer_roles`)."""
    out: dict[str, FixedType | int] = {f"{p.name}/result": project.type_of(p.name) for p in project.inputs}
    for call in project.calls:
        name = layer_name(call)
        for role, v in layer_roles(project, call).items():
            out[f"{name}/{role}"] = v
    return out


# ------------------------------------------------------------------------------------ retyping


def retype_project(project: Project, retyping: Mapping[str, FixedType | int],
                   float_weights: Mapping[str, np.ndarray] | None = None) -> Project:
    """A copy of ``project`` with ``retyping`` applied (see the module docstring); ``project`` is
    not modified. Unknown knobs are a :class:`RetypeError` naming them."""
    known = project_knobs(project)
    unknown = sorted(set(retyping) - set(known))
    if unknown:
        raise RetypeError(f"{project.files.root}: no such knob(s) {', '.join(unknown)} "
                          f"(knobs: {', '.join(known)})")
    types = dict(project.types)
    configs = dict(project.configs)
    weights = dict(project.weights)
    arrays = dict(project.arrays)
    inputs, outputs = list(project.inputs), list(project.outputs)
    users: dict[str, int] = {}
    for d in [*inputs, *outputs, *arrays.values()]:
        if d.type_name:
            users[d.type_name] = users.get(d.type_name, 0) + 1

    def set_array_type(array: str, t: FixedType, tag: str) -> None:
        base = project.resolve(array)
        decl = project.declaration(base)
        tname = decl.type_name
        if tname is not None and users.get(tname, 0) <= 1:
            types[tname] = t
            return
        new = f"fxsim_{tag}_t"
        types[new] = t
        for seq in (inputs, outputs):
            for i, p in enumerate(seq):
                if p.name == base:
                    seq[i] = dataclasses.replace(p, type_name=new)
        if base in arrays:
            arrays[base] = dataclasses.replace(arrays[base], type_name=new)

    for port in project.inputs:
        t = retyping.get(f"{port.name}/result")
        if isinstance(t, FixedType):
            set_array_type(port.name, t, f"{port.name}_result")
    for call in project.calls:
        name = layer_name(call)
        mine = {k.rpartition("/")[2]: v for k, v in retyping.items() if k.rpartition("/")[0] == name}
        if not mine:
            continue
        t = mine.get("result")
        if isinstance(t, FixedType):
            set_array_type(call.outputs[0], t, f"{_ident(name)}_result")
        if call.config in configs:
            members = {f"{r}_t": v for r, v in mine.items() if r in TYPE_ROLES}
            if "table_size" in mine:
                members["table_size"] = mine["table_size"]
            configs[call.config] = _replace_members(configs[call.config], members)  # type: ignore[index]
        for wname, role in zip(call.weights, weight_roles(call)):
            t = mine.get(role)
            if isinstance(t, FixedType) and wname in weights:
                src = None if float_weights is None else float_weights.get(wname)
                weights[wname] = requantized_weight(weights[wname], t, src)
    out = dataclasses.replace(project, types=types, configs=configs, weights=weights, arrays=arrays,
                              inputs=inputs, outputs=outputs)
    return _derive_softmax(out, project)


def _ident(name: str) -> str:
    return "".join(c if c.isalnum() else "_" for c in name)


def _replace_members(cfg: Config, members: Mapping[str, object]) -> Config:
    """``cfg`` with ``members`` replaced where it has them, nested configs included."""
    changes: dict[str, object] = {k: v for k, v in members.items() if k in cfg}
    for k, v in cfg.as_dict().items():
        if isinstance(v, Config):
            changes[k] = _replace_members(v, members)
    return cfg.replace(**changes) if changes else cfg


def hls4ml_weight_values(values: np.ndarray, t: FixedType) -> np.ndarray:
    """The float64 values the C++ reads for weights hls4ml writes with type ``t``: each printed
    with ``{:.F f}``, ``F = max(0, fractional bits)`` (``hls4ml.model.types.WeightVariable``).

    >>> hls4ml_weight_values(np.array([0.123456, -1.5]), FixedType(8, 4)).tolist()
    [0.1235, -1.5]
    """
    digits = max(0, t.width - t.integer)
    return _printed(np.asarray(values, dtype=np.float64).tobytes(), digits)


@functools.lru_cache(maxsize=512)
def _printed(raw: bytes, digits: int) -> np.ndarray:
    vals = np.frombuffer(raw, dtype=np.float64)
    out = np.array([float(f"{v:.{digits}f}") for v in vals.tolist()], dtype=np.float64)
    out.setflags(write=False)
    return out


def requantized_weight(w: Weight, t: FixedType, float_values: np.ndarray | None = None) -> Weight:
    """``w`` as hls4ml writes it for type ``t`` (from ``float_values`` when given, else from the
    project's own values); structured (power-of-two, compressed) weights cannot be retyped."""
    if w.structured is not None:
        raise RetypeError(f"{w.header}:{w.line}: {w.name} is a structured weight array; fxsim cannot retype it")
    src = w.values if float_values is None else np.asarray(float_values, dtype=np.float64).reshape(-1)
    if src.size != w.size:
        raise RetypeError(f"float weights for {w.name}: {src.size} values, the project has {w.size}")
    return dataclasses.replace(w, type=t, values=hls4ml_weight_values(src, t))


def source_weight_digits(project: Project) -> dict[str, int]:
    """Per weight array, the fractional bits its written values keep (the project's own type):
    a retyped weight type with more loses exactness against hls4ml (see the module docstring)."""
    return {k: max(0, w.type.width - w.type.integer) for k, w in project.weights.items()}


def _derive_softmax(project: Project, original: Project) -> Project:
    """Table sizes and ``inp_norm_t`` of softmax configs, as hls4ml derives them from the (new)
    input and table types (``FixSoftmaxTableSize``, ``SoftmaxConfigTemplate.format``)."""
    configs = dict(project.configs)
    changed = False
    for call in project.calls:
        if call.function not in ("softmax", "softmax_multidim", "softmax_stable", "softmax_latency"):
            continue
        cfg = configs.get(call.config or "")
        orig = original.configs.get(call.config or "")
        if cfg is None or orig is None or "inv_table_size" not in cfg:
            continue
        in_t = project.type_of(call.inputs[0])
        base = int(orig.get("inv_table_size"))
        size = base
        inv_w = cfg.inv_table_t.width if isinstance(cfg.get("inv_table_t"), FixedType) else 64
        if 2 ** min(in_t.width, inv_w) < size:
            size = 2 ** min(in_t.width, inv_w)
        changes: dict[str, object] = {"inv_table_size": size, "exp_table_size": size}
        if str(cfg.get("implementation", "")).endswith("stable") and in_t.signed:
            w, i = in_t.width - 1, in_t.integer - 1
            changes["exp_table_size"] = min(size, 2 ** w)
            changes["inp_norm_t"] = FixedType(w, i, signed=False)
        elif orig.get("exp_table_size") != orig.get("inv_table_size"):
            changes["exp_table_size"] = orig.exp_table_size  # an explicit exp_table_size (kept)
        new = cfg.replace(**{k: v for k, v in changes.items() if k in cfg})
        if new != cfg:
            configs[call.config] = new  # type: ignore[index]
            changed = True
    return dataclasses.replace(project, configs=configs) if changed else project


def widest_fraction(t: FixedType) -> int:
    """Fractional bits of ``t`` (``width - integer``), at least 0."""
    return max(0, t.width - t.integer)


def integer_bits_for(max_abs: float, signed: bool = True) -> int:
    """Integer bits (sign included when ``signed``) that hold ``±max_abs`` without overflow.

    >>> integer_bits_for(5.3), integer_bits_for(0.4), integer_bits_for(8.0), integer_bits_for(3.0, signed=False)
    (4, 0, 5, 2)
    """
    if not math.isfinite(max_abs) or max_abs <= 0:
        return 1 if signed else 0
    return int(math.floor(math.log2(max_abs))) + 1 + (1 if signed else 0)
