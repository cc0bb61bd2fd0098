"""Just enough C++ text handling for hls4ml's generated sources: no compiler, no guessing.

* :func:`strip_comments` blanks comments but keeps every newline, so offsets still map to lines;
  it also returns each line's ``//`` comment (hls4ml puts the layer name there).
* :func:`scan` splits a file into preprocessor directives, block openings/closings and
  ``;``-terminated statements, each with its line and whether it sits in a
  ``#ifndef __SYNTHESIS__`` (C-simulation only) or ``#ifdef __SYNTHESIS__`` region.
* :func:`evaluate` computes integral constant expressions with C semantics (``unsigned`` wraps,
  ``n_filt == -1`` on an unsigned member is true), expanding ``#define`` macros.

>>> evaluate("DIV_ROUNDUP(n_in * n_out, reuse_factor) - n_zeros / reuse_factor",
...          lambda n: {"n_in": 16, "n_out": 64, "reuse_factor": 4, "n_zeros": 0}[n]).value
256
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from fxsim.project.errors import ProjectError

# ---------------------------------------------------------------------------------------- comments


def strip_comments(text: str) -> tuple[str, dict[int, str]]:
    """Blank ``//`` and ``/* */`` comments (newlines kept); return the text and line -> ``//`` text.

    >>> strip_comments('a; // fc1\\nb /* x */;')
    ('a;       \\nb        ;', {1: 'fc1'})
    """
    out: list[str] = []
    notes: dict[int, str] = {}
    i, n, line = 0, len(text), 1
    while i < n:
        c = text[i]
        if c == "\n":
            line += 1
            out.append(c)
            i += 1
        elif text.startswith("//", i):
            j = text.find("\n", i)
            j = n if j < 0 else j
            notes[line] = text[i + 2:j].strip()
            out.append(" " * (j - i))
            i = j
        elif text.startswith("/*", i):
            j = text.find("*/", i + 2)
            j = n if j < 0 else j + 2
            chunk = text[i:j]
            out.append(re.sub(r"[^\n]", " ", chunk))
            line += chunk.count("\n")
            i = j
        elif c in "\"'":
            j = i + 1
            while j < n and text[j] != c and text[j] != "\n":
                j += 2 if text[j] == "\\" else 1
            out.append(text[i:j + 1])
            i = j + 1
        else:
            out.append(c)
            i += 1
    return "".join(out), notes


# ---------------------------------------------------------------------------------------- scanning


@dataclass(frozen=True)
class Item:
    """One piece of a scanned file.

    ``kind`` is ``'directive'`` (``#...`` line), ``'open'`` (text before a ``{`` that opens a
    struct, namespace, function or ``if`` body), ``'close'`` (the matching ``}``) or ``'stmt'``
    (text before a ``;``, braces of initializers included). ``region`` is ``'csim'`` inside
    ``#ifndef __SYNTHESIS__``, ``'synth'`` inside its ``#else``/``#ifdef __SYNTHESIS__``, else ``''``.
    """

    kind: str
    text: str
    line: int
    region: str = ""


_BLOCK_OPENER = re.compile(
    r"^(struct|namespace|class|union|enum|extern)\b|\)\s*(const\s*)?$|^(if|else|for|while|do)\b|^else$"
)


#: Limits that keep the work on any project bounded (each is named in the error it raises).
MAX_NESTING = 200  # blocks, #if levels, parentheses in one expression
MAX_MACRO_TOKENS = 100_000  # tokens one expression may expand to
MAX_MACRO_PASSES = 64  # rescans of an expression's macro expansion

_DEFINE_RE = re.compile(r"^#\s*define\s+(?P<name>[A-Za-z_]\w*)(?P<params>\([^)]*\))?\s*(?P<body>.*)$")
_DIRECTIVES = frozenset({"include", "define", "undef", "pragma", "error", "warning", "line", ""})
_UNDEF_RE = re.compile(r"^#\s*undef\s+(?P<name>[A-Za-z_]\w*)\s*$")
_SYNTH_TEST = {
    ("ifndef", "__SYNTHESIS__"): "csim", ("ifdef", "__SYNTHESIS__"): "synth",
    ("if", "!defined(__SYNTHESIS__)"): "csim", ("if", "defined(__SYNTHESIS__)"): "synth",
    ("if", "! defined(__SYNTHESIS__)"): "csim", ("if", "!defined __SYNTHESIS__"): "csim",
    ("if", "defined __SYNTHESIS__"): "synth",
}


def _condition(expr: str, macros: dict, path, line: int) -> bool:
    """``#if expr`` as the preprocessor evaluates it: ``defined(X)``, macros expanded, other names 0."""
    text = re.sub(r"\bdefined\s*\(\s*([A-Za-z_]\w*)\s*\)|\bdefined\s+([A-Za-z_]\w*)",
                  lambda m: "1" if (m.group(1) or m.group(2)) in macros else "0", expr)
    try:
        v = evaluate(text, lambda name: CValue(0, "int"), macros)
    except ExprError as e:
        raise ProjectError(path, line, f"cannot evaluate #if {expr[:60]!r}: {e}") from None
    return _truthy(v) if v.ctype != "enum" else False


def scan(text: str, path: str | Path, macros: dict | None = None) -> Iterator[Item]:
    """Split comment-free C++ text into :class:`Item` s, in order.

    The preprocessor's conditionals are honoured: lines under a false ``#if``/``#ifdef``/``#elif``
    (``#if 0``, ``#ifdef NOT_DEFINED``) yield nothing; ``macros`` (name -> (params, body)) seeds the
    ``#define`` s the conditions see, and the file's own ``#define``/``#undef`` s are followed.
    ``__SYNTHESIS__`` is the exception: both of its branches are kept, marked by ``region``.
    Braces must balance.

    >>> [(i.kind, i.text) for i in scan("struct a : b {\\n static const unsigned n = 1;\\n};", "x.h")]
    [('open', 'struct a : b'), ('stmt', 'static const unsigned n = 1'), ('close', '}')]
    >>> [i.text for i in scan("#if 0\\nint a;\\n#else\\nint b;\\n#endif\\n", "x.h") if i.kind == "stmt"]
    ['int b']
    """
    defs: dict = dict(macros or {})
    # one entry per open #if: [region ('csim', 'synth' or ''), active, a branch was taken, line]
    regions: list[list] = []
    blocks: list[int] = []  # lines of open '{'
    i, n, line = 0, len(text), 1
    buf: list[str] = []
    buf_line = 0

    def region() -> str:
        for r in reversed(regions):
            if r[0]:
                return r[0]
        return ""

    on_now = [True]  # all(r[1] for r in regions), kept current as regions change

    def active() -> bool:
        return on_now[0]

    def recompute() -> None:
        on_now[0] = all(r[1] for r in regions)

    def flush(kind: str) -> Item:
        nonlocal buf, buf_line
        item = Item(kind, " ".join("".join(buf).split()), buf_line or line, region())
        buf, buf_line = [], 0
        return item

    while i < n:
        c = text[i]
        if c == "\n":
            line += 1
            if active():
                buf.append(" ")
            i += 1
            continue
        if c.isspace():
            if active():
                buf.append(" ")
            i += 1
            continue
        if c == "#" and not "".join(buf).strip():
            j = i
            while True:  # a directive runs to the end of the line, with backslash continuations
                k = text.find("\n", j)
                k = n if k < 0 else k
                if text[j:k].rstrip().endswith("\\") and k < n:
                    j = k + 1
                    continue
                break
            directive = " ".join(text[i:k].replace("\\\n", " ").split())
            start = line
            line += text[i:k].count("\n")
            buf, buf_line = [], 0
            word = directive[1:].strip().split(" ", 1)
            head, arg = word[0], (word[1].strip() if len(word) > 1 else "")
            if head in ("if", "ifdef", "ifndef"):
                if len(regions) >= MAX_NESTING:
                    raise ProjectError(path, start, f"#if nested more than {MAX_NESTING} deep (fxsim's limit "
                                       "MAX_NESTING)")
                if active():
                    yield Item("directive", directive, start, region())
                tag = _SYNTH_TEST.get((head, arg), "")
                if tag or not active():
                    on = True
                elif head == "if":
                    on = _condition(arg, defs, path, start)
                else:
                    on = (arg in defs) == (head == "ifdef")
                regions.append([tag, on, on, start])
                recompute()
            elif head in ("else", "elif"):
                if not regions:
                    raise ProjectError(path, start, f"#{head} without #if")
                r = regions[-1]
                if r[0]:
                    r[0] = {"csim": "synth", "synth": "csim"}[r[0]]
                elif head == "else":
                    r[1], r[2] = not r[2], True
                else:
                    outer = all(x[1] for x in regions[:-1])
                    on = (not r[2]) and outer and _condition(arg, defs, path, start)
                    r[1], r[2] = on, r[2] or on
                recompute()
            elif head == "endif":
                if not regions:
                    raise ProjectError(path, start, "#endif without #if")
                regions.pop()
                recompute()
            elif active():
                if head not in _DIRECTIVES:
                    raise ProjectError(path, start, f"unknown preprocessor directive {directive[:40]!r}")
                if head == "error":
                    raise ProjectError(path, start, f"{directive[:80]} (the compiler stops here)")
                if head == "include" and not re.fullmatch(r'"[^"]+"|<[^>]+>', arg):
                    raise ProjectError(path, start,
                                       f"malformed {directive[:60]!r}: expected #include \"file\" or <file>")
                m = _DEFINE_RE.match(directive)
                if m:
                    params = m.group("params")
                    names = None if params is None else tuple(
                        p.strip() for p in params[1:-1].split(",") if p.strip())
                    defs[m.group("name")] = (names, m.group("body").strip())
                m = _UNDEF_RE.match(directive)
                if m:
                    defs.pop(m.group("name"), None)
                yield Item("directive", directive, start, region())
            i = k
            continue
        if not active():
            i += 1
            continue
        if not buf_line:
            buf_line = line
        if c in "\"'":
            j = i + 1
            while j < n and text[j] != c:
                j += 2 if text[j] == "\\" else 1
            buf.append(text[i:j + 1])
            i = j + 1
            continue
        if c == "{":
            head = " ".join("".join(buf).split())
            if _BLOCK_OPENER.search(head) or head == "":
                b_line = buf_line
                buf, buf_line = [], 0
                if len(blocks) >= MAX_NESTING:
                    raise ProjectError(path, b_line, f"blocks nested more than {MAX_NESTING} deep (fxsim's "
                                       "limit MAX_NESTING)")
                blocks.append(b_line)
                yield Item("open", head, b_line, region())
                i += 1
                continue
            depth, j = 0, i  # an initializer: keep it, balanced, inside the statement
            while j < n:
                if text[j] == "{":
                    depth += 1
                elif text[j] == "}":
                    depth -= 1
                    if depth == 0:
                        break
                elif text[j] == "\n":
                    line += 1
                j += 1
            if j >= n:
                raise ProjectError(path, buf_line, "unbalanced '{' in initializer")
            buf.append(text[i:j + 1].replace("\n", " "))
            i = j + 1
            continue
        if c == "}":
            if "".join(buf).strip():
                pending = "".join(buf).strip()
                raise ProjectError(path, buf_line, f"statement without ';' before '}}': {pending[:60]!r}")
            if not blocks:
                raise ProjectError(path, line, "unbalanced '}': no block is open")
            blocks.pop()
            buf, buf_line = [], 0
            yield Item("close", "}", line, region())
            i += 1
            j = i  # a struct's closing '};'
            while j < n and text[j] in " \t":
                j += 1
            if j < n and text[j] == ";":
                i = j + 1
            continue
        if c == ";":
            yield flush("stmt")
            i += 1
            continue
        buf.append(c)
        i += 1
    if "".join(buf).strip():
        raise ProjectError(path, buf_line, f"text after the last ';': {''.join(buf).strip()[:60]!r}")
    if regions:
        raise ProjectError(path, regions[-1][3], "#if without #endif")
    if blocks:
        raise ProjectError(path, blocks[-1], "'{' is never closed")


def split_top(text: str, sep: str = ",") -> list[str]:
    """Split at ``sep`` outside ``<>``, ``()``, ``[]`` and ``{}``.

    >>> split_top("nnet::array<ap_fixed<16,6>, 4>, 3")
    ['nnet::array<ap_fixed<16,6>, 4>', '3']
    """
    parts, depth, cur = [], 0, []
    for c in text:
        if c in "<([{":
            depth += 1
        elif c in ">)]}":
            depth -= 1
        if c == sep and depth == 0:
            parts.append("".join(cur).strip())
            cur = []
        else:
            cur.append(c)
    last = "".join(cur).strip()
    if last or parts:
        parts.append(last)
    return parts


# ---------------------------------------------------------------------------------------- expressions

#: Function-like macros of ``nnet_utils/nnet_common.h`` (parameter names, body).
NNET_MACROS: dict[str, tuple[tuple[str, ...], str]] = {
    "DIV_ROUNDUP": (("n", "d"), "((n + d - 1) / d)"),
    "MIN": (("n", "d"), "(n > d ? d : n)"),
    "MAX": (("n", "d"), "(n > d ? n : d)"),
}


class ExprError(Exception):
    """An expression fxsim cannot evaluate (the caller adds file and line)."""


@dataclass(frozen=True)
class CValue:
    """A C value and its type: ``'int'``, ``'unsigned'``, ``'long'``, ``'unsigned long'``,
    ``'bool'``, ``'float'``, ``'double'`` or ``'enum'`` (value is the enumerator's name)."""

    value: int | float | str
    ctype: str

    def converted(self, ctype: str) -> CValue:
        """C's implicit conversion to ``ctype`` (wrap for integers, float32 rounding)."""
        return convert(self, ctype)


_INT_BITS = {"int": (32, True), "unsigned": (32, False), "long": (64, True), "unsigned long": (64, False)}
#: Spellings of integral/floating types in declarations -> canonical ctype.
CTYPE_NAMES = {
    "int": "int", "signed": "int", "signed int": "int", "short": "int", "char": "int",
    "unsigned": "unsigned", "unsigned int": "unsigned", "unsigned short": "unsigned",
    "unsigned char": "unsigned",
    "long": "long", "long int": "long", "long long": "long", "int64_t": "long", "int32_t": "int",
    "unsigned long": "unsigned long", "unsigned long long": "unsigned long", "size_t": "unsigned long",
    "uint64_t": "unsigned long", "uint32_t": "unsigned",
    "bool": "bool", "float": "float", "double": "double",
}


def _wrap(v: int, ctype: str) -> int:
    bits, signed = _INT_BITS[ctype]
    v &= (1 << bits) - 1
    return v - (1 << bits) if signed and v >> (bits - 1) else v


def convert(v: CValue, ctype: str) -> CValue:
    """C's implicit conversion of ``v`` to ``ctype``; integers are (re-)wrapped to their width."""
    if ctype == v.ctype and ctype not in _INT_BITS:
        return v
    if v.ctype == "enum" or ctype == "enum":
        if v.ctype == ctype:
            return v
        raise ExprError(f"cannot convert {v.value!r} ({v.ctype}) to {ctype}")
    if ctype == "bool":
        return CValue(bool(v.value), "bool")
    if ctype in ("float", "double"):
        x = float(v.value)
        return CValue(float(np.float32(x)) if ctype == "float" else x, ctype)
    x = v.value
    if isinstance(x, float):
        if not np.isfinite(x):
            raise ExprError(f"cannot convert {x} to {ctype}")
        x = int(x)  # C truncates toward zero
    return CValue(_wrap(int(x), ctype), ctype)


_TOKEN = re.compile(
    r"\s*(?:(?P<num>(?:0[xX][0-9a-fA-F]+|\d+\.?\d*(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?)[uUlLfF]*)"
    r"|(?P<id>[A-Za-z_]\w*(?:\s*::\s*[A-Za-z_]\w*)*)"
    r"|(?P<op><<|>>|<=|>=|==|!=|&&|\|\||[-+*/%<>!~&|^?:(),]))"
)


def tokenize(text: str) -> list[str]:
    """Split an expression into tokens; ``a :: b`` becomes one qualified name.

    >>> tokenize("(n_filt == -1) ? n_in : nnet::a")
    ['(', 'n_filt', '==', '-', '1', ')', '?', 'n_in', ':', 'nnet::a']
    """
    tokens, pos, text = [], 0, text.rstrip()
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if m is None or m.end() == pos:
            raise ExprError(f"unexpected {text[pos:].strip()[:20]!r}")
        tokens.append(re.sub(r"\s+", "", m.group(m.lastgroup)))
        pos = m.end()
    return tokens


def expand_macros(tokens: list[str], macros: dict[str, tuple[tuple[str, ...] | None, str]],
                  depth: int = 0) -> list[str]:
    """Textual macro expansion; ``macros`` maps a name to (parameters or None, body text)."""
    if depth > MAX_MACRO_PASSES:
        raise ExprError(f"macro expansion nests more than {MAX_MACRO_PASSES} levels (fxsim's limit "
                        "MAX_MACRO_PASSES; a macro that expands to itself?)")
    out: list[str] = []
    i = 0
    changed = False
    while i < len(tokens):
        t = tokens[i]
        if t in macros:
            params, body = macros[t]
            if params is None:
                out.extend(tokenize(body))
                changed = True
                i += 1
                _budget(out)
                continue
            if i + 1 < len(tokens) and tokens[i + 1] == "(":
                args, cur, level, j = [], [], 0, i + 2
                while j < len(tokens):
                    tj = tokens[j]
                    if tj == "(":
                        level += 1
                    elif tj == ")":
                        if level == 0:
                            break
                        level -= 1
                    if tj == "," and level == 0:
                        args.append(cur)
                        cur = []
                    else:
                        cur.append(tj)
                    j += 1
                if j >= len(tokens):
                    raise ExprError(f"unclosed call of macro {t}")
                args.append(cur)
                if len(args) != len(params):
                    raise ExprError(f"macro {t} takes {len(params)} arguments, got {len(args)}")
                sub = dict(zip(params, args, strict=True))
                for bt in tokenize(body):
                    out.extend(sub.get(bt, [bt]))
                changed = True
                i = j + 1
                _budget(out)
                continue
        out.append(t)
        i += 1
        if changed:
            _budget(out)
    return expand_macros(out, macros, depth + 1) if changed else out


def _budget(tokens: list[str]) -> None:
    if len(tokens) > MAX_MACRO_TOKENS:
        raise ExprError(f"macro expansion exceeds {MAX_MACRO_TOKENS} tokens (fxsim's limit MAX_MACRO_TOKENS)")


def _int_literal(tok: str) -> CValue:
    body = tok.rstrip("uUlL")
    suffix = tok[len(body):].lower()
    v = int(body, 16) if body[:2].lower() == "0x" else (int(body, 8) if len(body) > 1 and body[0] == "0"
                                                         else int(body))
    decimal = not (body[:2].lower() == "0x" or (len(body) > 1 and body[0] == "0"))
    if "u" in suffix:
        candidates = ["unsigned", "unsigned long"] if "l" not in suffix else ["unsigned long"]
    elif "l" in suffix:
        candidates = ["long"] if decimal else ["long", "unsigned long"]
    else:
        candidates = ["int", "long"] if decimal else ["int", "unsigned", "long", "unsigned long"]
    for c in candidates:
        bits, signed = _INT_BITS[c]
        if v < (1 << (bits - 1 if signed else bits)):
            return CValue(v, c)
    raise ExprError(f"integer literal {tok} too large")


def _literal(tok: str) -> CValue:
    if re.fullmatch(r"(0[xX][0-9a-fA-F]+|\d+)[uUlL]*", tok):
        return _int_literal(tok)
    body = tok.rstrip("fFlL")
    return CValue(float(body), "float" if tok[-1] in "fF" else "double")


def _common(a: CValue, b: CValue) -> str:
    """C's usual arithmetic conversions."""
    ta = "int" if a.ctype == "bool" else a.ctype
    tb = "int" if b.ctype == "bool" else b.ctype
    if "enum" in (ta, tb):
        raise ExprError(f"arithmetic on enumerator {a.value if ta == 'enum' else b.value!r}")
    if "double" in (ta, tb):
        return "double"
    if "float" in (ta, tb):
        return "float"
    (ba, sa), (bb, _) = _INT_BITS[ta], _INT_BITS[tb]
    if ba == bb:
        return ta if not sa else tb
    return ta if ba > bb else tb  # the 64-bit type holds every 32-bit value


def _promote(a: CValue) -> CValue:
    return convert(a, "int") if a.ctype == "bool" else a


def _truthy(a: CValue) -> bool:
    if a.ctype == "enum":
        raise ExprError(f"enumerator {a.value!r} used as a condition")
    return bool(a.value)


_BINARY_PRECEDENCE = {
    "||": 1, "&&": 2, "|": 3, "^": 4, "&": 5, "==": 6, "!=": 6, "<": 7, ">": 7, "<=": 7, ">=": 7,
    "<<": 8, ">>": 8, "+": 9, "-": 9, "*": 10, "/": 10, "%": 10,
}


def _binary(op: str, a: CValue, b: CValue) -> CValue:
    if op in ("&&", "||"):
        r = (_truthy(a) and _truthy(b)) if op == "&&" else (_truthy(a) or _truthy(b))
        return CValue(int(r), "int")
    if op in ("==", "!=") and "enum" in (a.ctype, b.ctype):
        if a.ctype != b.ctype:
            raise ExprError(f"comparing enumerator with number: {a.value!r} {op} {b.value!r}")
        return CValue(int((a.value == b.value) == (op == "==")), "int")
    if op in ("<<", ">>"):
        a, b = _promote(a), _promote(b)
        if a.ctype in ("float", "double") or b.ctype in ("float", "double"):
            raise ExprError(f"shift of a floating value: {op}")
        if not 0 <= int(b.value) < _INT_BITS[a.ctype][0]:
            raise ExprError(f"shift count {b.value} out of range")
        r = int(a.value) << int(b.value) if op == "<<" else int(a.value) >> int(b.value)
        return convert(CValue(r, a.ctype), a.ctype) if op == "<<" else CValue(r, a.ctype)
    t = _common(a, b)
    x, y = convert(a, t).value, convert(b, t).value
    if op in ("==", "!=", "<", ">", "<=", ">="):
        r = {"==": x == y, "!=": x != y, "<": x < y, ">": x > y, "<=": x <= y, ">=": x >= y}[op]
        return CValue(int(r), "int")
    if t in ("float", "double"):
        if op in ("%", "&", "|", "^"):
            raise ExprError(f"operator {op} on floating values")
        if op == "/" and y == 0:
            raise ExprError("division by zero")
        r = {"+": x + y, "-": x - y, "*": x * y, "/": x / y if y else 0.0}[op]
        return convert(CValue(r, "double"), t)
    if op in ("/", "%") and y == 0:
        raise ExprError("division by zero")
    if op == "/":
        q = abs(x) // abs(y)
        r = q if (x >= 0) == (y >= 0) else -q
    elif op == "%":
        q = abs(x) // abs(y)
        q = q if (x >= 0) == (y >= 0) else -q
        r = x - q * y
    else:
        r = {"+": x + y, "-": x - y, "*": x * y, "&": x & y, "|": x | y, "^": x ^ y}[op]
    return convert(CValue(r, t), t)


class _Parser:
    def __init__(self, tokens: list[str], resolve: Callable[[str], CValue]) -> None:
        self.t, self.i, self.resolve = tokens, 0, resolve
        self.depth = 0

    def nest(self) -> None:
        self.depth += 1
        if self.depth > MAX_NESTING:
            raise ExprError(f"expression nested more than {MAX_NESTING} deep (fxsim's limit MAX_NESTING)")

    def peek(self) -> str | None:
        return self.t[self.i] if self.i < len(self.t) else None

    def take(self, expect: str | None = None) -> str:
        tok = self.peek()
        if tok is None or (expect is not None and tok != expect):
            raise ExprError(f"expected {expect or 'more'}, got {tok!r}")
        self.i += 1
        return tok

    def expression(self) -> CValue:
        cond = self.binary(1)
        if self.peek() == "?":
            self.take("?")
            self.nest()
            yes = self.expression()
            self.take(":")
            no = self.expression()
            self.depth -= 1
            if "enum" in (yes.ctype, no.ctype):
                return yes if _truthy(cond) else no
            t = _common(yes, no)
            return convert(yes if _truthy(cond) else no, t)
        return cond

    def binary(self, level: int) -> CValue:
        left = self.unary()
        while True:
            op = self.peek()
            prec = _BINARY_PRECEDENCE.get(op or "")
            if prec is None or prec < level:
                return left
            self.take()
            right = self.binary(prec + 1)
            left = _binary(op, left, right)

    def unary(self) -> CValue:
        tok = self.take()
        if tok == "(":
            self.nest()
            v = self.expression()
            self.take(")")
            self.depth -= 1
            return v
        if tok in ("-", "+", "!", "~"):
            self.nest()
            v = _promote(self.unary())
            self.depth -= 1
            if tok == "!":
                return CValue(int(not _truthy(v)), "int")
            if v.ctype == "enum":
                raise ExprError(f"operator {tok} on enumerator {v.value!r}")
            if tok == "+":
                return v
            if tok == "~":
                if v.ctype in ("float", "double"):
                    raise ExprError("operator ~ on a floating value")
                return convert(CValue(~int(v.value), v.ctype), v.ctype)
            return convert(CValue(-v.value, v.ctype), v.ctype) if v.ctype not in ("float", "double") \
                else CValue(-v.value, v.ctype)
        if tok[0].isdigit() or tok[0] == ".":
            return _literal(tok)
        if tok in ("true", "false"):
            return CValue(tok == "true", "bool")
        if tok[0].isalpha() or tok[0] == "_":
            if self.peek() == "(":
                raise ExprError(f"unknown function {tok}()")
            return self.resolve(tok)
        raise ExprError(f"unexpected {tok!r}")


def evaluate(text: str, resolve: Callable[[str], CValue | int],
             macros: dict[str, tuple[tuple[str, ...] | None, str]] | None = None) -> CValue:
    """Evaluate a C constant expression.

    ``resolve(name)`` returns a :class:`CValue` (or a plain int, taken as ``int``) for an
    identifier, or raises ``KeyError``. ``nnet::x`` and ``nnet::enum_type::x`` that ``resolve``
    does not know are enumerators (``CValue('x', 'enum')``).

    >>> evaluate("(n_filt == -1) ? n_in : n_filt", {"n_filt": CValue(2**32 - 1, "unsigned"),
    ...          "n_in": CValue(64, "unsigned")}.__getitem__)
    CValue(value=64, ctype='unsigned')
    """
    all_macros: dict[str, tuple[tuple[str, ...] | None, str]] = {**NNET_MACROS, **(macros or {})}

    def lookup(name: str) -> CValue:
        try:
            v = resolve(name)
        except KeyError:
            if name.startswith("nnet::"):
                return CValue(name.rsplit("::", 1)[1], "enum")
            raise ExprError(f"unknown name {name!r}") from None
        return v if isinstance(v, CValue) else CValue(int(v), "int")

    tokens = expand_macros(tokenize(text), all_macros)
    if not tokens:
        raise ExprError("empty expression")
    p = _Parser(tokens, lookup)
    v = p.expression()
    if p.peek() is not None:
        raise ExprError(f"unexpected {p.peek()!r} after the expression")
    return v
