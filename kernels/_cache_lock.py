"""Numba's on-disk cache, made safe for several processes compiling fxsim's kernels at the same time.

``numba.core.caching.IndexDataCacheFile.save`` reads a function's cache index, picks the first free
data-file number, rewrites the index and then the data file, with no lock. Two processes saving two
different specialisations of one function (fxsim's kernel factories make many: one per mode
combination) can both pick the same number: the index then maps one key to the other's compiled
code, and a later process loads a function built for other constants or types (seen here under
``pytest -n 2``: ``NRT_adapt_ndarray_to_python: 'descr' is NULL``). Users hit the same race when they
run several fxsim processes on a cold cache (a parallel regression job, say).

Every fxsim kernel is compiled with :func:`njit` (``numba.njit`` plus this lock): its cache file
serialises ``save`` and ``load`` per index file with an advisory ``flock`` on ``<index>.lock``
(:class:`LockedIndexDataCacheFile`). Numba itself and every other Numba user in the process are left
as they are. Where locking is unavailable (no ``fcntl``, an unwritable directory) the cache works
as Numba's does.

Two processes that need the same specialisation at the same time (the two workers of ``pytest -n 2``
on a cold cache, a parallel job's processes) would each compile it: the second waits instead
(:func:`serialise_compiles`: a per-specialisation ``flock`` around Numba's compile, which loads the
other process's result from the cache once it is saved), so each specialisation is compiled once.

Each cache index is also stamped with a hash of every kernel file's source (:func:`kernels_stamp`):
Numba checks only the defining file, and fxsim's kernels inline functions from their neighbours.
"""

from __future__ import annotations

import contextlib
import hashlib
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import numba as nb
from numba.core import caching, sigutils

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: no advisory locks, Numba's own behaviour
    fcntl = None  # type: ignore[assignment]


@contextlib.contextmanager
def _locked(index_path: str) -> Iterator[None]:
    if fcntl is None:
        yield
        return
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


class LockedIndexDataCacheFile(caching.IndexDataCacheFile):
    """Numba's index + data cache file whose ``save`` and ``load`` hold the index's lock."""

    def save(self, key, data):
        with _locked(self._index_path):
            return super().save(key, data)

    def load(self, key):
        with _locked(self._index_path):
            return super().load(key)


def kernels_stamp() -> str:
    """A hash of the source of every module in ``fxsim.kernels``.

    Numba checks a cached function only against the file that defines it, but a kernel inlines
    functions from other files (the chain kernel calls ``lanes16``, ``dense``, ``quantize``): after
    one of those changes (an upgrade, a ``git pull`` of an editable install) Numba would load code
    compiled from the old source. Every fxsim cache index is stamped with this hash as well, so a
    change to any kernel file makes every cached kernel stale.

    >>> len(kernels_stamp())
    16
    """
    global _STAMP
    if _STAMP is None:
        h = hashlib.sha256()
        for f in sorted(Path(__file__).parent.glob("*.py")):
            h.update(f.name.encode() + b"\0" + f.read_bytes() + b"\0")
        _STAMP = h.hexdigest()[:16]
    return _STAMP


_STAMP: str | None = None


def lock_cache(dispatcher: Any) -> Any:
    """Make one dispatcher's on-disk cache (``cache=True``) use :class:`LockedIndexDataCacheFile`,
    stamped with :func:`kernels_stamp` besides Numba's own stamp of the defining file, and
    compile each specialisation once across processes (:func:`serialise_compiles`)."""
    cache_file = getattr(getattr(dispatcher, "_cache", None), "_cache_file", None)
    if type(cache_file) is caching.IndexDataCacheFile:
        cache_file.__class__ = LockedIndexDataCacheFile
        cache_file._source_stamp = (cache_file._source_stamp, kernels_stamp())
        serialise_compiles(dispatcher, cache_file._index_path)
    return dispatcher


_SLOTS = 16  # compile locks per cache index: specialisations hashed onto them
_held = threading.local()


def _slot(dispatcher: Any, sig: Any, index_path: str) -> str:
    """The compile-lock file of one specialisation: Numba's own cache key (signature, CPU, code and
    closure hashes) hashed onto one of :data:`_SLOTS` files beside the index."""
    key = dispatcher._cache._index_key(sig, dispatcher.targetctx.codegen())
    k = int(hashlib.sha256(repr(key).encode()).hexdigest()[:8], 16) % _SLOTS
    return f"{index_path}.compile{k}"


def serialise_compiles(dispatcher: Any, index_path: str) -> None:
    """Wrap ``dispatcher.compile`` so that a specialisation missing from memory is compiled under
    an exclusive ``flock`` on its slot file (:func:`_slot`): a process that finds the lock taken
    waits, then Numba loads the other process's result from the disk cache instead of compiling
    it again. A slot this thread already holds is not locked again; kernels call each other only
    along an acyclic call graph, so the locks cannot deadlock. Any failure to compute the key
    falls back to Numba's own compile."""
    compile_ = dispatcher.compile

    def compile(sig: Any) -> Any:
        try:
            args, _ = sigutils.normalize_signature(sig)
            if tuple(args) in dispatcher.overloads:
                return compile_(sig)
            path = _slot(dispatcher, sig, index_path)
        except Exception:  # noqa: BLE001 - no key: compile as Numba does
            return compile_(sig)
        held = getattr(_held, "paths", None)
        if held is None:
            held = _held.paths = set()
        if path in held:
            return compile_(sig)
        held.add(path)
        try:
            with _locked(path):
                return compile_(sig)
        finally:
            held.discard(path)

    dispatcher.compile = compile


def njit(*args: Any, **options: Any) -> Any:
    """``numba.njit`` for fxsim's kernels: same arguments, and a cache that is safe across processes.

    >>> from fxsim.kernels.activation import domain_gather     # @njit(cache=True)
    >>> type(domain_gather._cache._cache_file).__name__
    'LockedIndexDataCacheFile'
    """
    if args and callable(args[0]) and not options:
        return lock_cache(nb.njit(args[0]))
    decorate = nb.njit(*args, **options)

    def wrap(fn: Callable) -> Any:
        return lock_cache(decorate(fn))

    return wrap
