"""Throughput of fxsim against float32 NumPy, float32 PyTorch and hls4ml's C simulation, in one run
(issues 6 and 17).

Run (from the repository root; hls4ml, h5py and g++ make the C-simulation column, torch the PyTorch
one, else they are skipped)::

    python benchmarks/bench_throughput.py                      # every model, JSON to stdout
    python benchmarks/bench_throughput.py --models jet16 --events 1000000 --json out.json

For each model an hls4ml project is converted and compiled once (cached under
``$FXSIM_PROJECT_CACHE``/``bench-<hash>``, like ``tests/projects.py``), then, on the same inputs:

* ``fxsim``: ``load_hls4ml(project).predict(x)`` — warm (best of ``--repeat`` in this process) and
  cold (a fresh Python process: import + load + first predict, Numba kernels cached on disk);
* ``float32``: the same network in float32 NumPy from the model's float weights (batch matmul +
  bias + activation; conv via sliding windows) — the speed of plain inference;
* ``torch``: the same network in float32 PyTorch (eager, ``inference_mode``, as many intra-op
  threads as Numba's), what users would pick;
* ``csim``: hls4ml's compiled C simulation, ``hls_model.predict`` on the project's ``firmware/*.so``
  (``--csim-events`` samples; it runs one sample per call).

fxsim, float32 and torch timings are interleaved (best of each) so all see the same machine load.
It also checks fxsim's outputs against the C simulation's bit for bit on the C-simulated samples,
and reports fxsim's exact MACs per second (Dense/Conv weights x output positions per sample) as a
fraction of this CPU's int16 peak (``benchmarks/roofline.py``: AVX-512 VNNI ``vpdpwssd`` on as
many threads). Targets (issue 17): jet tagger ap_fixed<16,6> at 1M events fxsim >= 5x float32 and
>= 500x C-sim; every model >= 1.0x float32 and >= 150x C-sim.
"""

from __future__ import annotations

import argparse
import ctypes
import glob
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numba as nb
import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.roofline import peak_int16_macs  # noqa: E402
from fxsim.network import load_hls4ml  # noqa: E402


# ---------------------------------------------------------------------------- models
def _lut_model(directory: Path) -> tuple[Path, Path]:
    """16 -> 64 tanh -> 32 sigmoid -> 5 softmax, random weights (LUT activations)."""
    from tests.projects import dense, input_layer, write_keras_model

    rng = np.random.default_rng(1)
    return write_keras_model(directory, [
        input_layer("input_1", [16]),
        dense("fc1", rng.normal(0, 0.4, (16, 64)), rng.normal(0, 0.1, 64), activation="tanh"),
        dense("fc2", rng.normal(0, 0.3, (64, 32)), rng.normal(0, 0.1, 32), activation="sigmoid"),
        dense("out", rng.normal(0, 0.3, (32, 5)), rng.normal(0, 0.1, 5), activation="softmax"),
    ], name="lut_mlp")


def _conv2d_model(directory: Path) -> tuple[Path, Path]:
    """8x8x2 -> Conv2D(4, 3x3, valid, relu) -> Flatten -> Dense(5, softmax)."""
    from tests.projects import KerasLayer, dense, input_layer, write_keras_model

    rng = np.random.default_rng(2)
    conv = KerasLayer("Conv2D", "conv", {
        "filters": 4, "kernel_size": [3, 3], "strides": [1, 1], "padding": "valid", "activation": "relu",
        "use_bias": True, "data_format": "channels_last", "dilation_rate": [1, 1]},
        {"kernel": rng.normal(0, 0.4, (3, 3, 2, 4)).astype(np.float32),
         "bias": rng.normal(0, 0.1, 4).astype(np.float32)})
    flat = KerasLayer("Flatten", "flatten", {"data_format": "channels_last"})
    return write_keras_model(directory, [
        input_layer("input_1", [8, 8, 2]), conv, flat,
        dense("out", rng.normal(0, 0.2, (144, 5)), rng.normal(0, 0.1, 5), activation="softmax"),
    ], name="conv2d_small")


#: name -> (model, HLSConfig, input shape per sample, description)
MODELS: dict[str, tuple] = {
    "jet16": ("KERAS_3layer", {"Model": {"Precision": "ap_fixed<16,6>", "ReuseFactor": 1, "Strategy": "Latency"}},
              (16,), "jet tagger 16-64-32-32-5, ap_fixed<16,6>, Latency"),
    "jet6": ("KERAS_3layer", {"Model": {"Precision": "ap_fixed<6,2>", "ReuseFactor": 1, "Strategy": "Latency"}},
             (16,), "jet tagger, ap_fixed<6,2>, Latency"),
    "resource_rf4_sat": ("KERAS_3layer", {
        "Model": {"Precision": "ap_fixed<16,6>", "ReuseFactor": 4, "Strategy": "Resource"},
        "LayerType": {"Dense": {"Precision": {"accum": "ap_fixed<18,8,AP_TRN,AP_SAT>"}, "ReuseFactor": 4,
                                "Strategy": "Resource"}}},
        (16,), "jet tagger, Resource RF=4, accum ap_fixed<18,8,AP_TRN,AP_SAT>"),
    "conv2d": (_conv2d_model, {"Model": {"Precision": "ap_fixed<16,6>", "ReuseFactor": 1, "Strategy": "Latency"}},
               (8, 8, 2), "Conv2D 8x8x2 -> 4 filters 3x3 relu -> Dense 5 softmax, ap_fixed<16,6>"),
    "conv1d": ("KERAS_conv1d_small", {"Model": {"Precision": "ap_fixed<16,6>", "ReuseFactor": 1,
                                                "Strategy": "Latency"}},
               (10, 4), "shared KERAS_conv1d_small, ap_fixed<16,6>"),
    "lut": (_lut_model, {"Model": {"Precision": "ap_fixed<16,6>", "ReuseFactor": 1, "Strategy": "Latency"}},
            (16,), "MLP 16-64-32-5 with tanh/sigmoid tables, ap_fixed<16,6>"),
}


def model_files(model, workdir: Path) -> tuple[Path, Path]:
    from tests.projects import model_files as shared

    return shared(model) if isinstance(model, str) else model(workdir)


def build(name: str, workdir: Path):
    """(project directory, hls4ml ModelGraph with its compiled library loaded); cached on disk."""
    import hls4ml

    from tests.projects import cache_root, convert, make_spec

    model, cfg, _, _ = MODELS[name]
    spec = make_spec(model_files(model, workdir / name), cfg)
    out = cache_root() / f"bench-{spec.key(hls4ml.__version__)}"
    done = out / ".fxsim_bench_complete"
    graph = convert(spec, out)
    libs = sorted(glob.glob(str(out / "firmware" / "*.so")))
    if done.is_file() and libs:
        graph._top_function_lib = ctypes.cdll.LoadLibrary(libs[-1])
    else:
        graph.compile()
        done.write_text("ok")
    return out, graph


# ---------------------------------------------------------------------------- float32 NumPy twin
def _act(name: str, y: np.ndarray) -> np.ndarray:
    if name in ("linear", None):
        return y
    if name == "relu":
        return np.maximum(y, np.float32(0))
    if name == "sigmoid":
        return np.float32(1) / (np.float32(1) + np.exp(-y))
    if name == "tanh":
        return np.tanh(y)
    if name == "softmax":
        e = np.exp(y - y.max(axis=-1, keepdims=True))
        return e / e.sum(axis=-1, keepdims=True)
    raise NotImplementedError(name)


def keras_layers(json_path: Path, h5_path: Path) -> list[tuple[str, dict, dict[str, np.ndarray]]]:
    """``(class name, config, float32 weights by name)`` of every layer of a Keras-2 model file."""
    import h5py

    arch = json.loads(Path(json_path).read_text())["config"]["layers"]
    weights: dict[str, dict[str, np.ndarray]] = {}
    with h5py.File(h5_path, "r") as f:
        for lay in arch:
            g = f.get(lay["config"]["name"]) or f.get(lay["name"])
            if g is None:
                continue
            names = [n.decode() if isinstance(n, bytes) else n for n in g.attrs.get("weight_names", [])]
            weights[lay["config"]["name"]] = {n.split("/")[-1].split(":")[0]: np.asarray(g[n], np.float32)
                                              for n in names}
    return [(lay["class_name"], lay["config"], weights.get(lay["config"]["name"], {})) for lay in arch]


def _bn_affine(c: dict, w: dict[str, np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    eps = np.float32(c.get("epsilon", 1e-3))
    scale = w.get("gamma", np.float32(1)) / np.sqrt(w["moving_variance"] + eps)
    return scale, w.get("beta", np.float32(0)) - w["moving_mean"] * scale


def macs_per_sample(json_path: Path, h5_path: Path, shape: tuple[int, ...]) -> int:
    """Multiply-accumulates of one sample through the Dense/Conv layers (weights x output positions)."""
    total, cur = 0, shape
    for cls, c, w in keras_layers(json_path, h5_path):
        if cls == "Dense":
            total += w["kernel"].size
            cur = (w["kernel"].shape[1],)
        elif cls in ("Conv1D", "Conv2D"):
            k = w["kernel"]
            nd = k.ndim - 2
            out = [n if c.get("padding") == "same" else n - f + 1 for n, f in zip(cur[:nd], k.shape[:nd])]
            total += k.size * int(np.prod(out))
            cur = (*out, k.shape[-1])
        elif cls == "Flatten":
            cur = (int(np.prod(cur)),)
    return total


def float32_model(json_path: Path, h5_path: Path):
    """``f(x) -> y``: the Keras-2 chain in float32 NumPy (Dense, Conv1D/2D, Activation, Flatten,
    BatchNormalization), weights read from the model's H5."""
    steps = []
    for cls, c, w in keras_layers(json_path, h5_path):
        bias, act = w.get("bias"), c.get("activation")
        if cls == "Dense":
            steps.append(lambda x, k=w["kernel"], b=bias, a=act:
                         _act(a, x.reshape(len(x), -1) @ k + (0 if b is None else b)))
        elif cls in ("Conv1D", "Conv2D"):
            steps.append(lambda x, k=w["kernel"], b=bias, c=c, a=act: _act(a, _conv(x, k, b, c)))
        elif cls == "Activation":
            steps.append(lambda x, a=c["activation"]: _act(a, x))
        elif cls == "Flatten":
            steps.append(lambda x: x.reshape(len(x), -1))
        elif cls == "BatchNormalization":
            scale, shift = _bn_affine(c, w)
            steps.append(lambda x, s=scale, t=shift: x * s + t)
        elif cls != "InputLayer":
            raise NotImplementedError(cls)

    def run(x: np.ndarray) -> np.ndarray:
        y = x.astype(np.float32, copy=False)
        for s in steps:
            y = s(y)
        return y

    return run


def torch_model(json_path: Path, h5_path: Path, threads: int):
    """``f(x) -> y``: the same chain in float32 PyTorch (eager, ``inference_mode``, ``threads``
    intra-op threads), what a user would run; channels-last tensors as Keras has them."""
    import torch
    import torch.nn.functional as F

    torch.set_num_threads(threads)
    acts = {"relu": torch.relu, "sigmoid": torch.sigmoid, "tanh": torch.tanh, "linear": lambda y: y,
            None: lambda y: y, "softmax": lambda y: torch.softmax(y, dim=-1)}
    steps = []
    for cls, c, w in keras_layers(json_path, h5_path):
        t = {k: torch.from_numpy(np.ascontiguousarray(v)) for k, v in w.items()}
        act, tb = acts[c.get("activation")], t.get("bias")
        if cls == "Dense":
            tk = t["kernel"].T.contiguous()
            steps.append(lambda x, k=tk, b=tb, a=act: a(F.linear(x.reshape(len(x), -1), k, b)))
        elif cls in ("Conv1D", "Conv2D"):
            nd = t["kernel"].ndim - 2
            k = t["kernel"].permute(nd + 1, nd, *range(nd)).contiguous()  # (filters, chan, *window)
            conv = F.conv1d if nd == 1 else F.conv2d
            pad = "same" if c.get("padding") == "same" else 0

            def step(x, k=k, b=tb, a=act, conv=conv, pad=pad):
                y = conv(x.movedim(-1, 1), k, b, padding=pad)  # NC... in, NC... out
                return a(y.movedim(1, -1))

            steps.append(step)
        elif cls == "Activation":
            steps.append(lambda x, a=acts[c["activation"]]: a(x))
        elif cls == "Flatten":
            steps.append(lambda x: x.reshape(len(x), -1))
        elif cls == "BatchNormalization":
            scale, shift = (torch.from_numpy(v) for v in _bn_affine(c, w))
            steps.append(lambda x, s=scale, h=shift: x * s + h)
        elif cls != "InputLayer":
            raise NotImplementedError(cls)

    def run(x: np.ndarray):
        with torch.inference_mode():
            y = torch.from_numpy(np.ascontiguousarray(x, dtype=np.float32))
            for s in steps:
                y = s(y)
            return y.numpy()

    return run


def _conv(x: np.ndarray, k: np.ndarray, b, c: dict) -> np.ndarray:
    """channels_last conv, stride 1, 'valid' or 'same', by sliding windows + tensordot."""
    nd = k.ndim - 2
    x = x.reshape(len(x), *([-1] * 0), *x.shape[1:])
    if c.get("padding") == "same":
        pads = [(0, 0)] + [((f - 1) // 2, f - 1 - (f - 1) // 2) for f in k.shape[:nd]] + [(0, 0)]
        x = np.pad(x, pads)
    win = np.lib.stride_tricks.sliding_window_view(x, k.shape[:nd], axis=tuple(range(1, nd + 1)))
    # win: (batch, *out, chan, *filt) -> contract chan and filt with k (*filt, chan, filters)
    axes_w = (nd + 1, *range(nd + 2, 2 * nd + 2))
    y = np.tensordot(win, k, axes=(axes_w, (nd, *range(nd))))
    return y + (0 if b is None else b)


# ---------------------------------------------------------------------------- timing
def best(fn, repeat: int) -> float:
    t = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        t = min(t, time.perf_counter() - t0)
    return t


COLD = """
import sys, time, json
t0 = time.perf_counter()
import numpy as np
from fxsim.network import load_hls4ml
t1 = time.perf_counter()
net = load_hls4ml(sys.argv[1])
t2 = time.perf_counter()
x = np.load(sys.argv[2])
t3 = time.perf_counter()
net.predict(x[:1000])
t4 = time.perf_counter()
net.predict(x)
t5 = time.perf_counter()
print(json.dumps({"import_s": t1 - t0, "load_s": t2 - t1, "first_call_1000_s": t4 - t3,
                  "predict_s": t5 - t4}))
"""


def cold_run(project: Path, x: np.ndarray) -> dict:
    with tempfile.TemporaryDirectory() as d:
        np.save(Path(d) / "x.npy", x)
        t0 = time.perf_counter()
        r = subprocess.run([sys.executable, "-c", COLD, str(project), str(Path(d) / "x.npy")], cwd=ROOT,
                           capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
        wall = time.perf_counter() - t0
    if r.returncode:
        return {"error": r.stderr[-2000:]}
    out = json.loads(r.stdout.strip().splitlines()[-1])
    out["process_wall_s"] = wall
    return out


def bench_model(name: str, args, workdir: Path) -> dict:
    model, _, shape, what = MODELS[name]
    rng = np.random.default_rng(0)
    n = args.events if name == "jet16" else args.events_other
    x = rng.normal(0, 1.5, (n, *shape))
    res: dict = {"model": what, "events": n}
    try:
        project, graph = build(name, workdir)
    except Exception as e:  # noqa: BLE001 - hls4ml/g++ missing or a build failure: report it
        return {**res, "error": f"build failed: {type(e).__name__}: {e}"}
    except BaseException as e:  # pytest.skip from tests/projects.py when a dependency is missing
        return {**res, "error": f"skipped: {e}"}
    res["project"] = str(project)
    net = load_hls4ml(project)
    files = model_files(model, workdir / name)
    f32 = float32_model(*files)
    res["macs_per_sample"] = macs_per_sample(*files, shape)
    runners = {"fxsim": lambda a: net.predict(a.reshape(len(a), -1)), "float32": f32}
    if not args.no_torch:
        try:
            runners["torch"] = torch_model(*files, threads=nb.get_num_threads())
        except ImportError as e:
            res["torch_error"] = str(e)
    xf = x.reshape(n, -1)
    for fn in runners.values():  # warm up on a small batch
        fn(x[:1000])
    times = dict.fromkeys(runners, float("inf"))
    for _ in range(args.repeat):  # interleaved: all see the same load
        for name_, fn in runners.items():
            times[name_] = min(times[name_], best(lambda fn=fn: fn(x), 1))
            time.sleep(0.2)  # let the last one's worker threads (Numba's, OpenBLAS's, torch's) stop spinning
    t_fx = times["fxsim"]
    res["fxsim_samples_per_s"] = n / t_fx
    for name_ in runners:
        if name_ != "fxsim":
            res[f"{name_}_samples_per_s"] = n / times[name_]
            res[f"fxsim_vs_{name_}"] = times[name_] / t_fx
    res["fxsim_gmac_per_s"] = res["fxsim_samples_per_s"] * res["macs_per_sample"] / 1e9
    if args.peak:
        res["fraction_of_int16_peak"] = res["fxsim_gmac_per_s"] * 1e9 / args.peak
    nc = min(args.csim_events, n)
    if not args.no_csim and nc:
        xc = np.ascontiguousarray(xf[:nc])
        t0 = time.perf_counter()
        yc = np.asarray(graph.predict(xc)).reshape(nc, -1)
        t_cs = time.perf_counter() - t0
        res["csim_events"] = nc
        res["csim_samples_per_s"] = nc / t_cs
        res["fxsim_vs_csim"] = res["fxsim_samples_per_s"] / res["csim_samples_per_s"]
        yf = np.asarray(net.predict(xc)).reshape(nc, -1)
        res["bit_exact_vs_csim"] = bool(np.array_equal(yf, yc))
        res["mismatching_samples"] = int((yf != yc).any(axis=1).sum())
    if not args.no_cold:
        res["cold"] = cold_run(project, xf)
        if "predict_s" in res["cold"]:
            res["cold"]["samples_per_s"] = n / res["cold"]["predict_s"]
    return res


def main(argv: list[str] | None = None) -> dict:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--models", nargs="*", default=list(MODELS), choices=list(MODELS))
    ap.add_argument("--events", type=int, default=1_000_000, help="events for the jet16 model")
    ap.add_argument("--events-other", type=int, default=200_000, help="events for the other models")
    ap.add_argument("--csim-events", type=int, default=20_000, help="events through hls4ml's C-sim")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--no-csim", action="store_true")
    ap.add_argument("--no-cold", action="store_true")
    ap.add_argument("--no-torch", action="store_true", help="skip the PyTorch float32 column")
    ap.add_argument("--json", type=Path, help="also write the results here")
    args = ap.parse_args(argv)
    args.peak = peak_int16_macs(nb.get_num_threads())
    results = {}
    with tempfile.TemporaryDirectory() as d:
        for name in args.models:
            r = bench_model(name, args, Path(d))
            results[name] = r
            if "error" in r:
                print(f"{name:<18} {r['error']}", file=sys.stderr)
                continue
            line = (f"{name:<18} fxsim {r['fxsim_samples_per_s']:>11,.0f}/s  "
                    f"float32 {r['float32_samples_per_s']:>11,.0f}/s  ratio {r['fxsim_vs_float32']:.2f}x")
            if "torch_samples_per_s" in r:
                line += f"  torch {r['torch_samples_per_s']:>11,.0f}/s  ratio {r['fxsim_vs_torch']:.2f}x"
            line += f"  {r['fxsim_gmac_per_s']:.1f} GMAC/s"
            if "fraction_of_int16_peak" in r:
                line += f" ({100 * r['fraction_of_int16_peak']:.0f}% of int16 peak)"
            if "csim_samples_per_s" in r:
                line += (f"  csim {r['csim_samples_per_s']:>8,.0f}/s  fxsim/csim {r['fxsim_vs_csim']:.0f}x"
                         f"  exact={r['bit_exact_vs_csim']}")
            print(line, file=sys.stderr)
    targets = {}
    j = results.get("jet16", {})
    if "fxsim_vs_float32" in j:
        targets["jet16_vs_float32>=5"] = j["fxsim_vs_float32"] >= 5
    if "fxsim_vs_csim" in j:
        targets["jet16_vs_csim>=500"] = j["fxsim_vs_csim"] >= 500
    for name, r in results.items():
        if "fxsim_vs_float32" in r:
            targets[f"{name}_vs_float32>=1"] = r["fxsim_vs_float32"] >= 1
        if "fxsim_vs_csim" in r:
            targets[f"{name}_vs_csim>=150"] = r["fxsim_vs_csim"] >= 150
    out = {"machine": {"cpus": os.cpu_count(), "python": sys.version.split()[0], "numpy": np.__version__,
                       "numba_threads": nb.get_num_threads(),
                       "int16_peak_gmac_per_s": None if args.peak is None else args.peak / 1e9},
           "results": results, "targets_met": targets}
    if args.json:
        args.json.write_text(json.dumps(out, indent=1))
    return out


if __name__ == "__main__":
    print(json.dumps(main(), indent=1))
