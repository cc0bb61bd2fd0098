"""The streaming path of ``fxsim run | verify | trace``: chunked inputs (:mod:`fxsim.io`), locally or
on a Dask cluster (:mod:`fxsim.distributed`), chosen by ``--chunk``, ``--scheduler`` or a big-file
input. The CLI calls :func:`command`; it returns None when the in-memory path should run.

>>> import argparse
>>> streaming("verify", argparse.Namespace(inputs="x.h5:/x", expected=None, chunk=None, scheduler=None))
True
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from fxsim.io import (
    DEFAULT_CHUNK,
    IOFormatError,
    merge_verify,
    open_source,
    run_to_file,
    split_spec,
    trace_source,
    verify_source,
)

# ------------------------------------------------------------------------------------ command line
_STREAM_SUFFIXES = (".h5", ".hdf5", ".hdf", ".root")


def add_arguments(parser, kind: str) -> None:
    """The streaming options of ``fxsim run | verify | trace`` (see :func:`command`)."""
    parser.add_argument("--chunk", type=int, metavar="N",
                        help=f"stream the inputs in chunks of N events (default {DEFAULT_CHUNK} when streaming); "
                        "streaming is also chosen for HDF5/ROOT files and file:dataset specs")
    parser.add_argument("--scheduler", metavar="ADDRESS",
                        help="run on a Dask cluster (tcp://host:8786; needs the optional extra 'dask')")


def _big(spec: str | None) -> bool:
    if not spec:
        return False
    path, inner = split_spec(spec)
    return bool(inner) or path.suffix.lower() in _STREAM_SUFFIXES


def streaming(kind: str, args) -> bool:
    """True if the command line asks for the chunked path of this module."""
    specs = [getattr(args, "inputs", None), getattr(args, "expected", None)]
    if kind == "run":
        specs.append(getattr(args, "output", None))
    return bool(getattr(args, "chunk", None) or getattr(args, "scheduler", None)) or any(_big(s) for s in specs)


def _output_spec(spec: str) -> str:
    path, inner = split_spec(spec)
    if path.suffix.lower() in (".npy", *_STREAM_SUFFIXES):
        return spec
    return str(path) + ".npy"


def command(kind: str, args) -> int | None:
    """Run ``fxsim run | verify | trace`` on the chunked path (locally or, with ``--scheduler``, on a
    Dask cluster) and return the exit code; None if the arguments do not ask for streaming (then
    the CLI's in-memory path runs)."""
    if not streaming(kind, args):
        return None
    from fxsim.kernels.compile_clock import compile_clock
    from fxsim.network import load_hls4ml

    if not getattr(args, "inputs", None):
        raise IOFormatError(f"fxsim {kind}: streaming needs --inputs (a .npy, .npz, .h5, .csv or .root file)")
    chunk = args.chunk or DEFAULT_CHUNK
    if chunk < 1:
        raise IOFormatError(f"--chunk {chunk}: must be at least 1")
    net = load_hls4ml(args.project)
    sizes, names = [p.size for p in net.inputs], [p.name for p in net.inputs]
    src = open_source(args.inputs, sizes, names)
    show = not getattr(args, "quiet", False) and sys.stderr.isatty()
    cluster = None
    if args.scheduler:
        from fxsim import distributed

        cluster = distributed.Cluster(args.scheduler, args.project)
    t0 = time.perf_counter()
    try:
        with compile_clock() as clock:
            if kind == "run":
                out = _output_spec(args.output)
                if cluster is not None:
                    cluster.run(args.inputs, out, chunk)
                else:
                    run_to_file(net, src, out, chunk, show=show)
            elif kind == "verify":
                if not args.expected:
                    raise IOFormatError("fxsim verify: streaming needs --expected (float outputs: .npy, .npz, .h5, "
                                        ".csv or .root)")
                width = sum(p.size for p in net.outputs)
                expected = open_source(args.expected, [width])
                if cluster is not None:
                    parts = cluster.verify(args.inputs, args.expected, args.max_report, chunk)
                else:
                    parts = [verify_source(net, src, expected, args.max_report, chunk, show=show)]
            else:
                stop = src.n_events if args.events is None else min(args.events, src.n_events)
                if cluster is not None:
                    counts = cluster.trace(args.inputs, chunk, stop)
                else:
                    counts = trace_source(net, src, chunk, 0, stop, show=show)
    finally:
        if cluster is not None:  # the client this command opened (no reconnect attempts after exit)
            cluster.close()
    seconds = time.perf_counter() - t0
    compiling = (f"includes {clock.seconds:.1f} s compiling Numba kernels (once per machine: they are cached)"
                 if clock.seconds >= 0.05 else "")
    if cluster is not None:  # the workers compile (or load) their kernels on their first partition
        compiling = "includes any compiling of Numba kernels on the workers (once per machine: they are cached)"
    note = f" ({compiling})" if compiling else ""
    where = f" on {args.scheduler}" if cluster is not None else ""
    if kind == "run":
        if not getattr(args, "quiet", False):
            print(f"{src.n_events:,} events in {seconds:.2f} s{where}{note} -> {out}")
        return 0
    if kind == "verify":
        report = merge_verify(net, parts, src, args.expected, args.max_report, seconds)
        if compiling:
            report.notes.append(f"the time {compiling}")
        print(report.text())
        if args.json:
            Path(args.json).write_text(report.to_json())
        return 0 if report.identical else 1
    from fxsim.network import Trace
    from fxsim.trace import CastCounts

    tr = Trace(outputs={}, counts={k: CastCounts(**c) for k, c in counts.items()},
               layer_order=[p.name for p in net.inputs] + [lay.name for lay in net.layers])
    print(tr.summary())
    if args.output:
        tr.save(args.output)
        print(f"counts -> {args.output}")
    return 0
