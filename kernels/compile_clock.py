"""How long Numba spent compiling kernels during a block, so timings shown to users can say so.

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
