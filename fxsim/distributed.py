"""Run, verify and trace big inputs on a Dask cluster (optional extra ``dask``).

The events of an input file (any :func:`fxsim.io.open_source` spec the workers can read: a shared
filesystem or the same machine) are cut into partitions of whole chunks; each partition is one
task. A worker process loads the project once (kept for the worker's lifetime, with the Numba
kernels it compiled or loaded) and runs its partitions with the same functions as a single process
(:func:`fxsim.io.run_to_file`, :func:`~fxsim.io.verify_source`, :func:`~fxsim.io.trace_source`).
Outputs are written per partition (disjoint ranges of one ``.npy``, or one HDF5 file per partition);
mismatch reports and trace counts are reduced exactly: integer sums, and the first mismatches in
event order, so the numbers equal a single process's.

>>> from fxsim.distributed import Cluster                                   # doctest: +SKIP
>>> c = Cluster("tcp://127.0.0.1:8786", "my_prj")                           # doctest: +SKIP
>>> report = c.verify_report("events.h5:/x", "expected.h5:/y")              # doctest: +SKIP
>>> report.identical                                                        # doctest: +SKIP
True
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Sequence
from pathlib import Path

from fxsim import io

__all__ = ["Cluster", "partitions", "worker_state"]

_LOCK = threading.Lock()  # one network run at a time per worker process (Numba's thread pool)


def partitions(n: int, chunk: int, n_workers: int) -> list[tuple[int, int]]:
    """``(start, stop)`` ranges covering ``0 .. n-1``: whole chunks, about four partitions per
    worker (so a slow worker does not hold the others up), at least one chunk each.

    >>> partitions(10, 3, 1)
    [(0, 3), (3, 6), (6, 9), (9, 10)]
    """
    if n <= 0:
        return []
    per = max(1, -(-n // (chunk * max(1, 4 * n_workers)))) * chunk
    return [(s, min(n, s + per)) for s in range(0, n, per)]


@functools.lru_cache(maxsize=8)
def _network(project: str):
    """The project, loaded once per worker process (its kernels stay compiled with it)."""
    from fxsim.network import load_hls4ml

    return load_hls4ml(project)


def worker_state() -> dict[str, int]:
    """On a worker (``client.run(worker_state)``): how many projects it loaded and how many
    partitions reused a loaded one."""
    info = _network.cache_info()
    return {"projects": info.currsize, "reused": info.hits}


def _source(net, spec: str) -> io.Source:
    return io.open_source(spec, [p.size for p in net.inputs], [p.name for p in net.inputs])


def _run_part(project: str, inputs: str, output: str, start: int, stop: int, chunk: int) -> int:
    net = _network(project)
    src = _source(net, inputs)
    width = sum(p.size for p in net.outputs)
    path, _ = io.split_spec(output)
    with _LOCK:
        if path.suffix.lower() == ".npy":  # the client created it: write this range in place
            out = io.OutputFile(output, src.n_events, width, create=False)
            try:
                return io.run_to_file(net, src, out, chunk, start, stop)
            finally:
                out.close()
        part = _part_spec(output, start, stop)
        with io.open_output(part, stop - start, width) as out:
            shifted = _Shifted(out, start)
            return io.run_to_file(net, src, shifted, chunk, start, stop)


class _Shifted:
    """An output file holding events ``start ..`` of the whole run at rows ``0 ..``."""

    def __init__(self, out: io.OutputFile, start: int) -> None:
        self.out, self.start = out, start

    def write(self, start: int, values) -> None:
        self.out.write(start - self.start, values)


def _part_spec(output: str, start: int, stop: int) -> str:
    path, inner = io.split_spec(output)
    name = f"{path.stem}.{start:012d}-{stop:012d}{path.suffix}"
    return str(path.with_name(name)) + (f":{inner}" if inner else "")


def _verify_part(project: str, inputs: str, expected: str, max_report: int, start: int, stop: int,
                 chunk: int) -> io.VerifyPart:
    net = _network(project)
    src = _source(net, inputs)
    exp = io.open_source(expected, [sum(p.size for p in net.outputs)])
    with _LOCK:
        return io.verify_source(net, src, exp, max_report, chunk, start, stop)


def _trace_part(project: str, inputs: str, start: int, stop: int, chunk: int) -> dict:
    net = _network(project)
    with _LOCK:
        return io.trace_source(net, _source(net, inputs), chunk, start, stop, once=False)


class Cluster:
    """A Dask cluster running one hls4ml project: ``address`` of its scheduler (or a
    ``distributed.Client``), ``project`` a directory every worker can read."""

    def __init__(self, address, project: str | Path) -> None:
        try:
            from distributed import Client
        except ImportError:
            raise io.IOFormatError("--scheduler needs the optional packages dask and distributed "
                                   "(pip install 'fxsim[dask]')") from None
        self.client = address if isinstance(address, Client) else Client(address, timeout="30s")
        self.project = str(Path(project).resolve())

    def _n_workers(self) -> int:
        return max(1, len(self.client.scheduler_info().get("workers", {})))

    def _ranges(self, inputs: str, chunk: int, stop: int | None = None) -> tuple[io.Source, list[tuple[int, int]]]:
        net = _network(self.project)
        src = _source(net, inputs)
        n = src.n_events if stop is None else min(stop, src.n_events)
        return src, partitions(n, chunk, self._n_workers())

    def _map(self, fn, ranges: Sequence[tuple[int, int]], *args, chunk: int) -> list:
        futures = [self.client.submit(fn, *args, s, e, chunk, pure=False) for s, e in ranges]
        return self.client.gather(futures)

    def run(self, inputs: str, output: str, chunk: int = io.DEFAULT_CHUNK) -> list[str]:
        """Outputs of every event of ``inputs``: one ``.npy`` written in place by the workers, or
        one HDF5 file per partition (``y.<start>-<stop>.h5``); returns the files written."""
        src, ranges = self._ranges(inputs, chunk)
        inputs, output = _absolute(inputs), _absolute(output)
        path, _ = io.split_spec(output)
        width = sum(p.size for p in _network(self.project).outputs)
        if path.suffix.lower() == ".npy":
            io.open_output(output, src.n_events, width).close()  # the header and size, once
            self._map(_run_part, ranges, self.project, inputs, output, chunk=chunk)
            return [output]
        self._map(_run_part, ranges, self.project, inputs, output, chunk=chunk)
        return [_part_spec(output, s, e) for s, e in ranges]

    def verify(self, inputs: str, expected: str, max_report: int = 10,
               chunk: int = io.DEFAULT_CHUNK) -> list[io.VerifyPart]:
        """Per-partition verify results (reduce them with :func:`fxsim.io.merge_verify`)."""
        _, ranges = self._ranges(inputs, chunk)
        return self._map(_verify_part, ranges, self.project, _absolute(inputs), _absolute(expected), max_report,
                         chunk=chunk)

    def verify_report(self, inputs: str, expected: str, max_report: int = 10, chunk: int = io.DEFAULT_CHUNK):
        """The ``fxsim.verify.Report`` of ``inputs`` against ``expected``, as one process makes it."""
        parts = self.verify(inputs, expected, max_report, chunk)
        net = _network(self.project)
        return io.merge_verify(net, parts, _source(net, inputs), expected, max_report)

    def trace(self, inputs: str, chunk: int = io.DEFAULT_CHUNK, stop: int | None = None) -> dict:
        """Per (layer, type) cast counts of the events, equal to one ``net.trace`` of them all
        (exact integer sums of the partitions' per-event counts, plus the per-call counts once)."""
        src, ranges = self._ranges(inputs, chunk, stop)
        parts = self._map(_trace_part, ranges, self.project, _absolute(inputs), chunk=chunk)
        net = _network(self.project)
        return io.finish_counts(io.merge_counts(parts), io.per_call_counts(net, src) if ranges else {})

    def close(self) -> None:
        self.client.close()


def _absolute(spec: str) -> str:
    path, inner = io.split_spec(spec)
    return str(path.resolve()) + (f":{inner}" if inner else "")
