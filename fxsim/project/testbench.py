"""The testbench side: ``myproject_test.cpp``, ``tb_data/*.dat`` and the C-simulation logs.

The generated testbench reads each line of ``tb_data/tb_input_features.dat``, splits it at
spaces (``strtok(cstr, " ")``), converts each token with ``atof`` and stores it in a
``std::vector<float>``; ``nnet::copy_data<float, input_t, OFFSET, SIZE>(in, input_1)`` then
converts the floats to ``input_t``. So the network sees the float32 rounding of each decimal:
:func:`read_dat` returns exactly those values, as float64. It only runs while *both*
``tb_input_features.dat`` and ``tb_output_predictions.dat`` have lines; without them it runs 5
all-zero samples (:func:`testbench_inputs` mirrors this).

``tb_data/csim_results.log`` holds one line per sample, ``std::cout << element << " "`` for every
output element (:func:`read_log`).

>>> read_dat_text("0.1 -2\\n3e-1 4\\n", "x.dat")[0].tolist()
[0.10000000149011612, -2.0]
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from fxsim.project.cparse import split_top, strip_comments
from fxsim.project.errors import ProjectError
from fxsim.project.files import read_text

#: A token ``atof`` converts completely (decimal, inf/nan as glibc's strtod spells them).
_ATOF = re.compile(r"[+-]?(?:(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?|inf(?:inity)?|nan)", re.IGNORECASE)


@dataclass(frozen=True)
class TestbenchIO:
    """``nnet::copy_data<float, input_t, OFFSET, SIZE>(in, input_1)`` (an input) or
    ``nnet::print_result<result_t, SIZE>(layer9_out, fout)`` (an output)."""

    __test__ = False  # not a pytest class

    port: str
    type_name: str
    offset: int
    size: int


@dataclass
class Testbench:
    """What ``myproject_test.cpp`` feeds and prints."""

    __test__ = False

    path: Path
    inputs: list[TestbenchIO] = field(default_factory=list)
    outputs: list[TestbenchIO] = field(default_factory=list)
    default_samples: int = 5


_COPY = re.compile(r"nnet::copy_data(?:_axi)?\s*<(?P<targs>[^;]*?)>\s*\(\s*in\s*,\s*(?P<port>\w+)\s*\)\s*;")
_PRINT = re.compile(r"nnet::print_result\s*<(?P<targs>[^;]*?)>\s*\(\s*(?P<port>\w+)\s*,\s*fout\s*\)\s*;")
_SAMPLES = re.compile(r"NUM_TEST_SAMPLES\s*=\s*([^;]+);")
#: The most all-zero samples fxsim runs for a testbench without data files (``NUM_TEST_SAMPLES``).
MAX_DEFAULT_SAMPLES = 10_000_000


def parse_testbench(path: Path, macros=None) -> Testbench:
    """Read the ``copy_data``/``print_result`` lines of a generated testbench (``macros``: the
    ``#define`` s of ``defines.h``, for sizes such as ``N_INPUT_1_1``)."""
    from fxsim.project.cparse import ExprError, evaluate

    def num(e: str) -> int:
        try:
            v = evaluate(e, _no_names, macros)
        except ExprError:
            raise ValueError(e) from None
        if v.ctype in ("float", "double", "enum"):
            raise ValueError(e)
        return int(v.value)

    text = strip_comments(read_text(path))[0]
    from fxsim.project.cparse import scan

    for _ in scan(text, path, macros):  # what the compiler would reject first: braces, directives, ';'
        pass
    tb = Testbench(path)
    for regex, dest in ((_COPY, tb.inputs), (_PRINT, tb.outputs)):
        for m in regex.finditer(text):
            line = text.count("\n", 0, m.start()) + 1
            if any(io.port == m.group("port") for io in dest):
                continue  # the same port in the data loop and the default-input loop
            targs = split_top(m.group("targs"))
            try:
                if regex is _COPY:
                    if len(targs) != 4:
                        raise ValueError
                    dest.append(TestbenchIO(m.group("port"), targs[1], num(targs[2]), num(targs[3])))
                else:
                    if len(targs) != 2:
                        raise ValueError
                    dest.append(TestbenchIO(m.group("port"), targs[0], 0, num(targs[1])))
            except ValueError:
                raise ProjectError(path, line, f"cannot read {m.group(0)!r}") from None
    m = _SAMPLES.search(text)
    if m:
        line = text.count("\n", 0, m.start()) + 1
        try:
            v = evaluate(m.group(1), _no_names, macros)
            n = int(v.converted("unsigned").value) if v.ctype != "enum" else None
        except ExprError as e:
            raise ProjectError(path, line, f"NUM_TEST_SAMPLES = {m.group(1).strip()[:40]}: {e}") from None
        if n is None or not 0 <= n <= MAX_DEFAULT_SAMPLES:
            raise ProjectError(path, line, f"NUM_TEST_SAMPLES = {m.group(1).strip()[:40]} ({n}): fxsim runs at most "
                               f"{MAX_DEFAULT_SAMPLES} default samples (its limit MAX_DEFAULT_SAMPLES)")
        tb.default_samples = n
    return tb


def _no_names(name: str):
    raise KeyError(name)


def _atof_line(line: str, path, lineno: int) -> np.ndarray:
    values = []
    for tok in line.split(" "):
        if tok == "":
            continue  # strtok skips runs of separators
        t = tok.removesuffix("\r")
        if not _ATOF.fullmatch(t):
            raise ProjectError(
                path,
                lineno,
                f"{tok[:30]!r} is not a number atof reads whole (the testbench splits at single spaces only)",
            )
        values.append(float(t))
    return np.array(values, dtype=np.float64)


def read_dat_text(text: str, path: str | Path) -> list[np.ndarray]:
    """Each line of a ``.dat`` as the testbench's ``std::vector<float>``, in float64."""
    rows = []
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    for i, line in enumerate(lines, 1):
        row = _atof_line(line, path, i)
        if row.size == 0:
            raise ProjectError(path, i, "empty line (the testbench would read past its vector)")
        rows.append(row.astype(np.float32).astype(np.float64))
    return rows


def read_dat(path: str | Path) -> list[np.ndarray]:
    """:func:`read_dat_text` of a file."""
    path = Path(path)
    if not path.is_file():
        raise ProjectError(path, None, "file does not exist")
    return read_dat_text(read_text(path), path)


@dataclass(frozen=True)
class Log:
    """A C-simulation log: ``values[i]`` is sample i (float64 of the printed text), ``lines`` the raw
    text lines (without newline)."""

    values: list[np.ndarray]
    lines: list[str]
    path: Path


def read_log(path: str | Path) -> Log:
    """Read ``tb_data/csim_results.log`` (or any log of space-separated printed numbers)."""
    path = Path(path)
    if not path.is_file():
        raise ProjectError(path, None, "log file does not exist")
    lines = read_text(path).split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    values = []
    for i, line in enumerate(lines, 1):
        toks = line.split()
        bad = [t for t in toks if not _ATOF.fullmatch(t)]
        if bad:
            raise ProjectError(path, i, f"{bad[0][:30]!r} is not a number")
        values.append(np.array([float(t) for t in toks], dtype=np.float64))
    return Log(values, lines, path)


def testbench_inputs(tb: Testbench, input_file: Path, predictions_file: Path) -> dict[str, np.ndarray]:
    """The values each top input receives, per sample: port -> float64 array ``(n_samples, size)``.

    Mirrors the generated ``main``: lines are consumed while both files have one; if either file
    is missing, ``default_samples`` all-zero samples are run instead.
    """
    if not (input_file.is_file() and predictions_file.is_file()):
        return {io.port: np.zeros((tb.default_samples, io.size)) for io in tb.inputs}
    rows = read_dat(input_file)
    n = min(len(rows), len(read_dat(predictions_file)))
    out = {}
    for io in tb.inputs:
        need = io.offset + io.size
        short = [i for i in range(n) if rows[i].size < need]
        if short:
            raise ProjectError(
                input_file,
                short[0] + 1,
                f"{rows[short[0]].size} values, but {io.port} reads [{io.offset}, {need})",
            )
        out[io.port] = np.array([rows[i][io.offset : need] for i in range(n)]).reshape(n, io.size)
    return out
