"""The house reads top-down: cli -> verify/estimate -> network -> layers -> array/types -> conversion,
with kernels below everything, and no import cycles (lazy, function-level imports included)."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

#: Rank of each module group: a module may import modules of lower rank, and modules of its own
#: group (no cycles). Checked on every ``import`` statement, including those inside functions.
RANKS: list[tuple[str, float]] = [
    ("fxsim.kernels", 0),
    ("fxsim.findings", 0.5),  # the warning record every command prints alike (no fxsim imports)
    ("fxsim.reference", 1),
    ("fxsim.acreference", 1.5),  # ac_fixed.h transliteration (the reference path of the AC types)
    ("fxsim.trace", 2),
    ("fxsim.conversion", 3),
    ("fxsim.acconversion", 3.5),
    ("fxsim.printing", 3),
    ("fxsim.types", 4),
    ("fxsim.actypes", 4.5),
    ("fxsim.array", 5),
    ("fxsim.acarray", 5.5),
    # value types the project reader produces and the layer twins take (parameters.h structs, weight structs)
    ("fxsim.config", 5.7),
    ("fxsim.weight_structs", 5.7),
    ("fxsim.acmath", 5.7),  # AC Math PWL twins on AcArray (below the layers that call them)
    ("fxsim.project", 6),
    ("fxsim.layers", 7),
    ("fxsim.fusion", 8),
    ("fxsim.network", 9),
    ("fxsim.backends", 9),  # runners of ac_fixed projects (Quartus, oneAPI, Catapult): bind fxsim.layers
    ("fxsim.io", 10.5),
    ("fxsim.firmware_checks", 9.8),  # firmware that cannot be right (verify, trace, compare, profile)
    ("fxsim.verify", 10),
    ("fxsim.estimate", 10),
    ("fxsim.model_runtimes", 10.9),  # frameworks' own per-layer outputs (optional extras; no fxsim imports)
    ("fxsim.compare", 11),
    ("fxsim.profile", 11),
    ("fxsim.distributed", 11.5),
    ("fxsim.streaming", 12),
    ("fxsim.optimize", 12.5),  # issue 19: precision search over network/estimate/distributed
    ("fxsim.testing", 11),
    ("fxsim.examples", 10),
    ("fxsim.cli", 14),
    ("fxsim", 13),  # the package facade: lazy re-exports (last: every fxsim.* prefix matches it)
]

#: Edges that break the layering today, each with what removing it takes. The test below fails as
#: soon as one is listed here that no longer exists, so this list only ever shrinks (it is empty now).
KNOWN_UPWARD: dict[tuple[str, str], str] = {}


def _module_name(path: Path) -> str:
    rel = path.relative_to(ROOT).with_suffix("")
    parts = list(rel.parts)
    if parts[0] == "kernels":
        parts[0:1] = ["fxsim", "kernels"]
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def _modules() -> dict[str, Path]:
    files = [*ROOT.glob("fxsim/**/*.py"), *ROOT.glob("kernels/*.py")]
    return {_module_name(p): p for p in files}


MODULES = _modules()


def _imports(path: Path) -> set[str]:
    """fxsim modules a file imports (anywhere in it), except under ``if TYPE_CHECKING:``."""
    tree = ast.parse(path.read_text())
    skip: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and getattr(node.test, "id", "") == "TYPE_CHECKING":
            skip.update(id(n) for n in ast.walk(node))
    out: set[str] = set()
    for node in ast.walk(tree):
        if id(node) in skip:
            continue
        if isinstance(node, ast.Import):
            out.update(a.name for a in node.names if a.name.startswith("fxsim"))
        elif isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("fxsim"):
            for a in node.names:
                full = f"{node.module}.{a.name}"
                out.add(full if full in MODULES else node.module)
    return out


GRAPH = {name: _imports(path) - {name} for name, path in MODULES.items()}


def _group(name: str) -> tuple[str, int]:
    for prefix, rank in RANKS:
        if name == prefix or name.startswith(prefix + "."):
            return prefix, rank
    raise AssertionError(f"module {name} has no place in RANKS (tests/test_layering.py)")


def _upward_edges() -> set[tuple[str, str]]:
    bad = set()
    for a, targets in GRAPH.items():
        ga, ra = _group(a)
        for b in targets:
            gb, rb = _group(b)
            if gb != ga and rb >= ra:
                bad.add((a, b))
    return bad


def test_every_module_has_a_rank():
    for name in MODULES:
        _group(name)


def test_imports_point_down():
    bad = _upward_edges() - set(KNOWN_UPWARD)
    assert not bad, "imports against the layering (cli -> ... -> kernels): " + ", ".join(
        f"{a} -> {b}" for a, b in sorted(bad))


def test_no_known_exceptions_left():
    """Every exception listed is gone (the project reader no longer imports fxsim.layers)."""
    assert not KNOWN_UPWARD and not (_upward_edges() & set(KNOWN_UPWARD))


def test_no_import_cycles():
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(n: str) -> None:
        state[n] = 1
        stack.append(n)
        for m in sorted(GRAPH.get(n, ())):
            if state.get(m) == 1:
                raise AssertionError("import cycle: " + " -> ".join(stack[stack.index(m):] + [m]))
            if m not in state:
                visit(m)
        stack.pop()
        state[n] = 2

    for n in sorted(GRAPH):
        if n not in state:
            visit(n)


def test_import_fxsim_is_light():
    """``import fxsim`` (and FixedType) loads no layer, kernel, network or Numba module."""
    code = ("import sys, fxsim; fxsim.FixedType.parse('ap_fixed<8,3>'); "
            "print('\\n'.join(sorted(m for m in sys.modules if m.startswith(('fxsim', 'numba', 'scipy')))))")
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                            cwd=ROOT).stdout.split()
    assert set(loaded) <= {"fxsim", "fxsim.types"}, loaded


def test_fixed_array_loads_no_layer():
    """``fxsim.FixedArray`` (and a cast) loads the arithmetic only: no layer, trace, network or project module."""
    code = ("import sys, fxsim; a = fxsim.FixedArray([1], 'ap_fixed<8,3>').cast('ap_fixed<4,2>'); "
            "print('\\n'.join(sorted(m for m in sys.modules if m.startswith('fxsim'))))")
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                            cwd=ROOT).stdout.split()
    heavy = [m for m in loaded if m.startswith(("fxsim.layers", "fxsim.trace", "fxsim.network", "fxsim.project",
                                                "fxsim.estimate", "fxsim.io", "fxsim.fusion"))]
    assert not heavy, heavy
    kernels = {m for m in loaded if m.startswith("fxsim.kernels.")}
    assert kernels <= {"fxsim.kernels.quantize", "fxsim.kernels.small", "fxsim.kernels._cache_lock"}, kernels


def test_twins_index_lists_every_twin():
    """docs/twins.md (header function -> Python twin) names every registered twin and where it is."""
    from fxsim.layers import NNET_FUNCTIONS, lookup

    lookup("dense")  # registers every layer module
    text = (ROOT / "docs" / "twins.md").read_text()
    missing = [f"| `nnet::{n}` | ... | `{f.__module__}.{f.__name__}` |" for n, f in sorted(NNET_FUNCTIONS.items())
               if f"`nnet::{n}`" not in text or f"`{f.__module__}.{f.__name__}`" not in text]
    assert not missing, "add to docs/twins.md:\n" + "\n".join(missing)


def test_no_context_variables():
    """Tracing state is passed down explicitly (``stats=``), never through a ContextVar or a module global."""
    users = [p.relative_to(ROOT).as_posix() for p in [*ROOT.glob("fxsim/**/*.py"), *ROOT.glob("kernels/*.py")]
             if "contextvars" in p.read_text() or "ContextVar" in p.read_text()]
    assert not users, users


def test_every_twin_takes_stats():
    """Every registered twin accepts ``stats=`` (the runner passes each step's trace recorder)."""
    import inspect

    from fxsim.layers import NNET_FUNCTIONS, lookup

    lookup("dense")  # registers every layer module
    missing = []
    for name, fn in sorted(NNET_FUNCTIONS.items()):
        params = inspect.signature(fn).parameters
        if "stats" not in params and not any(p.kind is p.VAR_KEYWORD for p in params.values()):
            missing.append(name)
    assert not missing, missing
