"""Reading hls4ml's power-of-two and compressed weight files, against ``nnet_helpers.h``.

hls4ml writes those weights as ``{sign, exponent}, …`` / ``{row, col, value}, …`` on one line and
loads them with ``nnet::load_exponent_weights_from_txt`` / ``load_compressed_weights_from_txt``
into arrays of ``typedef struct`` types. A compiled harness runs the real loaders on files with
Hypothesis-drawn tokens (hls4ml's ``1.0``/``0.0`` signs, fractional and out-of-range integers that
``ap_int``'s string parsing truncates and wraps, decimals in several spellings for the ``ap_fixed``
value, irregular spacing) and prints every field's raw bits; fxsim's
:func:`fxsim.project.weights.read_struct_weight_txt` must give the same. Also: ``defines.h``
struct typedefs and the clear errors for what fxsim does not read.
"""

from __future__ import annotations

import functools
from pathlib import Path

import harness
import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fxsim.project.defines import parse_defines
from fxsim.project.errors import ProjectError
from fxsim.project.weights import read_struct_weight_txt
from fxsim.types import FixedType
from fxsim.weight_structs import CompressedWeights, ExponentWeights

N = 12
EXP_FIELDS = (("sign", FixedType(1, 1, False, is_int=True)), ("weight", FixedType(5, 5, True, is_int=True)))
CMP_FIELDS = (("row_index", FixedType(4, 4, False, is_int=True)), ("col_index", FixedType(3, 3, False, is_int=True)),
              ("weight", FixedType(10, 3, True, "AP_RND", "AP_SAT")))

SOURCE = r"""
#include <ap_fixed.h>
#include <ap_int.h>
#include <cstdio>
#include <cstring>
#define WEIGHTS_DIR ""
#include "nnet_utils/nnet_helpers.h"
typedef struct exp_t { ap_uint<1> sign; ap_int<5> weight; } exp_t;
typedef struct cmp_t { ap_uint<4> row_index; ap_uint<3> col_index; ap_fixed<10,3,AP_RND,AP_SAT> weight; } cmp_t;
int main(int argc, char** argv) {
  // argv[2] is an absolute path; WEIGHTS_DIR "" + "/" + (path without its leading '/')
  if (std::strcmp(argv[1], "exp") == 0) {
    exp_t w[{N}];
    nnet::load_exponent_weights_from_txt<exp_t, {N}>(w, argv[2] + 1);
    for (int i = 0; i < {N}; i++) std::printf("%d %d\n", (int)w[i].sign.to_int(), (int)w[i].weight.to_int());
  } else {
    cmp_t w[{N}];
    nnet::load_compressed_weights_from_txt<cmp_t, {N}>(w, argv[2] + 1);
    for (int i = 0; i < {N}; i++) {
      ap_int<10> raw; raw.V = w[i].weight.V;
      std::printf("%d %d %lld\n", (int)w[i].row_index.to_int(), (int)w[i].col_index.to_int(),
                  (long long)raw.to_int64());
    }
  }
  return 0;
}
""".replace("{N}", str(N))


@functools.cache
def _exe() -> Path:
    return harness.build(SOURCE, name="struct_weights")


def _cpp(kind: str, path: Path) -> np.ndarray:
    out = harness.run(_exe(), args=(kind, str(path.resolve())))
    return np.array([[int(v) for v in line.split()] for line in out.splitlines()], dtype=np.int64)


_int_tok = st.one_of(
    st.integers(-40, 40).map(str),
    st.integers(-40, 40).map(lambda v: f"{v}.0"),
    st.tuples(st.integers(-40, 40), st.integers(0, 9)).map(lambda t: f"{t[0]}.{t[1]}"),
    st.sampled_from(["0", "1", "0.0", "1.0", "+3", "-0", "2.0", "7."]),
)
_dec_tok = st.one_of(
    st.floats(-9, 9, allow_nan=False).map(lambda v: f"{v:.5f}"),
    st.floats(-9, 9, allow_nan=False).map(lambda v: f"{v:g}"),
    st.floats(-9, 9, allow_nan=False).map(lambda v: f"{v:e}"),
    st.integers(-9, 9).map(str),
)
_sep = st.sampled_from([", ", ",", " , ", ",  "])


def _line(rows: list[list[str]], seps: list[str]) -> str:
    return "".join(("" if k == 0 else seps[k % len(seps)]) + "{" + ", ".join(r) + "}" for k, r in enumerate(rows))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                 HealthCheck.function_scoped_fixture])
@given(signs=st.lists(_int_tok, min_size=N, max_size=N), exps=st.lists(_int_tok, min_size=N, max_size=N),
       seps=st.lists(_sep, min_size=1, max_size=4))
def test_exponent_weights_like_the_loader(tmp_path: Path, signs, exps, seps) -> None:
    f = tmp_path / "w_exp.txt"
    f.write_text(_line([[s, e] for s, e in zip(signs, exps)], seps) + "\n")
    want = _cpp("exp", f)
    got = read_struct_weight_txt(f, EXP_FIELDS, N)
    assert isinstance(got, ExponentWeights)
    np.testing.assert_array_equal(np.stack([got.sign, got.exponent.raw], axis=1), want)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                 HealthCheck.function_scoped_fixture])
@given(rows=st.lists(st.tuples(_int_tok, _int_tok, _dec_tok), min_size=N, max_size=N),
       seps=st.lists(_sep, min_size=1, max_size=4))
def test_compressed_weights_like_the_loader(tmp_path: Path, rows, seps) -> None:
    f = tmp_path / "w_cmp.txt"
    f.write_text(_line([list(r) for r in rows], seps) + "\n")
    want = _cpp("cmp", f)
    got = read_struct_weight_txt(f, CMP_FIELDS, N)
    assert isinstance(got, CompressedWeights)
    np.testing.assert_array_equal(np.stack([got.row, got.col, got.weight.raw], axis=1), want)


def test_defines_struct_typedef() -> None:
    d = parse_defines("typedef ap_fixed<8,3> model_default_t;\n"
                      "typedef struct exponent_weight2_t {ap_uint<1> sign;ap_int<4> weight; } exponent_weight2_t;\n",
                      "defines.h")
    assert [(n, str(t)) for n, t in d.structs["exponent_weight2_t"]] == [("sign", "ap_uint<1>"),
                                                                        ("weight", "ap_int<4>")]
    with pytest.raises(ProjectError, match=r"defines.h:1: struct bad_t, field row_index: unknown type 'uint<3>'"):
        parse_defines("typedef struct bad_t {uint<3> row_index; ap_fixed<8,3> weight;} bad_t;", "defines.h")


def test_struct_weight_errors(tmp_path: Path) -> None:
    f = tmp_path / "w.txt"
    f.write_text("{1.0, -2}, {0.0, 1e1}\n")
    with pytest.raises(ProjectError, match=r"w.txt:1: '1e1' is not an integer token for ap_int<5>"):
        read_struct_weight_txt(f, EXP_FIELDS, 2)
    f.write_text("{1.0, -2}, {0.0, 1}\n")
    with pytest.raises(ProjectError, match=r"w.txt:1: 2 structs, expected 3"):
        read_struct_weight_txt(f, EXP_FIELDS, 3)
    f.write_text("{1.0, -2, 4}\n")
    with pytest.raises(ProjectError, match=r"expected 2 fields"):
        read_struct_weight_txt(f, EXP_FIELDS, 1)
    with pytest.raises(ProjectError, match="weight file does not exist"):
        read_struct_weight_txt(tmp_path / "missing.txt", EXP_FIELDS, 1)
