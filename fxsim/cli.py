"""``fxsim`` command line: verify, run, trace and estimate exported hls4ml projects.

Exit codes (every command):

* 0 -- identical / success;
* 1 -- ``verify`` only: the firmware's outputs differ from the reference (nothing else exits 1);
* 2 -- the user's input: a project, input file or option fxsim cannot use as given, or work beyond
  one of fxsim's named limits; one line on stderr, ``fxsim CMD: error: FILE:LINE: ...``;
* 3 -- an internal error, i.e. a bug in fxsim: one line on stderr, ``fxsim CMD: internal error
  (...)``; ``--debug`` shows the traceback;
* 130 -- interrupted.

Options every command takes: ``--json FILE`` (``-``: stdout) writes the result, or the error, as
JSON; ``--debug`` shows the traceback of any error. ``fxsim --version`` prints the version.

    fxsim verify my_prj                         # tb_data inputs vs tb_data/csim_results.log
    fxsim verify my_prj --inputs x.npy --expected y.npy --json report.json
    fxsim run my_prj --inputs x.npy --output y  # y.npy and y.log (testbench format)
    fxsim trace my_prj --inputs x.npy --output trace.npz
    fxsim estimate my_prj --json est.json
    fxsim demo                                  # the shipped example, end to end
"""

from __future__ import annotations

import argparse
import contextlib
import json
import math
import sys
import time
import traceback
from pathlib import Path

import numpy as np

#: Exit codes (see the module docstring).
EXIT_OK, EXIT_DIFFERS, EXIT_INPUT, EXIT_INTERNAL, EXIT_INTERRUPTED = 0, 1, 2, 3, 130

#: Ranges of the numeric options (inclusive): what a command line may ask for.
MAX_REPORT_RANGE = (0, 1_000_000)
EVENTS_RANGE = (1, 10**12)
CLOCK_NS_RANGE = (1e-3, 1e6)
CLOCK_UNCERTAINTY_RANGE = (0.0, 0.99)


class UsageError(ValueError):
    """A command-line value fxsim cannot use (exit 2)."""


class _Parser(argparse.ArgumentParser):
    """argparse, with its errors as one line on stderr (exit 2) instead of usage + error."""

    def error(self, message: str):  # type: ignore[override]
        print(f"{self.prog}: error: {' '.join(message.split())} (see {self.prog} --help)", file=sys.stderr)
        sys.exit(EXIT_INPUT)


def _user_error_types() -> tuple[type[BaseException], ...]:
    """The exceptions fxsim raises on purpose for a user's input (exit 2)."""
    from fxsim.config import ConfigError
    from fxsim.io import IOFormatError
    from fxsim.network import NetworkError
    from fxsim.project.errors import ProjectError
    from fxsim.types import FixedTypeError
    from fxsim.verify import ReferenceError

    return (UsageError, ProjectError, ReferenceError, NetworkError, ConfigError, FixedTypeError, IOFormatError,
            OSError, NotImplementedError)


def _raised_by_fxsim(e: BaseException) -> bool:
    """Whether the innermost frame of ``e``'s traceback is fxsim's own code (a deliberate
    ``raise ValueError(...)``), not NumPy's or Python's reaction to a bug."""
    tb = e.__traceback__
    last = None
    while tb is not None:
        last = tb
        tb = tb.tb_next
    if last is None:
        return False
    here = Path(__file__).resolve().parent
    try:
        Path(last.tb_frame.f_code.co_filename).resolve().relative_to(here)
    except ValueError:
        return False
    return True


def classify(e: BaseException) -> int:
    """The exit code an exception stands for: :data:`EXIT_INPUT` for the user's input,
    :data:`EXIT_INTERNAL` for fxsim's own bugs (``KeyError``, ``IndexError``, ``TypeError``,
    ``RecursionError``, ``MemoryError``, a ``ValueError`` raised inside NumPy, ...).

    >>> classify(UsageError("x")), classify(KeyError("x")), classify(ZeroDivisionError())
    (2, 3, 3)
    """
    if isinstance(e, (KeyError, IndexError, MemoryError, RecursionError)):
        return EXIT_INTERNAL
    if isinstance(e, _user_error_types()):
        return EXIT_INPUT
    if type(e) is ValueError and _raised_by_fxsim(e):
        return EXIT_INPUT
    return EXIT_INTERNAL


def _message(e: BaseException) -> str:
    msg = e.args[0] if isinstance(e, KeyError) and e.args else e
    return " ".join(str(msg).split()) or type(e).__name__


# ---------------------------------------------------------------------------------------- helpers


def _load(project: str):
    from fxsim.network import load_hls4ml

    net = load_hls4ml(project)
    for w in getattr(net.project, "warnings", ()):
        print(f"fxsim: warning: {w}", file=sys.stderr)
    return net


def _inputs(net, path: str | None):
    from fxsim.verify import load_inputs

    if path is None:
        return list(net.project.testbench_inputs().values())
    return load_inputs(net, path)


def _emit_json(args: argparse.Namespace, payload: dict) -> None:
    target = getattr(args, "json", None)
    if not target:
        return
    text = json.dumps(payload, indent=2, default=str)
    if target == "-":
        print(text)
    else:
        Path(target).write_text(text + "\n")


def _quiet_stdout(args: argparse.Namespace) -> bool:
    return getattr(args, "json", None) == "-"


def _say(args: argparse.Namespace, text: str) -> None:
    if not _quiet_stdout(args):
        print(text)


def _int_in(lo: int, hi: int, what: str):
    def parse(text: str) -> int:
        try:
            v = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{what} must be an integer, got {text[:40]!r}") from None
        if not lo <= v <= hi:
            raise argparse.ArgumentTypeError(f"{what} must be in [{lo}, {hi}], got {v}")
        return v

    return parse


def _check_float(value: float | None, rng: tuple[float, float], what: str) -> None:
    if value is None:
        return
    lo, hi = rng
    if not (math.isfinite(value) and lo <= value <= hi):
        raise UsageError(f"{what} must be a finite number in [{lo:g}, {hi:g}], got {value!r}")


# ---------------------------------------------------------------------------------------- commands


def cmd_verify(args: argparse.Namespace) -> int:
    from fxsim import streaming
    from fxsim.project.quartus import is_quartus_project

    code = streaming.command("verify", args)  # big inputs: chunked, or on a Dask cluster (--chunk, --scheduler)
    if code is not None:
        return code
    from fxsim.verify import default_reference, load_trace_reference, verify

    if args.inputs is None and args.expected is None:  # ac_fixed projects (Quartus, Catapult)
        from fxsim.backends import catapult as catapult_runner  # runners; readers: fxsim.project.*
        from fxsim.backends import quartus
        from fxsim.project import catapult, oneapi

        for detect, check in ((is_quartus_project, quartus.verify_log), (oneapi.is_oneapi_project, quartus.verify_log),
                              (catapult.is_catapult_project, catapult_runner.verify_log)):
            if detect(args.project):
                rep = check(args.project, max_report=args.max_report)
                print(rep.text)
                return 0 if rep.identical else 1
    net = _load(args.project)
    if args.inputs is None and args.expected is None:
        x, expected = default_reference(net)
    else:
        x = _inputs(net, args.inputs)
        expected = args.expected
        if expected is None:
            _, expected = default_reference(net)
    ref = load_trace_reference(args.trace_reference) if args.trace_reference else None
    report = verify(net, x, expected, max_report=args.max_report, trace_reference=ref, check_tables=True)
    _say(args, report.text())
    _emit_json(args, report.as_dict())
    return EXIT_OK if report.identical else EXIT_DIFFERS


def cmd_run(args: argparse.Namespace) -> int:
    from fxsim import streaming

    code = streaming.command("run", args)  # big inputs: chunked, or on a Dask cluster (--chunk, --scheduler)
    if code is not None:
        return code
    from fxsim import printing
    from fxsim.project.catapult import is_catapult_project

    if is_catapult_project(args.project):  # ac_fixed (Catapult)
        return _run_catapult(args)
    net = _load(args.project)
    x = _inputs(net, args.inputs)
    from fxsim.kernels.compile_clock import compile_clock

    t0 = time.perf_counter()
    with compile_clock() as clock:
        outs = net.run(x, progress=not (args.quiet or _quiet_stdout(args)))
    dt = time.perf_counter() - t0
    n = outs[0].shape[0]
    out = Path(args.output)
    values = [o.to_float().reshape(n, -1) for o in outs]
    np.save(out.with_suffix(".npy"), values[0] if len(values) == 1 else np.concatenate(values, axis=1))
    printed = net.project.printed_sizes() if hasattr(net.project, "printed_sizes") else {}
    with open(out.with_suffix(".log"), "w") as f:
        texts = [printing.format_raw(o.raw.reshape(n, -1), o.type) for o in outs]
        widths = [v.shape[1] for v in values]
        shown = [min(printed.get(p.name, w), w) for p, w in zip(net.outputs, widths)]
        for ev in range(n):
            for k, w in enumerate(widths):
                f.write(printing.format_log_line(texts[k][ev * w:ev * w + shown[k]]))
    if not args.quiet:
        compiling = f", including {clock.seconds:.1f} s compiling kernels" if clock.seconds >= 0.05 else ""
        _say(args, f"{n} events in {dt:.2f} s ({n / max(dt, 1e-9):,.0f} events/s{compiling}) -> "
                   f"{out.with_suffix('.npy')}, {out.with_suffix('.log')}")
    _emit_json(args, {"command": "run", "project": args.project, "events": n, "seconds": dt,
                      "compile_seconds": clock.seconds,
                      "outputs": {"npy": str(out.with_suffix(".npy")), "log": str(out.with_suffix(".log"))}})
    return EXIT_OK


def _trace_json(tr) -> dict:
    return {"counts": [{"layer": lay, "type": typ, **c.as_dict()} for (lay, typ), c in tr.counts.items()],
            "layers": list(tr.layer_order)}


def cmd_trace(args: argparse.Namespace) -> int:
    from fxsim import streaming

    code = streaming.command("trace", args)  # big inputs: chunked, or on a Dask cluster (--chunk, --scheduler)
    if code is not None:
        return code
    from fxsim.project.catapult import is_catapult_project

    if is_catapult_project(args.project):  # ac_fixed (Catapult): layer ranges and template hazards
        return _trace_catapult(args)
    net = _load(args.project)
    x = _inputs(net, args.inputs)
    if args.events is not None:
        x = [a[: args.events] for a in x]
    tr = net.trace(x)
    _say(args, tr.summary())
    # firmware that cannot be right (compare helper: one detector for verify/trace/compare/profile)
    from fxsim.findings import findings_json, warning_lines
    from fxsim.firmware_checks import cannot_be_right

    found = cannot_be_right(net, x, trace=tr)
    for line in warning_lines(found):
        _say(args, line)
    if args.output:
        tr.save(args.output)
        _say(args, f"per-layer outputs and counts -> {args.output}")
    _emit_json(args, {"command": "trace", "project": args.project, "events": int(len(x[0])) if x else 0,
                      **_trace_json(tr), "warnings": findings_json(found)})
    return EXIT_OK


def _catapult_inputs(prj, path: str | None) -> np.ndarray:
    """A Catapult project's inputs (n, values per event): ``path`` or its ``tb_data`` features."""
    from fxsim.project.testbench import read_dat

    if path is None:
        return np.array(read_dat(prj.path / "tb_data" / "tb_input_features.dat"))
    from fxsim.io import open_source

    parts = open_source(path, [n for _, _, n in prj.inputs]).read()
    return np.concatenate([np.asarray(a, dtype=np.float64).reshape(len(a), -1) for a in parts], axis=1)


def _trace_catapult(args: argparse.Namespace) -> int:
    from fxsim.backends import catapult as catapult_network
    from fxsim.project.catapult import load_catapult

    prj = load_catapult(args.project)
    x = _catapult_inputs(prj, args.inputs)
    if args.events is not None:
        x = x[: args.events]
    lines = catapult_network.trace_lines(prj, x.reshape(len(x), -1))
    _say(args, "\n".join(lines))
    _emit_json(args, {"command": "trace", "project": args.project, "events": int(len(x)),
                      "hazards": prj.hazards()})
    return EXIT_OK


def _run_catapult(args: argparse.Namespace) -> int:
    from fxsim.backends import catapult as catapult_network
    from fxsim.findings import hazard_lines
    from fxsim.project.catapult import load_catapult

    prj = load_catapult(args.project)
    for h in prj.hazards():
        print(f"fxsim: {hazard_lines([h])[0]}", file=sys.stderr)
    x = _catapult_inputs(prj, args.inputs)
    t0 = time.perf_counter()
    values = catapult_network.predict(prj, x)
    lines = catapult_network.log_lines(prj, x)
    dt = time.perf_counter() - t0
    out = Path(args.output)
    np.save(out.with_suffix(".npy"), values)
    out.with_suffix(".log").write_text("".join(line + "\n" for line in lines))
    if not args.quiet:
        _say(args, f"{len(x)} events in {dt:.2f} s -> {out.with_suffix('.npy')}, {out.with_suffix('.log')}")
    _emit_json(args, {"command": "run", "project": args.project, "events": int(len(x)), "seconds": dt,
                      "outputs": {"npy": str(out.with_suffix(".npy")), "log": str(out.with_suffix(".log"))}})
    return EXIT_OK


def cmd_estimate(args: argparse.Namespace) -> int:
    from fxsim.estimate import cli as est_cli

    if args.part is not None and not args.part.strip():
        raise UsageError("--part is empty: name an FPGA part (e.g. xcvu13p-flga2577-2-e) or leave the option out")
    _check_float(args.clock_ns, CLOCK_NS_RANGE, "--clock-ns")
    _check_float(args.clock_uncertainty, CLOCK_UNCERTAINTY_RANGE, "--clock-uncertainty")
    return est_cli.run(args)


def cmd_demo(args: argparse.Namespace) -> int:
    from fxsim.examples import example_project

    prj = example_project()
    _say(args, f"example project: {prj}\n")
    net = _load(str(prj))
    _say(args, f"{net.summary()} \n")
    ns = argparse.Namespace(project=str(prj), inputs=None, expected=None, json=None, max_report=5,
                            trace_reference=None)
    if _quiet_stdout(args):
        from fxsim.verify import default_reference, verify

        report = verify(net, *default_reference(net), max_report=5)
        code = EXIT_OK if report.identical else EXIT_DIFFERS
    else:
        code = cmd_verify(ns)
        report = None
    _say(args, "")
    x = _inputs(net, None)
    tr = net.trace(x)
    _say(args, "trace (per layer and type: values rounded / saturated / wrapped / table-clamped):")
    _say(args, tr.summary())
    big = np.repeat(x[0], max(1, 200_000 // x[0].shape[0]), axis=0)
    path, n, dt = _demo_speed(args, net, big)
    rate = n / dt
    _say(args, f"\nspeed: {n:,} events in {dt:.2f} s = {rate:,.0f} events/s on the {path}, measured "
               "now (hls4ml's C-simulation is not run here; `python benchmarks/bench_throughput.py` measures "
               "both on this machine)")
    if path != KERNELS:
        _say(args, "  The Numba kernels are not compiled on this machine yet: batches of 4,096+ events compile "
                   "them once (about 60 s of CPU, then cached; `fxsim demo --compile` does it now and times them).")
    _emit_json(args, {"command": "demo", "project": str(prj), "identical": code == EXIT_OK,
                      "verify": report.as_dict() if report is not None else None, **_trace_json(tr),
                      "speed": {"events": n, "seconds": dt, "events_per_s": rate, "path": path}})
    return code


KERNELS = "Numba kernels"


def _demo_speed(args: argparse.Namespace, net, big: np.ndarray) -> tuple[str, int, float]:
    """``(path, events, seconds)`` of running ``big`` after a warm-up batch on the Numba kernels if
    they are in this machine's kernel cache (or ``--compile``: compiled first, that time said and
    not counted), else a quarter of it on the NumPy twins (nothing compiles: a first run stays fast)."""
    from fxsim.kernels import small
    from fxsim.kernels.compile_clock import WouldCompile, compile_clock, no_compiling

    warm = [big[:net.default_batch_size()]]
    path = KERNELS
    try:
        with no_compiling():  # loads the kernels from the disk cache if an earlier run compiled them
            net.run(warm)
    except WouldCompile:
        path = "NumPy path (nothing compiled)"
    if path != KERNELS and args.compile:
        _say(args, "\nspeed: compiling the Numba kernels for large batches (once per machine, then cached)...")
        with compile_clock() as clock:
            net.run(warm)
        _say(args, f"  compiled in {clock.seconds:.1f} s (not counted below)")
        path = KERNELS
    with contextlib.ExitStack() as stack:
        if path != KERNELS:  # nothing to warm up; a quarter of the events gives the rate as well
            stack.enter_context(small.everywhere())
            big = big[:max(1, big.shape[0] // 4)]
        t0 = time.perf_counter()
        net.run([big])
        return path, big.shape[0], time.perf_counter() - t0


# ---------------------------------------------------------------------------------------- parser


def _version() -> str:
    try:
        from importlib.metadata import version

        return version("fxsim")
    except Exception:  # not installed as a distribution: the package's own number
        import fxsim

        return fxsim.__version__


def build_parser() -> argparse.ArgumentParser:
    common = _Parser(add_help=False)
    common.add_argument("--debug", action="store_true", default=argparse.SUPPRESS,
                        help="show the traceback of any error")
    p = _Parser(prog="fxsim", description="Bit-exact simulation of hls4ml firmware.",
                                epilog="exit codes: 0 identical/success, 1 the firmware differs (verify), "
                                "2 bad input or a named limit, 3 internal error (a bug: rerun with --debug)",
                                parents=[common])
    p.add_argument("--version", action="version", version=f"fxsim {_version()}")
    sub = p.add_subparsers(dest="command", required=True)

    def json_opt(parser: argparse.ArgumentParser, what: str) -> None:
        parser.add_argument("--json", metavar="FILE", help=f"write {what} (or the error) as JSON here ('-': stdout)")

    v = sub.add_parser("verify", help="compare the firmware's reference outputs with fxsim, bit for bit",
                       parents=[common])
    v.add_argument("project", help="hls4ml project directory (contains firmware/)")
    v.add_argument("--inputs", help="inputs (.dat/.txt read as the testbench does, .csv, .npy, .npz with one "
                   "array per input port, by name); default: tb_data/tb_input_features.dat")
    v.add_argument("--expected", help="reference outputs: csim/cosim log or other text log, .npy, .npz; "
                   "default: tb_data/csim_results.log")
    json_opt(v, "the report")
    v.add_argument("--max-report", type=_int_in(*MAX_REPORT_RANGE, "--max-report"), default=10,
                   help="mismatches to list (default 10)")
    v.add_argument("--trace-reference", metavar="NPZ", help="per-layer reference outputs keyed by layer name "
                   "(e.g. np.savez(f, **hls_model.trace(x)[1])): name the first layer that disagrees")
    from fxsim import streaming

    streaming.add_arguments(v, "verify")
    v.set_defaults(func=cmd_verify)

    r = sub.add_parser("run", help="run the firmware on inputs; write .npy and a testbench-format .log",
                       parents=[common])
    r.add_argument("project")
    r.add_argument("--inputs", help="default: the project's tb_data inputs")
    r.add_argument("--output", required=True, help="output path stem (writes STEM.npy and STEM.log)")
    r.add_argument("--quiet", action="store_true")
    json_opt(r, "a summary")
    streaming.add_arguments(r, "run")
    r.set_defaults(func=cmd_run)

    t = sub.add_parser("trace", help="every layer's output and its rounding/saturation/wrap counts",
                       parents=[common])
    t.add_argument("project")
    t.add_argument("--inputs", help="default: the project's tb_data inputs")
    t.add_argument("--events", type=_int_in(*EVENTS_RANGE, "--events"), help="trace only the first N events")
    t.add_argument("--output", help="write per-layer outputs and counts to this .npz")
    json_opt(t, "the counts")
    streaming.add_arguments(t, "trace")
    t.set_defaults(func=cmd_trace)

    e = sub.add_parser("estimate", help="DSP/LUT/FF/BRAM, latency and II before synthesis", parents=[common])
    from fxsim.estimate import cli as est_cli

    est_cli.add_arguments(e)
    e.set_defaults(func=cmd_estimate)

    from fxsim import compare, profile  # issue 18: each subcommand's arguments and handler live in its module

    for mod, helptext in ((profile, "per-layer value ranges against the types (box plots)"),
                          (compare, "per-layer comparison with the model; cause and type fix")):
        mod.add_arguments(s := sub.add_parser(mod.__name__.rsplit(".", 1)[1], help=helptext, parents=[common]))
        s.set_defaults(func=mod.run)

    from fxsim.optimize import cli as opt_cli  # issue 19: fxsim optimize

    opt_cli.add_arguments(o := sub.add_parser("optimize", help="search per-layer precisions (Pareto front of "
                                              "metric vs cost) and emit hls4ml configs", parents=[common]))
    o.set_defaults(func=opt_cli.run)

    d = sub.add_parser("demo", help="verify, trace and time the example project that ships with fxsim",
                       parents=[common])
    d.add_argument("--compile", action="store_true",
                   help="compile the large-batch Numba kernels if they are not cached yet (about 60 s of CPU, once per "
                        "machine) and time them; without it a first run times the NumPy path")
    json_opt(d, "the results")
    d.set_defaults(func=cmd_demo)
    return p


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit code (see the module docstring)."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as e:  # --help, --version, or a bad option (one line printed already)
        return int(e.code or 0) if isinstance(e.code, int) or e.code is None else EXIT_INPUT
    debug = getattr(args, "debug", False)
    try:
        return args.func(args)
    except KeyboardInterrupt:  # pragma: no cover
        return EXIT_INTERRUPTED
    except Exception as e:  # noqa: BLE001 - every error becomes one line and an exit code
        code = classify(e)
        if debug:
            traceback.print_exc()
        if code == EXIT_INPUT:
            line = f"fxsim {args.command}: error: {_message(e)}"
        else:
            line = (f"fxsim {args.command}: internal error ({type(e).__name__}: {_message(e)[:200]}); "
                    "this is a bug in fxsim: rerun with --debug for the traceback and report it")
        print(line, file=sys.stderr)
        try:
            _emit_json(args, {"error": _message(e), "exit_code": code, "kind": type(e).__name__})
        except OSError:
            pass
        return code


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())


__all__ = ["EXIT_DIFFERS", "EXIT_INPUT", "EXIT_INTERNAL", "EXIT_OK", "build_parser", "classify", "main"]
