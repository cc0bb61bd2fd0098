"""The generated-code twin (``fxsim/layers/codegen.py``, reading ``nnet_code_gen.h`` with
``fxsim/project/codegen.py``) against g++, bit for bit.

Random programs in the statement forms hls4ml 1.3.0 writes into ``nnet_code_gen.h`` (HGQ2's
per-element quantizers, ``generate_mask_fn``; da4ml's adder graphs: typed declarations, ``+ - *``,
unary ``-``, ``bit_shift<s>``, ReLU and sign-bit-mux ternaries, constants, table lookups
``t[v.range()]``, ``~ & | ^ == !=``) are compiled inside ``namespace nnet`` against the shipped
``ap_types`` and ``nnet_function_stubs.h`` (where ``bit_shift`` lives), and run on
Hypothesis-drawn raw inputs; the twin (fast path and statement-by-statement reference) must print
the same raw bits. Unreadable forms are errors naming file and line.
"""

from __future__ import annotations

import functools
import random

import layer_io
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fxsim.array import FixedArray
from fxsim.layers.codegen import GeneratedFunction, _cast_groups, run_reference
from fxsim.project import ProjectError
from fxsim.project.codegen import parse_codegen
from fxsim.types import FixedType

N_IN = 6
IN_T = FixedType(12, 5)
OUT_T = FixedType(16, 7, rounding="AP_RND", overflow="AP_SAT")
_Q = ["AP_TRN", "AP_RND", "AP_RND_CONV", "AP_RND_ZERO", "AP_TRN_ZERO"]
_O = ["AP_WRAP", "AP_SAT", "AP_SAT_SYM"]


def _type(r: random.Random, modes: bool = False, signed: bool | None = None) -> FixedType:
    """Types whose casts stay within what the headers assert (few dropped fraction bits)."""
    f = r.randint(0, 5)
    i = r.randint(1, 6)
    s = r.random() < 0.8 if signed is None else signed
    w = max(f + i, 8)
    if not modes:
        return FixedType(w, w - f, s)
    o = r.choice(_O)
    return FixedType(w, w - f, s, r.choice(_Q), o if s or o != "AP_SAT_SYM" else "AP_SAT")


def mask_program(name: str, seed: int) -> str:
    """``generate_mask_fn``'s form: one cast per element, some elements ``= 0``."""
    r = random.Random(seed)
    body = []
    for k in range(N_IN):
        if r.random() < 0.2:
            body.append(f"    out[{k}] = 0;")
        else:
            t = _type(r, modes=True)
            body.append(f"    out[{k}] = {t}(inp[{k}]);")
    return ("template<typename input_t, typename output_t>\n"
            f"void {name}(input_t *inp, output_t *out) {{\n    #pragma HLS INLINE\n\n" + "\n".join(body) + "\n}\n")


def da_program(name: str, seed: int, n_ops: int = 24, n_out: int = 5) -> str:
    """da4ml's ``ssa_gen``/``output_gen`` forms over random types."""
    r = random.Random(seed)
    lines: list[str] = []
    types: list[FixedType] = []

    def decl(t: FixedType, expr: str) -> None:
        lines.append(f"    {t} v{len(types)} = {expr}; // {len(types)}")
        types.append(t)

    def shifted(k: int) -> str:
        s = r.choice([0, 0, -2, -1, 1, 2])
        return f"v{k}" if s == 0 else f"bit_shift<{s}>(v{k})"

    for k in range(N_IN):
        lines.append(f"    {_type(r, modes=True)} model_inp_q_{k} = model_inp[{k}];")
        decl(_type(r), f"model_inp_q_{k}")
    tables = []
    for _ in range(n_ops):
        a, b = r.randrange(len(types)), r.randrange(len(types))
        t = _type(r)
        op = r.choice(["add", "sub", "add", "sub", "relu", "nrelu", "mux", "const", "define", "mul", "neg",
                       "lookup", "not", "or", "and", "bits"])
        if op in ("add", "sub"):
            decl(t, f"v{a} {'+' if op == 'add' else '-'} {shifted(b)}")
        elif op == "relu":
            decl(t, f"v{a} > 0 ? {t}(v{a}) : {t}(0)")
        elif op == "nrelu":
            decl(t, f"v{a} > 0 ? {t}(0) : {t}(-v{a})")
        elif op == "mux":
            c = r.randrange(len(types))
            decl(t, f"v{c}[{types[c].width - 1}] ? {t}(v{a}) : {t}(-{shifted(b)})")
        elif op == "const":
            decl(t, f"v{a} {r.choice('+-')} ap_ufixed<6,3>({r.randint(1, 63) / 8})")
        elif op == "define":
            decl(t, f"{r.randint(-40, 40) / 4}")
        elif op == "mul":
            decl(t, f"v{a} * v{b}")
        elif op == "neg":
            decl(t, f"-v{a}")
        elif op == "lookup":
            idx_t = FixedType(3, r.randint(0, 3), r.random() < 0.5)
            decl(idx_t, f"v{a}")
            tt = FixedType(8, 3)
            values = ",".join(str(r.randint(-128, 127) / 32) for _ in range(8))
            tname = f"table_{name}_{len(tables)}"
            tables.append(f"    static const {tt} {tname}[] = {{{values}}};")
            decl(t, f"{tname}[v{len(types) - 1}.range()]")
        elif op == "not":
            decl(t, f"~{shifted(a)}")
        elif op == "or":
            decl(t, f"(v{a} != 0)")
        elif op == "and":
            decl(t, f"(v{a} == {types[a]}({types[a].min_value if types[a].signed else types[a].max_value}))")
        else:
            u = FixedType(t.width, t.integer, t.signed)
            decl(t, f"{u}(v{a}) {r.choice('&|^')} {u}({shifted(b)})")
    outs = []
    for i in range(n_out):
        if i == n_out - 1:
            outs.append(f"    model_out[{i}] = 0;")
            continue
        k = r.randrange(N_IN, len(types))
        neg = r.choice(["", "-"])
        outs.append(f"    model_out[{i}] = {_type(r)}({neg}{shifted(k)});")
    return ("template <typename inp_t, typename out_t>\n"
            f"void {name}(inp_t model_inp[{N_IN}], out_t model_out[{n_out}]) {{ // comment\n"
            "    #pragma HLS INLINE\n" + "\n".join(tables) + "\n\n" + "\n".join(lines) + "\n\n" + "\n".join(outs)
            + "\n}\n")


PROGRAMS = {0: ("mask_a", mask_program("mask_a", 1)), 1: ("mask_b", mask_program("mask_b", 2)),
            2: ("da_a", da_program("da_a", 3)), 3: ("da_b", da_program("da_b", 4)), 4: ("da_c", da_program("da_c", 5))}
SOURCE = "namespace nnet {\n" + "\n".join(src for _, src in PROGRAMS.values()) + "}\n"


@functools.cache
def parsed():
    return parse_codegen(SOURCE, "nnet_code_gen.h")


@functools.cache
def exe():
    cases = {}
    for k, (name, _) in PROGRAMS.items():
        n_out = parsed().functions[name].n_outputs
        cases[k] = (f"static void run_{k}() {{\n  int n = rd_int();\n  for (int s = 0; s < n; s++) {{\n"
                    f"    {IN_T} x[{N_IN}]; rd_arr(x, {N_IN});\n    {OUT_T} y[{n_out}];\n"
                    f"    nnet::{name}<{IN_T}, {OUT_T}>(x, y);\n    wr_arr(y, {n_out});\n  }}\n}}")
    return layer_io.build(layer_io.source(["ap_fixed.h", "nnet_function_stubs.h", f"#if 1\n{SOURCE}#endif"], cases),
                          "codegen")


def test_programs_parse_and_use_every_form():
    cg = parsed()
    assert not cg.errors and set(cg.functions) == {n for n, _ in PROGRAMS.values()}
    kinds = {type(e).__name__ for f in cg.functions.values() for e in _nodes(f.body)}
    assert {"Cast", "BitShift", "Unary", "Binary", "Ternary", "BitSelect", "TableLookup", "Table", "Literal",
            "Load", "Var", "Decl", "Store"} <= kinds, kinds
    assert _cast_groups(cg.functions["mask_a"]) is not None and _cast_groups(cg.functions["da_a"]) is None


def _nodes(node):
    yield node
    if isinstance(node, tuple):
        for n in node:
            yield from _nodes(n)
        return
    for f in ("value", "arg", "left", "right", "cond", "then", "other"):
        if hasattr(node, f):
            yield from _nodes(getattr(node, f))


@settings(max_examples=25, deadline=None)
@given(st.data())
def test_generated_functions_match_gxx(data):
    rows = data.draw(st.lists(st.lists(st.integers(IN_T.min_raw, IN_T.max_raw), min_size=N_IN, max_size=N_IN),
                              min_size=1, max_size=12))
    x = np.asarray(rows, dtype=np.int64)
    calls = [(k, [x], len(x)) for k in PROGRAMS]
    expected = layer_io.run_cases(exe(), calls)
    for (name, _), want in zip(PROGRAMS.values(), expected):
        fn = parsed().functions[name]
        data_in = FixedArray(x, IN_T)
        fast = GeneratedFunction(fn)(data_in, OUT_T)
        ref = run_reference(fn, data_in, OUT_T)
        assert np.array_equal(ref.raw, want), (name, ref.raw, want)
        assert np.array_equal(fast.raw, want), (name, fast.raw, want)


@pytest.mark.parametrize("stmt, needle", [
    ("out[0] = ap_fixed<4,3>(inp[0]) / 2;", "cannot read '/ 2'"),
    ("out[0] = foo(inp[0]);", "'foo' is not a variable"),
    ("out[0] = ap_fixed<4,3>(w);", "'w' is not a variable"),
    ("int k = 3;", "cannot read"),
])
def test_unreadable_statement_names_file_and_line(stmt, needle):
    src = ("namespace nnet {\ntemplate<typename input_t, typename output_t>\nvoid q(input_t *inp, output_t *out) {\n"
           f"    out[1] = 0;\n    {stmt}\n}}\n}}\n")
    cg = parse_codegen(src, "fw/nnet_code_gen.h")
    with pytest.raises(ProjectError) as e:
        cg.function("q")
    assert str(e.value).startswith("fw/nnet_code_gen.h:5:") and needle in str(e.value), str(e.value)


def test_loops_and_unwritten_outputs_are_refused():
    loop = ("template<typename input_t, typename output_t>\nvoid q(input_t *inp, output_t *out) {\n"
            "    for (int i = 0; i < 2; i++) {\n        out[i] = inp[i];\n    }\n}\n")
    with pytest.raises(ProjectError, match=r"nnet_code_gen.h:3: .*cannot read: .for \(int i = 0"):
        parse_codegen(loop, "nnet_code_gen.h").function("q")
    gap = ("template <typename inp_t, typename out_t>\nvoid q(inp_t model_inp[2], out_t model_out[3]) {\n"
           "    model_out[0] = 0;\n    model_out[2] = 0;\n}\n")
    with pytest.raises(ProjectError, match=r"never writes model_out\[1\]"):
        parse_codegen(gap, "nnet_code_gen.h").function("q")
