"""``fxsim.distributed`` on a real Dask cluster: a scheduler and two worker processes started with
their command-line tools on localhost verify a 2M-event HDF5 input and report exactly what one
process reports; run and trace give the single-process outputs and counts.

The 2M events are the shipped project's 2,000 testbench events repeated; the expected file is the
single-process run of them with a few values changed, and its first 2,000 rows are checked against
the compiled testbench's ``csim_results.log`` (through ``fxsim verify``), so every row's expected
value is the testbench's.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time

import numpy as np
import pytest

from fxsim import io
from fxsim.examples import example_project
from fxsim.network import load_hls4ml
from fxsim.verify import default_reference, verify

distributed = pytest.importorskip("distributed")
h5py = pytest.importorskip("h5py")

N_EVENTS = 2_000_000
CHUNK = 1 << 16
CHANGED = [(5, 0), (5, 3), (777_777, 2), (1_999_999, 4), (1_000_000, 1)]


def _dask_cli() -> list[str]:
    """The ``dask`` command (``dask scheduler``, ``dask worker``) of THIS interpreter: the console
    script on PATH may belong to another Python (a venv with system site-packages has none of its
    own), whose workers could not import this fxsim."""
    return [sys.executable, "-m", "dask"]


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    d = tmp_path_factory.mktemp("dask")
    sched_file = d / "scheduler.json"
    procs = [subprocess.Popen([*_dask_cli(), "scheduler", "--scheduler-file", str(sched_file), "--port", "0",
                               "--no-dashboard", "--host", "127.0.0.1"], stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)]
    try:
        for _ in range(600):
            if sched_file.exists() and sched_file.stat().st_size:
                break
            time.sleep(0.1)
        for _ in range(2):
            procs.append(subprocess.Popen([*_dask_cli(), "worker", "--scheduler-file", str(sched_file), "--nthreads",
                                           "1", "--nworkers", "1", "--no-dashboard", "--memory-limit", "0"],
                                          stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        address = json.loads(sched_file.read_text())["address"]
        client = distributed.Client(address, timeout="60s")
        client.wait_for_workers(2, timeout=120)
        yield client
        client.close()
    finally:
        for p in reversed(procs):
            p.terminate()
        for p in procs:
            try:
                p.wait(timeout=20)
            except subprocess.TimeoutExpired:
                p.kill()


@pytest.fixture(scope="module")
def data(tmp_path_factory):
    d = tmp_path_factory.mktemp("big")
    net = load_hls4ml(example_project())
    x, log = default_reference(net)
    assert verify(net, x, log).identical  # fxsim = the compiled testbench on these 2,000 events
    reps = N_EVENTS // x[0].shape[0]
    with h5py.File(d / "x.h5", "w") as f:
        f.create_dataset("x", data=np.tile(x[0].astype(np.float32), (reps, 1)), chunks=(CHUNK, 16))
    src = io.open_source(f"{d}/x.h5:/x", [16])
    io.run_to_file(net, src, f"{d}/y.h5:/y", CHUNK)
    with h5py.File(d / "y.h5", "r+") as f:
        y = f["y"]
        first = y[:2000]
        np.testing.assert_array_equal(first, net.predict([x[0].astype(np.float32)]))
        for k in (1, 499, reps - 1):
            np.testing.assert_array_equal(y[k * 2000:(k + 1) * 2000], first)
        for ev, j in CHANGED:
            y[ev, j] = y[ev, j] + 1 / 1024
    return net, d, src


def test_two_workers_verify_2m_events_like_one_process(cluster, data) -> None:
    """`fxsim verify --scheduler ADDRESS`, as a user runs it, reports what one process reports."""
    from fxsim.cli import main
    from fxsim.distributed import worker_state

    net, d, src = data
    expected = f"{d}/y.h5:/y"
    one = io.merge_verify(net, [io.verify_source(net, src, io.open_source(expected, [5]), 4, CHUNK)], src,
                          expected, 4).as_dict()
    out = d / "report.json"
    assert main(["verify", str(example_project()), "--inputs", f"{d}/x.h5:/x", "--expected", expected,
                 "--scheduler", cluster.scheduler.address, "--chunk", str(CHUNK), "--max-report", "4",
                 "--json", str(out)]) == 1
    many = json.loads(out.read_text())
    one.pop("seconds"), many.pop("seconds")
    notes = one.pop("notes")
    assert many.pop("notes")[:len(notes)] == notes  # plus: the time includes the workers' compiling
    assert many == one
    assert one["mismatched_values"] == len(CHANGED) and one["mismatched_events"] == 4
    assert [m["event"] for m in one["first_mismatches"]] == [5, 5, 777_777, 1_000_000]
    # each worker loads the project at most once and later partitions reuse it; how Dask spreads the partitions
    # over the two workers is its own choice (a cold run once gave one worker 1 partition and the other 7)
    states = list(cluster.run(worker_state).values())
    assert len(states) == 2 and all(st["projects"] <= 1 for st in states), states
    assert sum(st["projects"] for st in states) >= 1 and sum(st["reused"] for st in states) >= 1, states


def test_two_workers_run_and_trace_like_one_process(cluster, data) -> None:
    from fxsim.distributed import Cluster

    net, d, src = data
    small = f"{d}/x.h5:/x"
    c = Cluster(cluster, example_project())
    c.run(small, f"{d}/out.npy", CHUNK)
    with h5py.File(d / "y.h5") as f:
        want = f["y"][:]
    for ev, j in CHANGED:
        want[ev, j] -= 1 / 1024
    np.testing.assert_array_equal(np.load(d / "out.npy", mmap_mode="r"), want)
    counts = c.trace(small, 2000, stop=20_000)  # chunks below small.ROWS: no trace kernels to compile
    assert counts == io.trace_source(net, src, 2000, 0, 20_000)
