"""Cold start: the first and second run of fxsim commands in fresh processes with an EMPTY kernel cache.

Each command runs twice in a new process, with ``NUMBA_CACHE_DIR`` pointing at a fresh temporary
directory (so the first run finds no compiled kernel; the second loads what the first cached).
Wall time and CPU time (user + sys of the child, from ``resource.getrusage``) are both reported:
on a shared machine the wall time depends on the load, the CPU time much less.

    python benchmarks/bench_coldstart.py                 # verify, demo, demo --compile of the shipped example
    python benchmarks/bench_coldstart.py --only verify
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "fxsim" / "examples" / "jet_tagger"
COMMANDS = {
    "verify": ["verify", str(EXAMPLE)],
    "demo": ["demo"],  # times the NumPy path when the kernels are not cached: compiles nothing
    "demo-compile": ["demo", "--compile"],  # compiles the large-batch kernels first (said, and not timed)
}
TARGETS = {"verify": 5.0, "demo": 10.0}


def run_once(args: list[str], cache: str) -> tuple[float, float, int]:
    """(wall s, CPU s, exit code) of ``fxsim ARGS`` in a fresh process using kernel cache ``cache``."""
    env = {**os.environ, "NUMBA_CACHE_DIR": cache}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "fxsim.cli", *args], env=env, stdout=subprocess.DEVNULL,
                          stderr=subprocess.PIPE, text=True)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if proc.returncode not in (0, 1):
        raise SystemExit(f"fxsim {' '.join(args)} failed ({proc.returncode}): {proc.stderr.strip()[-500:]}")
    return wall, cpu, proc.returncode


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--only", choices=sorted(COMMANDS), action="append")
    args = ap.parse_args()
    names = args.only or list(COMMANDS)
    try:
        load = os.getloadavg()[0]
    except OSError:
        load = float("nan")
    print(f"{os.cpu_count()} CPUs, load average {load:.1f} at start")
    print("| command | first run wall | first run CPU | second run wall | second run CPU | target (first, wall) |")
    print("|---|---|---|---|---|---|")
    for name in names:
        with tempfile.TemporaryDirectory(prefix="fxsim-coldstart-") as cache:
            first = run_once(COMMANDS[name], cache)
            second = run_once(COMMANDS[name], cache)
        print(f"| `fxsim {' '.join(a if a != str(EXAMPLE) else 'fxsim/examples/jet_tagger' for a in COMMANDS[name])}`"
              f" | {first[0]:.2f} s | {first[1]:.2f} s | {second[0]:.2f} s | {second[1]:.2f} s | "
              f"{f'< {TARGETS[name]:.0f} s' if name in TARGETS else '-'} |", flush=True)


if __name__ == "__main__":
    main()
