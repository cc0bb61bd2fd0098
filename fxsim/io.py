"""Big inputs and outputs: read events in chunks from ``.npy``, ``.npz``, HDF5, CSV or ROOT files,
run, verify or trace them chunk by chunk with flat memory, and write outputs chunk by chunk.

A file is named by a *spec*: a path, optionally followed by ``:`` and what to read inside it::

    x.npy                     # read by range, never whole; one (n, size) array, or (n, sum of sizes) for several inputs
    x.npz                     # one array per input, by port name (or the only array, for one input)
    x.h5:/features            # an HDF5 dataset (h5py, optional extra ``io``); x.h5 alone: datasets by port name
    x.csv                     # comma-separated numbers, one event per line (a header line is skipped)
    x.root:tree               # a ROOT TTree (uproot, optional extra ``io``): its numeric branches in order,
    x.root:tree:b1,b2         #   or the named ones, concatenated per event

>>> from fxsim.network import load_hls4ml                                  # doctest: +SKIP
>>> net = load_hls4ml("my_prj")                                            # doctest: +SKIP
>>> src = open_source("events.h5:/x", [p.size for p in net.inputs], [p.name for p in net.inputs])  # doctest: +SKIP
>>> run_to_file(net, src, "y.h5:/y")                                      # doctest: +SKIP
>>> report = verify_source(net, src, open_source("expected.npy", [5]))      # doctest: +SKIP

:func:`run_to_file`, :func:`verify_source` and :func:`trace_source` take a partition of events
(``start``, ``stop``), so :mod:`fxsim.distributed` runs the same functions on workers and reduces
their results (:func:`merge_verify`, :func:`merge_counts`) to exactly the single-process numbers.
Optional libraries (h5py, uproot, tqdm) are imported only when a file needs them.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

__all__ = ["IOFormatError", "Source", "open_source", "OutputFile", "open_output", "progress",
           "run_to_file", "verify_source", "VerifyPart", "merge_verify", "trace_source", "merge_counts",
           "per_call_counts", "finish_counts",
           "DEFAULT_CHUNK"]

#: Events per chunk when none is given.
DEFAULT_CHUNK = 1 << 16


class IOFormatError(ValueError):
    """A file that cannot be read or written as asked (names the file and what is wrong)."""


def split_spec(spec: str | Path) -> tuple[Path, str]:
    """``("x.h5", "/features")`` from ``"x.h5:/features"``; a drive-letter colon stays in the path."""
    s = str(spec)
    for suffix in (".h5", ".hdf5", ".hdf", ".root", ".npz", ".npy", ".csv"):
        k = s.lower().find(suffix + ":")
        if k >= 0:
            return Path(s[:k + len(suffix)]), s[k + len(suffix) + 1:]
    return Path(s), ""


def _need(module: str, what: str):
    import importlib

    try:
        return importlib.import_module(module)
    except ImportError:
        raise IOFormatError(f"{what} needs the optional package {module} (pip install 'fxsim[io]')") from None


@dataclass
class Source:
    """Events of a file as ``len(sizes)`` arrays of ``(n, size)``, read on demand by range."""

    spec: str
    n_events: int
    sizes: tuple[int, ...]
    _read: object  # (start, stop) -> list of float64 arrays

    def read(self, start: int = 0, stop: int | None = None) -> list[np.ndarray]:
        """Events ``start .. stop-1`` as float64 arrays, one per input port."""
        stop = self.n_events if stop is None else min(stop, self.n_events)
        return [np.asarray(a, dtype=np.float64) for a in self._read(start, max(start, stop))]

    def chunks(self, chunk: int = DEFAULT_CHUNK, start: int = 0,
               stop: int | None = None) -> Iterator[tuple[int, list[np.ndarray]]]:
        """``(first event, arrays)`` per chunk of ``chunk`` events in ``start .. stop-1``."""
        stop = self.n_events if stop is None else min(stop, self.n_events)
        for s in range(start, stop, chunk):
            yield s, self.read(s, min(stop, s + chunk))


def _columns(spec: str, a, sizes: Sequence[int]):
    """A (n, sum(sizes)) array-like split into per-port column ranges, read lazily."""
    shape = a.shape
    width = int(np.prod(shape[1:])) if len(shape) > 1 else 1
    if width != sum(sizes):
        raise IOFormatError(f"{spec}: {width} values per event, the network takes {sum(sizes)} "
                            f"({' + '.join(map(str, sizes))})")
    offs = np.cumsum([0, *sizes])

    def read(s: int, e: int) -> list[np.ndarray]:
        block = np.asarray(a[s:e]).reshape(e - s, width)
        return [block[:, offs[k]:offs[k + 1]] for k in range(len(sizes))]

    return Source(spec, int(shape[0]), tuple(sizes), read)


class _NpyRows:
    """Rows of a C-ordered ``.npy`` read by byte offset (``pread``): a range costs its own size,
    so streaming a file much larger than memory keeps the resident memory flat (a memory map
    would keep every page it touched resident)."""

    def __init__(self, path: Path) -> None:
        with open(path, "rb") as f:
            version = np.lib.format.read_magic(f)
            read = np.lib.format.read_array_header_1_0 if version == (1, 0) else np.lib.format.read_array_header_2_0
            shape, fortran, dtype = read(f)
            self.offset = f.tell()
        if fortran or dtype.hasobject or not shape:
            raise IOFormatError(f"{path}: expected a C-ordered numeric array of events, got "
                                f"{'Fortran order' if fortran else dtype if dtype.hasobject else 'a scalar'}")
        self.path, self.shape, self.dtype = path, tuple(shape), dtype
        self.row = int(np.prod(shape[1:], dtype=np.int64)) if len(shape) > 1 else 1

    def __getitem__(self, sl: slice) -> np.ndarray:
        s, e, _ = sl.indices(self.shape[0])
        with open(self.path, "rb") as f:
            f.seek(self.offset + s * self.row * self.dtype.itemsize)
            a = np.fromfile(f, dtype=self.dtype, count=max(0, e - s) * self.row)
        return a.reshape(max(0, e - s), *self.shape[1:])


def _by_name(spec: str, arrays: dict, sizes: Sequence[int], names: Sequence[str] | None):
    """One array per port: by port name, else (one port, one array) that array."""
    if names is not None and all(n in arrays for n in names):
        chosen = [arrays[n] for n in names]
    elif len(arrays) == 1 and len(sizes) == 1:
        chosen = list(arrays.values())
    else:
        want = ", ".join(names) if names else f"{len(sizes)} arrays"
        raise IOFormatError(f"{spec}: holds {', '.join(sorted(arrays)) or 'nothing'}; expected {want} "
                            "(one array per input, named after the port)")
    ns = {int(a.shape[0]) for a in chosen}
    if len(ns) != 1:
        raise IOFormatError(f"{spec}: arrays have different event counts {sorted(ns)}")
    for k, (a, size) in enumerate(zip(chosen, sizes)):
        w = int(np.prod(a.shape[1:])) if a.ndim > 1 else 1
        if w != size:
            raise IOFormatError(f"{spec}: {names[k] if names else k} has {w} values per event, expected {size}")

    def read(s: int, e: int) -> list[np.ndarray]:
        return [np.asarray(a[s:e]).reshape(e - s, -1) for a in chosen]

    return Source(spec, ns.pop(), tuple(sizes), read)


def _csv(spec: str, path: Path, sizes: Sequence[int]) -> Source:
    """A CSV file: the byte offset of every event line is indexed once, then ranges are parsed."""
    offsets: list[int] = []
    with open(path, "rb") as f:
        pos = 0
        for k, line in enumerate(f):
            text = line.strip()
            if text:
                first = text.split(b",")[0].strip()
                try:
                    float(first)
                except ValueError:
                    if offsets or k:
                        raise IOFormatError(
                            f"{path}:{k + 1}: not a number: {first.decode(errors='replace')!r}") from None
                    pos += len(line)  # a header line
                    continue
                offsets.append(pos)
            pos += len(line)
    offsets.append(pos)
    need = sum(sizes)

    def read(s: int, e: int) -> list[np.ndarray]:
        with open(path, "rb") as f:
            f.seek(offsets[s])
            text = f.read(offsets[e] - offsets[s]).decode()
        rows = [r for r in text.splitlines() if r.strip()]
        x = np.array([[float(v) for v in r.split(",")] for r in rows], dtype=np.float64) if rows \
            else np.zeros((0, need))
        if x.ndim != 2 or x.shape[1] != need:
            raise IOFormatError(f"{path}:{s + 1}: {x.shape[-1] if x.ndim == 2 else '?'} values per line, "
                                f"the network takes {need}")
        offs = np.cumsum([0, *sizes])
        return [x[:, offs[k]:offs[k + 1]] for k in range(len(sizes))]

    return Source(spec, len(offsets) - 1, tuple(sizes), read)


def _root(spec: str, path: Path, inner: str, sizes: Sequence[int]) -> Source:
    uproot = _need("uproot", f"{path} (ROOT)")
    parts = inner.split(":", 1)
    f = uproot.open(path)
    tree_name = parts[0] or next((k.split(";")[0] for k, c in f.classnames().items() if c == "TTree"), "")
    if not tree_name or tree_name not in f:
        raise IOFormatError(f"{path}: no TTree {tree_name!r} (name one: file.root:tree)")
    tree = f[tree_name]
    names = parts[1].split(",") if len(parts) > 1 and parts[1] else list(tree.keys())
    missing = [n for n in names if n not in tree.keys()]
    if missing:
        raise IOFormatError(f"{path}:{tree_name}: no branch {missing[0]!r} (has {', '.join(tree.keys())})")

    def read(s: int, e: int) -> list[np.ndarray]:
        arrs = tree.arrays(names, entry_start=s, entry_stop=e, library="np")
        cols = [np.asarray(arrs[n], dtype=np.float64).reshape(e - s, -1) for n in names]
        x = np.concatenate(cols, axis=1) if cols else np.zeros((e - s, 0))
        offs = np.cumsum([0, *sizes])
        return [x[:, offs[k]:offs[k + 1]] for k in range(len(sizes))]

    src = Source(spec, int(tree.num_entries), tuple(sizes), read)
    width = src.read(0, min(1, src.n_events))[0].shape[1] if src.n_events and len(sizes) == 1 else None
    if width is not None and width != sizes[0]:
        raise IOFormatError(f"{path}:{tree_name}: branches {', '.join(names)} give {width} values per event, "
                            f"the network takes {sizes[0]}")
    return src


def open_source(spec: str | Path, sizes: Sequence[int], names: Sequence[str] | None = None) -> Source:
    """Events of ``spec`` (see the module docstring) for ports of ``sizes`` values (``names``: the
    ports' names, for ``.npz`` and HDF5 files with one array per port).

    >>> import tempfile, os
    >>> p = os.path.join(tempfile.mkdtemp(), "x.npy"); np.save(p, np.arange(12.0).reshape(4, 3))
    >>> src = open_source(p, [3]); src.n_events, src.read(1, 3)[0].tolist()
    (4, [[3.0, 4.0, 5.0], [6.0, 7.0, 8.0]])
    """
    spec = str(spec)
    path, inner = split_spec(spec)
    if not path.is_file():
        raise IOFormatError(f"{path}: file does not exist")
    suffix = path.suffix.lower()
    try:
        if suffix == ".npy":
            return _columns(spec, _NpyRows(path), sizes)
        if suffix == ".npz":
            with np.load(path, allow_pickle=False) as z:  # members are compressed or zipped: read whole
                arrays = {k: z[k] for k in z.files}
            if inner:
                if inner not in arrays:
                    raise IOFormatError(f"{path}: no array {inner!r} (has {', '.join(sorted(arrays))})")
                return _columns(spec, arrays[inner], sizes)
            if len(arrays) == 1 and len(sizes) > 1:
                return _columns(spec, next(iter(arrays.values())), sizes)
            return _by_name(spec, arrays, sizes, names)
        if suffix in (".h5", ".hdf5", ".hdf"):
            h5py = _need("h5py", f"{path} (HDF5)")
            f = h5py.File(path, "r")
            if inner:
                if inner not in f or not isinstance(f[inner], h5py.Dataset):
                    raise IOFormatError(f"{path}: no dataset {inner!r}")
                return _columns(spec, f[inner], sizes)
            sets = {k: v for k, v in f.items() if isinstance(v, h5py.Dataset)}
            return _by_name(spec, sets, sizes, names)
        if suffix == ".csv":
            return _csv(spec, path, sizes)
        if suffix == ".root":
            return _root(spec, path, inner, sizes)
    except (OSError, ValueError) as e:
        if isinstance(e, IOFormatError):
            raise
        raise IOFormatError(f"{path}: cannot read ({e})") from None
    raise IOFormatError(f"{path}: unknown format {suffix!r} (expected .npy, .npz, .h5, .csv or .root)")


# ------------------------------------------------------------------------------------ outputs
class OutputFile:
    """An ``(n, width)`` float64 output written by event range: ``.npy`` (written at offsets) or an HDF5
    dataset (``y.h5:/name``, default ``/outputs``). Several processes may write disjoint ranges of
    one ``.npy`` after :func:`open_output` created it."""

    def __init__(self, spec: str, n: int, width: int, create: bool = True) -> None:
        self.spec, self.n, self.width = spec, n, width
        path, inner = split_spec(spec)
        self.path = path
        suffix = path.suffix.lower()
        if suffix == ".npy":  # the header once, then each range written at its offset (flat memory)
            self._h5 = None
            if create:
                with open(path, "wb") as f:
                    np.lib.format.write_array_header_1_0(
                        f, {"descr": "<f8", "fortran_order": False, "shape": (n, width)})
                    self._offset = f.tell()
                    f.truncate(self._offset + 8 * n * width)
            else:
                self._offset = _NpyRows(path).offset
            self._arr = open(path, "r+b")  # noqa: SIM115 - closed by close()
        elif suffix in (".h5", ".hdf5", ".hdf"):
            h5py = _need("h5py", f"{path} (HDF5)")
            self._h5 = h5py.File(path, "w" if create else "r+")
            name = inner or "/outputs"
            self._arr = self._h5.create_dataset(name, shape=(n, width), dtype="f8",
                                                chunks=(min(max(n, 1), 65536), width)) if create else self._h5[name]
        else:
            raise IOFormatError(f"{path}: outputs are written as .npy or .h5 (HDF5), not {suffix!r}")

    def write(self, start: int, values: np.ndarray) -> None:
        values = values.reshape(values.shape[0], self.width)
        if self._h5 is not None:
            self._arr[start:start + values.shape[0]] = values
            return
        os.pwrite(self._arr.fileno(), np.ascontiguousarray(values, dtype="<f8").tobytes(),
                  self._offset + 8 * start * self.width)

    def close(self) -> None:
        if self._h5 is not None:
            self._h5.close()
        else:
            self._arr.close()

    def __enter__(self) -> OutputFile:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def open_output(spec: str | Path, n: int, width: int) -> OutputFile:
    """Create the output file for ``n`` events of ``width`` values (see :class:`OutputFile`)."""
    return OutputFile(str(spec), n, width, create=True)


def progress(total: int, desc: str, enabled: bool | None = None):
    """A progress bar over ``total`` events: tqdm if installed, else one updating stderr line;
    ``enabled`` None: only on a terminal. Returns an object with ``update(n)`` and ``close()``."""
    show = sys.stderr.isatty() if enabled is None else enabled
    if show:
        try:
            from tqdm import tqdm

            return tqdm(total=total, desc=desc, unit="ev", unit_scale=True, file=sys.stderr)
        except ImportError:
            pass
    return _PlainProgress(total, desc, show)


class _PlainProgress:
    def __init__(self, total: int, desc: str, show: bool) -> None:
        self.total, self.desc, self.show, self.done, self.t0 = total, desc, show, 0, time.perf_counter()

    def update(self, n: int) -> None:
        self.done += n
        if self.show:
            rate = self.done / max(time.perf_counter() - self.t0, 1e-9)
            print(f"\r{self.desc}: {self.done:,}/{self.total:,} events  {rate:,.0f}/s", end="", file=sys.stderr)

    def close(self) -> None:
        if self.show:
            print(file=sys.stderr)


# ------------------------------------------------------------------------------------ run / verify / trace
def _values(outs) -> np.ndarray:
    n = outs[0].shape[0]
    return np.concatenate([o.to_float().reshape(n, -1) for o in outs], axis=1)


def run_to_file(net, source: Source, output: str | OutputFile | None, chunk: int = DEFAULT_CHUNK,
                start: int = 0, stop: int | None = None, show: bool | None = False) -> int:
    """Run events ``start .. stop-1`` of ``source`` through ``net`` chunk by chunk, writing each
    chunk's float64 outputs to ``output`` (a spec, created for all events; or an open
    :class:`OutputFile`; or None). Returns the number of events run."""
    stop = source.n_events if stop is None else min(stop, source.n_events)
    width = sum(p.size for p in net.outputs)
    own = isinstance(output, (str, Path))
    out = open_output(output, source.n_events, width) if own else output
    bar = progress(stop - start, "run", show)
    try:
        for s, xs in source.chunks(chunk, start, stop):
            vals = _values(net.run(xs, batch_size=None, progress=False))
            if out is not None:
                out.write(s, vals)
            bar.update(vals.shape[0])
    finally:
        bar.close()
        if own:
            out.close()
    return stop - start


@dataclass
class VerifyPart:
    """What one range of events contributes to a verify report (reduced by :func:`merge_verify`)."""

    start: int
    n_events: int
    n_values: int
    mismatched_events: int
    mismatched_values: int
    mismatches: list  # verify.Mismatch with global event numbers, first ``max_report`` of the range


def verify_source(net, source: Source, expected: Source, max_report: int = 10, chunk: int = DEFAULT_CHUNK,
                  start: int = 0, stop: int | None = None, show: bool | None = False) -> VerifyPart:
    """Compare fxsim's outputs with ``expected`` (float values, ``(n, total output width)``) on
    events ``start .. stop-1``, chunk by chunk, as ``fxsim.verify`` compares value references."""
    from fxsim.verify import _compare_values

    if expected.n_events != source.n_events:
        raise IOFormatError(f"{expected.spec}: {expected.n_events} events, the inputs have {source.n_events}")
    stop = source.n_events if stop is None else min(stop, source.n_events)
    names = [p.name for p in net.outputs]
    part = VerifyPart(start, 0, 0, 0, 0, [])
    bar = progress(stop - start, "verify", show)
    try:
        for s, xs in source.chunks(chunk, start, stop):
            outs = net.run(xs, progress=False)
            n = outs[0].shape[0]
            ref = np.concatenate(expected.read(s, s + n), axis=1)
            r = _compare_values(outs, names, ref, n, max_report)
            part.n_events += n
            part.n_values += r.n_values
            part.mismatched_events += r.mismatched_events
            part.mismatched_values += r.mismatched_values
            for m in r.mismatches:
                if len(part.mismatches) < max_report:
                    m.event += s
                    part.mismatches.append(m)
            bar.update(n)
    finally:
        bar.close()
    return part


def merge_verify(net, parts: Sequence[VerifyPart], source: Source, expected_spec: str, max_report: int = 10,
                 seconds: float = 0.0):
    """One ``fxsim.verify.Report`` from the parts of consecutive ranges (in any order): counts
    summed, the first ``max_report`` mismatches in event order, the first mismatching event
    explained layer by layer as ``fxsim.verify.verify`` does."""
    from fxsim.verify import Report, explain_event

    parts = sorted(parts, key=lambda p: p.start)
    r = Report(str(net.project.files.root), str(expected_spec), sum(p.n_events for p in parts),
               sum(p.n_values for p in parts), sum(p.mismatched_events for p in parts),
               sum(p.mismatched_values for p in parts), 0, seconds=seconds)
    r.mismatches = [m for p in parts for m in p.mismatches][:max_report]
    if r.mismatches:
        ev = r.mismatches[0].event
        r.first_layer = explain_event(net, source.read(ev, ev + 1), ev)
    return r


def trace_source(net, source: Source, chunk: int = DEFAULT_CHUNK, start: int = 0, stop: int | None = None,
                 show: bool | None = False, once: bool = True) -> dict[tuple[str, str], dict[str, int]]:
    """Per (layer, type) cast counts of ``net.trace`` over events ``start .. stop-1``, chunk by
    chunk (the per-layer outputs are not kept), equal to one ``net.trace`` of all those events.

    Some casts happen once per ``trace`` call, not per event (biases and constants converted to
    their types); they are counted once (``once=False``: not at all, for partial sums that
    :func:`finish_counts` completes)."""
    total: dict[tuple[str, str], dict[str, int]] = {}
    stop = source.n_events if stop is None else min(stop, source.n_events)
    bar = progress(stop - start, "trace", show)
    const = per_call_counts(net, source) if stop > start else {}
    try:
        for _, xs in source.chunks(chunk, start, stop):
            t = net.trace(xs)
            merge_counts([{k: c.as_dict() for k, c in t.counts.items()}], into=total)
            merge_counts([const], into=total, sign=-1)
            bar.update(xs[0].shape[0])
    finally:
        bar.close()
    return finish_counts(total, const) if once else total


def per_call_counts(net, source: Source) -> dict[tuple[str, str], dict[str, int]]:
    """The counts ``net.trace`` adds once per call whatever the events: ``2 c([e]) - c([e, e])``
    for the first event ``e`` (the per-event counts of two copies of one event are twice its own)."""
    e = source.read(0, 1)
    one = {k: c.as_dict() for k, c in net.trace(e).counts.items()}
    two = {k: c.as_dict() for k, c in net.trace([np.concatenate([a, a]) for a in e]).counts.items()}
    out = merge_counts([one, one])
    return merge_counts([two], into=out, sign=-1)


def finish_counts(partial: dict, const: dict) -> dict[tuple[str, str], dict[str, int]]:
    """Per-event count sums (``trace_source(..., once=False)`` of every range) plus the per-call
    counts once: the counts of one ``net.trace`` of all the events."""
    out = merge_counts([partial])
    merge_counts([const], into=out)
    return {k: v for k, v in out.items() if any(v.values())}


def merge_counts(parts: Sequence[dict], into: dict | None = None,
                 sign: int = 1) -> dict[tuple[str, str], dict[str, int]]:
    """Sum (``sign=-1``: subtract) per-(layer, type) count dicts (integers: exact in any order)."""
    out: dict = {} if into is None else into
    for p in parts:
        if p is out:
            continue
        for k, c in p.items():
            acc = out.setdefault(k, dict.fromkeys(c, 0))
            for f, v in c.items():
                acc[f] = acc.get(f, 0) + sign * int(v)
    return out
