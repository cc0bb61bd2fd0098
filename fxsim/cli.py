"""``fxsim`` command line: verify, run, trace and estimate exported hls4ml projects.

Exit codes: 0 identical / success, 1 mismatch, 2 usage or input error (a one-line message naming
the file, line, layer or value; no traceback).

    fxsim verify my_prj                         # tb_data inputs vs tb_data/csim_results.log
    fxsim verify my_prj --inputs x.npy --expected y.npy --json report.json
    fxsim run my_prj --inputs x.npy --output y  # y.npy and y.log (testbench format)
    fxsim trace my_prj --inputs x.npy --output trace.npz
    fxsim estimate my_prj --json est.json
    fxsim demo                                  # the shipped example, end to end
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

USER_ERRORS: tuple[type[BaseException], ...] = (ValueError, KeyError, FileNotFoundError, OSError)


def _load(project: str):
    from fxsim.network import load_hls4ml

    return load_hls4ml(project)


def _inputs(net, path: str | None):
    from fxsim.verify import load_inputs

    if path is None:
        return list(net.project.testbench_inputs().values())
    return load_inputs(net, path)


def cmd_verify(args: argparse.Namespace) -> int:
    from fxsim.verify import default_reference, load_trace_reference, verify

    net = _load(args.project)
    if args.inputs is None and args.expected is None:
        x, expected = default_reference(net)
    else:
        x = _inputs(net, args.inputs)
        expected = args.expected
        if expected is None:
            _, expected = default_reference(net)
    ref = load_trace_reference(args.trace_reference) if args.trace_reference else None
    report = verify(net, x, expected, max_report=args.max_report, trace_reference=ref)
    print(report.text())
    if args.json:
        Path(args.json).write_text(report.to_json())
    return 0 if report.identical else 1


def cmd_run(args: argparse.Namespace) -> int:
    from fxsim import printing

    net = _load(args.project)
    x = _inputs(net, args.inputs)
    t0 = time.perf_counter()
    outs = net.run(x, progress=not args.quiet)
    dt = time.perf_counter() - t0
    n = outs[0].shape[0]
    out = Path(args.output)
    values = [o.to_float().reshape(n, -1) for o in outs]
    np.save(out.with_suffix(".npy"), values[0] if len(values) == 1 else np.concatenate(values, axis=1))
    with open(out.with_suffix(".log"), "w") as f:
        texts = [printing.format_raw(o.raw.reshape(n, -1), o.type) for o in outs]
        widths = [v.shape[1] for v in values]
        for ev in range(n):
            for k, w in enumerate(widths):
                f.write(printing.format_log_line(texts[k][ev * w:(ev + 1) * w]))
    if not args.quiet:
        print(f"{n} events in {dt:.2f} s ({n / max(dt, 1e-9):,.0f} events/s) -> "
              f"{out.with_suffix('.npy')}, {out.with_suffix('.log')}")
    return 0


def cmd_trace(args: argparse.Namespace) -> int:
    net = _load(args.project)
    x = _inputs(net, args.inputs)
    if args.events is not None:
        x = [a[: args.events] for a in x]
    tr = net.trace(x)
    print(tr.summary())
    if args.output:
        tr.save(args.output)
        print(f"per-layer outputs and counts -> {args.output}")
    return 0


def cmd_estimate(args: argparse.Namespace) -> int:
    from fxsim.estimate import cli as est_cli

    return est_cli.run(args)


def cmd_demo(args: argparse.Namespace) -> int:
    from fxsim.examples import example_project

    prj = example_project()
    print(f"example project: {prj}\n")
    net = _load(str(prj))
    print(net.summary(), "\n")
    ns = argparse.Namespace(project=str(prj), inputs=None, expected=None, json=None, max_report=5,
                            trace_reference=None)
    code = cmd_verify(ns)
    print()
    x = _inputs(net, None)
    tr = net.trace(x)
    print("trace (per layer and type: values rounded / saturated / wrapped / table-clamped):")
    print(tr.summary())
    big = np.repeat(x[0], max(1, 200_000 // x[0].shape[0]), axis=0)
    net.run([big[:1000]])  # warm the kernels
    t0 = time.perf_counter()
    net.run([big])
    dt = time.perf_counter() - t0
    print(f"\nspeed: {big.shape[0]:,} events in {dt:.2f} s = {big.shape[0] / dt:,.0f} events/s "
          "(hls4ml C-simulation: ~7,000 events/s)")
    return code


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="fxsim", description="Bit-exact simulation of hls4ml firmware.")
    sub = p.add_subparsers(dest="command", required=True)

    v = sub.add_parser("verify", help="compare the firmware's reference outputs with fxsim, bit for bit")
    v.add_argument("project", help="hls4ml project directory (contains firmware/)")
    v.add_argument("--inputs", help="inputs (.dat/.txt/.csv read as the testbench does, .npy, .npz); "
                   "default: tb_data/tb_input_features.dat")
    v.add_argument("--expected", help="reference outputs: csim/cosim log or other text log, .npy, .npz; "
                   "default: tb_data/csim_results.log")
    v.add_argument("--json", help="write a machine-readable report here")
    v.add_argument("--max-report", type=int, default=10, help="mismatches to list (default 10)")
    v.add_argument("--trace-reference", metavar="NPZ", help="per-layer reference outputs keyed by layer name "
                   "(e.g. np.savez(f, **hls_model.trace(x)[1])): name the first layer that disagrees")
    v.set_defaults(func=cmd_verify)

    r = sub.add_parser("run", help="run the firmware on inputs; write .npy and a testbench-format .log")
    r.add_argument("project")
    r.add_argument("--inputs", help="default: the project's tb_data inputs")
    r.add_argument("--output", required=True, help="output path stem (writes STEM.npy and STEM.log)")
    r.add_argument("--quiet", action="store_true")
    r.set_defaults(func=cmd_run)

    t = sub.add_parser("trace", help="every layer's output and its rounding/saturation/wrap counts")
    t.add_argument("project")
    t.add_argument("--inputs", help="default: the project's tb_data inputs")
    t.add_argument("--events", type=int, help="trace only the first N events")
    t.add_argument("--output", help="write per-layer outputs and counts to this .npz")
    t.set_defaults(func=cmd_trace)

    e = sub.add_parser("estimate", help="DSP/LUT/FF/BRAM, latency and II before synthesis")
    from fxsim.estimate import cli as est_cli

    est_cli.add_arguments(e)
    e.set_defaults(func=cmd_estimate)

    from fxsim import compare, profile  # issue 18: each subcommand's arguments and handler live in its module

    for mod, helptext in ((profile, "per-layer value ranges against the types (box plots)"),
                          (compare, "per-layer comparison with the model; cause and type fix")):
        mod.add_arguments(s := sub.add_parser(mod.__name__.rsplit(".", 1)[1], help=helptext))
        s.set_defaults(func=mod.run)

    d = sub.add_parser("demo", help="verify, trace and time the example project that ships with fxsim")
    d.set_defaults(func=cmd_demo)
    return p


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except USER_ERRORS as e:
        msg = e.args[0] if isinstance(e, KeyError) and e.args else e
        print(f"fxsim {args.command}: error: {msg}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:  # pragma: no cover
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())


__all__ = ["main", "build_parser"]
