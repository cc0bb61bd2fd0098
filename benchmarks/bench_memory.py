"""Memory flatness and ``fxsim verify`` start-up, each from fresh processes (issue 6).

Run (from the repository root; needs hls4ml + h5py for the project, g++ for the testbench)::

    python benchmarks/bench_memory.py                  # JSON to stdout
    python benchmarks/bench_memory.py --big 10000000 --small 100000
    python benchmarks/bench_memory.py --cli --events 1000000      # fxsim run on a .npy file, streamed;
    python benchmarks/bench_memory.py --cli --events 100000000    # then 10**8 events (6.4 GB of inputs)

* Peak RSS: a fresh process loads the jet tagger (ap_fixed<16,6>) and streams ``--big`` events
  through ``Network.predict`` in chunks of ``--chunk`` (inputs generated per chunk, outputs appended
  to a ``.npy``-style raw file), then reports ``resource.getrusage(RUSAGE_SELF).ru_maxrss``; the
  same for ``--small`` events. Both runs use the same chunk (default 100k events, the small run's
  size), so the ratio measures whether memory grows with the number of events and not the size of
  this script's own input buffer. Target: big / small <= 2.
* ``fxsim verify``: a 2,000-event project (its testbench compiled and run once, cached), verified by
  ``python -m fxsim.cli verify`` in a fresh process after one warm-up run (Numba kernels cached on
  disk). Target: < 3 s wall. CPU seconds (user + sys) are reported too: on a loaded machine the
  wall time mostly measures waiting for a core.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

STREAM = """
import resource, sys, time
import numpy as np
from fxsim.network import load_hls4ml
project, n, chunk, out = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
net = load_hls4ml(project)
rng = np.random.default_rng(0)
t0 = time.perf_counter()
with open(out, "wb") as f:
    for start in range(0, n, chunk):
        x = rng.normal(0, 1.5, (min(chunk, n - start), 16))
        f.write(np.ascontiguousarray(net.predict(x), dtype=np.float32).tobytes())
dt = time.perf_counter() - t0
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024, dt)
"""


def _env() -> dict:
    return {**os.environ, "PYTHONPATH": str(ROOT)}


def peak_rss(project: Path, n: int, chunk: int) -> dict:
    with tempfile.TemporaryDirectory() as d:
        r = subprocess.run([sys.executable, "-c", STREAM, str(project), str(n), str(chunk), str(Path(d) / "y.bin")],
                           capture_output=True, text=True, env=_env(), cwd=ROOT)
    if r.returncode:
        return {"error": r.stderr[-2000:]}
    rss, secs = r.stdout.split()[-2:]
    return {"events": n, "peak_rss_bytes": int(rss), "peak_rss_mib": int(rss) / 2**20, "seconds": float(secs),
            "samples_per_s": n / float(secs)}


def verify_wall(project: Path, repeat: int = 3) -> dict:
    cmd = [sys.executable, "-m", "fxsim.cli", "verify", str(project)]
    first = subprocess.run(cmd, capture_output=True, text=True, env=_env(), cwd=ROOT)  # warm the disk caches
    walls, cpus = [], []
    for _ in range(repeat):
        c0 = resource.getrusage(resource.RUSAGE_CHILDREN)
        t0 = time.perf_counter()
        r = subprocess.run(cmd, capture_output=True, text=True, env=_env(), cwd=ROOT)
        walls.append(time.perf_counter() - t0)
        c1 = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(c1.ru_utime - c0.ru_utime + c1.ru_stime - c0.ru_stime)
    return {"command": " ".join(cmd[1:]), "returncode": r.returncode, "first_run_returncode": first.returncode,
            "wall_s_best": min(walls), "wall_s_all": walls, "cpu_s_best": min(cpus),
            "load_average": os.getloadavg(), "stdout_tail": r.stdout[-600:],
            "stderr_tail": r.stderr[-600:]}


def cli_run_rss(n: int, chunk: int, work: Path) -> dict:
    """Peak RSS of ``fxsim run`` streaming an ``n``-event ``.npy`` (float32, written here in chunks)
    of the shipped jet tagger to a ``.npy`` output, in a fresh process (``ru_maxrss`` of the child)."""
    from fxsim.examples import example_project

    x_path, y_path = work / f"x{n}.npy", work / f"y{n}.npy"
    if not x_path.exists():
        rng = np.random.default_rng(0)
        with open(x_path, "wb") as f:
            np.lib.format.write_array_header_1_0(f, {"descr": "<f4", "fortran_order": False, "shape": (n, 16)})
            for s in range(0, n, 1 << 20):
                f.write(rng.normal(0, 1.5, (min(1 << 20, n - s), 16)).astype("<f4").tobytes())
    cmd = [sys.executable, "-m", "fxsim.cli", "run", str(example_project()), "--inputs", str(x_path), "--output",
           str(y_path), "--chunk", str(chunk), "--quiet"]
    c0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    r = subprocess.run(cmd, capture_output=True, text=True, env=_env(), cwd=ROOT)
    wall = time.perf_counter() - t0
    c1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    if r.returncode:
        return {"error": r.stderr[-2000:]}
    y_path.unlink()
    return {"events": n, "peak_rss_mib": c1.ru_maxrss / 1024, "wall_s": wall,
            "cpu_s": c1.ru_utime - c0.ru_utime + c1.ru_stime - c0.ru_stime}


def main_cli(argv: list[str]) -> dict:
    """``--cli``: peak memory of ``fxsim run`` on 10**6 events and on ``--big`` events (target: within 1.2x).
    Run each size in its own process (ru_maxrss of children is a maximum over all of them)."""
    ap = argparse.ArgumentParser()
    ap.add_argument("--cli", action="store_true")
    ap.add_argument("--events", type=int, default=1_000_000)
    ap.add_argument("--chunk", type=int, default=1 << 16)
    ap.add_argument("--work", default=tempfile.gettempdir())
    args = ap.parse_args(argv)
    return cli_run_rss(args.events, args.chunk, Path(args.work))


def main(argv: list[str] | None = None) -> dict:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--big", type=int, default=10_000_000)
    ap.add_argument("--small", type=int, default=100_000)
    ap.add_argument("--chunk", type=int, default=100_000)
    ap.add_argument("--verify-events", type=int, default=2000)
    ap.add_argument("--skip-verify", action="store_true")
    args = ap.parse_args(argv)
    from tests.projects import build_project, build_testbench, hls_config_for

    cfg = hls_config_for("ap_fixed<16,6>")
    project = build_project("KERAS_3layer", cfg)
    small = peak_rss(project, args.small, args.chunk)
    big = peak_rss(project, args.big, args.chunk)
    out: dict = {"project": str(project), "small": small, "big": big}
    if "peak_rss_bytes" in small and "peak_rss_bytes" in big:
        out["rss_ratio_big_over_small"] = big["peak_rss_bytes"] / small["peak_rss_bytes"]
        out["target_rss_within_2x"] = out["rss_ratio_big_over_small"] <= 2.0
    if not args.skip_verify:
        x = np.random.default_rng(3).normal(0, 1.5, (args.verify_events, 16))
        vprj = build_project("KERAS_3layer", cfg, inputs=x)
        build_testbench(vprj)
        out["verify"] = verify_wall(vprj)
        out["target_verify_under_3s"] = out["verify"]["wall_s_best"] < 3.0
    return out


if __name__ == "__main__":
    if "--cli" in sys.argv:  # python benchmarks/bench_memory.py --cli --events 100000000
        print(json.dumps(main_cli(sys.argv[1:]), indent=1))
    else:
        print(json.dumps(main(), indent=1))
