"""How long Numba spent compiling kernels during a block, so timings shown to users can say so;
and a block in which compiling is refused, to learn whether kernels are already in the disk cache.

>>> with compile_clock() as clock:
...     pass
>>> clock.seconds
0.0
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Iterator

from numba.core import event


class CompileClock(event.Listener):
    """Wall seconds of the outermost ``numba:compile`` events (nested compiles counted once)."""

    def __init__(self) -> None:
        self.seconds = 0.0
        self._depth = 0
        self._t0 = 0.0
        self._thread = threading.get_ident()

    def on_start(self, ev: event.Event) -> None:
        if threading.get_ident() != self._thread:
            return
        if self._depth == 0:
            self._t0 = time.perf_counter()
        self._depth += 1

    def on_end(self, ev: event.Event) -> None:
        if threading.get_ident() != self._thread:
            return
        self._depth -= 1
        if self._depth == 0:
            self.seconds += time.perf_counter() - self._t0


@contextlib.contextmanager
def compile_clock() -> Iterator[CompileClock]:
    """Within the block, ``clock.seconds`` accumulates the time spent compiling (0 when every
    kernel came from the disk cache or the NumPy small-batch twins ran)."""
    clock = CompileClock()
    with event.install_listener("numba:compile", clock):
        yield clock


class WouldCompile(RuntimeError):
    """Raised inside :func:`no_compiling` when a kernel is not in memory or in the disk cache."""


class _Refuse(event.Listener):
    def __init__(self) -> None:
        self._thread = threading.get_ident()

    def on_start(self, ev: event.Event) -> None:
        if threading.get_ident() == self._thread:
            d = ev.data["dispatcher"]
            raise WouldCompile(f"{getattr(d, '__qualname__', d)} is not compiled on this machine yet")

    def on_end(self, ev: event.Event) -> None:
        pass


@contextlib.contextmanager
def no_compiling() -> Iterator[None]:
    """Within the block, a kernel call that would compile raises :class:`WouldCompile` instead
    (Numba fires ``numba:compile`` only after the in-memory and on-disk caches missed, so kernels
    compiled before on this machine load and run as usual).

    >>> import numba
    >>> try:
    ...     with no_compiling():
    ...         numba.njit(lambda v: v + 1)(1)
    ... except WouldCompile as e:
    ...     print(e)
    <lambda> is not compiled on this machine yet
    """
    with event.install_listener("numba:compile", _Refuse()):
        yield
