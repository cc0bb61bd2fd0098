"""Numba's on-disk cache, made safe for several processes compiling kernels at the same time.

``numba.core.caching.IndexDataCacheFile.save`` reads a function's cache index, picks the first free
data-file number, rewrites the index and then the data file, with no lock. Two processes saving two
different specialisations of one function (fxsim's kernel factories make many: one per mode
combination) can both pick the same number: the index then maps one key to the other's compiled
code, and a later process loads a function built for other constants or types (seen here under
``pytest -n 2``: ``NRT_adapt_ndarray_to_python: 'descr' is NULL``). Users hit the same race when they
run several fxsim processes on a cold cache (a parallel regression job, say).

:func:`install` serialises ``save`` and ``load`` per index file with an advisory ``flock`` on
``<index>.lock``. It changes nothing else; where locking is unavailable (no ``fcntl``, an unwritable
directory) the cache works as before.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: no advisory locks, Numba's own behaviour
    fcntl = None


@contextlib.contextmanager
def _locked(index_path: str) -> Iterator[None]:
    try:
        f = open(index_path + ".lock", "a")  # noqa: SIM115 - held for the whole block
    except OSError:
        yield
        return
    with f:
        fcntl.flock(f, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(f, fcntl.LOCK_UN)


def install() -> None:
    """Wrap ``IndexDataCacheFile.save``/``load`` in the per-index lock (once per process)."""
    from numba.core import caching

    cls = getattr(caching, "IndexDataCacheFile", None)
    if fcntl is None or cls is None or getattr(cls, "_fxsim_locked", False) \
            or not (hasattr(cls, "save") and hasattr(cls, "load")):
        return
    save, load = cls.save, cls.load

    def locked_save(self, key, data):
        with _locked(self._index_path):
            return save(self, key, data)

    def locked_load(self, key):
        with _locked(self._index_path):
            return load(self, key)

    cls.save, cls.load = locked_save, locked_load
    cls._fxsim_locked = True
