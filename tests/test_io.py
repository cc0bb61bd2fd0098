"""Big-input readers and writers (``fxsim.io``): every format gives the events the network's own
``predict`` gets, chunked runs write the same outputs, chunked verify gives the in-memory report,
and bad files give one-line errors. The reference is the shipped project's testbench inputs,
whose outputs ``fxsim verify`` checks against the compiled testbench's log (tests/test_cli.py)."""

from __future__ import annotations

import numpy as np
import pytest

from fxsim import io
from fxsim.cli import main
from fxsim.examples import example_project
from fxsim.network import load_hls4ml
from fxsim.verify import default_reference, verify

h5py = pytest.importorskip("h5py")


@pytest.fixture(scope="module")
def example():
    net = load_hls4ml(example_project())
    x, log = default_reference(net)
    assert verify(net, x, log).identical  # the outputs below are the compiled testbench's
    return net, x[0], net.predict(x), log


def _write_all(d, x):
    name = "input_1"
    np.save(d / "x.npy", x)
    np.savez(d / "x.npz", **{name: x})
    with h5py.File(d / "x.h5", "w") as f:
        f["features"] = x.astype(np.float32)
        f[name] = x
    (d / "x.csv").write_text("\n".join([",".join(f"f{i}" for i in range(16))]
                                       + [",".join(repr(float(v)) for v in row) for row in x]) + "\n")
    return ["x.npy", "x.npz", "x.h5:/features", "x.h5", "x.csv"]


def test_every_format_reads_the_same_events(example, tmp_path) -> None:
    net, x, y, _ = example
    for spec in _write_all(tmp_path, x):
        src = io.open_source(tmp_path / spec if ":" not in spec else f"{tmp_path}/{spec}", [16], ["input_1"])
        assert src.n_events == x.shape[0], spec
        got = np.concatenate([c[0] for _, c in src.chunks(333)])
        want = x.astype(np.float32) if spec.endswith("features") else x
        np.testing.assert_array_equal(got, want, err_msg=spec)


def test_root_tree_through_uproot(example, tmp_path) -> None:
    uproot = pytest.importorskip("uproot")
    net, x, y, _ = example
    with uproot.recreate(tmp_path / "x.root") as f:
        f["events"] = {f"f{i:02d}": x[:, i] for i in range(16)}
        f["vec"] = {"features": x}
    for spec in (f"{tmp_path}/x.root:events", f"{tmp_path}/x.root:vec:features",
                 f"{tmp_path}/x.root:events:" + ",".join(f"f{i:02d}" for i in range(16))):
        np.testing.assert_array_equal(io.open_source(spec, [16]).read()[0], x, err_msg=spec)
    io.run_to_file(net, io.open_source(f"{tmp_path}/x.root:events", [16]), str(tmp_path / "y.npy"), chunk=300)
    np.testing.assert_array_equal(np.load(tmp_path / "y.npy"), y)


def test_chunked_run_writes_predict_outputs(example, tmp_path) -> None:
    net, x, y, _ = example
    np.save(tmp_path / "x.npy", x)
    src = io.open_source(tmp_path / "x.npy", [16])
    for out in ("y.npy", "y.h5:/out/y"):
        io.run_to_file(net, src, f"{tmp_path}/{out}", chunk=777)
    np.testing.assert_array_equal(np.load(tmp_path / "y.npy"), y)
    with h5py.File(tmp_path / "y.h5") as f:
        np.testing.assert_array_equal(f["out/y"][:], y)


def test_chunked_verify_equals_in_memory_verify(example, tmp_path) -> None:
    net, x, y, _ = example
    bad = y.copy()
    bad[[3, 3, 1500, 1999], [0, 2, 4, 1]] += 1 / 1024
    np.save(tmp_path / "x.npy", x)
    np.save(tmp_path / "bad.npy", bad)
    want = verify(net, [x], bad, max_report=3).as_dict()
    src = io.open_source(tmp_path / "x.npy", [16])
    for chunk in (64, 1000, 5000):
        part = io.verify_source(net, src, io.open_source(tmp_path / "bad.npy", [5]), 3, chunk)
        got = io.merge_verify(net, [part], src, "array", 3).as_dict()
        for k in ("n_events", "n_values", "mismatched_events", "mismatched_values", "first_mismatches",
                  "first_layer"):
            assert got[k] == want[k], (chunk, k)


def test_cli_streams_hdf5_and_reports_mismatches(example, tmp_path, capsys) -> None:
    net, x, y, _ = example
    prj = str(example_project())
    with h5py.File(tmp_path / "x.h5", "w") as f:
        f["x"] = x
    with h5py.File(tmp_path / "e.h5", "w") as f:
        f["y"] = y
    assert main(["run", prj, "--inputs", f"{tmp_path}/x.h5:/x", "--output", f"{tmp_path}/y.h5:/y",
                 "--chunk", "500", "--quiet"]) == 0
    assert main(["verify", prj, "--inputs", f"{tmp_path}/x.h5:/x", "--expected", f"{tmp_path}/y.h5:/y"]) == 0
    assert "IDENTICAL" in capsys.readouterr().out
    with h5py.File(tmp_path / "e.h5", "r+") as f:
        f["y"][7, 1] = y[7, 1] + 1 / 1024
    assert main(["verify", prj, "--inputs", f"{tmp_path}/x.h5:/x", "--expected", f"{tmp_path}/e.h5:/y"]) == 1
    assert "1 values differ in 1 events" in capsys.readouterr().out
    assert main(["trace", prj, "--inputs", f"{tmp_path}/x.h5:/x", "--chunk", "2000"]) == 0
    assert "fc1_relu" in capsys.readouterr().out


@pytest.mark.parametrize("spec, message", [
    ("missing.npy", "file does not exist"),
    ("x.h5:/nope", "no dataset '/nope'"),
    ("x.npz", "expected input_1"),
    ("wide.npy", "17 values per event, the network takes 16"),
])
def test_bad_files_give_one_line_errors(example, tmp_path, capsys, spec, message) -> None:
    net, x, y, _ = example
    with h5py.File(tmp_path / "x.h5", "w") as f:
        f["x"] = x
    np.savez(tmp_path / "x.npz", a=x, b=x)
    np.save(tmp_path / "wide.npy", np.zeros((4, 17)))
    code = main(["verify", str(example_project()), "--inputs", f"{tmp_path}/{spec}", "--expected",
                 f"{tmp_path}/x.h5:/x", "--chunk", "100"])
    err = capsys.readouterr().err
    assert code == 2 and message in err and len(err.strip().splitlines()) == 1, err


def test_chunked_trace_counts_equal_one_trace(example, tmp_path) -> None:
    net, x, y, _ = example
    np.save(tmp_path / "x.npy", x)
    want = {k: c.as_dict() for k, c in net.trace([x]).counts.items()}
    want = {k: v for k, v in want.items() if any(v.values())}
    src = io.open_source(tmp_path / "x.npy", [16])
    for chunk in (300, 2000):
        assert io.trace_source(net, src, chunk) == want
    parts = [io.trace_source(net, src, 256, s, min(2000, s + 512), once=False) for s in range(0, 2000, 512)]
    assert io.finish_counts(io.merge_counts(parts), io.per_call_counts(net, src)) == want


def test_partitions_cover_every_event_once() -> None:
    from fxsim.distributed import partitions

    for n, chunk, workers in ((0, 5, 2), (1, 5, 2), (2_000_000, 65536, 2), (1001, 10, 3)):
        parts = partitions(n, chunk, workers)
        assert [s for s, _ in parts] == sorted(s for s, _ in parts)
        assert sum(e - s for s, e in parts) == n and all(s % chunk == 0 for s, _ in parts)
