"""``fxsim optimize`` on the jet tagger (issue 19's acceptance run) and the cost of a trial.

The start is hls4ml's conversion of the jet tagger (``tests/data/models/KERAS_3layer``, 16-64-32-32-5)
with every type ``ap_fixed<24,12>``; trials run on 100k standard-normal events (the stand-in the
model README gives for the standardised jet features). The metric is the argmax agreement with the
wide *model* (the Keras float network, its weights read from the H5 file), target >= 99%: the
``ap_fixed<24,12>`` firmware itself agrees only ~84%, because hls4ml's stable softmax indexes its
exp table with the top bits of ``ap_ufixed<23,11>`` (a 2.0 step), so its outputs tie; the search
finds types that beat it. The cost is LUT + 55·DSP (fxsim's estimate), compared with hls4ml's
uniform ``ap_fixed<16,6>`` design of the same model (``fxsim/examples/jet_tagger``).

    python benchmarks/bench_optimize.py [--budget 300] [--events 100000] [--sampler nsga2] [--cold]
        [--json out.json] [--plot docs/optimize_front.png] [--config-dir DIR]

``--cold`` first times single trials in fresh processes with an empty Numba kernel cache
(``NUMBA_CACHE_DIR`` in a temporary directory) and with the cache it filled: trials per minute,
cold and warm.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

LAYERS = ("fc1_relu", "fc2_relu", "fc3_relu", "output_softmax")


def wide_project() -> Path:
    from tests.projects import build_project, hls_config_for

    x = np.random.default_rng(7).normal(size=(200, 16))
    return build_project("KERAS_3layer", hls_config_for("ap_fixed<24,12>"), inputs=x)


def float_model(x: np.ndarray) -> np.ndarray:
    """The Keras model in float64 (Dense+ReLU x3, Dense; softmax is monotonic, so its argmax is the logits')."""
    import h5py

    from tests.projects import model_files

    _, h5 = model_files("KERAS_3layer")
    h = x
    with h5py.File(h5, "r") as f:
        for name in LAYERS:
            h = h @ f[name][name]["kernel:0"][()].astype(np.float64) + f[name][name]["bias:0"][()]
            if name != "output_softmax":
                h = np.maximum(h, 0.0)
    return h


def events(n: int) -> np.ndarray:
    return np.random.default_rng(2026).normal(size=(n, 16))


TRIAL_SNIPPET = """
import sys, time, json, numpy as np
sys.path.insert(0, {root!r})
t0 = time.perf_counter()
import fxsim.optimize as fo
from fxsim.optimize.search import Problem, evaluate, prepare_data
from fxsim.optimize.costs import Cost
x = np.random.default_rng(2026).normal(size=({n}, 16))
m = fo.metric("agreement")
data = prepare_data({prj!r}, x, metric=m)
t1 = time.perf_counter()
pr = Problem({prj!r}, m, Cost.parse("lut+55*dsp"), 0.01)
r = fo.Retyping.of({retyping!r})
t2 = time.perf_counter(); evaluate(pr, data, r)
t3 = time.perf_counter(); evaluate(pr, data, r); t4 = time.perf_counter()
print(json.dumps(dict(start=t1 - t0, first=t3 - t2, second=t4 - t3)))
"""


def cold_trials(prj: Path, n: int) -> dict:
    """One retyping evaluated twice in a fresh process: empty kernel cache, then the filled cache."""
    retyping = {"fc1_relu/weight": "ap_fixed<8,2>", "fc2_relu/result": "ap_fixed<10,6>",
                "output_softmax/result": "ap_fixed<12,7>"}
    code = TRIAL_SNIPPET.format(root=str(ROOT), n=n, prj=str(prj), retyping=retyping)
    out = {}
    with tempfile.TemporaryDirectory(prefix="fxsim-opt-cold-") as cache:
        for label in ("empty cache", "filled cache"):
            env = {**os.environ, "NUMBA_CACHE_DIR": cache}
            t = time.perf_counter()
            proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=ROOT)
            if proc.returncode:
                raise RuntimeError(proc.stderr[-2000:])
            out[label] = {**json.loads(proc.stdout.strip().splitlines()[-1]), "wall": time.perf_counter() - t}
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--budget", type=float, default=300.0, help="seconds for the whole search (default 300)")
    ap.add_argument("--events", type=int, default=100_000)
    ap.add_argument("--trials", type=int, default=2000, help="upper bound; the budget usually stops first")
    ap.add_argument("--sampler", default="tpe")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--batch", type=int, default=8)
    ap.add_argument("--roles", default="result,accum,weight", help="knob roles searched (biases stay wide)")
    ap.add_argument("--prune-margin", type=float, default=0.005)
    ap.add_argument("--weight-modes", default="RND", help="modes of weight types (RND: round to nearest, free)")
    ap.add_argument("--prune-events", type=int, default=10_000)
    ap.add_argument("--cold", action="store_true", help="also time trials in fresh processes (empty/filled cache)")
    ap.add_argument("--json")
    ap.add_argument("--plot")
    ap.add_argument("--config-dir")
    args = ap.parse_args()

    import fxsim.optimize as fo
    from fxsim.examples import example_project
    from fxsim.project import read_project

    prj = wide_project()
    if args.cold:
        for label, r in cold_trials(prj, args.events).items():
            print(f"trial in a fresh process, {label}: start {r['start']:.1f} s, first trial {r['first']:.2f} s "
                  f"({60 / r['first']:.0f}/min), second {r['second']:.2f} s ({60 / r['second']:.0f}/min)")

    x = events(args.events)
    ref = float_model(x)
    uniform = fo.figures(read_project(example_project()))
    u_cost = uniform["lut"] + 55 * uniform["dsp"]
    t0 = time.perf_counter()
    res = fo.optimize(prj, x, reference=ref, metric="agreement", min_metric=0.99, cost="lut+55*dsp",
                      n_trials=args.trials, seed=args.seed, sampler=args.sampler, batch=args.batch,
                      fraction=(0, 12), prune_events=args.prune_events, prune_margin=args.prune_margin,
                      roles=tuple(args.roles.split(",")), weight_modes=tuple(args.weight_modes.split(",")),
                      time_budget=args.budget - 10.0,
                      progress=lambda s: print(s, file=sys.stderr, flush=True))
    wall = time.perf_counter() - t0
    print(fo.pareto_table(res))
    done = [t for t in res.trials if not t.pruned]
    warm = [t.seconds for t in done[len(done) // 4:]]
    print(f"\nuniform ap_fixed<16,6> design (fxsim/examples/jet_tagger): LUT {uniform['lut']:.0f}, DSP "
          f"{uniform['dsp']:.0f}, LUT+55*DSP {u_cost:.0f}")
    from fxsim.optimize.search import prepare_data

    start_agree = fo.metric("agreement")(prepare_data(str(prj), x).reference, ref, None)
    print(f"start ap_fixed<24,12>: agreement with the float model {start_agree:.4f}, LUT+55*DSP {res.start.cost:.0f}")
    front = res.front()
    best = front[0] if front else None
    if best is not None:
        print(f"cheapest point with agreement >= 0.99: trial {best.number}, agreement {best.value:.4f}, "
              f"LUT+55*DSP {best.cost:.0f} = {best.cost / u_cost:.3f} x uniform ap_fixed<16,6> "
              f"({'<= 0.5: met' if best.cost <= 0.5 * u_cost else '> 0.5: NOT met'})")
        for k, v in best.retyping.items():
            print(f"  {k:<34} {v}")
    print(f"search wall time {wall:.1f} s (budget {args.budget:.0f} s, includes loading and first compiles); "
          f"{len(res.trials)} trials, {len(res.trials) - len(done)} pruned on {args.prune_events} events; "
          f"full trials ({args.events} events) median {np.median(warm):.2f} s = "
          f"{60 / np.median(warm):.0f} trials/min warm")
    if args.json:
        doc = fo.to_json(res, read_project(prj))
        doc["uniform_16_6"] = {"figures": uniform, "cost": u_cost}
        doc["wall_seconds"] = wall
        Path(args.json).write_text(json.dumps(doc, indent=1) + "\n")
    if args.plot:
        fo.plot_front(res, args.plot)
    if args.config_dir and best is not None:
        d = Path(args.config_dir)
        d.mkdir(parents=True, exist_ok=True)
        cfg = fo.config_of(res, best)
        (d / "optimize_jet_tagger.yml").write_text(fo.config_yaml(cfg))
    ok = best is not None and best.cost <= 0.5 * u_cost and wall <= args.budget
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
