"""``fxsim optimize PRJ --inputs X [--labels Y | --reference R] --metric M (--max-loss L | --min-metric T)
--cost O ...``: search per-layer types of a project; print the Pareto front, write JSON, a plot, and
the hls4ml configuration of each front point.

>>> import argparse
>>> p = argparse.ArgumentParser(); add_arguments(p)
>>> a = p.parse_args(["prj", "--inputs", "x.npy", "--group", "dense=fc", "--fraction", "2:10"])
>>> a.metric, a.cost, a.group, a.fraction, a.trials
('agreement', 'lut+55*dsp', ['dense=fc'], '2:10', 100)
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

EXIT_BAD_INPUT = 2


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("project", help="hls4ml project directory to start from (wide types are the usual start)")
    p.add_argument("--inputs", help="events (.npy, .npz, .csv, .dat, x.h5:/ds; default: the project's tb_data)")
    p.add_argument("--events", type=int, default=None, help="use only the first N events")
    p.add_argument("--labels", help="true labels (.npy: classes or one-hot; regression targets for mse)")
    p.add_argument("--reference", help="reference outputs to compare with (default: the start project's outputs)")
    p.add_argument("--metric", default="agreement",
                   help="agreement (argmax vs the reference), accuracy, auc, tpr@fpr=F, mse, max_abs_err")
    lim = p.add_mutually_exclusive_group()
    lim.add_argument("--max-loss", type=float, default=0.01,
                     help="how much worse than the start project the metric may get (default 0.01)")
    lim.add_argument("--min-metric", type=float, default=None,
                     help="absolute target the metric must reach (at most, for mse/max_abs_err)")
    p.add_argument("--cost", "--objective", dest="cost", default="lut+55*dsp",
                   help="cost to minimise: [coef*]name terms joined by + over lut, dsp, ff, bram, latency, "
                        "latency_ns, energy, bits (default lut+55*dsp)")
    p.add_argument("--trials", type=int, default=100, help="trials per block (default 100)")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--sampler", default="nsga2", choices=("nsga2", "tpe", "random"))
    p.add_argument("--batch", type=int, default=16,
                   help="trials asked and evaluated together (the result depends on it, not on the workers)")
    p.add_argument("--choose", default="cost", choices=("cost", "ff"),
                   help="each block's pick: lowest feasible cost, or seeds/004's forgiving factor")
    p.add_argument("--roles", default="result,accum,weight,bias,table,table_size",
                   help="knob roles searched (comma-separated)")
    p.add_argument("--include", help="regex of layer names searched (default: all)")
    p.add_argument("--group", action="append", default=[], metavar="NAME=REGEX",
                   help="layers matching REGEX share their types, role by role (repeatable)")
    p.add_argument("--block", action="append", default=[], metavar="REGEX",
                   help="search layers matching REGEX as one block, blocks in order (repeatable)")
    p.add_argument("--fraction", default="0:12", metavar="LO:HI", help="fractional bits tried (default 0:12)")
    p.add_argument("--integer-slack", default="-1:1", metavar="LO:HI",
                   help="integer bits tried around the traced need (default -1:1)")
    p.add_argument("--modes", default="TRN", help="rounding/overflow modes tried: TRN, RND, SAT, RND_SAT, RND_CONV_SAT")
    p.add_argument("--weight-modes", default=None,
                   help="modes of weight/bias types (default: --modes); RND rounds constants to nearest at no cost")
    p.add_argument("--table-sizes", default="256,512,1024", help="activation table sizes tried")
    p.add_argument("--prune-events", type=int, default=0,
                   help="first evaluate this many events; prune a trial already beyond the limit")
    p.add_argument("--scheduler", help="Dask scheduler address (tcp://host:8786) or 'local' (this machine's cores)")
    p.add_argument("--storage", help="Optuna storage to resume a study: a URL (sqlite:///study.db) or journal:FILE")
    p.add_argument("--study", default="fxsim-optimize", help="study name in --storage")
    p.add_argument("--time-budget", type=float, default=None, help="stop asking new trials after S seconds")
    p.add_argument("--json", metavar="FILE", help="write every trial, the front and its hls4ml configs as JSON")
    p.add_argument("--plot", metavar="PNG", help="plot the front (needs matplotlib)")
    p.add_argument("--config-dir", metavar="DIR",
                   help="write each front point's hls4ml config as DIR/point_<trial>.yml and .json")


def _pair(text: str, what: str) -> tuple[int, int]:
    try:
        lo, hi = (int(v) for v in text.split(":"))
    except ValueError:
        raise ValueError(f"{what} must be LO:HI (integers), got {text!r}") from None
    if lo > hi:
        raise ValueError(f"{what}: {lo} > {hi}")
    return lo, hi


def _array(path: str, what: str) -> np.ndarray:
    from fxsim.verify import load_array

    a = load_array(path)
    if isinstance(a, dict):
        if len(a) != 1:
            raise ValueError(f"{what} {path}: expected one array, got {', '.join(a)}")
        a = next(iter(a.values()))
    return np.asarray(a)


def run(args: argparse.Namespace) -> int:
    """Run the search; print the front; write what was asked. Returns the exit code."""
    from fxsim.optimize import config_of, config_yaml, optimize, pareto_table, plot_front, to_json
    from fxsim.optimize.costs import CostError
    from fxsim.optimize.metrics import MetricError
    from fxsim.optimize.retype import RetypeError
    from fxsim.optimize.search import SearchError
    from fxsim.project import read_project

    try:
        if args.trials < 1 or args.batch < 1:
            raise ValueError("--trials and --batch must be at least 1")
        from fxsim.network import load_hls4ml
        from fxsim.verify import load_inputs

        net = load_hls4ml(args.project)
        xs = list(net.project.testbench_inputs().values()) if args.inputs is None else load_inputs(net, args.inputs)
        if args.events is not None:
            xs = [a[:args.events] for a in xs]
        n = len(xs[0])
        labels = _array(args.labels, "--labels")[:n] if args.labels else None
        reference = _array(args.reference, "--reference")[:n] if args.reference else None
        groups = {}
        for g in args.group:
            name, sep, rx = g.partition("=")
            if not sep or not name or not rx:
                raise ValueError(f"--group must be NAME=REGEX, got {g!r}")
            groups[name] = rx
        result = optimize(
            args.project, xs if len(xs) > 1 else xs[0], labels=labels, reference=reference, metric=args.metric,
            max_loss=args.max_loss, min_metric=args.min_metric, cost=args.cost, n_trials=args.trials,
            seed=args.seed, sampler=args.sampler, batch=args.batch, choose=args.choose,
            roles=tuple(r.strip() for r in args.roles.split(",") if r.strip()), include=args.include,
            groups=groups or None, blocks=args.block or None, fraction=_pair(args.fraction, "--fraction"),
            integer_slack=_pair(args.integer_slack, "--integer-slack"),
            modes=tuple(m.strip() for m in args.modes.split(",") if m.strip()),
            weight_modes=tuple(m.strip() for m in args.weight_modes.split(",")) if args.weight_modes else None,
            table_sizes=tuple(int(s) for s in args.table_sizes.split(",")), prune_events=args.prune_events,
            scheduler=args.scheduler, storage=args.storage, study_name=args.study, time_budget=args.time_budget,
            progress=lambda s: print(s, file=sys.stderr))
    except (RetypeError, MetricError, CostError, SearchError, ImportError) as e:
        print(f"fxsim optimize: error: {' '.join(str(e).split())}", file=sys.stderr)
        return EXIT_BAD_INPUT
    print(pareto_table(result))
    base = read_project(args.project)
    if args.json:
        Path(args.json).write_text(json.dumps(to_json(result, base), indent=1) + "\n")
    if args.plot:
        plot_front(result, args.plot)
    if args.config_dir:
        out = Path(args.config_dir)
        out.mkdir(parents=True, exist_ok=True)
        for t in result.front():
            cfg = config_of(result, t)
            (out / f"point_{t.number}.json").write_text(json.dumps(cfg, indent=1) + "\n")
            (out / f"point_{t.number}.yml").write_text(config_yaml(cfg))
        print(f"hls4ml configs of the {len(result.front())} front points in {out}/")
    return 0
