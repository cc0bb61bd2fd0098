"""Trace counts per step kind (input, product, bias, accumulate, final_sum, result, cast, table).

The shipped jet tagger (hls4ml's default ``accum_t == result_t == ap_fixed<16,6>``, AP_WRAP) wraps
many intermediate sums. Its final sums are recomputed here with plain integer NumPy from the raw
inputs and weights (each product ``x * w`` exact, floored to ``accum_t``'s fraction as AP_TRN does,
plus the bias): a final sum is out of range exactly where the layer's output (the same bits as the
compiled testbench, ``tests/test_verify_trace.py``) differs from it.
"""

from __future__ import annotations

import numpy as np
import pytest

from fxsim.examples import example_project
from fxsim.network import load_hls4ml
from fxsim.trace import KINDS


@pytest.fixture(scope="module")
def traced():
    net = load_hls4ml(example_project())
    x = np.random.default_rng(5).normal(scale=3.0, size=(300, 16))
    return net, x, net.trace(x)


def _exact_sums(net, x_raw: np.ndarray, k: int) -> np.ndarray:
    lay = net.layers[k]
    w, b = lay.weights
    acc_t = lay.config.accum_t
    x_t = net.layers[k - 1].res_type if k else net.inputs[0].type
    shift = x_t.frac + w.type.frac - acc_t.frac
    assert shift >= 0 and acc_t.rounding == "AP_TRN"
    n_in, n_out = int(lay.config.n_in), int(lay.config.n_out)
    wr = w.raw.reshape(n_in, n_out).astype(np.int64)
    prods = x_raw[:, :, None].astype(np.int64) * wr[None, :, :] >> shift  # floor: AP_TRN
    bias = b.raw.astype(np.int64) << (acc_t.frac - b.type.frac)
    return prods.sum(axis=1) + bias


def test_final_sums_out_of_range_are_where_the_output_wraps(traced):
    net, x, tr = traced
    lay = net.layers[0]
    assert lay.function.startswith("dense") and lay.config.accum_t == lay.res_type
    x_raw = net.inputs[0].type.quantize(x)
    exact = _exact_sums(net, x_raw, 0)
    t = lay.config.accum_t
    out_of_range = (exact > t.max_raw) | (exact < t.min_raw)
    got = tr.outputs[lay.name].raw
    np.testing.assert_array_equal(got != exact, out_of_range)
    c = tr.steps[(lay.name, "final_sum", str(t))]
    assert (c.values, c.wrapped) == (exact.size, int(out_of_range.sum()))
    assert c.wrapped > 0  # the test exercises what it claims


def test_steps_split_the_per_type_counts(traced):
    net, _, tr = traced
    for (layer, typ), c in tr.counts.items():
        parts = [s for (lay, kind, t), s in tr.steps.items() if lay == layer and t == typ and kind != "final_sum"]
        for f in ("values", "rounded", "saturated", "wrapped", "table_clamped"):
            assert sum(getattr(s, f) for s in parts) == getattr(c, f), (layer, typ, f)
    kinds = {k for _, k, _ in tr.steps}
    assert kinds <= set(KINDS)
    assert {"input", "product", "bias", "accumulate", "final_sum", "result"} <= kinds
    fc1 = net.layers[0].name
    n = 300 * int(net.layers[0].config.n_in) * int(net.layers[0].config.n_out)
    assert tr.steps[(fc1, "product", str(net.layers[0].config.accum_t))].values == n


def test_summary_puts_final_values_first_and_records_are_flat(traced):
    _, _, tr = traced
    text = tr.summary()
    assert text.index("final_sum") < text.index("accumulate") < text.index("All conversions")
    rows = tr.records()
    assert rows and set(rows[0]) == {"layer", "step", "type", "values", "rounded", "saturated", "wrapped",
                                     "table_clamped", "final"}
    assert {r["step"] for r in rows if r["final"]} <= {"input", "final_sum", "result", "cast", "table"}
