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


@dataclass(frozen=True)
class WeightDecl:
    """A weight declaration found in a header (the values of its ``= {…}`` if it has one)."""

    name: str
    type_name: str
    size: int
    init: np.ndarray | None
    shape: tuple[int, ...] | None
    line: int


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
    for item in scan(clean, path):
        if item.kind != "stmt":
            continue
        d = _DECL.match(item.text)
        if d is None:
            raise ProjectError(path, item.line, f"cannot read {item.text[:80]!r}: expected 'type name[size]'")
        size = _size(f"[{d.group('size')}]", macros, path, item.line)
        init = None
        if d.group("init") is not None:
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
        decls[d.group("name")] = WeightDecl(
            d.group("name"),
            " ".join(d.group("type").split()),
            size,
            init,
            shape,
            prev.line if prev else item.line,
        )
    return list(decls.values())


def read_weight_txt(path: Path, size: int) -> np.ndarray:
    """Values of a weights ``.txt`` exactly as ``load_weights_from_txt`` reads them (first line only)."""
    if not path.is_file():
        raise ProjectError(path, None, "weight file does not exist")
    text = path.read_text()
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
