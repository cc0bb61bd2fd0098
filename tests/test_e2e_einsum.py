"""End to end on projects hls4ml converts from Keras-3 models with ``EinsumDense`` (issue #7):
``verify`` against the compiled testbench (``tb_data/csim_results.log``), ``predict`` against
hls4ml's own ``hls_model.predict`` and the ``EinsumDense`` layer's output against ``hls_model.trace``,
bit for bit.

Models (``tests/keras3_models.py``, Keras 3 on the torch backend; hls4ml 1.3.0 converts
``EinsumDense`` only from Keras 3):

* ``btc-cd``: ``btc,cd->btd`` (4x6 -> 4x5, bias over ``d``), Flatten, Dense head: no transposes,
  one kernel (``n_inplace = 1``), ``L0 = 4`` dense rows;
* ``bct-tcd-bdt``: ``bct,tcd->bdt`` (6x4 -> 5x4, bias over ``t``), ReLU, Flatten, Dense: input and
  output transposed, a kernel per ``t`` (``n_inplace = 4``), the bias broadcast over ``d``;
* ``bc-cde``: ``bc,cde->bde`` (6 -> 3x4, no bias), Flatten as the output: a 3-axis kernel;
* ``bhct-hcd-bdth``: ``bhct,hcd->bdth`` (2x4x3 -> 5x3x2, bias over ``t``), ReuseFactor 2, Flatten,
  Dense: ``n_inplace = 2`` kernels, ``L0 = 3`` rows each, a 3-axis output transpose.

Only ``io_parallel``: hls4ml 1.3.0's ``EinsumDenseConfigTemplate.format``
(``hls4ml/backends/vivado/passes/einsum_dense.py``) asserts ``io_type == 'io_parallel'``. The types
are narrow, rounding and saturating, so the EinsumDense result rounds and saturates on the stress
inputs (asserted with ``Network.trace``). Each project is converted, compiled for ``predict`` and its
testbench run once, then cached by content; a warm run imports neither keras nor torch. Skips
cleanly without keras 3, torch, hls4ml or g++.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import keras3_models as K
import numpy as np
import projects as P
import pytest

from fxsim.network import load_hls4ml

# keras 3.15's torch backend converts its tensors with np.array(x, copy=False) (cold builds only)
pytestmark = pytest.mark.filterwarnings("ignore:__array__ implementation:DeprecationWarning")

N_EVENTS = 60
FC = {"fc": {"Precision": {"weight": "ap_fixed<8,3>", "bias": "ap_fixed<8,3>", "accum": "ap_fixed<14,5>",
                           "result": "ap_fixed<12,4,AP_RND,AP_SAT>"}}}


def _ed(accum: str, result: str, **extra) -> dict:
    return {"ed": {"Trace": True, "Precision": {"weight": "ap_fixed<8,3>", "bias": "ap_fixed<8,3>", "accum": accum,
                                                "result": result}, **extra}}


@dataclass(frozen=True)
class Case:
    name: str
    spec: K.Spec
    precision: str
    overrides: dict = field(default_factory=dict)


CASES = [
    Case("btc-cd", K.Spec("btc,cd->btd", (4, 6), (4, 5), "d", seed=1), "ap_fixed<10,3,AP_RND,AP_SAT>",
         {"LayerName": {**_ed("ap_fixed<12,4>", "ap_fixed<10,3,AP_RND_CONV,AP_SAT>"), **FC}}),
    Case("bct-tcd-bdt", K.Spec("bct,tcd->bdt", (6, 4), (5, 4), "t", relu=True, seed=2), "ap_fixed<10,3,AP_RND,AP_SAT>",
         {"LayerName": {**_ed("ap_fixed<11,4,AP_RND,AP_SAT>", "ap_fixed<9,3,AP_RND,AP_SAT>"), **FC}}),
    Case("bc-cde", K.Spec("bc,cde->bde", (6,), (3, 4), None, n_head=None, seed=3), "ap_fixed<10,3,AP_TRN,AP_SAT>",
         {"LayerName": _ed("ap_fixed<14,5>", "ap_fixed<8,2,AP_RND_CONV,AP_SAT>")}),
    Case("bhct-hcd-bdth", K.Spec("bhct,hcd->bdth", (2, 4, 3), (5, 3, 2), "t", seed=4), "ap_fixed<10,3,AP_RND,AP_SAT>",
         {"LayerName": {**_ed("ap_fixed<11,4,AP_RND,AP_SAT>", "ap_fixed<9,3,AP_RND_CONV,AP_SAT>", ReuseFactor=2),
                        **FC}}),
]


def stress(shape: tuple[int, ...], seed: int) -> np.ndarray:
    """Normal values, a block scaled up 20x (saturation), zeros, tiny values and a ramp."""
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(N_EVENTS, *shape)) * 1.5
    x[N_EVENTS // 2:N_EVENTS // 2 + 8] *= 20.0
    x[-3] = 0.0
    x[-2] = rng.normal(size=shape) * 1e-3
    x[-1] = np.linspace(-30, 30, int(np.prod(shape))).reshape(shape)
    return np.round(x, 4)


_BUILT: dict[str, K.K3Build] = {}


def built(case: Case) -> K.K3Build:
    if case.name not in _BUILT:
        x = stress(case.spec.input_shape, seed=21 + CASES.index(case))
        _BUILT[case.name] = K.build_keras3_project(case.spec, precision=case.precision, overrides=case.overrides,
                                                   tb_inputs=x.reshape(len(x), -1), predict_input=x)
    return _BUILT[case.name]


PARAMS = [pytest.param(c, id=c.name) for c in CASES]


@pytest.mark.parametrize("case", PARAMS)
def test_verify_against_testbench(case: Case, capsys) -> None:
    b = built(case)
    P.verified_network(b.project, {"einsum_dense"}, N_EVENTS)
    P.assert_cli_identical(b.project, capsys)  # `fxsim verify PROJECT`


@pytest.mark.parametrize("case", PARAMS)
def test_predict_equals_hls4ml_predict(case: Case) -> None:
    b = built(case)
    P.assert_bits_equal(load_hls4ml(b.project).predict(b.predict_input), b.hls4ml_predict)


@pytest.mark.parametrize("case", PARAMS)
def test_einsum_layer_equals_hls4ml_trace_and_saturates(case: Case) -> None:
    b = built(case)
    net = load_hls4ml(b.project)
    tr = net.trace(b.predict_input)
    ours = tr.outputs["ed"].to_float().reshape(N_EVENTS, -1)
    theirs = b.hls4ml_trace["ed"].reshape(N_EVENTS, -1)
    assert ours.shape == theirs.shape
    bad = np.argwhere(ours != theirs)
    assert bad.size == 0, f"{len(bad)} EinsumDense outputs differ from hls_model.trace; first at {tuple(bad[0])}"
    # the EinsumDense result really rounds and saturates on these inputs (fxsim's counts) ...
    res = tr.counts[("ed", str(tr.outputs["ed"].type))]
    assert res.rounded > 0 and res.saturated > 0, tr.counts
    # ... and hls4ml's output is far from the float Keras model's somewhere (hls4ml's word for it)
    assert np.abs(b.hls4ml_predict.reshape(N_EVENTS, -1) - b.keras_predict.reshape(N_EVENTS, -1)).max() > 0.5
