"""Issue 19's checkable claim: a retyping fxsim evaluates is what hls4ml builds from the emitted config.

For random retypings of real projects (the jet tagger: dense, ReLU, softmax; KERAS_conv1d_small:
Conv1D, Dense, softmax; a Dense-tanh-Dense-sigmoid model: LUT activations with their table types and
sizes), every knob drawn from the search space (integer bits around the traced need, so values wrap
and saturate; random fractional bits and rounding/overflow modes), fxsim retypes the *wide* start
project (``ap_fixed<24,12>``), :func:`fxsim.optimize.hls4ml_config` writes the ``HLSConfig``, hls4ml
converts the original model with it, g++ compiles its testbench, and the C-simulation's
``csim_results.log`` must equal fxsim's prediction of the retyped network, every event and output.
Three hls4ml builds (cached by content hash under ``~/.cache/fxsim``).
"""

from __future__ import annotations

import numpy as np
import pytest

from fxsim.network import Network, load_hls4ml
from fxsim.optimize import Retyping, hls4ml_config, project_knobs, retype_project
from fxsim.optimize.space import MODES, build_space
from fxsim.project import read_project
from fxsim.verify import verify
from tests.projects import (
    activation,
    build_project,
    build_testbench,
    dense,
    hls_config_for,
    input_layer,
    model_files,
    write_keras_model,
)

START = "ap_fixed<24,12>"
N_EVENTS = 60


def _inputs(n_in: int, seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    x = rng.normal(scale=1.5, size=(N_EVENTS, n_in))
    x[:4] *= 6.0  # a few large events: saturation and wrap downstream
    return x


def _lut_model(directory):
    rng = np.random.default_rng(19)
    return write_keras_model(directory, [
        input_layer("lut_in", [8]),
        dense("fc1", rng.normal(scale=0.6, size=(8, 16)), rng.normal(scale=0.3, size=16)),
        activation("fc1_tanh", "tanh"),
        dense("fc2", rng.normal(scale=0.5, size=(16, 4)), rng.normal(scale=0.3, size=4)),
        activation("fc2_sigmoid", "sigmoid"),
    ], name="optimize_lut")


def random_retyping(project, net, x: np.ndarray, rng: np.random.Generator) -> Retyping:
    """Every searched knob at a random point of its range, modes drawn from all of :data:`MODES`."""
    space = build_space(project, net, x, fraction=(1, 10), integer_slack=(-2, 1), modes=tuple(MODES),
                        table_sizes=(128, 256, 512, 1024))
    choice: dict = {}
    for knob, r in space.ranges.items():
        if r.sizes:
            choice[knob] = int(rng.choice(r.sizes))
            continue
        i = int(rng.integers(r.integer[0], r.integer[1] + 1))
        f = int(rng.integers(r.fraction[0], r.fraction[1] + 1))
        choice[knob] = r.types(f, i, int(rng.integers(len(r.modes))))
    return Retyping.of(choice)


def _check_case(model, n_in: int, seed: int) -> None:
    x = _inputs(n_in, seed)
    wide = build_project(model, hls_config_for(START), inputs=x)
    base = read_project(wide)
    retyping = random_retyping(base, Network(base), x, np.random.default_rng(seed))
    assert set(retyping) <= set(project_knobs(base))
    retyped = retype_project(base, retyping)
    cfg = hls4ml_config(retyped)
    built = build_project(model, cfg, inputs=x)
    log = build_testbench(built)
    net = Network(retyped)
    # the same firmware structure: hls4ml added no cast layer fxsim does not have
    assert [c.function for c in read_project(built).calls] == [c.function for c in retyped.calls]
    xs = list(load_hls4ml(built).project.testbench_inputs().values())
    report = verify(net, xs, log)
    assert report.n_events == N_EVENTS
    assert report.identical, f"retyping {retyping.as_strings()}\n{report.text()}"
    # and the retyping is not a no-op: most knobs moved off the start type
    moved = sum(str(v) != START for k, v in retyping.items() if not k.endswith("table_size"))
    assert moved >= len(retyping) // 2


def test_jet_tagger_random_retyping() -> None:
    _check_case("KERAS_3layer", 16, seed=101)


def test_conv1d_random_retyping() -> None:
    import json

    js, _ = model_files("KERAS_conv1d_small")
    shape = json.loads(js.read_text())["config"]["layers"][0]["config"]["batch_input_shape"][1:]
    _check_case("KERAS_conv1d_small", int(np.prod(shape)), seed=102)


def test_lut_activations_random_retyping(tmp_path) -> None:
    files = _lut_model(tmp_path / "model")
    _check_case(files, 8, seed=103)


@pytest.mark.parametrize("role", ["table_size"])
def test_lut_knobs_exist(tmp_path, role: str) -> None:
    """The LUT model's activations expose their table type and size as knobs (no hls4ml build)."""
    files = _lut_model(tmp_path / "model")
    base = read_project(build_project(files, hls_config_for(START), inputs=_inputs(8, 103)))
    knobs = project_knobs(base)
    assert any(k.endswith(f"fc1_tanh/{role}") for k in knobs), sorted(knobs)
    assert any(k.endswith("fc2_sigmoid/table") for k in knobs), sorted(knobs)
