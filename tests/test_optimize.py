"""``fxsim optimize`` (issue 19) without hls4ml builds: retyping against the compiled testbench's log,
weights printed as hls4ml prints them, metrics against brute force, determinism, resuming, the CLI
contract, and the same front on a Dask cluster (a scheduler and two worker processes started with
their command-line tools) as in one process. The hls4ml round trip is tests/test_optimize_hls4ml.py.
"""

from __future__ import annotations

import json
import sys

import numpy as np
import pytest

from fxsim.cli import main
from fxsim.examples import example_project
from fxsim.network import Network, load_hls4ml
from fxsim.optimize import (
    Cost,
    Retyping,
    config_yaml,
    forgiving_factor,
    hls4ml_config,
    optimize,
    project_knobs,
    retype_project,
)
from fxsim.optimize.metrics import auc, metric, roc_auc
from fxsim.optimize.retype import RetypeError, hls4ml_weight_values
from fxsim.project import read_project
from fxsim.types import FixedType
from fxsim.verify import default_reference, verify

pytest.importorskip("optuna")

SEARCH = dict(n_trials=24, batch=8, seed=3, fraction=(4, 10), max_loss=0.05)


@pytest.fixture(scope="module")
def tb_inputs():
    """Standard-normal stand-ins for the jet features (the testbench's own events overflow ap_fixed<16,6>)."""
    return np.random.default_rng(19).normal(size=(1000, 16))


def _summary(res):
    return [(t.number, t.block, t.retyping, t.value, t.cost, t.pruned) for t in res.trials]


def test_identity_retyping_reproduces_the_testbench_log() -> None:
    """Every knob set to its current type: the retyped project still gives the compiled log."""
    base = read_project(example_project())
    same = retype_project(base, Retyping.of(dict(project_knobs(base))))
    net = Network(same)
    report = verify(net, *default_reference(load_hls4ml(example_project())))
    assert report.identical, report.text()


def test_retyping_changes_only_what_it_names() -> None:
    base = read_project(example_project())
    r = retype_project(base, Retyping.of({"fc2_relu/weight": "ap_fixed<6,1>",
                                          "fc1_relu_relu/result": "ap_ufixed<7,3>"}))
    cfg = r.configs["config4"]
    assert str(cfg.weight_t) == "ap_fixed<6,1>" and str(base.configs["config4"].weight_t) == "ap_fixed<16,6>"
    assert str(r.weights["w4"].type) == "ap_fixed<6,1>" and str(r.weights["w2"].type) == "ap_fixed<16,6>"
    assert str(r.type_of("layer3_out")) == "ap_ufixed<7,3>" and str(base.type_of("layer3_out")) == "ap_fixed<16,6>"
    with pytest.raises(RetypeError, match="no such knob"):
        retype_project(base, Retyping.of({"fc9/weight": "ap_fixed<6,1>"}))


def test_weights_printed_as_hls4ml_prints_them() -> None:
    """hls4ml's own WeightVariable formatting of float weights for the new type is the oracle."""
    hls4ml_types = pytest.importorskip("hls4ml.model.types")
    rng = np.random.default_rng(0)
    data = np.concatenate([rng.normal(scale=0.7, size=400).astype(np.float32), [0.03125, -0.5, 1e-7]])
    for text in ("ap_fixed<8,3>", "ap_fixed<12,2,AP_RND,AP_SAT>", "ap_fixed<4,6>", "ap_ufixed<10,1>"):
        t = FixedType.parse(text)
        prec = hls4ml_types.FixedPrecisionType(t.width, t.integer, signed=t.signed)
        var = hls4ml_types.WeightVariable("w", "w_t", prec, data)
        theirs = np.array([float(s) for s in var])
        np.testing.assert_array_equal(hls4ml_weight_values(data.astype(np.float64), t), theirs)


def test_roc_auc_against_pair_counting() -> None:
    rng = np.random.default_rng(1)
    s = np.round(rng.normal(size=300), 1)  # ties
    pos = rng.random(300) < 0.4
    p, n = s[pos], s[~pos]
    brute = (np.sum(p[:, None] > n[None, :]) + 0.5 * np.sum(p[:, None] == n[None, :])) / (len(p) * len(n))
    assert roc_auc(s, pos) == pytest.approx(brute, abs=1e-12)
    y = rng.random((300, 3))
    lab = rng.integers(0, 3, 300)
    per = [roc_auc(y[:, c], lab == c) for c in range(3)]
    assert auc(y, y, lab) == pytest.approx(np.mean(per))


def test_forgiving_factor_is_eq1() -> None:
    # seeds/004 Eq. 1: FF = 1 + Δ·log_R(S·C_ref/C_trial); score = metric·FF (Δ in percent)
    assert forgiving_factor(0.9, 1000.0, 250.0, delta=8.0, rate=2.0, stress=1.0) == pytest.approx(0.9 * 1.16)
    assert forgiving_factor(0.9, 1000.0, 1000.0) == pytest.approx(0.9)
    assert forgiving_factor(1.0, 100.0, 10.0, delta=5.0, rate=10.0, stress=2.0) == pytest.approx(
        1.0 + 0.05 * np.log(20.0) / np.log(10.0))
    assert Cost.parse("lut+55*dsp").value({"lut": 10.0, "dsp": 2.0}) == 120.0


def test_search_is_deterministic_and_its_front_non_dominated(tb_inputs) -> None:
    a = optimize(example_project(), tb_inputs, **SEARCH)
    b = optimize(example_project(), tb_inputs, **SEARCH)
    assert _summary(a) == _summary(b)
    front = a.front()
    assert front, "no feasible point within max_loss 0.05"
    ok = [t for t in a.trials if t.feasible and not t.pruned]
    for t in front:
        assert t.loss <= 0.05
        assert not any(o.cost <= t.cost and o.value >= t.value and (o.cost, o.value) != (t.cost, t.value) for o in ok)
    # the emitted config names every layer of the firmware and parses as YAML
    yaml = pytest.importorskip("yaml")
    from fxsim.optimize import config_of

    cfg = config_of(a, front[0])
    assert yaml.safe_load(config_yaml(cfg)) == cfg
    assert {lay.name for lay in load_hls4ml(example_project()).layers} <= set(cfg["LayerName"])


def test_blocks_and_groups(tb_inputs) -> None:
    res = optimize(example_project(), tb_inputs, n_trials=8, batch=8, seed=1, fraction=(6, 10), max_loss=0.05,
                   groups={"hidden": r"^fc\d_relu$"}, blocks=[r"^fc1", r"^fc2", r"."], roles=("weight", "result"))
    assert len(res.chosen) == 3 and len(res.trials) == 24
    for t in res.trials:  # grouped knobs share their types
        ws = {t.retyping[k] for k in ("fc1_relu/weight", "fc2_relu/weight", "fc3_relu/weight") if k in t.retyping}
        assert len(ws) <= 1


def test_resume_from_storage(tb_inputs, tmp_path) -> None:
    url = f"journal:{tmp_path / 'study.log'}"  # sqlite:/// works the same, with a slower start
    first = optimize(example_project(), tb_inputs, storage=url, **{**SEARCH, "n_trials": 8})
    again = optimize(example_project(), tb_inputs, storage=url, **{**SEARCH, "n_trials": 16})
    assert len(first.trials) == 8 and len(again.trials) == 16
    assert _summary(again)[:8] == _summary(first)


def test_cli(tmp_path, capsys) -> None:
    out = tmp_path / "o.json"
    rc = main(["optimize", str(example_project()), "--trials", "8", "--batch", "8", "--fraction", "6:10",
               "--max-loss", "0.05", "--json", str(out), "--config-dir", str(tmp_path / "cfg")])
    text = capsys.readouterr().out
    assert rc == 0, text
    assert "start" in text and "lut+55*dsp" in text
    doc = json.loads(out.read_text())
    assert len(doc["trials"]) == 8 and set(doc["configs"]) == {str(n) for n in doc["front"]}
    assert len(list((tmp_path / "cfg").glob("point_*.yml"))) == len(doc["front"])


@pytest.mark.parametrize("args, what", [
    (["--metric", "f1"], "unknown metric"),
    (["--cost", "lut+dsps"], "cannot read term"),
    (["--metric", "accuracy"], "needs --labels"),
    (["--fraction", "9:2"], "--fraction"),
    (["--modes", "RND_HALF"], "unknown mode"),
])
def test_cli_bad_input_is_one_line_exit_2(args, what, capsys) -> None:
    rc = main(["optimize", str(example_project()), "--trials", "2", "--batch", "2", *args])
    err = capsys.readouterr().err.strip()
    assert rc == 2, err
    assert what in err and len(err.splitlines()) == 1 and "Traceback" not in err


def test_metric_names() -> None:
    assert metric("tpr@fpr=0.1").needs_labels
    with pytest.raises(ValueError):
        metric("tpr@fpr=2")


def test_hls4ml_config_names_precisions_per_layer() -> None:
    base = read_project(example_project())
    cfg = hls4ml_config(retype_project(base, Retyping.of({"fc1_relu/accum": "ap_fixed<20,8,AP_RND,AP_SAT>"})))
    assert cfg["LayerName"]["fc1_relu"]["Precision"]["accum"] == "ap_fixed<20,8,AP_RND,AP_SAT>"
    assert cfg["LayerName"]["input_1"]["Precision"]["result"] == "ap_fixed<16,6>"
    assert cfg["LayerName"]["output_softmax_softmax"]["exp_table_t"] == "ap_fixed<18,8,AP_RND,AP_SAT>"
    assert cfg["Model"]["Strategy"] == "Latency"


# ------------------------------------------------------------------------------------ Dask


def test_dask_cluster_gives_the_local_front(tb_inputs, dask_cluster) -> None:
    local = optimize(example_project(), tb_inputs, **SEARCH)
    remote = optimize(example_project(), tb_inputs, scheduler=dask_cluster, **SEARCH)
    assert _summary(remote) == _summary(local)
    assert [t.number for t in remote.front()] == [t.number for t in local.front()]
    # the trials ran on the worker processes: each read the project there (its per-process cache)
    loaded = dask_cluster.run(lambda: __import__("fxsim.optimize.search", fromlist=["_"])._start_project
                              .cache_info().currsize)
    assert len(loaded) == 2 and all(n >= 1 for n in loaded.values()), loaded


@pytest.fixture(scope="module")
def dask_cluster(tmp_path_factory):
    """tests/test_distributed.py's cluster (``dask scheduler`` + two ``dask worker`` processes),
    its CLI run by this interpreter (``python -m dask``) so the workers import this fxsim."""
    pytest.importorskip("distributed")
    import tests.test_distributed as td

    saved = td._dask_cli
    td._dask_cli = lambda: [sys.executable, "-m", "dask"]
    try:
        yield from td.cluster.__wrapped__(tmp_path_factory)
    finally:
        td._dask_cli = saved
