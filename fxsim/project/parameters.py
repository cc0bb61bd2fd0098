"""``firmware/parameters.h``: every ``struct configN : nnet::xxx_config {...}`` as a
:class:`~fxsim.config.Config`.

Member values follow C++: ``static const unsigned`` members are wrapped to 32 bits exactly as the
compiler stores them (``static const unsigned n_filt = -1`` is ``4294967295``, and
``(n_filt == -1) ? n_in : n_filt`` is ``n_in``), ``bool`` members are ``bool``, ``float`` members
are float32-rounded floats. Typedefs become :class:`~fxsim.types.FixedType` (the element type for
``nnet::array`` packs; ``'float'``/``'double'`` for C floating types), enumerators become plain
strings (``strategy='latency'``), template aliases the aliased function's name
(``product='mult'``, ``kernel='DenseLatency'``), config typedefs nested :class:`Config`
(``mult_config``), out-of-struct definitions such as ``config2::pixels[] = {0}`` tuples.

Members a struct does not write but inherits from its ``nnet::`` base struct (read from the
project's ``firmware/nnet_utils`` headers) are filled in as C++ would see them.

>>> from fxsim.project.defines import parse_defines
>>> d = parse_defines("typedef ap_fixed<16,6> model_default_t;", "defines.h")
>>> p = parse_parameters('''
... struct config2 : nnet::dense_config {
...     static const unsigned n_in = 16;
...     static const unsigned n_out = 4;
...     static const unsigned reuse_factor = 4;
...     static const unsigned strategy = nnet::resource;
...     static const unsigned multiplier_limit = DIV_ROUNDUP(n_in * n_out, reuse_factor);
...     typedef model_default_t accum_t;
...     template<class x_T, class y_T>
...     using product = nnet::product::mult<x_T, y_T>;
... };''', "parameters.h", d)
>>> c = p.configs["config2"]
>>> c.multiplier_limit, c.strategy, c.product, str(c.accum_t)
(16, 'resource', 'mult', 'ap_fixed<16,6>')
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from fxsim.config import Config
from fxsim.project.cparse import CTYPE_NAMES, CValue, ExprError, evaluate, scan, split_top, strip_comments
from fxsim.project.defines import Defines, add_define, resolve_type
from fxsim.project.errors import ProjectError
from fxsim.types import FixedType

#: The most structs ``parameters.h`` may hold (hls4ml writes one to three per layer).
MAX_STRUCTS = 20_000


@dataclass(frozen=True)
class _ConfigRef:
    name: str
    line: int


@dataclass
class _Struct:
    name: str
    base: str | None
    line: int
    values: dict[str, Any] = field(default_factory=dict)
    cvalues: dict[str, CValue] = field(default_factory=dict)
    declared: dict[str, str] = field(default_factory=dict)  # member -> declared C type, no value yet


@dataclass
class Parameters:
    """What ``parameters.h`` declares.

    ``configs``: struct name -> :class:`Config`; ``bases``: struct name -> base (``'dense_config'``);
    ``lines``: struct name -> line; ``weight_headers``: the ``#include "weights/*.h"`` files in
    order; ``arrays``: global arrays, ``const`` or not (e.g. transpose permutations), as tuples.
    """

    configs: dict[str, Config] = field(default_factory=dict)
    bases: dict[str, str | None] = field(default_factory=dict)
    lines: dict[str, int] = field(default_factory=dict)
    weight_headers: list[str] = field(default_factory=list)
    arrays: dict[str, tuple] = field(default_factory=dict)


_STRUCT = re.compile(r"^struct\s+(?P<name>[A-Za-z_]\w*)\s*(?::\s*(?:public\s+)?(?P<base>[\w:]+))?$")
_STATIC_INIT = re.compile(r"^static\s+(?:const\s+|constexpr\s+)+(?P<type>.+?)\s+(?P<name>[A-Za-z_]\w*)"
                          r"\s*=\s*(?P<expr>.+)$")
_STATIC_DECL = re.compile(r"^static\s+(?:const\s+|constexpr\s+)+(?P<type>.+?)\s*"
                          r"(?:\(\s*&\s*(?P<ref>\w+)\s*\)\s*\[.*\]|\*\s*const\s+(?P<ptr>\w+)"
                          r"|\s(?P<arr>\w+)\s*\[.*\]|\s(?P<plain>\w+))$")
_TYPEDEF = re.compile(r"^typedef\s+(?P<type>.+?)\s+(?P<name>[A-Za-z_]\w*)$")
#: ``constexpr static auto da_kernel = nnet::einsum_dense4_da_kernel<…>;``: kept as the function's name
_FUNCTION_REF = re.compile(r"^(?:constexpr\s+static|static\s+constexpr)\s+auto\s+(?P<name>\w+)\s*=\s*"
                           r"(?P<target>[\w:]+)\s*(?:<.*>)?$")
_USING = re.compile(r"^(?:template\s*<.*?>\s*)?using\s+(?P<name>\w+)\s*=\s*(?P<target>[\w:]+)\s*(?:<.*>)?$")
_OUT_REF = re.compile(r"^const\s+(?P<type>.+?)\s*\(\s*&\s*(?P<owner>\w+)::(?P<member>\w+)\s*\)\s*\[[^\]]*\]"
                      r"\s*=\s*(?P<init>.+)$")
_OUT_PTR = re.compile(r"^const\s+(?P<type>.+?)\s*\*\s*const\s+(?P<owner>\w+)::(?P<member>\w+)"
                      r"\s*=\s*(?P<init>.+)$")
_OUT_PLAIN = re.compile(r"^const\s+(?P<type>.+?)\s+(?P<owner>\w+)::(?P<member>\w+)\s*(?:\[[^\]]*\])?"
                        r"\s*=\s*(?P<init>.+)$")
_GLOBAL_ARRAY = re.compile(r"^(?:static\s+)?(?:const\s+)?(?P<type>[\w: ]+?)\s+(?P<name>\w+)\s*\[[^\]]*\]"
                           r"\s*=\s*\{(?P<init>.*)\}$")


def parse_parameters(text: str, path: str | Path, defines: Defines,
                     nnet_dir: str | Path | None = None) -> Parameters:
    """Parse the text of ``parameters.h``; ``nnet_dir`` (``firmware/nnet_utils``) supplies base-struct
    defaults."""
    out = Parameters()
    n_structs = len(re.findall(r"\bstruct\b", text))
    if n_structs > MAX_STRUCTS:
        raise ProjectError(path, None, f"{n_structs} structs is more than fxsim's limit of {MAX_STRUCTS} "
                           "(MAX_STRUCTS)")
    macros = dict(defines.macros)
    structs: dict[str, _Struct] = {}
    clean, _ = strip_comments(text)
    stack: list[_Struct | None] = []  # open blocks: a struct or None (namespace)
    for item in scan(clean, path, defines.macros):
        cur = stack[-1] if stack else None
        if item.kind == "directive":
            m = re.match(r'^#\s*include\s+"(?P<file>weights/[^"]+)"', item.text)
            if m:
                out.weight_headers.append(m.group("file"))
            add_define(item.text, macros, path, item.line)
        elif item.kind == "open":
            m = _STRUCT.match(item.text)
            if m and cur is None:
                base = m.group("base")
                s = _Struct(m.group("name"), base.split("::")[-1] if base else None, item.line)
                if s.name in structs:
                    raise ProjectError(path, item.line, f"struct {s.name} defined twice")
                if base:
                    _inherit(s, base, nnet_dir, defines, macros)
                structs[s.name] = s
                stack.append(s)
            elif item.text.startswith("namespace") and cur is None:
                stack.append(None)
            else:
                raise ProjectError(path, item.line, f"unsupported block {item.text!r} "
                                   "(expected 'struct NAME : nnet::xxx_config {' or a namespace)")
        elif item.kind == "close":
            if not stack:
                raise ProjectError(path, item.line, "unbalanced '}'")
            stack.pop()
        elif cur is not None:
            _member(cur, item.text, item.line, path, structs, defines, macros, strict=True)
        else:
            _outside(item.text, item.line, path, structs, out.arrays, defines, macros)
    if stack:
        raise ProjectError(path, None, "unclosed struct or namespace at end of file")
    known = _nnet_names(str(nnet_dir)) if nnet_dir is not None else None
    for name, s in structs.items():
        out.bases[name] = s.base
        out.lines[name] = s.line
        if known is None:
            continue
        structs_known, enumerators = known
        if s.base is not None and structs_known and s.base not in structs_known and s.base not in structs:
            raise ProjectError(path, s.line, f"struct {name}: base nnet::{s.base} is defined in no header of "
                               f"{nnet_dir}")
        for member, cv in s.cvalues.items():
            if cv.ctype == "enum" and enumerators and cv.value not in enumerators:
                raise ProjectError(path, s.line, f"{name}::{member} = nnet::{cv.value}: no enum of {nnet_dir} "
                                   "has that enumerator")
    build = _builder(structs, path)
    out.configs = {name: build(name) for name in structs}
    return out


# ---------------------------------------------------------------------------------------- members


def _resolver(s: _Struct, structs: dict[str, _Struct]):
    def resolve(name: str) -> CValue:
        if name in s.cvalues:
            return s.cvalues[name]
        if "::" in name:
            owner, member = name.rsplit("::", 1)
            if owner in structs and member in structs[owner].cvalues:
                return structs[owner].cvalues[member]
        raise KeyError(name)

    return resolve


def _member(s: _Struct, text: str, line: int, path, structs, defines: Defines, macros, strict: bool) -> None:
    """Read one member statement of struct ``s``; ``strict=False`` (base structs) skips what it
    cannot read."""
    try:
        _read_member(s, text, structs, defines, macros)
    except (ValueError, ExprError, KeyError) as e:
        if strict:
            raise ProjectError(path, line, f"struct {s.name}: cannot read {text!r}: {e}") from None
    except _Unsupported as e:
        if strict:
            raise ProjectError(path, line, f"struct {s.name}: unsupported member syntax {text!r}"
                               + (f" ({e})" if str(e) else "")) from None


class _Unsupported(Exception):
    pass


def _read_member(s: _Struct, text: str, structs, defines: Defines, macros) -> None:
    resolve = _resolver(s, structs)
    m = _USING.match(text)
    if m:
        s.values[m.group("name")] = m.group("target").split("::")[-1]
        return
    m = _FUNCTION_REF.match(text)
    if m:
        s.values[m.group("name")] = m.group("target").split("::")[-1]
        return
    m = _TYPEDEF.match(text)
    if m:
        s.values[m.group("name")] = _typedef_value(m.group("type"), s, structs, defines, macros)
        return
    m = _STATIC_INIT.match(text)
    if m:
        name, ctype_text, expr = m.group("name"), " ".join(m.group("type").split()), m.group("expr")
        if expr.startswith("{") or "[" in name:
            raise _Unsupported("array member with initializer")
        value = evaluate(expr, resolve, macros)
        if value.ctype == "enum" and s.base is None and "::" not in expr:
            pass  # unqualified enumerator inside namespace nnet (base structs)
        cv = _convert_member(value, ctype_text, s, structs, defines, macros)
        s.cvalues[name] = cv
        s.values[name] = cv.value
        s.declared.pop(name, None)
        return
    m = _STATIC_DECL.match(text)
    if m:
        name = m.group("ref") or m.group("ptr") or m.group("arr") or m.group("plain")
        s.declared[name] = m.group("type")
        s.values.pop(name, None)
        return
    if text.startswith("struct") or text.startswith("static void") or "(" in text.split("=")[0]:
        raise _Unsupported("")
    raise _Unsupported("")


def _convert_member(value: CValue, ctype_text: str, s: _Struct, structs, defines, macros) -> CValue:
    ctype = CTYPE_NAMES.get(ctype_text)
    if value.ctype == "enum":
        return value  # enumerators are kept as their names, whatever the declared type
    if ctype is not None:
        return value.converted(ctype)
    if ctype_text.startswith("nnet::"):
        raise ValueError(f"{ctype_text} member needs an enumerator, got {value.value!r}")
    _typedef_value(ctype_text, s, structs, defines, macros)  # must at least be a known type
    return value.converted("double")


def _typedef_value(type_text: str, s: _Struct, structs, defines: Defines, macros) -> Any:
    type_text = " ".join(type_text.split())
    if type_text in ("float", "double"):
        return type_text
    if type_text in defines.structs:  # exponent/compressed weight struct: kept by name
        return type_text
    if type_text in structs or (type_text.startswith("nnet::") and type_text[6:] in structs):
        return _ConfigRef(type_text.split("::")[-1], s.line)
    if type_text in s.values and isinstance(s.values[type_text], FixedType | str):
        return s.values[type_text]
    resolve = _resolver(s, structs)
    t, _pack = resolve_type(type_text, defines.types, defines.packs,
                            lambda e: _int(evaluate(e, resolve, macros), e))
    return t


def _int(v: CValue, text: str) -> int:
    if v.ctype in ("float", "double", "enum"):
        raise ExprError(f"{text!r} is not an integer")
    return int(v.value)


# ---------------------------------------------------------------------------------------- outside


def _outside(text: str, line: int, path, structs, arrays: dict[str, tuple], defines, macros) -> None:
    m = _GLOBAL_ARRAY.match(text)
    if m and "::" not in m.group("name"):
        arrays[m.group("name")] = _initializer("{" + m.group("init") + "}", None, structs, arrays, macros,
                                               path, line)
        return
    for pattern in (_OUT_REF, _OUT_PTR, _OUT_PLAIN):
        m = pattern.match(text)
        if m:
            owner, member = m.group("owner"), m.group("member")
            if owner not in structs:
                raise ProjectError(path, line, f"definition of {owner}::{member} for an unknown struct")
            s = structs[owner]
            if member not in s.declared:
                raise ProjectError(path, line, f"{owner}::{member} is not a declared static member")
            value = _initializer(m.group("init"), s, structs, arrays, macros, path, line)
            if pattern is _OUT_PLAIN and isinstance(value, int | float) and not isinstance(value, bool):
                value = _typed_scalar(value, s.declared[member], s, structs, defines, macros, path, line)
            s.values[member] = value
            del s.declared[member]
            return
    if text.startswith("using namespace"):
        return
    raise ProjectError(path, line, f"cannot read {text!r}: expected a config struct or a static member "
                       "definition")


def _typed_scalar(value: int | float, type_text: str, s: _Struct, structs, defines: Defines, macros, path,
                  line) -> Any:
    """``const slope_t config::slope = 0.2;``: a literal stored in a fixed-point member is that
    type's value (a :class:`~fxsim.array.FixedArray` scalar, converted as the C++ converts the
    literal); members of built-in types keep the literal."""
    type_text = " ".join(type_text.split())
    if type_text in CTYPE_NAMES or type_text.startswith("nnet::"):
        return value
    try:
        t = _typedef_value(type_text, s, structs, defines, macros)
    except (ValueError, ExprError, KeyError) as e:
        raise ProjectError(path, line, f"{s.name}: unknown member type {type_text!r}: {e}") from None
    if not isinstance(t, FixedType):
        return value
    from fxsim.array import FixedArray

    return FixedArray.from_float(np.asarray(value, dtype=np.float64), t)


def _initializer(init: str, s: _Struct | None, structs, arrays, macros, path, line) -> Any:
    init = init.strip()
    resolve = _resolver(s, structs) if s is not None else (lambda n: (_ for _ in ()).throw(KeyError(n)))

    def one(expr: str) -> Any:
        if expr in arrays:
            return arrays[expr]
        try:
            return evaluate(expr, resolve, macros).value
        except ExprError as e:
            if re.fullmatch(r"[A-Za-z_]\w*", expr):
                return expr  # a weight array's name, bound later by the network
            raise ProjectError(path, line, f"cannot evaluate {expr!r}: {e}") from None

    if init.startswith("{"):
        if not init.endswith("}"):
            raise ProjectError(path, line, f"unterminated initializer {init!r}")
        return tuple(one(e) for e in split_top(init[1:-1]) if e)
    return one(init)


# ---------------------------------------------------------------------------------------- bases


#: parsed base structs, per (nnet_utils dir, base name, defines): each is read once per project
_BASES: dict[tuple[str, str, int], tuple[Defines, _Struct]] = {}


def _inherit(s: _Struct, base: str, nnet_dir, defines: Defines, macros) -> None:
    """Copy the defaults of ``nnet::<base>`` (from the nnet_utils headers) into ``s``."""
    if nnet_dir is None:
        return
    found = _base_struct_text(str(nnet_dir), base.split("::")[-1])
    if found is None:
        return
    key = (str(nnet_dir), base.split("::")[-1], id(defines))
    b = _BASES.get(key)
    if b is None or b[0] is not defines:
        body, _ = found
        parsed = _Struct(base.split("::")[-1], None, 0)
        for item in scan(strip_comments(body)[0], base):
            if item.kind == "stmt":
                _member(parsed, item.text, item.line, base, {}, defines, macros, strict=False)
        if len(_BASES) > 256:
            _BASES.clear()
        _BASES[key] = b = (defines, parsed)
    b = b[1]
    s.values.update({k: v for k, v in b.values.items() if not isinstance(v, _ConfigRef)})
    s.cvalues.update(b.cvalues)


@functools.lru_cache(maxsize=32)
def _nnet_names(nnet_dir: str) -> tuple[frozenset[str], frozenset[str]] | None:
    """The struct names and enumerators the project's ``nnet_utils`` headers define (``None``
    without headers)."""
    headers = sorted(Path(nnet_dir).glob("*.h")) if Path(nnet_dir).is_dir() else []
    if not headers:
        return None
    names: set[str] = set()
    values: set[str] = set()
    for header in headers:
        text = strip_comments(header.read_text(errors="replace"))[0]
        names.update(re.findall(r"\bstruct\s+([A-Za-z_]\w*)", text))
        for body in re.findall(r"\benum\s+(?:class\s+)?\w*\s*(?::\s*\w+\s*)?\{([^}]*)\}", text):
            values.update(v.split("=")[0].strip() for v in body.split(",") if v.strip())
    return frozenset(names), frozenset(values)


@functools.lru_cache(maxsize=256)
def _base_struct_text(nnet_dir: str, name: str) -> tuple[str, str] | None:
    pattern = re.compile(r"\bstruct\s+" + re.escape(name) + r"\s*\{")
    for header in sorted(Path(nnet_dir).glob("*.h")):
        text = strip_comments(header.read_text(errors="replace"))[0]
        m = pattern.search(text)
        if m is None:
            continue
        depth, i = 1, m.end()
        while i < len(text) and depth:
            depth += {"{": 1, "}": -1}.get(text[i], 0)
            i += 1
        body = text[m.end():i - 1]
        if re.search(r"\bstruct\b|\{", body):  # nested definitions: too rich to read as defaults
            body = "\n".join(ln for ln in body.splitlines() if "{" not in ln and "}" not in ln)
        return body, str(header)
    return None


# ---------------------------------------------------------------------------------------- configs


def _builder(structs: dict[str, _Struct], path):
    built: dict[str, Config] = {}
    building: set[str] = set()

    def build(name: str) -> Config:
        if name in built:
            return built[name]
        if name in building:
            raise ProjectError(path, structs[name].line, f"struct {name} refers to itself")
        building.add(name)
        s = structs[name]
        fields = {}
        for k, v in s.values.items():
            if isinstance(v, _ConfigRef):
                if v.name not in structs:
                    raise ProjectError(path, v.line, f"{name}::{k} names unknown config {v.name}")
                v = build(v.name)
            fields[k] = v
        built[name] = Config(name, **fields)
        building.discard(name)
        return built[name]

    return build
