"""Differential: fxsim's AC Math / Catapult activation twins against the headers hls4ml ships
(``templates/catapult``: ``nnet_utils/nnet_activation.h`` with ``USE_AC_MATH``, ``ac_math``,
``ac_types/include``), compiled with g++. The harness calls the real ``nnet::sigmoid``/``nnet::tanh``
/``nnet::relu`` templates on one-element arrays and prints the results with ``operator<<`` (exact
decimals); fxsim must print the same text. Inputs: Hypothesis-drawn raw values plus every edge
(0, +-1 LSB, min, max, the PWL breakpoints and saturation limits 3 and 5)."""

from __future__ import annotations

import functools
import hashlib
from pathlib import Path

import harness
import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fxsim.acarray import AcArray
from fxsim.actypes import AcType
from fxsim.layers import catapult_activation as act

IN_TYPES = [AcType(16, 6), AcType(37, 17), AcType(10, 3, True, "AC_RND", "AC_SAT"), AcType(12, 4, False),
            AcType(6, 2), AcType(24, 12), AcType(18, 2), AcType(8, 8), AcType(20, 4, True, "AC_RND_CONV", "AC_SAT")]
OUT_TYPES = [AcType(16, 6), AcType(10, 3, True, "AC_RND", "AC_SAT"), AcType(8, 1, False), AcType(18, 8),
             AcType(12, 0, False, "AC_RND_CONV", "AC_SAT"), AcType(24, 2),
             AcType(6, 1, True, "AC_RND_INF", "AC_SAT_SYM")]
FUNCS = ("sigmoid", "tanh", "relu")
COMBOS = [(i, o) for i in IN_TYPES for o in OUT_TYPES]


def _catapult() -> Path:
    return harness.templates_dir().parent / "catapult"


def _build(name: str, body: str, main: str) -> Path:
    """A harness: the Catapult ``nnet_activation.h`` (AC Math on) included as a project's
    ``parameters.h`` includes it, then ``body`` (its ``run`` templates) and ``main`` (the reading loop:
    ``int main() { ... }``), compiled against the shipped ac_types/ac_math/ac_simutils."""
    cat = _catapult()
    h = hashlib.sha256()
    for p in sorted([*(cat / "ac_math" / "include" / "ac_math").glob("*.h"), *(cat / "nnet_utils").glob("*.h")]):
        h.update(p.read_bytes())
    nn = cat / "nnet_utils"
    src = f"""// catapult templates {h.hexdigest()[:16]}
#include <iostream>
#include <ac_fixed.h>
#include <ac_int.h>
#include "{nn}/nnet_code_gen.h"
#include "{nn}/nnet_helpers.h"
#include "{nn}/nnet_activation.h"
{body}
{main}
"""
    flags = (f"-I{cat / 'ac_types' / 'include'}", f"-I{cat / 'ac_math' / 'include'}",
             f"-I{cat / 'ac_simutils' / 'include'}", "-O0")
    return harness.build(src, name=name, extra_flags=flags)


def _scalar_main(combos) -> str:
    """``main`` of the one-value harnesses: lines ``k value`` -> ``run<TI_k, TO_k>(value)``."""
    cases = "\n".join(f"        case {k}: run<{ti}, {to}>(v); break;" for k, (ti, to) in enumerate(combos))
    return ("int main() {\n    int k; double v;\n    while (std::cin >> k >> v) {\n        switch (k) {\n"
            f"{cases}\n        }}\n    }}\n}}")


@functools.cache
def _exe() -> Path:
    body = """struct cfg : nnet::activ_config { static const unsigned n_in = 1; };
template <class TI, class TO> void run(double v) {
    TI x[1]; TO a[1], b[1], c[1];
    x[0] = v;
    nnet::sigmoid<TI, TO, cfg>(x, a);
    nnet::tanh<TI, TO, cfg>(x, b);
    nnet::relu<TI, TO, cfg>(x, c);
    std::cout << a[0] << " " << b[0] << " " << c[0] << "\\n";
}"""
    return _build("acmath_catapult", body, _scalar_main(COMBOS))


def _compare(exe: Path, combos, rows: list[tuple[int, int]], ours) -> None:
    """``rows``: (combo index, raw input); the harness's line for each against ``ours(x, to)``."""
    stdin = "".join(f"{k} {float(combos[k][0].to_float(np.array([r]))[0])!r}\n" for k, r in rows)
    got = harness.run(exe, stdin).splitlines()
    assert len(got) == len(rows)
    bad = []
    for (k, r), line in zip(rows, got, strict=True):
        ti, to = combos[k]
        x = AcArray(np.array([r]), ti)
        if ours(x, to) != line:
            bad.append(f"{ti} -> {to}, x={x.format()[0]}: header {line!r}, fxsim {ours(x, to)!r}")
    assert not bad, f"{len(bad)} of {len(rows)} differ:\n" + "\n".join(bad[:20])


def _check(rows: list[tuple[int, int]]) -> None:
    """sigmoid, tanh, relu of ``rows`` (combo index, raw input)."""
    _compare(_exe(), COMBOS, rows, lambda x, to: " ".join(getattr(act, f)(x, to).format()[0] for f in FUNCS))


def _edges(t: AcType) -> list[int]:
    f = t.frac
    specials = [0, 1, -1, t.min_raw, t.max_raw, t.min_raw + 1, t.max_raw - 1]
    for v in (3, 5, 0.625, 1.25, 2.5, 4, 8):  # tanh/sigmoid breakpoints and limits
        for s in (-1, 1):
            r = int(np.floor(s * v * 2.0**f))
            specials += [r - 1, r, r + 1]
    return sorted({r for r in specials if t.min_raw <= r <= t.max_raw})


def test_edges_identical():
    _check([(k, r) for k, (ti, _) in enumerate(COMBOS) for r in _edges(ti)])


@settings(max_examples=8, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
@given(st.data())
def test_random_identical(data):
    rows = []
    for k, (ti, _) in enumerate(COMBOS):
        rows += [(k, data.draw(st.integers(ti.min_raw, ti.max_raw))) for _ in range(4)]
    _check(rows)


# ------------------------------------------------------------------------------------- softmax
SM_IN = [AcType(16, 6), AcType(10, 3, True, "AC_RND", "AC_SAT"), AcType(12, 4, False), AcType(20, 2), AcType(8, 5),
         AcType(24, 1)]
SM_OUT = [AcType(16, 6), AcType(18, 8, True, "AC_RND", "AC_SAT"), AcType(10, 0, False),
          AcType(12, 1, True, "AC_RND_CONV")]
SM_K = (5, 3)
SM_COMBOS = [(i, o, k) for i in SM_IN for o in SM_OUT for k in SM_K]


@functools.cache
def _softmax_exe() -> Path:
    cases = "\n".join(f"        case {j}: run<{ti}, {to}, {k}>(); break;" for j, (ti, to, k) in enumerate(SM_COMBOS))
    structs = "\n".join(f"struct cfg{k} : nnet::activ_config {{ static const unsigned n_in = {k}; }};\n"
                        f"template <> struct C<{k}> {{ typedef cfg{k} type; }};" for k in SM_K)
    body = f"""template <int K> struct C;
{structs}
template <class TI, class TO, int K> void run() {{
    TI x[K]; TO y[K]; double v;
    for (int i = 0; i < K; i++) {{ std::cin >> v; x[i] = v; }}
    nnet::softmax<TI, TO, typename C<K>::type>(x, y);
    for (int i = 0; i < K; i++) std::cout << y[i] << " ";
    std::cout << "\\n";
}}"""
    main = ("int main() {\n    int j;\n    while (std::cin >> j) {\n        switch (j) {\n"
            f"{cases}\n        }}\n    }}\n}}")
    return _build("acmath_softmax_catapult", body, main)


def test_softmax_identical():
    """``nnet::softmax`` (``ac_softmax_pwl``) on edge vectors (all equal, min/max, zeros) and random raws."""
    rng = np.random.default_rng(7)
    rows = []
    for j, (ti, _, k) in enumerate(SM_COMBOS):
        vecs = [[0] * k, [ti.max_raw] * k, [ti.min_raw] * k, [ti.min_raw, ti.max_raw, 0][:k] + [1] * (k - 3)]
        vecs += [rng.integers(ti.min_raw, ti.max_raw, size=k, endpoint=True).tolist() for _ in range(6)]
        rows += [(j, v) for v in vecs]
    stdin = "".join(f"{j} " + " ".join(repr(float(v)) for v in SM_COMBOS[j][0].to_float(np.array(r))) + "\n"
                    for j, r in rows)
    got = harness.run(_softmax_exe(), stdin).splitlines()
    assert len(got) == len(rows)
    bad = []
    for (j, r), line in zip(rows, got, strict=True):
        ti, to, _ = SM_COMBOS[j]
        x = AcArray(np.array([r]), ti)
        ours = "".join(v + " " for v in act.softmax(x, to).format())
        if ours != line:
            bad.append(f"{ti} -> {to}, x={x.format()}: header {line!r}, fxsim {ours!r}")
    assert not bad, f"{len(bad)} of {len(rows)} differ:\n" + "\n".join(bad[:20])


# ------------------------------------------- elu, selu, softsign, leaky_relu, hard_sigmoid
IN2 = [AcType(16, 6), AcType(10, 3, True, "AC_RND", "AC_SAT"), AcType(18, 8), AcType(12, 4, False), AcType(24, 12)]
OUT2 = [AcType(16, 6), AcType(10, 3, True, "AC_RND", "AC_SAT"), AcType(12, 4, False), AcType(20, 2)]
COMBOS2 = [(i, o) for i in IN2 for o in OUT2]
PARAM_T = AcType(16, 6)  # hls4ml's model_default_t, the param_T of elu/leaky_relu
FUNCS2 = ("elu", "selu", "softsign", "leaky_relu", "hard_sigmoid", "softplus")


@functools.cache
def _exe2() -> Path:
    body = f"""struct cfg : nnet::activ_config {{ static const unsigned n_in = 1; }};
typedef {PARAM_T} param_t;
template <class TI, class TO> void run(double v) {{
    TI x[1]; TO a[1], b[1], c[1], d[1], e[1], f[1];
    x[0] = v;
    nnet::elu<TI, param_t, TO, cfg>(x, 1.0, a);
    nnet::selu<TI, TO, cfg>(x, b);
    nnet::softsign<TI, TO, cfg>(x, c);
    nnet::leaky_relu<TI, param_t, TO, cfg>(x, 0.3, d);
    nnet::hard_sigmoid<TI, TO, cfg>(x, e);
    nnet::softplus<TI, TO, cfg>(x, f);
    std::cout << a[0] << " " << b[0] << " " << c[0] << " " << d[0] << " " << e[0] << " " << f[0] << "\\n";
}}"""
    return _build("acmath2_catapult", body, _scalar_main(COMBOS2))


def _ours2(x: AcArray, to: AcType) -> str:
    one, alpha = AcArray.from_float([1.0], PARAM_T)[0], AcArray.from_float([0.3], PARAM_T)[0]
    outs = [act.elu(x, one, to), act.selu(x, to), act.softsign(x, to), act.leaky_relu(x, alpha, to),
            act.hard_sigmoid(x, to), act.softplus(x, to)]
    return " ".join(o.format()[0] for o in outs)


def test_more_activations_identical():
    """``nnet::elu/selu/softsign/leaky_relu/hard_sigmoid`` on every edge and random raws."""
    rng = np.random.default_rng(5)
    rows = []
    for k, (ti, _) in enumerate(COMBOS2):
        rows += [(k, r) for r in _edges(ti)]
        rows += [(k, int(r)) for r in rng.integers(ti.min_raw, ti.max_raw, size=12, endpoint=True)]
    _compare(_exe2(), COMBOS2, rows, _ours2)
