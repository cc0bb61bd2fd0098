"""Out-of-sample check: fxsim's estimate against public hls4ml synthesis numbers found outside arXiv:2006.10159.

``tests/data/estimate/public_synthesis.csv`` holds every number read in a public source (URL per row,
commit-pinned where the source is a repository; what had to be inferred is in the ``notes`` column).
None of these rows set a constant of the estimator except where :mod:`fxsim.estimate.constants` says so.

A row is *evaluable* when its architecture, precision, reuse factor, part and clock are stated and its
weights (or a documented stand-in) are available:

* hls4ml's public ``KERAS_3layer`` (``shared/models``), with the 70 % smallest weights zeroed as the
  stand-in for ``KERAS_3layer_70pruned_retrained_weights.h5`` (hls4ml PR #86);
* hls4ml's own csynth regression baselines of ``test/pytest/test_keras_api.py`` (rows ``hls4ml
  test_keras_api``): Dense(64 or 2 from one input) + an activation, Latency strategy, unseeded Keras random
  initialisations, so the estimate is averaged over :data:`N_SEEDS` seeded stand-ins of the same distribution;
* the wa-hls4ml surrogate-model dataset (rows ``wa-hls4ml dense a-b-c``): QKeras QDense stacks with
  untrained ``lecun_uniform`` weights, ``quantized_bits(p, 0, alpha=1)`` -> ``ap_fixed<p,1>``, zero biases,
  Resource strategy. The weights are random, so a seeded ``lecun_uniform`` draw stands in; the Resource
  strategy multiplies every weight (including zeros) through a shared multiplier, so the estimate does not
  depend on the weight values (checked by :func:`test_resource_rows_do_not_depend_on_the_stand_in`).

HLS-estimate rows are compared with :attr:`Estimate.hls_total` (resources) and the total latency/II. The
Resource rows' latency (= II under hls4ml's DATAFLOW top) is derived from ``nnet_dense_resource.h``, not
fitted: exact on every in-sample row and on 108 of the 118 held-out wa-hls4ml rows.
Rows whose ``notes`` start with ``HELD-OUT`` were read from the source only after the rule changes of
issue #5's out-of-sample pass were frozen; their medians are printed separately. BRAM
is compared only outside wa-hls4ml, whose ``BRAM_18K`` column holds half-units (1.5, 2.5) of unstated meaning.
Run ``pytest -s tests/test_estimate_public.py`` to see the per-row errors and the medians; the medians are
asserted only as regression guards at their measured values, not as the issue's goals.
"""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pytest
from estimate_calibration import T16, cycle_band, load_dense_weights, post_training_model, prune_smallest, ratio_band
from projects import MODELS_DIR as MODELS  # FXSIM_MODELS, else ../shared/models

from fxsim.estimate import constants as C
from fxsim.estimate import estimate
from fxsim.estimate.layers import LayerSpec
from fxsim.types import FixedType

CSV = Path(__file__).parent / "data" / "estimate" / "public_synthesis.csv"

COLUMNS = ("source", "model", "precision", "reuse_factor", "strategy", "io_type", "part", "clock", "dsp",
           "lut", "ff", "bram", "latency", "ii", "kind", "notes")
FIGURES = ("dsp", "lut", "ff", "latency", "ii", "bram")
WA_PREFIX = "wa-hls4ml dense "
KERAS_API_PREFIX = "hls4ml test_keras_api "
#: Keras initialisations without a seed: the estimate is averaged over this many seeded stand-ins.
N_SEEDS = 5

#: Held-out band coverage measured when the bands were frozen, raised to what issue 14's pipeline-register
#: and FIFO rules measure (regression guards). The ``latency`` rows are in-sample since issue 14's
#: recalibration of that band on all its rows (DSP 86 %, LUT 64 %, FF 71 % of the 14 baselines).
COVERAGE_GUARD: dict[tuple[str, str], float] = {
    ("resource", "dsp"): 0.95, ("resource", "lut"): 0.84, ("resource", "ff"): 0.90, ("resource", "latency"): 1.0,
    ("resource", "ii"): 0.98, ("latency", "dsp"): 0.85, ("latency", "ii"): 1.0, ("latency", "bram"): 1.0,
    ("latency", "latency"): 1.0, ("latency", "lut"): 0.64, ("latency", "ff"): 0.71,
    ("uncalibrated", "dsp"): 1.0, ("uncalibrated", "lut"): 0.46, ("uncalibrated", "ff"): 0.66,
    ("uncalibrated", "latency"): 1.0, ("uncalibrated", "ii"): 0.6, ("uncalibrated", "bram"): 1.0}

#: Measured median |relative error| per figure over all evaluable rows (327: 294 wa-hls4ml + 13 + 18 hls4ml
#: baselines + hls4ml PR #86 + ml4quantum-release; BRAM over the 32 non-wa rows only), as regression
#: guards only (a change that makes a median worse by more than 2 points fails; improve them and lower
#: these). They are not the issue's goals, and the DSP median is helped by the rows where both sides
#: are 0 (the DSP median over rows with DSP > 0 is also 0 %). Latency exact on 299 of 327 rows, II on
#: 309 (see :func:`test_resource_dataflow_latency_and_ii_are_exact`).
MEDIAN_GUARD = {"dsp": 0.0, "lut": 0.089, "ff": 0.148, "latency": 0.0, "ii": 0.0, "bram": 0.0}


def read_rows() -> list[dict[str, str]]:
    """The CSV's rows as dicts of strings (empty string = not stated in the source)."""
    with open(CSV, newline="") as f:
        return list(csv.DictReader(f))


def _wa_hls4ml(row: dict[str, str], seed: int = 0) -> list[LayerSpec]:
    """A wa-hls4ml QDense stack: ``a-b-c`` sizes, ``ap_fixed<p,1>`` weights, hls4ml default data types."""
    sizes = [int(n) for n in row["model"].removeprefix(WA_PREFIX).split("-")]
    p = int(row["precision"].removeprefix("ap_fixed<").split(",")[0])
    w_t = FixedType(p, 1, True, "AP_RND_CONV", "AP_SAT")
    rng = np.random.default_rng(seed)
    specs = []
    for i, (n_in, n_out) in enumerate(zip(sizes[:-1], sizes[1:], strict=True)):
        limit = np.sqrt(3.0 / n_in)                                   # keras lecun_uniform
        w = rng.uniform(-limit, limit, (n_in, n_out))
        specs.append(LayerSpec("dense", f"dense_{i + 1}", n_in, n_out, weights=w, bias=np.zeros(n_out),
                               input_t=T16, weight_t=w_t, bias_t=w_t, accum_t=T16, result_t=T16,
                               reuse_factor=int(row["reuse_factor"]), strategy=row["strategy"].lower()))
    return specs


def _keras_api(row: dict[str, str], seed: int = 0) -> list[LayerSpec]:
    """hls4ml's ``test_keras_api`` models, all ``ap_fixed<16,6>``: Dense(n from 1 input) + one activation, or
    the Conv2D(32, 4x4, stride 4, same) of ``test_conv2d`` on 28x28x3 (7x7 output pixels, one per partition)."""
    model = row["model"]
    rng = np.random.default_rng(seed)
    io = row["io_type"]
    if "Conv2D(" in model:
        w = rng.normal(0.0, 0.05, (4 * 4 * 3, 32))                       # keras 'normal': RandomNormal(0, 0.05)
        pixels = 7 * 7
        return [LayerSpec("conv2d", "conv", 48, 32, weights=w, input_t=T16, weight_t=T16, accum_t=T16,
                          result_t=T16, strategy=row["strategy"].lower(), io_type=io, n_pixels=pixels)]
    n_out = 64 if "Dense(64" in model else 2
    if "lecun_uniform" in model:
        w = rng.uniform(-np.sqrt(3.0), np.sqrt(3.0), (1, n_out))      # lecun_uniform, fan_in = 1
    else:
        w = rng.uniform(1.0, 10.0, (1, n_out))                         # RandomUniform(minval=1, maxval=10)
    act = model.rsplit("+ ", 1)[1]
    return [LayerSpec("dense", "Dense", 1, n_out, weights=w, bias=np.zeros(n_out), input_t=T16, weight_t=T16,
                      bias_t=T16, accum_t=T16, result_t=T16, io_type=io),
            LayerSpec(act, "Activation", n_out, n_out, input_t=T16, result_t=T16, table_t=FixedType(18, 8),
                      io_type=io)]


ML4Q_PREFIX = "ml4quantum "
ML4Q_JSON = Path(__file__).parent / "data" / "estimate" / "ml4quantum_forward_problem.json"


def _ml4quantum() -> list[LayerSpec]:
    """fastmachinelearning/ml4quantum-release's forward-problem MLP with its real weights and biases."""
    import json

    doc = json.loads(ML4Q_JSON.read_text())
    specs, in_t = [], FixedType.parse(doc["input_t"])
    for layer in doc["layers"]:
        n_in, n_out, res = layer["n_in"], layer["n_out"], FixedType.parse(layer["result_t"])
        specs.append(LayerSpec("dense", layer["name"], n_in, n_out,
                               weights=np.reshape(layer["weights"], (n_in, n_out)), bias=np.array(layer["biases"]),
                               input_t=in_t, weight_t=FixedType.parse(layer["weight_t"]),
                               bias_t=FixedType.parse(layer["bias_t"]), accum_t=FixedType.parse(layer["accum_t"]),
                               result_t=res))
        wide = FixedType.parse("ap_fixed<64,16>")                     # hls4ml's 'linear' copy
        specs.append(LayerSpec("linear", layer["name"] + "_linear", n_out, n_out, input_t=res, result_t=wide))
        if layer["relu_result_t"]:
            in_t = FixedType.parse(layer["relu_result_t"])
            specs.append(LayerSpec("relu", "relu_" + layer["name"], n_out, n_out, input_t=wide, result_t=in_t))
    return specs


def _stand_in(row: dict[str, str], seed: int = 0):
    """LayerSpecs for an evaluable row, or ``None``."""
    if not row["clock"] or not row["part"] or not row["reuse_factor"]:
        return None
    if row["model"].startswith(ML4Q_PREFIX):
        return _ml4quantum()
    if row["model"].startswith(WA_PREFIX):
        return _wa_hls4ml(row, seed)
    if row["model"].startswith(KERAS_API_PREFIX):
        return _keras_api(row, seed)
    if row["precision"] != "ap_fixed<16,6>":
        return None
    if not row["model"].startswith("KERAS_3layer (") or not (MODELS / "KERAS_3layer_weights.h5").exists():
        return None
    pytest.importorskip("h5py")
    dense = load_dense_weights(MODELS / "KERAS_3layer_weights.h5")
    if "70pruned" in row["model"]:
        dense = [(prune_smallest(w, 0.7), b) for w, b in dense]
    return post_training_model(dense, [T16] * 4, [T16] * 3, T16, T16)


def _figures(specs, row) -> dict[str, float]:
    # hls4ml's Vitis backend writes ``set_clock_uncertainty 27%``, Vivado 12.5 % (the estimator's default)
    unc = 0.27 if "[Vitis" in row["model"] else None
    tool = "vivado" if "[Vivado" in row["model"] else None   # how a DATAFLOW top's II is reported
    e = estimate(specs, part=row["part"], clock_ns=float(row["clock"]), clock_uncertainty=unc, hls_tool=tool)
    res = e.hls_total if row["kind"] == "hls_estimate" else e.total
    band = e.bands()["csynth" if row["kind"] == "hls_estimate" else "post_synthesis"]
    _BANDS[row["source"] + row["model"]] = (e.regime, {k: band[BAND_KEYS[k]] for k in FIGURES})
    return {"dsp": res["dsp"], "lut": res["lut"], "ff": res["ff"], "latency": e.total["latency_cycles"],
            "ii": e.total["ii"], "bram": res["bram_18k"]}


#: figure name in this file -> key of :meth:`Estimate.bands`; the last estimate's regime and band per row
BAND_KEYS = {"dsp": "dsp", "lut": "lut", "ff": "ff", "bram": "bram_18k", "latency": "latency_cycles", "ii": "ii"}
_BANDS: dict[str, tuple[str, dict[str, list[float]]]] = {}


def evaluate(rows: list[dict[str, str]]) -> list[dict[str, float | str]]:
    """Per evaluable row and stated figure: published, fxsim, relative error."""
    out: list[dict[str, float | str]] = []
    for row in rows:
        specs = _stand_in(row)
        if specs is None:
            continue
        got = _figures(specs, row)
        regime, band = _BANDS[row["source"] + row["model"]]
        if row["model"].startswith(KERAS_API_PREFIX):   # unseeded random weights: mean over seeded stand-ins
            runs = [got] + [_figures(_stand_in(row, seed), row) for seed in range(1, N_SEEDS)]
            got = {k: float(np.mean([r[k] for r in runs])) for k in got}
        for k in FIGURES:
            if k == "bram" and row["model"].startswith(WA_PREFIX):
                continue   # wa-hls4ml's BRAM_18K column holds half-units of unstated meaning
            if row[k]:
                pub = float(row[k])
                # a published 0 (no DSP at all) counts as exact when fxsim also says 0, as 100 % otherwise
                err = (got[k] - pub) / pub if pub else (0.0 if got[k] == 0 else 1.0)
                out.append({"source": row["source"], "model": row["model"], "rf": row["reuse_factor"],
                            "precision": row["precision"], "figure": k, "pub": pub, "est": float(got[k]),
                            "err": err, "held_out": row["notes"].startswith("HELD-OUT"),
                            "held_out_2": row["notes"].startswith("HELD-OUT-2"), "io_type": row["io_type"],
                            "strategy": row["strategy"], "regime": regime, "band": band[k]})
    return out


def medians(results: list[dict[str, float | str]], nonzero_dsp: bool = False) -> dict[str, tuple[float, int]]:
    """Median |error| and row count per figure (``nonzero_dsp``: DSP only over rows that published > 0)."""
    out = {}
    for k in FIGURES:
        errs = [abs(float(r["err"])) for r in results if r["figure"] == k
                and not (nonzero_dsp and k == "dsp" and not r["pub"])]
        if errs:
            out[k] = (float(np.median(errs)), len(errs))
    return out


@pytest.fixture(scope="module")
def results():
    res = evaluate(read_rows())
    if not res:
        pytest.skip("no evaluable public row (weights or h5py missing)")
    return res


def test_csv_is_well_formed_and_sourced():
    rows = read_rows()
    assert rows and tuple(rows[0]) == COLUMNS
    for r in rows:
        assert r["source"].startswith("https://"), r
        assert r["kind"] in ("hls_estimate", "post_synthesis"), r
        assert any(r[k] for k in ("dsp", "lut", "ff", "latency", "ii")), r   # at least one number


def test_out_of_sample_errors_are_reported(results):
    print("\nmodel | RF | precision | figure | published | fxsim | error")
    for r in results:
        print(f"{r['model']} | {r['rf']} | {r['precision']} | {r['figure']} | {r['pub']:.0f} | {r['est']:.0f} "
              f"| {100 * float(r['err']):+.0f}%")
    subsets = {"all": results, "held-out": [r for r in results if r["held_out"]],
               "not held-out": [r for r in results if not r["held_out"]],
               "wa-hls4ml (Resource)": [r for r in results if str(r["model"]).startswith(WA_PREFIX)],
               "hls4ml baselines (Latency)": [r for r in results if str(r["model"]).startswith(KERAS_API_PREFIX)
                                              and not r["held_out_2"]],
               "held-out-2 io_stream": [r for r in results if r["held_out_2"] and r["io_type"] == "io_stream"],
               "held-out-2 io_parallel Latency": [r for r in results if r["held_out_2"] and
                                                  r["io_type"] == "io_parallel" and r["strategy"] == "Latency"],
               "held-out-2 io_parallel Resource conv": [r for r in results if r["held_out_2"] and
                                                        r["io_type"] == "io_parallel" and r["strategy"] == "Resource"]}
    for name, rs in subsets.items():
        for k, (m, n) in medians(rs).items():
            print(f"[{name}] median |error| {k}: {100 * m:.1f}% over {n} row(s)")
        for k in ("latency", "ii"):
            exact = [r["est"] == r["pub"] for r in rs if r["figure"] == k]
            print(f"[{name}] {k} exact on {sum(exact)} of {len(exact)} row(s)")
        if "dsp" in medians(rs, nonzero_dsp=True):
            m, n = medians(rs, nonzero_dsp=True)["dsp"]
            print(f"[{name}] median |error| dsp over rows with DSP > 0: {100 * m:.1f}% over {n} row(s)")
    # a reporting test: only gross breakage fails a single row (a few cycles off a tiny latency is not that)
    for r in results:
        if r["figure"] in ("latency", "ii"):
            assert abs(r["est"] - r["pub"]) <= 4 or 1 / 3 < r["est"] / r["pub"] < 3.0, r


def test_resource_dataflow_latency_and_ii_are_exact(results):
    # hls4ml Resource strategy under the top-level DATAFLOW: latency = II = sum(RF_i + 2) + (layers - 1)
    # (constants.RESOURCE_REUSE_LOOP_EXTRA_CYCLES): exact on every in-sample wa-hls4ml row; the held-out
    # rows, checked after the rule was fixed, are exact on 108 of 118 and one cycle long on the other 10
    # (32-8-120 with <= 8-bit weights, 24-48-24-8 <4,1> RF 1024: the only designs with a layer RF <= 256)
    wa = [r for r in results if str(r["model"]).startswith(WA_PREFIX) and r["figure"] in ("latency", "ii")]
    assert len(wa) == 2 * 294
    for r in wa:
        if not r["held_out"]:
            assert r["est"] == r["pub"], r
        else:
            assert 0 <= r["est"] - r["pub"] <= 1, r
    held = [r for r in wa if r["held_out"] and r["figure"] == "latency"]
    assert sum(r["est"] == r["pub"] for r in held) >= 108 and len(held) == 118
    # hls4ml's own Latency-strategy baselines: a pipelined top with II = 1, exact on all 13
    api = [r for r in results if str(r["model"]).startswith(KERAS_API_PREFIX) and r["figure"] == "ii"
           and not r["held_out_2"] and r["io_type"] == "io_parallel"]
    assert len(api) == 13 and all(r["est"] == r["pub"] == 1 for r in api)


def test_out_of_sample_medians_do_not_regress(results):
    for k, (m, _) in medians(results).items():
        assert m <= MEDIAN_GUARD[k] + 0.02, (k, m)


def test_resource_rows_do_not_depend_on_the_stand_in():
    # Resource strategy: every weight (zeros too) goes through a shared multiplier fed from a ROM, so the
    # random weights of the wa-hls4ml models cannot change the estimate: three seeds give the same figures
    rows = [r for r in read_rows() if r["model"].startswith(WA_PREFIX)][:5]
    for row in rows:
        figs = [_figures(_wa_hls4ml(row, seed), row) for seed in (0, 1, 2)]
        assert figs[0] == figs[1] == figs[2], row["model"]


# ----------------------------------------------------------------------------- uncertainty bands
def _regime(r) -> str:
    return str(r["regime"])


def _covered(r) -> bool:
    lo, hi = r["band"]
    return lo <= r["pub"] <= hi


def test_resource_bands_are_the_in_sample_quantiles(results):
    # the Resource-regime bands are frozen from the in-sample wa-hls4ml rows only (never the held-out ones)
    ins = [r for r in results if _regime(r) == "resource" and not r["held_out"]]
    for fig in ("dsp", "lut", "ff"):
        rs = [r for r in ins if r["figure"] == fig]
        assert ratio_band([r["pub"] for r in rs], [r["est"] for r in rs]) == getattr(C.BANDS["resource"], fig), fig
    rs = [r for r in ins if r["figure"] == "latency"]
    assert cycle_band([r["pub"] for r in rs], [r["est"] for r in rs]) == C.BANDS["resource"].latency_cycles


def _latency_calibration_rows(results):
    """The in-sample rows of the ``latency`` regime: (published, estimated) per figure. The csynth rows of
    hls4ml 1.x/0.6 code (the hls4ml baselines, ml4quantum-release; not PR #86's 2018 code) against
    ``hls_total``, and arXiv:2006.10159 Table IV against the post-synthesis figures."""
    from estimate_calibration import build_models, compare

    pairs: dict[str, list[tuple[float, float]]] = {k: [] for k in ("dsp", "lut", "ff", "bram", "latency")}
    for r in results:
        if _regime(r) == "latency" and "pull/86" not in str(r["source"]) and r["figure"] in pairs:
            pairs[str(r["figure"])].append((float(r["pub"]), float(r["est"])))
    if (MODELS / "KERAS_3layer_weights.h5").exists():
        for row in compare(build_models(MODELS)):
            for fig, key in (("dsp", "dsp"), ("lut", "lut"), ("ff", "ff"), ("bram", "bram_18k"),
                             ("latency", "latency_cycles")):
                pairs[fig].append((float(row[f"{key}_pub"]), float(row[f"{key}_est"])))
    return pairs


def test_latency_bands_are_the_in_sample_quantiles(results):
    # the `latency` regime's band (io_parallel PIPELINE top under the calibrated conditions): the 10 % / 90 %
    # quantiles of truth/estimate over its in-sample rows (csynth rows and Table IV's post-synthesis rows);
    # the `latency_unvalidated` conditions have no row and keep a widened band (constants.BANDS)
    pytest.importorskip("h5py")
    pairs = _latency_calibration_rows(results)
    band = C.BANDS["latency"]
    for fig, attr in (("dsp", "dsp"), ("lut", "lut"), ("ff", "ff"), ("bram", "bram_18k")):
        pub, est = zip(*pairs[fig], strict=True)
        assert ratio_band(list(pub), list(est)) == getattr(band, attr), fig
    pub, est = zip(*pairs["latency"], strict=True)
    assert cycle_band(list(pub), list(est)) == band.latency_cycles
    assert band.rows == len(pairs["lut"])
    # FF estimated 0 (combinational tops) cannot be covered by a ratio: the band's FF floor is their largest
    assert band.ff_floor == max((p for p, e in pairs["ff"] if e == 0), default=0)
    print(f"\n[latency band] rows: {len(pairs['lut'])} ({len(pairs['latency'])} with latency)")


def test_band_coverage_is_reported(results):
    # coverage of the 80 % bands on rows that never set them: the held-out wa-hls4ml rows (Resource) and
    # hls4ml's Latency baselines (the Latency bands come from arXiv:2006.10159 Table IV, post-synthesis)
    cover = {}
    for regime in ("resource", "latency", "uncalibrated"):
        for fig in FIGURES:
            rs = [r for r in results if r["held_out"] and _regime(r) == regime and r["figure"] == fig]
            if rs:
                cover[(regime, fig)] = (sum(_covered(r) for r in rs) / len(rs), len(rs))
                print(f"[held-out {regime}] {fig}: band covers {100 * cover[(regime, fig)][0]:.0f}% of "
                      f"{len(rs)} row(s)")
    # measured when the bands were frozen; a regression guard, not the issue's goal
    for key, floor in COVERAGE_GUARD.items():
        assert cover[key][0] >= floor - 1e-9, (key, cover[key])


def _group(r) -> str:
    if str(r["model"]).startswith(WA_PREFIX):
        return "io_parallel Resource dense (wa-hls4ml), " + ("held-out" if r["held_out"] else "in-sample")
    if r["io_type"] == "io_stream":
        return "io_stream dense + activation (hls4ml baselines), held-out-2 (LUT, FF in-sample since round 11)"
    if r["strategy"] == "Resource":
        return "io_parallel Resource Conv2D (hls4ml baselines), held-out-2"
    if str(r["model"]).startswith(KERAS_API_PREFIX):
        return "io_parallel Latency RF 1 dense + activation (hls4ml baselines; LUT, FF in-sample since round 11)"
    if str(r["model"]).startswith(ML4Q_PREFIX):
        return "io_parallel Latency RF 1 MLP, ml4quantum (Vivado 2019.1; latency, LUT in-sample)"
    return "io_parallel Latency RF 1, hls4ml PR #86 (2018 code)"


def test_issue_targets_per_regime_are_reported(results):
    # the issue's metrics per regime: median |error| of DSP/LUT/FF (%), median |latency error| (cycles),
    # II exact (%), 80 % band coverage over every figure of the group's rows
    print("\n| regime | rows | DSP | LUT | FF | latency (cycles) | II exact | band covers |")
    print("|---|---|---|---|---|---|---|---|")
    for g in sorted({_group(r) for r in results}):
        rs = [r for r in results if _group(r) == g]
        med = {k: np.median([abs(float(r["err"])) for r in rs if r["figure"] == k]) if any(
            r["figure"] == k for r in rs) else float("nan") for k in ("dsp", "lut", "ff")}
        lat = [abs(r["est"] - r["pub"]) for r in rs if r["figure"] == "latency"]
        ii = [r["est"] == r["pub"] for r in rs if r["figure"] == "ii"]
        cov = [_covered(r) for r in rs]
        n = sum(r["figure"] == "ii" for r in rs)
        print(f"| {g} | {n} | {100 * med['dsp']:.1f}% | {100 * med['lut']:.1f}% | {100 * med['ff']:.1f}% | "
              f"{np.median(lat):.1f} | {100 * np.mean(ii):.0f}% | {100 * np.mean(cov):.0f}% |")
