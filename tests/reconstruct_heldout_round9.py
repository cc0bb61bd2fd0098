"""Issue 14, held-out round 9: reconstruct the designs of ``heldout_round9.csv`` that have no complete public
hls4ml project (hls4ml ``write`` only: no synthesis, and **no fxsim estimate** here: this module never imports
``fxsim.estimate``).

As round 5 did (``tests/estimate_heldout_round5.py``), each design is a Keras-2 model of the row's architecture
written with :func:`projects.write_keras_model` and converted with the installed hls4ml (1.3.0 when written) with
the row's precisions, reuse factors, strategy, io_type, part and clock; QKeras layers are plain Keras layers with
the QKeras-derived types set per layer in the hls4ml config (as the row's public ``hls4ml_config.yml`` and
``defines.h`` give them; where they disagree, ``defines.h``, which was synthesised, wins).

**Weights.** Public weight files are read from ``PUBLIC/<project>/weights/`` (each transcribed from the row's
repository with the ``read_file`` tool under its own name, ``.h`` or ``.txt``; see :class:`Public`) and used
*as printed*: hls4ml rewrites them and the C++ initialiser truncates them onto the layer's ``ap_fixed`` grid
exactly as in the original firmware (checked: the truncated values of every public array equal those of the
rebuilt header). Arrays that are not public are stand-ins named per design in :data:`DESIGNS`
(``exact``/``standin``): for the DeepSets builds a seeded permutation of / draw from a public array of the same
build and type, or the sibling build's public output layer (:data:`DEEPSETS_SOURCES`); for the Fiwo735 jet
tagger the hls4ml example-models KERAS_3layer weights of the same 16-64-32-32-5 network.

Usage::

    python tests/reconstruct_heldout_round9.py OUT_DIR --public PUBLIC_DIR [--only ID ...]

writes ``OUT_DIR/<project id>/`` (the folder hls4ml wrote: ``firmware/``, ``build_prj.tcl``, ``project.tcl``,
``hls4ml_config.yml`` with machine paths scrubbed, testbench files, plus ``reconstruction.json`` naming the
rows, part, clock, HLS tool and provenance) and ``OUT_DIR/<project id>.keras/`` (the Keras-2 model converted).
On the machine that made them, ``OUT_DIR`` is ``$HELDOUT9/recon`` and ``PUBLIC_DIR`` ``$HELDOUT9/src/recon_public``
(``SOURCES.txt`` there gives each file's repository, commit and path). Per-row fidelity: the "Reconstructed
designs" section of ``heldout_round9.md``.
"""

from __future__ import annotations

import argparse
import re
import shutil
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from projects import (  # noqa: E402
    MODELS_DIR,
    KerasLayer,
    activation,
    conv2d,
    dense,
    flatten,
    input_layer,
    make_spec,
    pooling2d,
    run_reconstructions,
    write_keras_model,
    write_reconstruction,
)

T16 = "ap_fixed<16,6>"
RELU6 = "ap_ufixed<6,0,AP_RND_CONV,AP_SAT>"
#: l1-jet-id defines.h (what was synthesised) has AP_RND where its hls4ml_config.yml says RND_CONV
RELU8 = "ap_ufixed<8,0,AP_RND,AP_SAT>"


# ------------------------------------------------------------------------------------------ weights


class Public:
    """Public weight files of one project, transcribed into ``root/<project>/weights/`` under their own names
    (``w2.h`` or ``w2.txt``: a ``.h`` is read from its initialiser, a ``.txt`` is hls4ml's comma-separated
    dump). A missing file is an error, never a silent stand-in."""

    def __init__(self, root: Path | None, project: str):
        self.root = root
        self.dir = None if root is None else Path(root) / project / "weights"

    def sibling(self, project: str) -> Public:
        """The public files of another project (a sibling build of the same network)."""
        return Public(self.root, project)

    def get(self, name: str, shape: tuple[int, ...]) -> np.ndarray:
        """The values of ``name`` as printed (not snapped to the layer's grid: hls4ml rewrites them and the C++
        initialiser truncates them exactly as it did in the original firmware, and hls4ml's ``n_zeros`` stays
        the original's), reshaped to ``shape``."""
        if self.dir is None:
            raise FileNotFoundError(f"public weights {name} needed: give --public")
        for ext in (".h", ".txt"):
            p = self.dir / f"{name}{ext}"
            if p.is_file():
                text = p.read_text()
                if ext == ".h":
                    m = re.search(r"\[(\d+)\]\s*=\s*\{([^}]*)\};", text)
                    if m is None:
                        raise ValueError(f"{p}: no initialiser")
                    text = m.group(2)
                vals = np.array([float(v) for v in text.split(",") if v.strip()])
                if vals.size != int(np.prod(shape)):
                    raise ValueError(f"{p}: {vals.size} values, expected {int(np.prod(shape))} for {shape}")
                return vals.reshape(shape)
        raise FileNotFoundError(f"public weights {name}(.h|.txt) not in {self.dir}")


def truncate(x: np.ndarray, width: int, integer: int) -> np.ndarray:
    """``ap_fixed<width,integer>`` (AP_TRN, AP_WRAP) of the float64 values ``x``."""
    step = 2.0 ** (integer - width)
    k = np.floor(np.asarray(x, dtype=np.float64) / step)
    half = 2.0 ** (width - 1)
    return (np.mod(k + half, 2 * half) - half) * step


def conv1d(name: str, kernel: np.ndarray, bias: np.ndarray) -> KerasLayer:
    cfg = {"filters": int(kernel.shape[2]), "kernel_size": [int(kernel.shape[0])], "strides": [1],
           "padding": "valid", "data_format": "channels_last", "dilation_rate": [1], "activation": "linear",
           "use_bias": True}
    return KerasLayer("Conv1D", name, cfg, {"kernel": np.asarray(kernel, np.float32),
                                           "bias": np.asarray(bias, np.float32)})


def batchnorm_exact(name: str, scale: np.ndarray, bias: np.ndarray) -> KerasLayer:
    """A BatchNormalization whose hls4ml ``scale``/``bias`` are exactly ``scale``/``bias``
    (gamma = scale, beta = bias, mean 0, variance 1, epsilon 0)."""
    n = len(scale)
    w = {"gamma": scale, "beta": bias, "moving_mean": np.zeros(n), "moving_variance": np.ones(n)}
    return KerasLayer("BatchNormalization", name,
                      {"axis": -1, "momentum": 0.99, "epsilon": 0.0, "center": True, "scale": True}, w)


def layer_precision(**layers: dict) -> dict:
    return {"LayerName": {name: dict(cfg) for name, cfg in layers.items()}}


# ------------------------------------------------------------------------------------------ designs


@dataclass(frozen=True)
class Design:
    """One reconstructed project: rows, Keras model builder, hls4ml config and the provenance of its parts."""

    id: str
    rows: tuple[int, ...]
    layers: Callable[[Public, np.random.Generator], list[KerasLayer]]
    hls_config: dict
    io_type: str
    part: str
    clock: float
    hls_tool: str  # what ``fxsim estimate --hls-tool`` needs: the report's tool
    exact: str
    standin: str
    backend: str = "Vivado"
    seed: int = 9


# -- row 3: RishThakkar/PokerML @ 6a57ab7 quantized_pruned_cnn (hls4ml-tutorial part 6 QKeras SVHN CNN)

F16 = (16, 6)


def _pokerml_qp(pub: Public, rng: np.random.Generator) -> list[KerasLayer]:
    out = [input_layer("input_2", [32, 32, 3])]
    c_in, idx = 3, (2, 6, 10)
    for i, c in enumerate((16, 16, 24)):
        k = idx[i]
        out += [conv2d(f"fused_convbn_{i}", pub.get(f"w{k}", (3, 3, c_in, c)), pub.get(f"b{k}", (c,))),
                activation(f"conv_act_{i}", "relu"), pooling2d("MaxPooling2D", f"pool_{i}")]
        c_in = c
    out.append(flatten("flatten_1"))
    n_in = 96
    for i, (n, k) in enumerate(((42, 15), (64, 19))):
        # QDense(use_bias=False): b15/b19 are hls4ml's zero biases (not stored in the index)
        out += [dense(f"dense_{i}", pub.get(f"w{k}", (n_in, n)), np.zeros(n)),
                batchnorm_exact(f"bn_dense_{i}", pub.get(f"s{k + 2}", (n,)), pub.get(f"b{k + 2}", (n,))),
                activation(f"dense_act_{i}", "relu")]
        n_in = n
    return out + [dense("output_dense", pub.get("w23", (64, 10)), pub.get("b23", (10,))),
                  activation("output_softmax", "softmax")]


def _pokerml_qp_config() -> dict:
    q6 = "ap_fixed<6,1>"
    prec: dict[str, dict] = {"input_2": {"Precision": {"result": T16}}}
    for i in range(3):
        prec[f"fused_convbn_{i}"] = {"Precision": {"weight": q6, "bias": q6, "result": T16}}
        prec[f"conv_act_{i}"] = {"Precision": {"result": RELU6}}
        prec[f"pool_{i}"] = {"Precision": {"result": T16}}
    prec["flatten_1"] = {"Precision": {"result": T16}}
    for i in range(2):
        prec[f"dense_{i}"] = {"Precision": {"weight": q6, "bias": T16, "result": T16}}
        prec[f"bn_dense_{i}"] = {"Precision": {"scale": T16, "bias": T16, "result": T16}}
        prec[f"dense_act_{i}"] = {"Precision": {"result": RELU6}}
    prec["output_dense"] = {"Precision": {"weight": T16, "bias": T16, "result": T16}}
    prec["output_softmax"] = {"Precision": {"result": T16}, "Implementation": "stable"}
    return {"Model": {"Precision": T16, "ReuseFactor": 128, "Strategy": "Latency", "BramFactor": 1000000000},
            **layer_precision(**prec)}


# -- row 5: Fiwo735/Transformer_Neural_Network_HLS @ fa4b0bd hls/model_1/hls4ml_prj_2 (tutorial jet tagger)


def _keras3layer() -> list[tuple[np.ndarray, np.ndarray]]:
    from estimate_calibration import load_dense_weights

    return load_dense_weights(MODELS_DIR / "KERAS_3layer_weights.h5")


def _fiwo_jet(pub: Public, rng: np.random.Generator) -> list[KerasLayer]:
    k3 = _keras3layer()
    weights = [(pub.get("w2", (16, 64)), pub.get("b2", (64,))), k3[1], (pub.get("w8", (32, 32)), pub.get("b8", (32,))),
               (pub.get("w11", (32, 5)), pub.get("b11", (5,)))]
    out = [input_layer("input_1", [16])]
    for i, (w, b) in enumerate(weights[:3], start=1):
        out += [dense(f"fc{i}", w, b), activation(f"relu{i}", "relu")]
    return out + [dense("output", *weights[3]), activation("softmax", "softmax")]


def _fiwo_config() -> dict:
    return {"Model": {"Precision": T16, "ReuseFactor": 2, "Strategy": "Latency"},
            # 0.6.0 wrote plain ap_fixed<18,8> softmax tables; 1.3.0 writes ap_fixed<18,8,AP_RND,AP_SAT> and does not
            # apply a Softmax layer's exp_table/inv_table Precision keys (tried: defines.h unchanged)
            "LayerName": {"softmax": {"Implementation": "latency"}}}


# -- rows 7-11: fastmachinelearning/l1-jet-id @ ccee2df DeepSets 8 constituents (kfold_0/synthesis_final)

#: hls4ml file names after the pointwise rewrite: w19/w20/w21 = phi1/phi2/phi3 (Conv1D kernel 1, shapes
#: (1, 3, 32) / (1, 32, 32)), w13 = rho (Dense 32x32), w16 = output Dense (32x5, ap_fixed<16,6>).
DEEPSETS_SHAPES = {"19": (1, 3, 32), "20": (1, 32, 32), "21": (1, 32, 32), "13": (32, 32), "16": (32, 5)}
#: Per build, where each weight/bias array comes from. ``("public",)``: this build's file; ``("perm", k)``:
#: a seeded permutation of this build's public ``w<k>`` (same type and shape); ``("draw", k)``: a seeded draw
#: with replacement from it; ``("sibling", bits, name)``: the public file of the ``bits``-bit build (output
#: Dense, ap_fixed<16,6> in every build); ``("gauss",)``: N(0, 0.25) truncated to the layer's type.
DEEPSETS_SOURCES: dict[int, dict[str, tuple]] = {
    4: {"w19": ("draw", "20"), "w20": ("public",), "w21": ("perm", "20"), "w13": ("public",),
        "w16": ("sibling", 6, "w16"), "b19": ("gauss",), "b20": ("gauss",), "b21": ("gauss",), "b13": ("gauss",),
        "b16": ("public",)},
    6: {"w19": ("public",), "w20": ("perm", "21"), "w21": ("public",), "w13": ("public",), "w16": ("public",),
        "b19": ("public",), "b20": ("gauss",), "b21": ("gauss",), "b13": ("gauss",), "b16": ("gauss",)},
    8: {"w19": ("public",), "w20": ("perm", "13"), "w21": ("perm", "13"), "w13": ("public",), "w16": ("public",),
        "b19": ("public",), "b20": ("public",), "b21": ("gauss",), "b13": ("gauss",), "b16": ("public",)},
}


def _deepsets_id(bits: int) -> str:
    return f"l1jetid-deepsets-{bits}bit-vu13p"


def _deepsets(bits: int) -> Callable[[Public, np.random.Generator], list[KerasLayer]]:
    def grid(k: str) -> tuple[int, int]:
        return F16 if k == "16" else (bits, 1)

    def layers(pub: Public, rng: np.random.Generator) -> list[KerasLayer]:
        arr: dict[str, np.ndarray] = {}
        src = DEEPSETS_SOURCES[bits]
        for name in sorted(src, key=lambda n: src[n][0] != "public"):  # public first: stand-ins derive from them
            kind, k = src[name][0], name[1:]
            shape = DEEPSETS_SHAPES[k] if name[0] == "w" else (DEEPSETS_SHAPES[k][-1],)
            if kind == "public":
                arr[name] = pub.get(name, shape)
            elif kind == "perm":
                arr[name] = rng.permutation(arr[f"w{src[name][1]}"].ravel()).reshape(shape)
            elif kind == "draw":
                arr[name] = rng.choice(arr[f"w{src[name][1]}"].ravel(), size=shape)
            elif kind == "sibling":
                arr[name] = pub.sibling(_deepsets_id(src[name][1])).get(src[name][2], shape)
            else:
                arr[name] = truncate(rng.normal(0.0, 0.25, shape), *grid(k))
        out = [input_layer("input_layer", [8, 3])]
        for i, (k, act) in enumerate((("19", "q_activation"), ("20", "q_activation_1"), ("21", "q_activation_2"))):
            out += [conv1d(f"phi{i + 1}", arr[f"w{k}"], arr[f"b{k}"]), activation(act, "relu")]
        out += [activation("q_activation_3", "linear"),
                KerasLayer("GlobalAveragePooling1D", "global_average_pooling1d",
                           {"data_format": "channels_last", "keepdims": False}),
                dense("rho", arr["w13"], arr["b13"]), activation("q_activation_4", "relu"),
                dense("dense", arr["w16"], arr["b16"]), activation("softmax", "softmax")]
        return out

    return layers


def _deepsets_config(bits: int) -> dict:
    qw = f"ap_fixed<{bits},1>"
    prec: dict[str, dict] = {"input_layer": {"Precision": {"result": "ap_fixed<12,4,AP_RND,AP_SAT>"}}}
    for i in (1, 2, 3):
        prec[f"phi{i}"] = {"Precision": {"weight": qw, "bias": qw, "result": T16}, "ReuseFactor": 2,
                           "Strategy": "Latency", "ParallelizationFactor": 1}  # kernel 1: 1.3.0 makes it pointwise
    for name in ("q_activation", "q_activation_1", "q_activation_2", "q_activation_4"):
        prec[name] = {"Precision": {"result": RELU8}}
    prec["q_activation_3"] = {"Precision": {"result": "ap_fixed<12,4,AP_RND,AP_SAT>"}}
    prec["global_average_pooling1d"] = {"Precision": {"result": T16}}
    prec["rho"] = {"Precision": {"weight": qw, "bias": qw, "result": T16}}
    prec["dense"] = {"Precision": {"weight": T16, "bias": T16, "result": T16}}
    # result_t of the 8-bit build's defines.h is ap_fixed<16,6,AP_RND,AP_SAT>, ap_fixed<16,6> in the others
    prec["softmax"] = {"Precision": {"result": "ap_fixed<16,6,AP_RND,AP_SAT>" if bits == 8 else T16},
                       "Implementation": "stable"}
    return {"Model": {"Precision": T16, "ReuseFactor": 1, "Strategy": "Latency", "BramFactor": 1000000000},
            **layer_precision(**prec)}


def _deepsets_design(bits: int, rows: tuple[int, ...]) -> Design:
    src = DEEPSETS_SOURCES[bits]
    public = [n for n, v in src.items() if v[0] == "public"]
    stood = [f"{n} ({' '.join(map(str, v))})" for n, v in src.items() if v[0] != "public"]
    return Design(
        _deepsets_id(bits), rows, _deepsets(bits), _deepsets_config(bits), "io_parallel",
        "xcvu13p-flga2577-2-e", 5.0, "vivado",
        exact=("architecture, layer names, every type, reuse factors and the part/clock (parameters.h, defines.h, "
               "hls4ml_config.yml at ccee2df); this build's public weight files " + ", ".join(public)
               + " (the only ones of this build in the index)"),
        standin=("; ".join(stood) + " (perm/draw: seeded permutation of / draw from this build's public array of "
                 "the same type; sibling: the other build's public output Dense; gauss: N(0, 0.25) truncated to "
                 "the type); n_zeros of the phi layers counted by hls4ml 1.3.0 on the printed (quantized) values, "
                 "where the 1.0.0 parameters.h says 0 (it counted the unquantized kernel; the synthesised constants "
                 "are the same); Trace flags off (testbench-only code); no ConvImplementation 'Pointwise' key (hls4ml "
                 "1.3.0 has no such choice: it rewrites kernel-1 Conv1D to PointwiseConv1D itself)"),
        seed=bits)


DESIGNS: dict[str, Design] = {d.id: d for d in (
    Design("pokerml-qpcnn-z020-rf128", (3,), _pokerml_qp, _pokerml_qp_config(), "io_stream", "xc7z020clg400-1",
           5.0, "vivado",
           exact=("every weight, bias and BatchNorm scale/bias file (firmware/weights/*.h, stored once, at "
                  "7f63fbb; their comment blocks' zero counts equal the n_zeros of parameters.h @ 6a57ab7), "
                  "architecture, layer names, types, RF 128 Latency, part and clock (parameters.h and "
                  "hls4ml_config.yml @ 6a57ab7); the three fused conv-BN layers' printed values have 217/1291/1995 "
                  "zeros where parameters.h says 223/1360/1966 (hls4ml 1.0 counted the unfolded kernel): same "
                  "multiplier_limit at RF 128"),
           standin=("b15/b19 (Dense biases before BatchNorm, not in the index) are zeros: the layers are QDense "
                    "without bias (bias type is the default ap_fixed<16,6>); Vivado backend instead of "
                    "VivadoAccelerator (the report is myproject's, not the AXI wrapper's)")),
    Design("fiwo735-jet-u250-rf2", (5,), _fiwo_jet, _fiwo_config(), "io_parallel", "xcu250-figd2104-2L-e", 5.0,
           "vivado",
           exact=("fc1 w2.h/b2.h and output w11.txt/b11.txt at fa4b0bd; fc3 w8.h/b8.h, stored only at 36090da, "
                  "whose w11.h equals fa4b0bd's w11.txt value for value (same trained model); architecture, "
                  "ap_fixed<16,6> everywhere, RF 2 Latency, latency softmax, part and clock"),
           standin=("fc2 (w5/b5 not stored at any commit): the hls4ml example-models KERAS_3layer fc2 weights "
                    "of the same 16-64-32-32-5 network; hls4ml 1.3.0 "
                    "templates (2-argument product::mult) instead of 0.6.0's; softmax exp/inv tables "
                    "ap_fixed<18,8,AP_RND,AP_SAT> (1.3.0) instead of ap_fixed<18,8>; fc1 n_zeros 0 as the original "
                    "(printed values are not snapped to the grid)")),
    _deepsets_design(4, (7, 10)),
    _deepsets_design(6, (8, 11)),
    _deepsets_design(8, (9,)),
)}

#: Rows of heldout_round9.csv with no complete public project that are not reconstructed, with the reason.
NOT_RECONSTRUCTED: dict[int, str] = {
    4: ("DUNE 2D CNN: the synthesised myproject.cpp is hand-edited (author's custom_stream.h, the ZeroPad + "
        "SumPool 2x8 + ZeroPad front skipped, an ap_fixed<1024,1006> result): hls4ml cannot write that top, and "
        "an hls4ml project of the whole network would be another design"),
}


# ------------------------------------------------------------------------------------------ build


def build(design: Design, out: Path, public: Path | None) -> Path:
    """Write the Keras model and the hls4ml project of ``design`` into ``out/<id>.keras`` and ``out/<id>``."""
    kdir = out / f"{design.id}.keras"
    if kdir.exists():
        shutil.rmtree(kdir)
    layers = design.layers(Public(public, design.id), np.random.default_rng(design.seed))
    js, h5 = write_keras_model(kdir, layers, name=design.id.replace("-", "_"))
    spec = make_spec((js, h5), design.hls_config, io_type=design.io_type, backend=design.backend,
                     part=design.part, clock_period=design.clock)
    return write_reconstruction(spec, out / design.id, {
        "id": design.id, "rows": list(design.rows), "part": design.part, "clock_ns": design.clock,
        "hls_tool": design.hls_tool, "io_type": design.io_type, "backend": design.backend,
        "hls_config": design.hls_config, "exact": design.exact, "standin": design.standin, "seed": design.seed})


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", type=Path, help="output folder ($HELDOUT9/recon)")
    ap.add_argument("--public", type=Path, default=None, help="transcribed public weights ($HELDOUT9/src/recon_public)")
    ap.add_argument("--only", nargs="*", default=None, help="project ids to build (default: all)")
    args = ap.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    return run_reconstructions(DESIGNS.values(), lambda d: build(d, args.out, args.public), args.only,
                               NOT_RECONSTRUCTED)

if __name__ == "__main__":
    raise SystemExit(main())
