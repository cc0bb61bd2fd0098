"""The six jet-tagger models of arXiv:2006.10159 Table IV, rebuilt from public weights, and the comparison.

The trained weights of those exact models are not public. Stand-ins (documented per model below) use
hls4ml's public ``KERAS_3layer`` (BF, BP, BH) and ``KERAS_3layer_batch_norm`` (Q6, QE, QB: the QKeras
models keep a BatchNormalization after each hidden Dense, arXiv:2006.10159 Listing 2) with the published
per-layer precisions (Table I, Table III; QKeras ``quantized_bits(b, i)`` -> ``ap_fixed<b, i+1>``,
``quantized_relu(b, i)`` -> ``ap_ufixed<b, i>``). Loading needs ``h5py`` (a test dependency).

>>> sorted(PUBLISHED)
['BF', 'BH', 'BP', 'Q6', 'QB', 'QE']
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import numpy as np

from fxsim.estimate.layers import LayerSpec
from fxsim.types import FixedType

FIGURES = ("dsp", "lut", "ff", "bram_18k", "latency_cycles", "ii")

#: arXiv:2006.10159 Table IV (also ``shared/reference/published_synthesis.csv``): VU9P, 200 MHz, RF=1.
PUBLISHED: dict[str, dict[str, float]] = {
    "BF": dict(dsp=1826, lut=48321, ff=20132, bram_18k=3, latency_cycles=9, ii=1),
    "BP": dict(dsp=526, lut=17577, ff=10548, bram_18k=3, latency_cycles=14, ii=1),
    "BH": dict(dsp=88, lut=15802, ff=8108, bram_18k=3, latency_cycles=14, ii=1),
    "Q6": dict(dsp=124, lut=39782, ff=8128, bram_18k=3, latency_cycles=11, ii=1),
    "QE": dict(dsp=66, lut=9149, ff=1781, bram_18k=3, latency_cycles=11, ii=1),
    "QB": dict(dsp=69, lut=11193, ff=1771, bram_18k=3, latency_cycles=14, ii=1),
}

DENSE_NAMES = ("fc1_relu", "fc2_relu", "fc3_relu", "output_softmax")
T16 = FixedType(16, 6)
T14 = FixedType(14, 6)
BN_EPSILON = 1e-6  # KERAS_3layer_batch_norm.json


def read_published_csv(path: str | Path) -> dict[str, dict[str, float]]:
    """Rows of ``published_synthesis.csv`` keyed by the model's short name (BF, BP, ...)."""
    out = {}
    with open(path, newline="") as f:
        for row in csv.DictReader(f):
            key = row["model"].split()[0]
            out[key] = {k: float(row[k]) for k in ("dsp", "lut", "ff", "latency_cycles", "ii")}
            out[key]["bram_18k"] = 2 * float(row["bram"].split()[0])  # "1.5 (softmax tables)" RAMB36
    return out


def load_dense_weights(h5_path: str | Path) -> list[tuple[np.ndarray, np.ndarray]]:
    """(kernel, bias) float64 of the four Dense layers of a KERAS_3layer* weights file."""
    import h5py

    with h5py.File(h5_path, "r") as f:
        return [(np.asarray(f[n][n]["kernel:0"], dtype=np.float64),
                 np.asarray(f[n][n]["bias:0"], dtype=np.float64)) for n in DENSE_NAMES]


def load_batchnorm(h5_path: str | Path) -> list[tuple[np.ndarray, np.ndarray]]:
    """(scale, bias) of bn1..bn3 as hls4ml folds them: ``gamma/sqrt(var+eps)``, ``beta - mean*scale``."""
    import h5py

    out = []
    with h5py.File(h5_path, "r") as f:
        for n in ("bn1", "bn2", "bn3"):
            g = {k.split(":")[0]: np.asarray(v, dtype=np.float64) for k, v in f[n][n].items()}
            scale = g["gamma"] / np.sqrt(g["moving_variance"] + BN_EPSILON)
            out.append((scale, g["beta"] - g["moving_mean"] * scale))
    return out


def prune_smallest(w: np.ndarray, fraction: float) -> np.ndarray:
    """Zero the ``fraction`` of weights with the smallest magnitude (per layer, TF pruning style).

    >>> prune_smallest(np.array([0.1, -0.5, 0.2, 0.9]), 0.5).tolist()
    [0.0, -0.5, 0.0, 0.9]
    """
    k = int(round(fraction * w.size))
    if k == 0:
        return w.copy()
    order = np.argsort(np.abs(w), axis=None, kind="stable")
    out = w.copy().ravel()
    out[order[:k]] = 0.0
    return out.reshape(w.shape)


def ternary(w: np.ndarray) -> np.ndarray:
    """Ternary weights {-1, 0, +1} with the TWN threshold 0.7 * mean|w|."""
    return np.sign(w) * (np.abs(w) > 0.7 * np.mean(np.abs(w)))


def binary(w: np.ndarray) -> np.ndarray:
    """Binary weights {-1, +1}."""
    return np.where(w >= 0, 1.0, -1.0)


def qbits(bits: int, integer: int) -> FixedType:
    """QKeras ``quantized_bits(bits, integer)`` as hls4ml types it (round, saturate)."""
    return FixedType(bits, integer + 1, True, "AP_RND_CONV", "AP_SAT")


def qrelu(bits: int, integer: int) -> FixedType:
    """QKeras ``quantized_relu(bits, integer)`` as hls4ml types it."""
    return FixedType(bits, integer, False, "AP_RND_CONV", "AP_SAT")


def _dense(name, w, b, in_t, w_t, b_t, acc_t, res_t) -> LayerSpec:
    return LayerSpec("dense", name, w.shape[0], w.shape[1], weights=w, bias=b, input_t=in_t, weight_t=w_t,
                     bias_t=b_t, accum_t=acc_t, result_t=res_t)


def _softmax(in_t: FixedType) -> LayerSpec:
    return LayerSpec("softmax", "softmax", 5, 5, input_t=in_t, result_t=T16, table_t=FixedType(18, 8))


def post_training_model(dense, weight_types, relu_types, data_t, accum_t, bias_types=None,
                        input_t=None) -> list[LayerSpec]:
    """Dense+ReLU x3, Dense, Softmax with hls4ml post-training precisions (BF/BP/BH)."""
    specs: list[LayerSpec] = []
    in_t = input_t or data_t
    bias_types = bias_types or weight_types
    for i, ((w, b), w_t, b_t) in enumerate(zip(dense, weight_types, bias_types, strict=True)):
        specs.append(_dense(f"fc{i + 1}", w, b, in_t, w_t, b_t, accum_t, data_t))
        if i < 3:
            specs.append(LayerSpec("relu", f"relu{i + 1}", w.shape[1], w.shape[1], input_t=data_t,
                                   result_t=relu_types[i]))
            in_t = relu_types[i]
    specs.append(_softmax(data_t))
    return specs


def qkeras_model(dense, bn, weight_types, relu_types, bias_types=None) -> list[LayerSpec]:
    """QDense -> BatchNormalization -> QActivation(relu) x3, QDense, softmax (hls4ml defaults <16,6>)."""
    specs: list[LayerSpec] = []
    in_t = T16
    bias_types = bias_types or weight_types
    for i, ((w, b), w_t, b_t) in enumerate(zip(dense, weight_types, bias_types, strict=True)):
        specs.append(_dense(f"fc{i + 1}", w, b, in_t, w_t, b_t, T16, T16))
        if i < 3:
            scale, shift = bn[i]
            n = w.shape[1]
            specs.append(LayerSpec("batchnorm", f"bn{i + 1}", n, n, weights=scale[:n], bias=shift[:n],
                                   input_t=T16, weight_t=T16, bias_t=T16, result_t=T16))
            specs.append(LayerSpec("relu", f"relu{i + 1}", n, n, input_t=T16, result_t=relu_types[i]))
            in_t = relu_types[i]
    specs.append(_softmax(T16))
    return specs


def _shrink(dense, bn, sizes=(32, 16, 16)):
    """The AutoQKeras models' 32-16-16 neurons: the first neurons of each layer of the stand-in."""
    n = (16, *sizes, 5)
    d = [(w[: n[i], : n[i + 1]], b[: n[i + 1]]) for i, (w, b) in enumerate(dense)]
    s = [(sc[: n[i + 1]], sh[: n[i + 1]]) for i, (sc, sh) in enumerate(bn)]
    return d, s


def build_models(models_dir: str | Path) -> dict[str, list[LayerSpec]]:
    """The six Table IV models' stand-ins as :class:`LayerSpec` lists."""
    models_dir = Path(models_dir)
    base = load_dense_weights(models_dir / "KERAS_3layer_weights.h5")
    bnd = load_dense_weights(models_dir / "KERAS_3layer_batch_norm_weights.h5")
    bn = load_batchnorm(models_dir / "KERAS_3layer_batch_norm_weights.h5")
    pruned = [(prune_smallest(w, 0.7), b) for w, b in base]
    out: dict[str, list[LayerSpec]] = {}
    # BF: post-training ap_fixed<14,6> everywhere (arXiv:2006.10159 Table I), hls4ml 0.2.1 defaults accum to it
    out["BF"] = post_training_model(base, [T14] * 4, [T14] * 3, T14, T14)
    # BP: BF with 70% of the weights (the smallest) set to zero
    out["BP"] = post_training_model(pruned, [T14] * 4, [T14] * 3, T14, T14)
    # BH: BP, heterogeneous post-training precisions (Table I), default <16,6> elsewhere
    out["BH"] = post_training_model(
        pruned, [FixedType(8, 3), FixedType(7, 2), FixedType(5, 2), FixedType(7, 3)],
        [FixedType(13, 7), FixedType(10, 5), FixedType(8, 4)], T16, T16,
        bias_types=[FixedType(4, 2), FixedType(7, 2), FixedType(5, 2), FixedType(4, 1)])
    # Q6: quantized_bits(6,0) weights/biases, quantized_relu(6,0), BN kept (Listing 2)
    out["Q6"] = qkeras_model(bnd, bn, [qbits(6, 0)] * 4, [qrelu(6, 0)] * 3)
    # QE / QB: 32-16-16 neurons, Table III quantizers; ternary/binary weights take ap_int<2>-like types
    small, small_bn = _shrink(bnd, bn)
    tern_t, bin_t = FixedType(2, 2), FixedType(2, 2)
    qe = [(small[0][0], small[0][1]), (ternary(small[1][0]), small[1][1]), small[2],
          (binary(small[3][0]), small[3][1])]
    out["QE"] = qkeras_model(qe, small_bn, [qbits(4, 0), tern_t, qbits(2, 1), bin_t],
                             [qrelu(4, 2), qrelu(3, 1), qrelu(4, 2)],
                             bias_types=[qbits(4, 0), tern_t, qbits(2, 1), qbits(8, 3)])
    qb = [(small[0][0], small[0][1]), (binary(small[1][0]), small[1][1]), (ternary(small[2][0]), small[2][1]),
          (binary(small[3][0]), small[3][1])]
    out["QB"] = qkeras_model(qb, small_bn, [qbits(4, 0), bin_t, tern_t, bin_t],
                             [qrelu(4, 2), qrelu(4, 2), qrelu(3, 1)],
                             bias_types=[qbits(4, 0), bin_t, tern_t, bin_t])
    return out


def compare(models: dict[str, list[LayerSpec]], published: dict[str, dict[str, float]] | None = None,
            estimator: Callable | None = None) -> list[dict[str, float | str]]:
    """Estimate each model on xcvu9p at 5 ns; one row per model with published, estimate and error."""
    from fxsim.estimate import estimate

    published = published or PUBLISHED
    run = estimator or (lambda specs: estimate(specs, part="xcvu9p", clock_ns=5.0))
    rows: list[dict[str, float | str]] = []
    for name, specs in models.items():
        total = run(specs).total
        row: dict[str, float | str] = {"model": name}
        for k in FIGURES:
            pub, est = float(published[name][k]), float(total[k])
            row[f"{k}_pub"], row[f"{k}_est"] = pub, est
            row[f"{k}_err"] = (est - pub) / pub if pub else 0.0
        rows.append(row)
    return rows


def comparison_table(rows: list[dict[str, float | str]]) -> str:
    """Markdown table: published vs fxsim, signed relative error per figure, median |error| last."""
    head = "| model | " + " | ".join(f"{k} pub | {k} fxsim | err" for k in FIGURES) + " |"
    lines = [head, "|" + "---|" * (1 + 3 * len(FIGURES))]
    for r in rows:
        cells = []
        for k in FIGURES:
            cells += [f"{r[f'{k}_pub']:.0f}", f"{r[f'{k}_est']:.0f}", f"{100 * float(r[f'{k}_err']):+.0f}%"]
        lines.append(f"| {r['model']} | " + " | ".join(cells) + " |")
    med = [f"{100 * median_abs_error(rows, k):.0f}%" for k in FIGURES]
    lines.append("| median abs err | " + " | ".join(f" | | {m}" for m in med)[3:] + " |")
    return "\n".join(lines)


def median_abs_error(rows: list[dict[str, float | str]], figure: str) -> float:
    return float(np.median([abs(float(r[f"{figure}_err"])) for r in rows]))


def with_binding(specs: list[LayerSpec], binding: str) -> list[LayerSpec]:
    return [replace(s, mul_binding=binding) for s in specs]


# ----------------------------------------------------------------------------- uncertainty bands
#: The bands cover this fraction of the calibration rows (10 % below, 10 % above).
BAND_COVERAGE = 0.8
#: Narrowest band: +-5 % on a resource, +-1 cycle on latency (the same design varies by a cycle or two and
#: a few % between Vivado HLS and Vitis HLS versions; a band calibrated on exact rows must not be empty).
BAND_FLOOR_RATIO, BAND_FLOOR_CYCLES = 0.05, 1


def ratio_band(truth: list[float], est: list[float]) -> tuple[float, float]:
    """``(lo, hi)`` with truth ~ est x [lo, hi] on :data:`BAND_COVERAGE` of the rows (empirical quantiles,
    at least +-:data:`BAND_FLOOR_RATIO`; rows where both are 0 count as ratio 1; est 0 with truth > 0 are
    dropped: no ratio band can cover them).

    >>> ratio_band([10, 20, 30], [10, 20, 30]), ratio_band([8, 9, 10, 11, 12], [10] * 5)
    ((0.95, 1.05), (0.84, 1.16))
    """
    r = [t / e if e else 1.0 for t, e in zip(truth, est, strict=True) if e or not t]
    q = (1 - BAND_COVERAGE) / 2
    lo, hi = np.quantile(r, [q, 1 - q]) if r else (1.0, 1.0)
    return round(min(float(lo), 1 - BAND_FLOOR_RATIO), 2), round(max(float(hi), 1 + BAND_FLOOR_RATIO), 2)


def cycle_band(truth: list[float], est: list[float]) -> tuple[int, int]:
    """``(lo, hi)`` cycles with truth ~ est + [lo, hi] on :data:`BAND_COVERAGE` of the rows.

    >>> cycle_band([9, 14, 14, 11, 11, 14], [12, 11, 10, 12, 10, 11])
    (-2, 4)
    """
    d = [t - e for t, e in zip(truth, est, strict=True)]
    q = (1 - BAND_COVERAGE) / 2
    lo, hi = np.quantile(d, [q, 1 - q]) if d else (0.0, 0.0)
    return min(int(np.floor(lo)), -BAND_FLOOR_CYCLES), max(int(np.ceil(hi)), BAND_FLOOR_CYCLES)
