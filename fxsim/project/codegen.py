"""``firmware/nnet_utils/nnet_code_gen.h``: the C++ functions hls4ml generates per layer, as programs.

hls4ml 1.3.0 writes some layers as generated functions rather than calls of ``nnet_utils`` templates:

* HGQ2's heterogeneous quantizers (``FixedPointQuantizer``,
  ``hls4ml/backends/fpga/passes/hgq_proxy_model.py: generate_mask_fn``), one cast per element::

      template<typename input_t, typename output_t>
      void d1_iq(input_t *inp, output_t *out) {
          #pragma HLS INLINE
          out[0] = ap_fixed<4,3,AP_RND,AP_SAT>(inp[0]);
          out[1] = 0;
      }

* the ``distributed_arithmetic`` strategy's adder graphs (da4ml's ``hls_logic_and_bridge_gen``):
  typed declarations ``ap_fixed<8,2> v6 = v3 - bit_shift<-2>(v3);``, ``+ - *``, unary ``-``,
  ``bit_shift<s>(x)``, ternaries ``v0 > 0 ? T(v0) : T(0)`` and ``v5[7] ? T(a) : T(b)`` (sign-bit
  mux), lookups ``table_x[v3.range()]`` in ``static const T table_x[] = {…};``, ``~ & | ^ == !=``,
  and stores ``model_out[2] = ap_fixed<9,3>(bit_shift<-4>(v16));``;
* the EinsumDense ``distributed_arithmetic`` kernels (``einsum_dense4_da_kernel(inp, out, int l0)``),
  whose body calls the adder graphs on slices: ``einsum_4_da_0_of_1(&inp[(0 * 4 + l0) * 5], &out[…]);``.

:func:`parse_codegen` reads that text into immutable :class:`Function` s (statements and expression
trees, every ``ap_`` type parsed); it executes nothing (:mod:`fxsim.layers.codegen` runs them).
It is strict: a statement or expression form outside this list is a :class:`ProjectError` naming
the file and line, kept per function (:attr:`CodeGen.errors`) and raised when a call uses it.

>>> cg = parse_codegen('''namespace nnet {
... template<typename input_t, typename output_t>
... void q(input_t *inp, output_t *out) {
...     out[0] = ap_fixed<4,3,AP_RND,AP_SAT>(inp[1]);
...     out[1] = 0;
... }
... }''', "nnet_code_gen.h")
>>> f = cg.functions["q"]
>>> f.params, f.n_outputs
((Param(name='inp', type_name='input_t', size=None), Param(name='out', type_name='output_t', size=None)), 2)
>>> f.body[0]
Store(array='out', index=0, value=Cast(type=FixedType(width=4, integer=3, signed=True, rounding='AP_RND', \
overflow='AP_SAT', sat_bits=0, is_int=False), arg=Load(array='inp', index=1)), line=4)
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from fxsim.project.cparse import evaluate, scan, split_top, strip_comments
from fxsim.project.errors import ProjectError
from fxsim.types import FixedType, FixedTypeError

# ---------------------------------------------------------------------------------------- program


@dataclass(frozen=True)
class Literal:
    """A number in the source: ``0``, ``1.5``, ``-0.25`` (int or float as C++ reads it)."""

    value: int | float


@dataclass(frozen=True)
class Var:
    """A local scalar declared earlier in the function (``v12``)."""

    name: str


@dataclass(frozen=True)
class Load:
    """``inp[3]``: element of an array parameter."""

    array: str
    index: int


@dataclass(frozen=True)
class Cast:
    """``ap_fixed<4,3,AP_RND,AP_SAT>(x)``: functional-style conversion."""

    type: FixedType
    arg: object


@dataclass(frozen=True)
class BitShift:
    """``bit_shift<s>(x)`` (``nnet_function_stubs.h``): the same bits read with ``s`` more integer bits."""

    shift: int
    arg: object


@dataclass(frozen=True)
class Unary:
    """``-x``, ``~x`` or ``!x``."""

    op: str
    arg: object


@dataclass(frozen=True)
class Binary:
    """``a op b`` for ``+ - * & | ^ == != < > <= >=``."""

    op: str
    left: object
    right: object


@dataclass(frozen=True)
class Ternary:
    """``cond ? a : b``."""

    cond: object
    then: object
    other: object


@dataclass(frozen=True)
class BitSelect:
    """``v[k]`` on a scalar: bit ``k`` of its two's-complement bits (a ``bool``)."""

    var: str
    bit: int


@dataclass(frozen=True)
class TableLookup:
    """``table[v.range()]``: the table entry at ``v``'s raw bits read as unsigned."""

    table: str
    var: str


@dataclass(frozen=True)
class Decl:
    """``T name = value;``"""

    type: FixedType
    name: str
    value: object
    line: int


@dataclass(frozen=True)
class Table:
    """``static const T name[] = {v0, v1, …};``"""

    type: FixedType
    name: str
    values: tuple[int | float, ...]
    line: int


@dataclass(frozen=True)
class Store:
    """``array[index] = value;`` (the value converted to the array's element type)."""

    array: str
    index: int
    value: object
    line: int


@dataclass(frozen=True)
class SubCall:
    """``callee(&inp[in_offset], &out[out_offset]);`` in a kernel wrapper; offsets are C integer
    expressions of the wrapper's ``int`` parameter."""

    callee: str
    input: str
    in_offset: str
    output: str
    out_offset: str
    line: int

    def offsets(self, index_name: str, value: int) -> tuple[int, int]:
        """Both offsets with the wrapper's ``int`` parameter ``index_name`` set to ``value``.

        >>> SubCall("f", "a", "(1 * 4 + l0) * 5", "b", "l0 * 6", 1).offsets("l0", 2)
        (30, 12)
        """
        def resolve(name: str) -> int:
            if name != index_name:
                raise KeyError(name)
            return value

        return (int(evaluate(self.in_offset, resolve).value), int(evaluate(self.out_offset, resolve).value))


@dataclass(frozen=True)
class Param:
    """``input_t *inp`` (``size`` None) or ``inp_t model_inp[6]``."""

    name: str
    type_name: str
    size: int | None


@dataclass(frozen=True)
class Function:
    """One generated ``template<…> void name(…)`` function: template parameters, parameters, body."""

    name: str
    template_params: tuple[str, ...]
    params: tuple[Param, ...]
    body: tuple[Decl | Table | Store | SubCall, ...]
    path: Path
    line: int
    #: the ``int`` parameter of a kernel wrapper (``l0``), None for a plain generated function
    index: str | None = None

    @property
    def n_outputs(self) -> int:
        """Elements the function writes to its last (output) parameter: 1 + the largest index stored."""
        out = self.params[-1].name
        return 1 + max((s.index for s in self.body if isinstance(s, Store) and s.array == out), default=-1)


@dataclass(frozen=True)
class CodeGen:
    """Every generated function of a ``nnet_code_gen.h``; ``errors`` holds, per function name,
    why it could not be read (raised when a call uses that function)."""

    path: Path
    functions: dict[str, Function] = field(default_factory=dict)
    errors: dict[str, ProjectError] = field(default_factory=dict)

    def function(self, name: str) -> Function | None:
        """The parsed function, ``None`` if the file does not define it; raises the
        :class:`ProjectError` of a function it defines but could not read."""
        if name in self.errors:
            raise self.errors[name]
        return self.functions.get(name)


# ---------------------------------------------------------------------------------------- parsing

_HEADER = re.compile(r"^template\s*<(?P<tparams>[^<>]*)>\s*void\s+(?P<name>[A-Za-z_]\w*)\s*\((?P<params>[^()]*)\)$")
_PARAM = re.compile(r"^(?P<type>[A-Za-z_]\w*)\s*"
                    r"(?:\*\s*(?P<ptr>[A-Za-z_]\w*)|(?P<arr>[A-Za-z_]\w*)\s*\[\s*(?P<n>\d*)\s*\])$")
_AP_TYPE = r"ap_u?(?:fixed|int)\s*<[^<>]*>"
_DECL = re.compile(rf"^(?P<type>{_AP_TYPE})\s+(?P<name>[A-Za-z_]\w*)\s*=\s*(?P<value>.+)$")
_TABLE = re.compile(rf"^static\s+const\s+(?P<type>{_AP_TYPE})\s+(?P<name>[A-Za-z_]\w*)\s*\[\s*\d*\s*\]\s*=\s*"
                    r"\{(?P<values>[^{}]*)\}$")
_SUBCALL = re.compile(r"^(?P<callee>[A-Za-z_]\w*)\s*\(\s*&\s*(?P<a>\w+)\s*\[(?P<ia>[^\]]*)\]\s*,\s*"
                      r"&\s*(?P<b>\w+)\s*\[(?P<ib>[^\]]*)\]\s*\)$")
_STORE = re.compile(r"^(?P<array>[A-Za-z_]\w*)\s*\[\s*(?P<index>\d+)\s*\]\s*=\s*(?P<value>.+)$")
_TOKEN = re.compile(
    rf"\s*(?:(?P<type>{_AP_TYPE})|(?P<shift>bit_shift\s*<\s*-?\d+\s*>)"
    r"|(?P<num>(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)|(?P<id>[A-Za-z_]\w*)"
    r"|(?P<op>==|!=|<=|>=|[-+*~!&|^?:()<>\[\].]))"
)
#: binary operators from loosest to tightest (C++ precedence)
_LEVELS = (("|",), ("^",), ("&",), ("==", "!="), ("<", ">", "<=", ">="), ("+", "-"), ("*",))


def _fixed_type(text: str, path: Path, line: int) -> FixedType:
    try:
        return FixedType.parse(" ".join(text.split()))
    except FixedTypeError as e:
        raise ProjectError(path, line, f"type {text!r}: {e}") from None


class _Expr:
    """Recursive-descent parser of one expression over the names the function has declared so far."""

    def __init__(self, text: str, path: Path, line: int, arrays: set[str], scalars: set[str],
                 tables: set[str]) -> None:
        self.path, self.line = path, line
        self.arrays, self.scalars, self.tables = arrays, scalars, tables
        self.toks: list[tuple[str, str]] = []
        pos, text = 0, text.strip()
        while pos < len(text):
            m = _TOKEN.match(text, pos)
            if m is None or m.end() == pos:
                self.fail(f"cannot read {text[pos:].strip()[:30]!r}")
            self.toks.append((m.lastgroup, m.group(m.lastgroup)))
            pos = m.end()
        self.i = 0

    def fail(self, message: str):
        raise ProjectError(self.path, self.line, f"nnet_code_gen.h statement fxsim cannot read: {message}")

    def peek(self) -> str | None:
        return self.toks[self.i][1] if self.i < len(self.toks) else None

    def take(self, expected: str | None = None) -> tuple[str, str]:
        if self.i >= len(self.toks):
            self.fail("unexpected end of expression")
        tok = self.toks[self.i]
        if expected is not None and tok[1] != expected:
            self.fail(f"expected {expected!r}, found {tok[1]!r}")
        self.i += 1
        return tok

    def parse(self):
        e = self.ternary()
        if self.i != len(self.toks):
            self.fail(f"unexpected {self.toks[self.i][1]!r}")
        return e

    def ternary(self):
        cond = self.binary(0)
        if self.peek() != "?":
            return cond
        self.take("?")
        then = self.ternary()
        self.take(":")
        return Ternary(cond, then, self.ternary())

    def binary(self, level: int):
        if level == len(_LEVELS):
            return self.unary()
        left = self.binary(level + 1)
        while self.peek() in _LEVELS[level] and self.toks[self.i][0] == "op":
            op = self.take()[1]
            left = Binary(op, left, self.binary(level + 1))
        return left

    def unary(self):
        if self.peek() in ("-", "~", "!"):
            op = self.take()[1]
            arg = self.unary()
            if op == "-" and isinstance(arg, Literal):
                return Literal(-arg.value)
            return Unary(op, arg)
        return self.postfix()

    def postfix(self):
        kind, tok = self.take()
        if kind == "num":
            return Literal(float(tok) if any(c in tok for c in ".eE") else int(tok))
        if kind == "type":
            t = _fixed_type(tok, self.path, self.line)
            self.take("(")
            arg = self.ternary()
            self.take(")")
            return Cast(t, arg)
        if kind == "shift":
            s = int(tok[tok.index("<") + 1:tok.index(">")])
            self.take("(")
            arg = self.ternary()
            self.take(")")
            return BitShift(s, arg)
        if tok == "(":
            e = self.ternary()
            self.take(")")
            return e
        if kind != "id":
            self.fail(f"unexpected {tok!r}")
        if self.peek() != "[":
            if tok not in self.scalars:
                self.fail(f"{tok!r} is not a variable declared before this line")
            return Var(tok)
        self.take("[")
        if tok in self.tables:
            _, var = self.take()
            self.take(".")
            self.take("range")
            self.take("(")
            self.take(")")
            self.take("]")
            if var not in self.scalars:
                self.fail(f"table index {var!r} is not a variable declared before this line")
            return TableLookup(tok, var)
        kind, idx = self.take()
        self.take("]")
        if kind != "num" or not idx.isdigit():
            self.fail(f"index {idx!r} of {tok} is not a constant integer")
        if tok in self.arrays:
            return Load(tok, int(idx))
        if tok in self.scalars:
            return BitSelect(tok, int(idx))
        self.fail(f"{tok!r} is not a parameter, variable or table of this function")


def _header(text: str, path: Path, line: int) -> tuple[str, tuple[str, ...], tuple[Param, ...]]:
    m = _HEADER.match(text)
    if m is None:
        raise ProjectError(path, line, f"nnet_code_gen.h: cannot read function header {text[:80]!r}")
    tparams = []
    for t in split_top(m.group("tparams")):
        words = t.split()
        if len(words) != 2 or words[0] not in ("typename", "class"):
            raise ProjectError(path, line, f"nnet_code_gen.h: template parameter {t.strip()!r} is not a type")
        tparams.append(words[1])
    params = []
    index = None
    texts = split_top(m.group("params"))
    if len(texts) == 3 and re.fullmatch(r"int\s+[A-Za-z_]\w*", " ".join(texts[2].split())):
        index = texts[2].split()[-1]
        texts = texts[:2]
    for p in texts:
        pm = _PARAM.match(" ".join(p.split()))
        if pm is None or pm.group("type") not in tparams:
            raise ProjectError(path, line, f"nnet_code_gen.h: parameter {p.strip()!r} of {m.group('name')} is "
                                           "not an array of a template type")
        n = pm.group("n")
        params.append(Param(pm.group("ptr") or pm.group("arr"), pm.group("type"), int(n) if n else None))
    if len(params) != 2:
        raise ProjectError(path, line, f"nnet_code_gen.h: {m.group('name')} takes {len(params)} parameters; "
                                       "fxsim runs generated functions of one input and one output array")
    return m.group("name"), tuple(tparams), tuple(params), index


def _statement(text: str, path: Path, line: int, arrays: set[str], scalars: set[str], tables: set[str],
               declared: set[str], wrapper: bool = False):
    def expr(src: str):
        return _Expr(src, path, line, arrays, scalars, tables).parse()

    def new_name(name: str) -> None:
        if name in declared:
            raise ProjectError(path, line, f"nnet_code_gen.h: {name} declared twice")
        declared.add(name)

    if wrapper:
        m = _SUBCALL.match(text)
        if m is None or m.group("a") not in arrays or m.group("b") not in arrays:
            raise ProjectError(path, line, f"nnet_code_gen.h: kernel statement fxsim cannot read: {text[:80]!r}")
        return SubCall(m.group("callee"), m.group("a"), m.group("ia"), m.group("b"), m.group("ib"), line)
    if m := _TABLE.match(text):
        new_name(m.group("name"))
        values = []
        for v in split_top(m.group("values")):
            e = _Expr(v, path, line, set(), set(), set()).parse()
            if not isinstance(e, Literal):
                raise ProjectError(path, line, f"nnet_code_gen.h: table entry {v.strip()!r} is not a number")
            values.append(e.value)
        tables.add(m.group("name"))
        return Table(_fixed_type(m.group("type"), path, line), m.group("name"), tuple(values), line)
    if m := _DECL.match(text):
        value = expr(m.group("value"))
        new_name(m.group("name"))
        scalars.add(m.group("name"))
        return Decl(_fixed_type(m.group("type"), path, line), m.group("name"), value, line)
    if m := _STORE.match(text):
        if m.group("array") not in arrays:
            raise ProjectError(path, line, f"nnet_code_gen.h: stores into {m.group('array')}, not a parameter")
        return Store(m.group("array"), int(m.group("index")), expr(m.group("value")), line)
    raise ProjectError(path, line, f"nnet_code_gen.h statement fxsim cannot read: {text[:80]!r}")


def _check_function(fn: Function) -> None:
    """Inputs are read, the output written, each output element exactly once."""
    inp, out = fn.params[0].name, fn.params[1].name
    if fn.index is not None:
        for s in fn.body:
            if (s.input, s.output) != (inp, out):
                raise ProjectError(fn.path, s.line, f"nnet_code_gen.h: {s.callee} must read {inp} and write {out}")
        return
    written: dict[int, int] = {}
    for s in fn.body:
        if isinstance(s, Store):
            if s.array != out:
                raise ProjectError(fn.path, s.line, f"nnet_code_gen.h: {fn.name} writes its input {s.array}")
            if s.index in written:
                raise ProjectError(fn.path, s.line, f"nnet_code_gen.h: {fn.name} writes {out}[{s.index}] twice "
                                                    f"(first at line {written[s.index]})")
            written[s.index] = s.line
    size = fn.params[1].size
    n = fn.n_outputs
    missing = sorted(set(range(size if size is not None else n)) - set(written))
    if missing:
        raise ProjectError(fn.path, fn.line, f"nnet_code_gen.h: {fn.name} never writes {out}[{missing[0]}]")
    if size is not None and n > size:
        raise ProjectError(fn.path, fn.line, f"nnet_code_gen.h: {fn.name} writes {out}[{n - 1}] of {out}[{size}]")
    reads = _loads(fn.body)
    if any(a != inp for a, _ in reads):
        raise ProjectError(fn.path, fn.line, f"nnet_code_gen.h: {fn.name} reads its output array")
    in_size = fn.params[0].size
    if in_size is not None and any(i >= in_size for _, i in reads):
        raise ProjectError(fn.path, fn.line, f"nnet_code_gen.h: {fn.name} reads past {inp}[{in_size}]")


def _loads(node) -> set[tuple[str, int]]:
    if isinstance(node, Load):
        return {(node.array, node.index)}
    if isinstance(node, tuple):
        return set().union(*(_loads(n) for n in node)) if node else set()
    if isinstance(node, Decl | Store):
        return _loads(node.value)
    kids = [getattr(node, f) for f in ("arg", "left", "right", "cond", "then", "other") if hasattr(node, f)]
    return set().union(*(_loads(k) for k in kids)) if kids else set()


def parse_codegen(text: str, path: str | Path) -> CodeGen:
    """Every generated function of ``nnet_code_gen.h`` (see the module docstring for the forms).

    Outside functions, only the preprocessor lines, ``namespace`` and the ``class`` stubs hls4ml
    ships in the file (``PointwiseConv1D``) are allowed.
    """
    path = Path(path)
    cg = CodeGen(path)
    current: tuple | None = None  # (name, tparams, params, header line, statements)
    arrays: set[str] = set()
    scalars: set[str] = set()
    tables: set[str] = set()
    declared: set[str] = set()
    error: ProjectError | None = None
    nested = 0  # blocks open inside the current function (an error, but their braces must balance)
    for item in scan(strip_comments(text)[0], path):
        if current is None:
            if item.kind == "open" and item.text.startswith("template"):
                try:
                    name, tparams, params, index = _header(item.text, path, item.line)
                except ProjectError as e:
                    m = re.search(r"void\s+([A-Za-z_]\w*)", item.text)
                    name, tparams, params, index, error = (m.group(1) if m else "?"), (), (), None, e
                current = (name, tparams, params, item.line, [], index)
                arrays = {p.name for p in params}
                scalars, tables, declared, nested = set(), set(), set(arrays), 0
                continue
            if item.kind == "open" and item.text.startswith("namespace"):
                continue
            if item.kind == "close" or item.kind == "directive":
                continue
            if item.kind == "stmt" and re.match(r"^template\s*<[^<>]*>\s*(class|struct)\s", item.text):
                continue  # hls4ml's class stubs (PointwiseConv1D): no function fxsim calls
            raise ProjectError(path, item.line, f"nnet_code_gen.h: cannot read {item.text[:80]!r}")
        name, tparams, params, line, body, index = current
        if item.kind == "close" and nested:
            nested -= 1
            continue
        if item.kind == "close":
            if error is None:
                fn = Function(name, tparams, params, tuple(body), path, line, index)
                try:
                    _check_function(fn)
                    cg.functions[name] = fn
                except ProjectError as e:
                    cg.errors[name] = e
            else:
                cg.errors[name] = error
            current, error = None, None
            continue
        if error is not None:
            continue
        if item.kind == "directive":
            if not item.text.startswith("#pragma"):
                error = ProjectError(path, item.line, f"nnet_code_gen.h: directive {item.text!r} inside {name}")
            continue
        if item.kind == "open":
            nested += 1
            error = error or ProjectError(path, item.line, f"nnet_code_gen.h: nested block {item.text[:60]!r} "
                                                           f"in {name} "
                                                  "(loops and branches are not generated code fxsim reads)")
            continue
        try:
            body.append(_statement(item.text, path, item.line, arrays, scalars, tables, declared, index is not None))
        except ProjectError as e:
            error = e
    if current is not None:
        raise ProjectError(path, current[3], f"nnet_code_gen.h: function {current[0]} is not closed")
    return cg


__all__ = ["CodeGen", "Function", "Param", "SubCall", "Decl", "Table", "Store", "Literal", "Var", "Load", "Cast",
           "BitShift",
           "Unary", "Binary", "Ternary", "BitSelect", "TableLookup", "parse_codegen"]
