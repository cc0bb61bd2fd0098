"""Compile and run small C++ harnesses against hls4ml's real headers, cached by content hash.

The headers (Xilinx ``ap_types`` and hls4ml's ``nnet_utils``) come from the installed ``hls4ml``
package: they are the only evidence of exactness fxsim accepts.

Use::

    exe = build("#include <ap_fixed.h>\\n int main(){...}", name="cast")
    out = run(exe, stdin_text)

The cache lives in ``$FXSIM_HARNESS_CACHE`` (default ``~/.cache/fxsim/harness``); the key hashes the
source, the compiler command and the headers' contents, so an edit anywhere rebuilds.
"""

from __future__ import annotations

import functools
import hashlib
import os
import shutil
import subprocess
from pathlib import Path

from projects import missing_oracle


@functools.cache
def templates_dir() -> Path:
    """``hls4ml/templates/vivado`` of the installed hls4ml package."""
    try:
        import hls4ml
    except ImportError as e:  # pragma: no cover - hls4ml is a test dependency
        missing_oracle("hls4ml", f"import failed: {e}")
    return Path(hls4ml.__file__).parent / "templates" / "vivado"


def include_dirs() -> list[Path]:
    t = templates_dir()
    return [t / "ap_types", t / "nnet_utils", t]


@functools.cache
def _headers_digest() -> str:
    h = hashlib.sha256()
    for d in (templates_dir() / "ap_types", templates_dir() / "nnet_utils"):
        for p in sorted(d.rglob("*.h")):
            h.update(p.name.encode())
            h.update(p.read_bytes())
    return h.hexdigest()


def cache_dir() -> Path:
    d = Path(os.environ.get("FXSIM_HARNESS_CACHE", Path.home() / ".cache" / "fxsim" / "harness"))
    d.mkdir(parents=True, exist_ok=True)
    return d


CXXFLAGS = ["-std=c++14", "-O1", "-w"]


def build(source: str, name: str = "harness", extra_flags: tuple[str, ...] = ()) -> Path:
    """Compile ``source`` (one C++ translation unit) with g++ and return the executable's path.

    Cached: the same source, flags and headers reuse the earlier binary.
    """
    cxx = shutil.which("g++")
    if cxx is None:
        missing_oracle("g++", "not on PATH")
    flags = CXXFLAGS + [f"-I{d}" for d in include_dirs()] + list(extra_flags)
    key = hashlib.sha256(
        "\0".join([source, cxx, *flags, _headers_digest()]).encode()
    ).hexdigest()[:20]
    exe = cache_dir() / f"{name}-{key}"
    if exe.exists():
        return exe
    src = cache_dir() / f"{name}-{key}.cpp"
    src.write_text(source)
    tmp = exe.with_suffix(f".tmp{os.getpid()}")
    proc = subprocess.run([cxx, *flags, str(src), "-o", str(tmp)], capture_output=True, text=True)
    if proc.returncode != 0:
        raise RuntimeError(f"g++ failed for {src}:\n{proc.stderr[-4000:]}")
    tmp.replace(exe)  # atomic: parallel builders never see a half-written binary
    return exe


def run(exe: Path, stdin: str = "", args: tuple[str, ...] = ()) -> str:
    """Run a harness, feeding ``stdin``; return its standard output (raises on failure)."""
    proc = subprocess.run([str(exe), *args], input=stdin, capture_output=True, text=True)
    if proc.returncode != 0:
        raise RuntimeError(f"{exe.name} exited {proc.returncode}:\n{proc.stderr[-4000:]}")
    return proc.stdout
