"""Out-of-sample check: fxsim's estimate against public hls4ml synthesis numbers found outside seeds/004.

``tests/data/estimate/public_synthesis.csv`` holds every number read in a public source (URL per row;
nothing inferred except where the ``notes`` column says so). None of these rows was used to set a
constant. A row is *evaluable* when its architecture, precision, part and clock are stated and its
weights (or a documented stand-in) are available: hls4ml's public ``KERAS_3layer`` weights, here with
the 70 % smallest weights zeroed as the stand-in for ``KERAS_3layer_70pruned_retrained_weights.h5``.
The others are recorded for the day their precision/weights are known. HLS-estimate rows are compared
with :attr:`Estimate.hls_total` (resources) and the total latency/II.
Run ``pytest -s tests/test_estimate_public.py`` to see the per-row errors and medians.
"""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pytest

from fxsim.estimate import estimate
from fxsim.estimate.calibration import T16, load_dense_weights, post_training_model, prune_smallest

CSV = Path(__file__).parent / "data" / "estimate" / "public_synthesis.csv"
MODELS = Path(__file__).resolve().parents[1].parent / "shared" / "models"
COLUMNS = ("source", "model", "precision", "reuse_factor", "strategy", "io_type", "part", "clock", "dsp",
           "lut", "ff", "bram", "latency", "ii", "kind", "notes")
FIGURES = ("dsp", "lut", "ff", "latency", "ii")


def read_rows() -> list[dict[str, str]]:
    """The CSV's rows as dicts of strings (empty string = not stated in the source)."""
    with open(CSV, newline="") as f:
        return list(csv.DictReader(f))


def _stand_in(row: dict[str, str]):
    """LayerSpecs for an evaluable row, or ``None``."""
    if row["precision"] != "ap_fixed<16,6>" or not row["clock"] or not row["part"]:
        return None
    if not row["model"].startswith("KERAS_3layer (") or not (MODELS / "KERAS_3layer_weights.h5").exists():
        return None
    pytest.importorskip("h5py")
    dense = load_dense_weights(MODELS / "KERAS_3layer_weights.h5")
    if "70pruned" in row["model"]:
        dense = [(prune_smallest(w, 0.7), b) for w, b in dense]
    return post_training_model(dense, [T16] * 4, [T16] * 3, T16, T16)


def evaluate(rows: list[dict[str, str]]) -> list[dict[str, float | str]]:
    """Per evaluable row and stated figure: published, fxsim, relative error."""
    out: list[dict[str, float | str]] = []
    for row in rows:
        specs = _stand_in(row)
        if specs is None:
            continue
        e = estimate(specs, part=row["part"], clock_ns=float(row["clock"]))
        res = e.hls_total if row["kind"] == "hls_estimate" else e.total
        got = {"dsp": res["dsp"], "lut": res["lut"], "ff": res["ff"],
               "latency": e.total["latency_cycles"], "ii": e.total["ii"]}
        for k in FIGURES:
            if row[k]:
                pub = float(row[k])
                out.append({"source": row["source"], "figure": k, "pub": pub, "est": float(got[k]),
                            "err": (got[k] - pub) / pub if pub else 0.0})
    return out


def test_csv_is_well_formed_and_sourced():
    rows = read_rows()
    assert rows and tuple(rows[0]) == COLUMNS
    for r in rows:
        assert r["source"].startswith("https://"), r
        assert r["kind"] in ("hls_estimate", "post_synthesis"), r
        assert any(r[k] for k in ("dsp", "lut", "ff", "latency", "ii")), r   # at least one number


def test_out_of_sample_errors_are_reported():
    results = evaluate(read_rows())
    if not results:
        pytest.skip("no evaluable public row (weights or h5py missing)")
    print("\nsource | figure | published | fxsim | error")
    for r in results:
        print(f"{r['source']} | {r['figure']} | {r['pub']:.0f} | {r['est']:.0f} | {100 * float(r['err']):+.0f}%")
    for k in FIGURES:
        errs = [abs(float(r["err"])) for r in results if r["figure"] == k]
        if errs:
            print(f"median |error| {k}: {100 * float(np.median(errs)):.0f}% over {len(errs)} row(s)")
    # a reporting test: only gross breakage fails it. The one evaluable row (hls4ml PR #86, 2018 sublayer
    # code with a multiplier limit that made II = 2) has twice fxsim's latency: documented, not tuned away
    for r in results:
        if r["figure"] == "latency":
            assert 1 / 3 < r["est"] / r["pub"] < 3.0, r
