"""Numba kernels are compiled once and then loaded from the disk cache in every fresh process (issue 6).

A kernel that cannot be cached (e.g. one closing over another dispatcher, which pickles with a
per-process id) recompiles in every process and costs seconds per call site: ``fxsim verify`` from a
fresh process must not pay that. The example project runs twice in fresh processes on enough
samples to take the chunked (threaded) paths; the second run must save nothing to the cache.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

EXAMPLE = Path(__file__).resolve().parents[1] / "fxsim" / "examples" / "jet_tagger"

SCRIPT = """
import numpy as np
from fxsim.network import load_hls4ml
net = load_hls4ml(r"{project}")
x = np.random.default_rng(0).normal(0, 1.5, (40000, net.inputs[0].size))
net.predict(x)
net.predict(x[:100])
"""


def _run() -> str:
    env = {**os.environ, "NUMBA_DEBUG_CACHE": "1"}
    r = subprocess.run([sys.executable, "-c", SCRIPT.format(project=EXAMPLE)], capture_output=True, text=True,
                       env=env, timeout=600)
    assert r.returncode == 0, r.stderr[-2000:]
    return r.stdout + r.stderr


def test_second_fresh_process_compiles_nothing():
    _run()  # fills the cache if it is cold
    second = _run()
    saved = [line for line in second.splitlines() if "data saved" in line]
    assert not saved, "kernels recompiled in a fresh process:\n" + "\n".join(saved[:10])
