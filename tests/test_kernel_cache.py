"""Numba kernels are compiled once and then loaded from the disk cache in every fresh process (issue 6).

A kernel that cannot be cached (e.g. one closing over another dispatcher, which pickles with a
per-process id) recompiles in every process and costs seconds per call site: ``fxsim verify`` from a
fresh process must not pay that. The example project runs twice in fresh processes on enough
samples to take the chunked (threaded) paths; the second run must save nothing to the cache.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

EXAMPLE = Path(__file__).resolve().parents[1] / "fxsim" / "examples" / "jet_tagger"

SCRIPT = """
import numpy as np
from fxsim.network import load_hls4ml
net = load_hls4ml(r"{project}")
x = np.random.default_rng(0).normal(0, 1.5, (40000, net.inputs[0].size))
net.predict(x)
net.predict(x[:100])
"""


def _run() -> str:
    env = {**os.environ, "NUMBA_DEBUG_CACHE": "1"}
    r = subprocess.run([sys.executable, "-c", SCRIPT.format(project=EXAMPLE)], capture_output=True, text=True,
                       env=env, timeout=600)
    assert r.returncode == 0, r.stderr[-2000:]
    return r.stdout + r.stderr


def test_second_fresh_process_compiles_nothing():
    _run()  # fills the cache if it is cold
    second = _run()
    saved = [line for line in second.splitlines() if "data saved" in line]
    assert not saved, "kernels recompiled in a fresh process:\n" + "\n".join(saved[:10])



def test_two_saves_of_one_index_do_not_share_a_data_file(tmp_path, monkeypatch):
    """Numba's ``IndexDataCacheFile.save`` reads the index, picks the first free data file and
    rewrites the index, unlocked: two savers that both read the index before either rewrites it
    claim the same file, and one key then loads the other's code. A pause inside the read makes
    the two threads below overlap every time; fxsim's lock (``fxsim.kernels._cache_lock``, the
    cache file of every fxsim kernel) serialises them, so each key keeps its own data."""
    import threading
    import time

    from fxsim.kernels._cache_lock import LockedIndexDataCacheFile
    from numba.core import caching

    slow_read = caching.IndexDataCacheFile._load_index

    def paused(self):
        out = slow_read(self)
        time.sleep(0.3)
        return out

    monkeypatch.setattr(caching.IndexDataCacheFile, "_load_index", paused)
    files = [LockedIndexDataCacheFile(str(tmp_path), "kernel", "stamp") for _ in range(2)]
    threads = [threading.Thread(target=f.save, args=(f"key{k}", f"code{k}")) for k, f in enumerate(files)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    monkeypatch.setattr(caching.IndexDataCacheFile, "_load_index", slow_read)
    assert [files[0].load(f"key{k}") for k in range(2)] == ["code0", "code1"]


def test_the_lock_is_fxsim_s_own():
    """Every cached fxsim kernel uses the locked cache file; Numba's class and other users' functions
    are left alone (no monkeypatching of Numba)."""
    import importlib
    import pkgutil

    import fxsim.kernels
    import numba as nb
    from fxsim.kernels._cache_lock import LockedIndexDataCacheFile
    from numba.core import caching
    from numba.core.registry import CPUDispatcher

    assert caching.IndexDataCacheFile.save is not LockedIndexDataCacheFile.save
    assert "fxsim" not in getattr(caching.IndexDataCacheFile.save, "__module__", "")
    locked = 0
    for mod in pkgutil.iter_modules(fxsim.kernels.__path__):
        m = importlib.import_module(f"fxsim.kernels.{mod.name}")
        for obj in vars(m).values():
            cache_file = getattr(getattr(obj, "_cache", None), "_cache_file", None)
            if isinstance(obj, CPUDispatcher) and cache_file is not None and obj.__module__ == m.__name__:
                assert type(cache_file) is LockedIndexDataCacheFile, f"{m.__name__}.{obj.__name__}"
                locked += 1
    assert locked >= 20

    @nb.njit
    def not_ours(x):
        return x

    assert not isinstance(getattr(not_ours._cache, "_cache_file", None), LockedIndexDataCacheFile)


#: Casts every variant of ``cast_bulk_kernel`` (one specialisation per rounding/overflow pair, all
#: sharing one cache index) in the order given (argv: start, step; a negative step reverses), and
#: checks each against the reference path.
VARIANTS = """
import sys
import numpy as np
from fxsim.conversion import cast_reference
from fxsim.kernels import quantize as kq
from fxsim.types import FixedType
ROUND = ["AP_TRN", "AP_TRN_ZERO", "AP_RND", "AP_RND_ZERO", "AP_RND_MIN_INF", "AP_RND_INF", "AP_RND_CONV"]
OVER = ["AP_WRAP", "AP_SAT", "AP_SAT_ZERO", "AP_SAT_SYM"]
pairs = [(q, o) for q in range(7) for o in range(4)]
order = pairs[int(sys.argv[1])::int(sys.argv[2])] if len(sys.argv) > 2 else pairs
src = FixedType(20, 8)
raw = np.arange(-3000, 3000, 7, dtype=np.int64)
for q, o in order:
    dst = FixedType(9, 3, True, ROUND[q], OVER[o])
    got = kq.cast_i64(raw, src.frac - dst.frac, dst.width, dst.signed, q, o)
    want = cast_reference(raw, src, dst).astype(np.int64)
    assert np.array_equal(got, want), (ROUND[q], OVER[o])
"""


def test_concurrent_processes_compile_each_specialisation_once(tmp_path):
    """Two processes need the same 28 specialisations of one factory, in opposite orders, at the same
    time on an empty cache: each specialisation is compiled and saved once (the other process waits
    on its compile lock and loads it), and a third process loads every one of them, each still
    computing its own cast."""
    # FXSIM_SMALL_BATCH=0: short arrays too run the Numba kernels (else their NumPy twins compile nothing)
    env = {**os.environ, "NUMBA_CACHE_DIR": str(tmp_path / "numba"), "FXSIM_SMALL_BATCH": "0",
           "NUMBA_DEBUG_CACHE": "1"}
    procs = [subprocess.Popen([sys.executable, "-c", VARIANTS, *args], env=env, stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, text=True) for args in (("0", "1"), ("-1", "-1"))]
    saved = 0
    for p in procs:
        out, _ = p.communicate(timeout=600)
        assert p.returncode == 0, out[-2000:]
        saved += sum("data saved" in line and "cast_bulk" in line for line in out.splitlines())
    assert saved == 28
    r = subprocess.run([sys.executable, "-c", VARIANTS], env=env, capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, r.stderr[-2000:]
    assert "data saved" not in r.stdout + r.stderr  # all 28 came from the cache


def test_cache_index_is_stamped_with_every_kernel_file(tmp_path):
    """A change to a file a kernel inlines (not the one defining it) must make the cached kernel stale."""
    from fxsim.kernels import _cache_lock
    from fxsim.kernels.activation import domain_gather

    stamp = domain_gather._cache._cache_file._source_stamp
    assert isinstance(stamp, tuple) and stamp[1] == _cache_lock.kernels_stamp()
    # the hash covers the neighbours: the same computation over a copy with one file changed differs
    import hashlib
    from pathlib import Path

    files = sorted(Path(_cache_lock.__file__).parent.glob("*.py"))
    assert any(f.name == "lanes16.py" for f in files)
    h = hashlib.sha256()
    for f in files:
        body = f.read_bytes() + (b"# edited\n" if f.name == "lanes16.py" else b"")
        h.update(f.name.encode() + b"\0" + body + b"\0")
    assert h.hexdigest()[:16] != stamp[1]
