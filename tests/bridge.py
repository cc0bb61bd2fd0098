"""hls4ml's own ``predict`` path for a cached project, without recompiling it every test run.

``hls_model.compile()`` runs the project's ``build_lib.sh`` (g++ of ``firmware/myproject.cpp`` and
``myproject_bridge.cpp`` into ``firmware/myproject-<stamp>.so``) and ``hls_model.predict(x)`` then
calls the bridge's ``myproject_double`` once per sample through ctypes. :func:`hls_predict` does
exactly that on a project directory written by :func:`projects.build_project`, with the shared
library built once and cached next to the project (keyed by a hash of its sources)::

    y = hls_predict(prj, x)    # == hls_model.predict(x) for float64 x, bit for bit
"""

from __future__ import annotations

import ctypes
import hashlib
import shutil
import subprocess
from pathlib import Path

import numpy as np
import numpy.ctypeslib as npc
from projects import _locked, missing_oracle

_LIBS: dict[str, ctypes.CDLL] = {}


def _stamp(project: Path, name: str) -> str:
    h = hashlib.sha256(b"bridge-1")
    for f in [
        project / "build_lib.sh",
        project / f"{name}_bridge.cpp",
        *sorted((project / "firmware").glob("*.h")),
        project / "firmware" / f"{name}.cpp",
        *sorted((project / "firmware" / "weights").glob("*")),
    ]:
        if f.is_file():
            h.update(f.name.encode())
            h.update(f.read_bytes())
    return h.hexdigest()[:16]


def bridge_library(project: str | Path, name: str = "myproject") -> Path:
    """Build (once) and return the project's bridge shared library, as ``compile()`` does."""
    if shutil.which("g++") is None:
        missing_oracle("g++", "not on PATH")
    project = Path(project).resolve()
    with _locked(project / ".fxsim_bridge.lock"):
        stamp = _stamp(project, name)
        lib = project / "firmware" / f"{name}-fxsim{stamp}.so"
        if lib.is_file():
            return lib
        script = (project / "build_lib.sh").read_text()
        script = "\n".join(
            "LIB_STAMP=fxsim" + stamp if ln.startswith("LIB_STAMP=") else ln for ln in script.splitlines()
        )
        (project / "build_lib_fxsim.sh").write_text(script + "\n")
        proc = subprocess.run(["bash", "build_lib_fxsim.sh"], cwd=project, capture_output=True, text=True, timeout=900)
        if proc.returncode != 0 or not lib.is_file():
            raise RuntimeError(f"build_lib.sh failed for {project}:\n{proc.stdout[-3000:]}{proc.stderr[-3000:]}")
    return lib


def hls_predict(
    project: str | Path, x: np.ndarray | list[np.ndarray], n_out: int | list[int], name: str = "myproject"
) -> np.ndarray | list[np.ndarray]:
    """``hls_model.predict(x)`` for float64 ``x`` (``(n, size)``, or a list for several inputs):
    the bridge's ``<name>_double`` per sample, outputs as float64 ``(n, n_out)`` (a list when
    ``n_out`` is a list, one per output)."""
    lib_path = str(bridge_library(project, name))
    if lib_path not in _LIBS:
        _LIBS[lib_path] = ctypes.cdll.LoadLibrary(lib_path)
    fn = getattr(_LIBS[lib_path], f"{name}_double")
    xs = x if isinstance(x, list) else [x]
    xs = [np.ascontiguousarray(np.asarray(a, dtype=np.float64).reshape(len(a), -1)) for a in xs]
    sizes = n_out if isinstance(n_out, list) else [n_out]
    fn.restype = None
    fn.argtypes = [npc.ndpointer(ctypes.c_double, flags="C_CONTIGUOUS")] * (len(xs) + len(sizes))
    outs = [np.zeros((len(xs[0]), s)) for s in sizes]
    for i in range(len(xs[0])):
        row = [np.zeros(s) for s in sizes]
        fn(*[np.ascontiguousarray(a[i]) for a in xs], *row)
        for k, r in enumerate(row):
            outs[k][i] = r
    return outs if isinstance(n_out, list) else outs[0]
