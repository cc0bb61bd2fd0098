"""``firmware/weights/*.h`` and ``*.txt``: every weight array's declared type, size and values.

In C simulation hls4ml loads weights with ``nnet::load_weights_from_txt<T, SIZE>(w, "w2.txt")``
(``nnet_helpers.h``): it reads the first line, splits it at ``','`` and streams each token into
the ``ap_fixed`` element, whose ``operator>>`` reads a ``double`` first
(``ap_fixed_base.h``: ``double d; in >> d; x = ap_fixed_base(d);``). So the values fxsim keeps
are the float64 of each decimal token (correctly rounded, like ``strtod``); converting them to
the weight type is one ``quantize`` away. Without txt loading, the header's initializer
``= {…}`` (double literals) is used, which gives the same float64 values.

Anything the C++ would silently accept differently — a missing file, a wrong count, a token that
is not a plain decimal number — is a :class:`ProjectError` naming file, line and column.

Power-of-two and compressed weights are arrays of a ``typedef struct`` of ``defines.h``
(``{ap_uint<1> sign; ap_int<W> weight;}``, ``{index_t row_index; index_t col_index; weight_t
weight;}``), loaded by ``nnet::load_exponent_weights_from_txt`` /
``load_compressed_weights_from_txt`` from ``{a, b}, {a, b}, …`` (or initialized with
``= {{a, b}, …}``): each field is read with the field type's ``operator>>``, which for
``ap_int``/``ap_uint`` parses the token as a string (integer part, wrapped to the width: ``"1.0"``
-> 1) and for ``ap_fixed`` reads a ``double``. :func:`read_struct_weights` returns them as
:class:`~fxsim.weight_structs.ExponentWeights` / :class:`~fxsim.weight_structs.CompressedWeights`.

>>> values_from_text("0.5, -1.25e-1,3", "w.txt")
array([ 0.5  , -0.125,  3.   ])
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from fxsim.project.cparse import scan, split_top, strip_comments
from fxsim.project.errors import ProjectError
from fxsim.project.files import read_text
from fxsim.types import FixedType

#: What ``std::istream >> double`` accepts in a token, as a whole (leading spaces skipped).
_NUMBER = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?")


@dataclass(frozen=True)
class Weight:
    """One weight array: ``model_default_t w2[1024]`` and its values.

    ``values`` are float64 (read-only), in the C++ array order; ``type`` is the element type
    (``type_name`` resolved through ``defines.h``); ``shape`` is the NumPy shape hls4ml noted in
    the header comment (``//Numpy array shape [16, 64]``) or ``None``; ``source`` the file the
    values came from (the ``.txt`` when the project loads txt weights, else the ``.h``).
    """

    name: str
    type_name: str
    type: FixedType
    size: int
    values: np.ndarray
    shape: tuple[int, ...] | None
    source: Path
    header: Path
    line: int
    #: ``ExponentWeights`` / ``CompressedWeights`` for a struct-typed array (then ``values`` holds
    #: ``+-2**exponent`` or the COO values, and ``type`` is the struct's ``weight`` field type).
    structured: object | None = None


@dataclass(frozen=True)
class WeightDecl:
    """A weight declaration found in a header (the values of its ``= {…}`` if it has one;
    ``init_text`` the raw ``{…}, {…}`` of a struct array's initializer)."""

    name: str
    type_name: str
    size: int
    init: np.ndarray | None
    shape: tuple[int, ...] | None
    line: int
    init_text: str | None = None


_DECL = re.compile(
    r"^(?:static\s+)?(?:const\s+)?(?P<type>[\w:]+(?:\s*<.*>)?)\s+(?P<name>[A-Za-z_]\w*)\s*"
    r"\[(?P<size>[^\]]*)\]\s*(?:=\s*\{(?P<init>.*)\})?$"
)
_SHAPE = re.compile(r"//\s*Numpy array shape\s*[\[(](?P<dims>[^\])]*)[\])]")


def values_from_text(text: str, path: str | Path, line: int = 1) -> np.ndarray:
    """Comma-separated decimals -> float64, strictly (raises :class:`ProjectError` with the column)."""
    out = []
    col = 1
    for tok in text.split(","):
        stripped = tok.strip()
        if not _NUMBER.fullmatch(stripped):
            where = col + (len(tok) - len(tok.lstrip()))
            what = "an empty value" if not stripped else f"{stripped[:30]!r}"
            raise ProjectError(path, line, f"column {where}: {what} is not a decimal number")
        out.append(float(stripped))
        col += len(tok) + 1
    return np.array(out, dtype=np.float64)


def parse_weight_header(text: str, path: str | Path, macros) -> list[WeightDecl]:
    """All array declarations of a weights header; ``#ifndef __SYNTHESIS__``/``#else`` twins merged."""
    from fxsim.project.calls import _size  # array-size evaluation shared with the top function

    m = _SHAPE.search(text)
    shape = None
    if m:
        dims = [d.strip() for d in m.group("dims").split(",") if d.strip()]
        try:
            shape = tuple(int(d) for d in dims)
        except ValueError:
            shape = None
    clean, _ = strip_comments(text)
    decls: dict[str, WeightDecl] = {}
    for item in scan(clean, path, macros):
        if item.kind != "stmt" or item.region == "synth":
            continue  # fxsim is the C simulation: it sees the #ifndef __SYNTHESIS__ twin only
        d = _DECL.match(item.text)
        if d is None:
            raise ProjectError(path, item.line, f"cannot read {item.text[:80]!r}: expected 'type name[size]'")
        size = _size(f"[{d.group('size')}]", macros, path, item.line)
        init = init_text = None
        if d.group("init") is not None and "{" in d.group("init"):
            init_text = d.group("init")  # an array of structs: read with the struct's fields
        elif d.group("init") is not None:
            init = values_from_text(",".join(split_top(d.group("init"))), path, item.line)
            if init.size != size:
                raise ProjectError(
                    path, item.line, f"{d.group('name')}[{size}] initialized with {init.size} values"
                )
        prev = decls.get(d.group("name"))
        if prev is not None:
            if (prev.type_name, prev.size) != (" ".join(d.group("type").split()), size):
                raise ProjectError(
                    path, item.line, f"{d.group('name')} declared twice with different type or size"
                )
            init = init if init is not None else prev.init
            init_text = init_text if init_text is not None else prev.init_text
        decls[d.group("name")] = WeightDecl(
            d.group("name"),
            " ".join(d.group("type").split()),
            size,
            init,
            shape,
            prev.line if prev else item.line,
            init_text,
        )
    return list(decls.values())


def read_weight_txt(path: Path, size: int) -> np.ndarray:
    """Values of a weights ``.txt`` exactly as ``load_weights_from_txt`` reads them (first line only)."""
    if not path.is_file():
        raise ProjectError(path, None, "weight file does not exist")
    text = read_text(path)
    first, _, rest = text.partition("\n")
    if rest.strip():
        raise ProjectError(path, 2, "text after the first line (load_weights_from_txt reads only line 1)")
    first = first.removesuffix("\r")
    if not first.strip():
        raise ProjectError(path, 1, "empty weight file")
    values = values_from_text(first, path, 1)
    if values.size != size:
        raise ProjectError(path, 1, f"{values.size} values, expected {size}")
    return values


# ----------------------------------------------------------------------------- struct weights
_AP_INT_TOKEN = re.compile(r"[+-]?(?:0|[1-9]\d*)(?:\.\d*)?")


def ap_int_from_token(token: str, t: FixedType, path: str | Path, line: int) -> int:
    """``std::istream >> ap_int<W>`` / ``ap_uint<W>`` of one token, as hls4ml writes them: the
    header parses the token as a string, keeps the integer part (``"1.0"`` -> 1, ``"-2.7"`` -> -2)
    and wraps it to the width. Other spellings (exponents, leading zeros, hex) raise."""
    if not _AP_INT_TOKEN.fullmatch(token):
        raise ProjectError(path, line, f"{token[:30]!r} is not an integer token for {t}")
    v = int(token.split(".")[0])
    v &= (1 << t.width) - 1
    if t.signed and v >> (t.width - 1):
        v -= 1 << t.width
    return v


def struct_rows(text: str, n_fields: int, path: str | Path, line: int = 1) -> list[list[str]]:
    """``{a, b}, {a, b}, …`` split like the loaders of ``nnet_helpers.h``: at ``'{'``, ``'}'`` and
    spaces removed, one trailing ``','`` dropped, the rest split at ``','``."""
    rows = []
    for tok in text.split("{"):
        if not tok:
            continue
        tok = tok.replace("}", "").replace(" ", "").replace("\t", "")
        tok = tok.removesuffix(",")
        if not tok:
            continue
        fields = tok.split(",")
        if len(fields) != n_fields or any(not f for f in fields):
            raise ProjectError(path, line, f"{{{tok[:40]}}}: expected {n_fields} fields")
        rows.append(fields)
    return rows


def read_struct_weights(text: str, fields: tuple[tuple[str, FixedType], ...], size: int, path: str | Path,
                        line: int = 1):
    """An array of hls4ml's weight structs from its ``{…}, {…}`` text.

    ``fields`` names the struct's members (``sign``/``weight``: power-of-two weights;
    ``row_index``/``col_index``/``weight``: compressed weights). Returns
    :class:`~fxsim.weight_structs.ExponentWeights` or :class:`~fxsim.weight_structs.CompressedWeights`.
    """
    from fxsim.array import FixedArray
    from fxsim.weight_structs import CompressedWeights, ExponentWeights

    names = tuple(f for f, _ in fields)
    types = dict(fields)
    rows = struct_rows(text, len(fields), path, line)
    if len(rows) != size:
        raise ProjectError(path, line, f"{len(rows)} structs, expected {size}")
    cols = {n: [r[k] for r in rows] for k, n in enumerate(names)}

    def ints(name: str) -> np.ndarray:
        return np.array([ap_int_from_token(v, types[name], path, line) for v in cols[name]], dtype=np.int64)

    def fixed(name: str) -> FixedArray:
        t = types[name]
        if t.is_int:
            return FixedArray(ints(name), t)
        return FixedArray(t.quantize(values_from_text(",".join(cols[name]), path, line)), t)

    if names == ("sign", "weight"):
        if types["sign"].width != 1 or types["sign"].signed or not types["weight"].is_int:
            raise ProjectError(path, line, "exponent weight struct must be {ap_uint<1> sign; ap_int<W> weight;}")
        return ExponentWeights(ints("sign"), FixedArray(ints("weight"), types["weight"]))
    if names == ("row_index", "col_index", "weight"):
        return CompressedWeights(ints("row_index"), ints("col_index"), fixed("weight"))
    raise ProjectError(path, line, f"unknown weight struct with fields {names} (expected sign, weight or "
                                   f"row_index, col_index, weight)")


def read_struct_weight_txt(path: Path, fields: tuple[tuple[str, FixedType], ...], size: int):
    """A struct weights ``.txt`` as ``load_{exponent,compressed}_weights_from_txt`` reads it (line 1)."""
    if not path.is_file():
        raise ProjectError(path, None, "weight file does not exist")
    first, _, rest = read_text(path).partition("\n")
    if rest.strip():
        raise ProjectError(path, 2, "text after the first line (the loader reads only line 1)")
    return read_struct_weights(first.removesuffix("\r"), fields, size, path, 1)
