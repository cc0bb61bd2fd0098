"""``firmware/defines.h``: the project's precision typedefs and ``#define`` constants.

>>> d = parse_defines('''
... #define N_INPUT_1_1 16
... typedef ap_fixed<16,6> input_t;
... typedef nnet::array<ap_fixed<16,6>, 4*1> layer2_t;
... typedef input_t other_t;
... ''', "defines.h")
>>> str(d.types["other_t"]), d.packs["layer2_t"], d.constants["N_INPUT_1_1"]
('ap_fixed<16,6>', 4, 16)
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from fxsim.project.cparse import CValue, ExprError, evaluate, scan, split_top, strip_comments
from fxsim.project.errors import ProjectError
from fxsim.types import FixedType, FixedTypeError

Macros = dict[str, tuple[tuple[str, ...] | None, str]]


@dataclass
class Defines:
    """What ``defines.h`` declares.

    ``types`` maps every typedef to its (element) :class:`FixedType`; for ``nnet::array<T, N>``
    (io_stream packs) the element type is in ``types`` and ``N`` in ``packs``. ``macros`` are the
    ``#define`` s as text (for expression evaluation), ``constants`` those that evaluate to numbers.
    """

    types: dict[str, FixedType] = field(default_factory=dict)
    packs: dict[str, int] = field(default_factory=dict)
    macros: Macros = field(default_factory=dict)
    constants: dict[str, int | float] = field(default_factory=dict)
    lines: dict[str, int] = field(default_factory=dict)
    #: ``typedef struct X {ap_uint<1> sign; ap_int<4> weight;} X;`` (hls4ml's exponent/compressed
    #: weight types): name -> ((field name, FixedType), ...) in declaration order.
    structs: dict[str, tuple[tuple[str, FixedType], ...]] = field(default_factory=dict)


_AP_TYPE = re.compile(r"^(?P<base>ap_u?fixed|ap_u?int)\s*<(?P<args>.*)>$")
_ARRAY_TYPE = re.compile(r"^nnet::array\s*<(?P<args>.*)>$")
_MODES = re.compile(
    r"^(AP_)?(TRN|TRN_ZERO|RND|RND_ZERO|RND_MIN_INF|RND_INF|RND_CONV|WRAP|SAT|SAT_ZERO|SAT_SYM|WRAP_SM)$"
)


def resolve_type(text: str, types: dict[str, FixedType], packs: dict[str, int],
                 value_of: Callable[[str], int]) -> tuple[FixedType, int | None]:
    """A C++ type spelling -> (element type, pack size or None). Raises ``ValueError`` if unknown.

    ``value_of`` evaluates integer template arguments such as ``filt_width`` or ``4*1``.

    >>> t, pack = resolve_type("nnet::array<ap_fixed<8,3>, 2*2>", {}, {}, lambda s: eval(s))
    >>> str(t), pack
    ('ap_fixed<8,3>', 4)
    """
    text = " ".join(text.split())
    if text in types:
        return types[text], packs.get(text)
    m = _ARRAY_TYPE.match(text)
    if m:
        args = split_top(m.group("args"))
        if len(args) != 2:
            raise ValueError(f"nnet::array takes <type, size>, got {text!r}")
        element, pack = resolve_type(args[0], types, packs, value_of)
        if pack is not None:
            raise ValueError(f"nested nnet::array in {text!r}")
        return element, value_of(args[1])
    m = _AP_TYPE.match(text)
    if m:
        args = []
        for a in split_top(m.group("args")):
            args.append(a if _MODES.match(a) or re.fullmatch(r"[+-]?\d+", a) else str(value_of(a)))
        try:
            # hls4ml's spelling (no "ap_") parses the same and sidesteps prefix handling
            return FixedType.parse(f"{m.group('base')[3:]}<{','.join(args)}>"), None
        except FixedTypeError as e:
            raise ValueError(str(e)) from None
    raise ValueError(f"unknown type {text!r} (not an ap_fixed/ap_int/nnet::array or earlier typedef)")


def int_value(text: str, resolve: Callable[[str], CValue], macros: Macros) -> int:
    """Evaluate an integral constant expression to a Python int (raises ``ExprError``)."""
    v = evaluate(text, resolve, macros)
    if v.ctype in ("float", "double", "enum"):
        raise ExprError(f"{text!r} is not an integer expression")
    return int(v.value)


_TYPEDEF = re.compile(r"^typedef\s+(?P<type>.+?)\s+(?P<name>[A-Za-z_]\w*)$")
_DEFINE = re.compile(r"^#\s*define\s+(?P<name>[A-Za-z_]\w*)(?P<params>\([^)]*\))?\s*(?P<body>.*)$")


def parse_defines(text: str, path: str | Path) -> Defines:
    """Parse the text of ``defines.h`` (see the module docstring)."""
    d = Defines()
    clean, _ = strip_comments(text)
    for item in scan(clean, path):
        if item.kind == "directive":
            add_define(item.text, d.macros, path, item.line)
            continue
        if item.kind in ("open", "close"):
            if item.kind == "open" and not item.text.startswith("namespace"):
                raise ProjectError(path, item.line, f"unexpected block {item.text!r} in defines")
            continue
        m = _TYPEDEF.match(item.text)
        if m is None:
            if item.text.startswith("using namespace") or item.text.startswith("template"):
                continue
            raise ProjectError(path, item.line,
                               f"cannot read {item.text!r}: expected 'typedef <type> <name>;'")
        st = _STRUCT.match(m.group("type"))
        if st is not None:
            d.structs[m.group("name")] = _struct_fields(st.group("body"), d, path, item.line, m.group("name"))
            d.lines[m.group("name")] = item.line
            continue
        try:
            t, pack = resolve_type(m.group("type"), d.types, d.packs,
                                   lambda s: int_value(s, _no_names, d.macros))
        except (ValueError, ExprError) as e:
            raise ProjectError(path, item.line, f"typedef {m.group('name')}: {e}") from None
        name = m.group("name")
        if name in d.types and (d.types[name] != t or d.packs.get(name) != pack):
            raise ProjectError(path, item.line, f"typedef {name} redefined as {m.group('type')[:60]} "
                               f"(line {d.lines[name]} defines it as {d.types[name]}): the C++ does not compile")
        d.types[name] = t
        d.lines[name] = item.line
        if pack is not None:
            d.packs[m.group("name")] = pack
    for name, (params, body) in d.macros.items():
        if params is None and body:
            try:
                v = evaluate(body, _no_names, d.macros)
            except ExprError:
                continue  # a #define that is not a number (e.g. a string); kept in macros only
            if v.ctype != "enum":
                d.constants[name] = v.value
    return d


_STRUCT = re.compile(r"^struct\s*(?:[A-Za-z_]\w*)?\s*\{(?P<body>.*)\}$", re.S)
_FIELD = re.compile(r"^(?P<type>.+?)\s+(?P<name>[A-Za-z_]\w*)$")


def _struct_fields(body: str, d: Defines, path: str | Path, line: int,
                   name: str) -> tuple[tuple[str, FixedType], ...]:
    """The fields of ``struct {T a; U b;}``; each type must resolve like a typedef."""
    out = []
    for decl in (f.strip() for f in body.split(";")):
        if not decl:
            continue
        f = _FIELD.match(" ".join(decl.split()))
        if f is None:
            raise ProjectError(path, line, f"struct {name}: cannot read field {decl!r}")
        try:
            t, pack = resolve_type(f.group("type"), d.types, d.packs, lambda s: int_value(s, _no_names, d.macros))
        except (ValueError, ExprError) as e:
            raise ProjectError(path, line, f"struct {name}, field {f.group('name')}: {e}") from None
        if pack is not None:
            raise ProjectError(path, line, f"struct {name}, field {f.group('name')}: nnet::array field")
        out.append((f.group("name"), t))
    return tuple(out)


def add_define(directive: str, macros: Macros, path: str | Path, line: int) -> None:
    """Record a ``#define`` directive into ``macros`` (other directives are ignored)."""
    m = _DEFINE.match(directive)
    if m is None:
        if re.match(r"^#\s*define\b", directive):
            raise ProjectError(path, line, f"cannot read {directive!r}")
        return
    params = m.group("params")
    names = None if params is None else tuple(p.strip() for p in params[1:-1].split(",") if p.strip())
    macros[m.group("name")] = (names, m.group("body").strip())


def _no_names(name: str) -> CValue:
    raise KeyError(name)
