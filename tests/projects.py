"""Build real hls4ml projects for tests, cached on disk by a hash of everything that shapes them.

* :func:`build_project` converts a Keras-2 model (one of ``tests/data/models`` by name, or a
  ``(json, h5)`` pair, e.g. from :func:`write_keras_model`) with hls4ml and writes the project into
  ``$FXSIM_PROJECT_CACHE`` (default ``~/.cache/fxsim/projects``)/``<hash>``. A second call with the
  same inputs (also in a later pytest run) returns the same directory without converting.
* :func:`build_testbench` compiles the project's own testbench (``myproject_test.cpp`` +
  ``firmware/myproject.cpp``) with g++ and runs it in the project directory, which writes
  ``tb_data/csim_results.log``; cached too (stamp of sources and data).
* :func:`write_keras_model` writes a small Keras-2 model (architecture JSON + weights H5, the
  layout ``model.save_weights`` produces) with no TensorFlow, for hand-made test networks.

Everything skips the calling test (:func:`missing_oracle`; a failure under CI) when hls4ml, h5py or g++
is missing::

    prj = build_project("KERAS_3layer", {"Model": {"Precision": "ap_fixed<16,6>", "ReuseFactor": 1}},
                        io_type="io_parallel", inputs=np.random.default_rng(0).normal(size=(20, 16)))
    log = build_testbench(prj)      # tb_data/csim_results.log
"""

from __future__ import annotations

import contextlib
import copy
import fcntl
import hashlib
import importlib
import json
import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pytest

#: Bump to invalidate every cached project (e.g. when this module changes what it writes).
CACHE_SCHEMA = 1
#: The public models the tests convert (``tests/data/models``, see its README); ``$FXSIM_MODELS`` overrides.
MODELS_DIR = Path(os.environ.get("FXSIM_MODELS", Path(__file__).resolve().parent / "data" / "models"))
SHARED_MODELS = ("KERAS_3layer", "KERAS_3layer_batch_norm", "KERAS_conv1d_small")


def cache_root() -> Path:
    d = Path(os.environ.get("FXSIM_PROJECT_CACHE", Path.home() / ".cache" / "fxsim" / "projects"))
    d.mkdir(parents=True, exist_ok=True)
    return d


def missing_oracle(what: str, detail: str = "") -> None:
    """Skip the calling test because an oracle it needs (g++, hls4ml, a framework, a model file) is
    missing. ``tests/conftest.py`` turns these skips into failures under CI (``$CI`` or
    ``$FXSIM_REQUIRE_ORACLES=1``) and counts them in the run's closing summary otherwise."""
    pytest.skip(f"oracle missing: {what}" + (f" ({detail})" if detail else ""))


def optional_oracle(what: str, detail: str = "") -> None:
    """Skip the calling test because an oracle CI deliberately does not install is missing (a
    framework with no wheel for CI's Python, say). Counted in the closing summary, never a failure:
    use it only where the README says CI runs without that oracle."""
    pytest.skip(f"optional oracle missing: {what}" + (f" ({detail})" if detail else ""))


def require_module(name: str):
    """``import name`` (hls4ml, h5py, torch, ...), or :func:`missing_oracle`."""
    try:
        return importlib.import_module(name)
    except ImportError as e:
        missing_oracle(name.split(".")[0], f"import failed: {e}")


def require_hls4ml():
    """The hls4ml module, or skip the test."""
    return require_module("hls4ml")


def require_gxx() -> str:
    cxx = shutil.which("g++")
    if cxx is None:
        missing_oracle("g++", "not on PATH")
    return cxx


def model_files(model: str | tuple[str | Path, str | Path]) -> tuple[Path, Path]:
    """``'KERAS_3layer'`` -> its JSON and H5 in the shared models folder; a pair passes through."""
    if isinstance(model, str):
        js, h5 = MODELS_DIR / f"{model}.json", MODELS_DIR / f"{model}_weights.h5"
    else:
        js, h5 = Path(model[0]), Path(model[1])
    if not js.is_file() or not h5.is_file():
        missing_oracle("model files", f"{js}, {h5}")
    return js, h5


_ABSOLUTE_VALUE = re.compile(r"^(?P<key>[A-Za-z]\w*):\s+(?P<path>/\S+)\s*$", re.M)


def scrub_machine_paths(config_yml: Path) -> None:
    """Rewrite the absolute paths hls4ml writes into ``hls4ml_config.yml`` (the build machine's cache,
    models and temporary folders) as bare file names (``OutputDir``: ``.``), so a shipped project
    names no machine-specific folder."""
    text = config_yml.read_text()

    def local(m: re.Match) -> str:
        name = "." if m.group("key") == "OutputDir" else Path(m.group("path")).name
        return f"{m.group('key')}: {name}"

    config_yml.write_text(_ABSOLUTE_VALUE.sub(local, text))


def write_reconstruction(spec: BuildSpec, prj: Path, record: dict) -> Path:
    """A held-out reconstruction (``tests/reconstruct_heldout_round*.py``): convert ``spec`` with hls4ml into a fresh
    ``prj`` (``write`` only, no synthesis), scrub the machine paths from its ``hls4ml_config.yml`` and record the
    design's provenance (``record``) in ``prj/reconstruction.json``."""
    if prj.exists():
        shutil.rmtree(prj)
    graph = convert(spec, prj)
    graph.write()
    scrub_machine_paths(prj / "hls4ml_config.yml")
    (prj / "reconstruction.json").write_text(json.dumps(record, indent=1))
    return prj


def run_reconstructions(designs: Iterable, build: Callable[[Any], Path], only: list[str] | None,
                        not_reconstructed: dict[int, str]) -> int:
    """The reconstruction scripts' main loop: ``build`` every design (``id``, ``rows``, ``part``, ``clock``,
    ``hls_tool``) whose id is in ``only`` (all when ``None``), print the ``fxsim estimate`` options each needs, then
    each row left out and why."""
    for d in designs:
        if only and d.id not in only:
            continue
        prj = build(d)
        print(f"rows {','.join(map(str, d.rows))}: {prj.name}  (--part {d.part} --clock-ns {d.clock:g} "
              f"--hls-tool {d.hls_tool})")
    for row, why in not_reconstructed.items():
        print(f"row {row}: not reconstructed: {why}")
    return 0


@contextlib.contextmanager
def _locked(path: Path) -> Iterator[None]:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a") as f:
        fcntl.flock(f, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(f, fcntl.LOCK_UN)


# ---------------------------------------------------------------------------------------- projects


@dataclass(frozen=True)
class BuildSpec:
    """Everything that decides what hls4ml writes (hashed into the cache key)."""

    json_path: Path
    h5_path: Path
    hls_config: dict
    io_type: str = "io_parallel"
    backend: str = "Vivado"
    part: str | None = None
    clock_period: float | None = None
    project_name: str = "myproject"
    backend_options: dict = field(default_factory=dict)
    inputs: np.ndarray | None = field(default=None, compare=False)
    predictions: np.ndarray | None = field(default=None, compare=False)

    def key(self, hls4ml_version: str) -> str:
        h = hashlib.sha256()
        for part in (self.json_path.read_bytes(), self.h5_path.read_bytes()):
            h.update(hashlib.sha256(part).digest())
        meta = dict(
            config=self.hls_config,
            io=self.io_type,
            backend=self.backend,
            part=self.part,
            clock=self.clock_period,
            name=self.project_name,
            options=self.backend_options,
            hls4ml=hls4ml_version,
            schema=CACHE_SCHEMA,
        )
        h.update(json.dumps(meta, sort_keys=True, default=str).encode())
        for arr in (self.inputs, self.predictions):
            h.update(
                b"-"
                if arr is None
                else np.ascontiguousarray(arr, dtype=np.float64).tobytes() + str(arr.shape).encode()
            )
        return h.hexdigest()[:24]


def hls_config_for(
    precision: str = "ap_fixed<16,6>", reuse_factor: int = 1, strategy: str = "Latency", **model_extra
) -> dict:
    """The usual ``HLSConfig`` dict: ``{'Model': {'Precision': …, 'ReuseFactor': …, 'Strategy': …}}``."""
    return {
        "Model": {"Precision": precision, "ReuseFactor": reuse_factor, "Strategy": strategy, **model_extra}
    }


def merge_config(base: dict, extra: dict) -> dict:
    """``base`` with ``extra`` merged in, nested dicts key by key (an hls4ml config plus overrides)."""
    out = copy.deepcopy(base)
    for k, v in extra.items():
        out[k] = merge_config(out.get(k, {}), v) if isinstance(v, dict) and isinstance(out.get(k), dict) else v
    return out


def placeholder_predictions(graph, project: Path, n_events: int) -> None:
    """Zeros as ``tb_data/tb_output_predictions.dat``: the testbench only prints them, but reads
    inputs only while this file has lines too."""
    n_out = sum(int(np.prod(v.shape)) for v in graph.get_output_variables())
    (project / "tb_data" / "tb_output_predictions.dat").write_text((" ".join(["0"] * n_out) + " \n") * n_events)


def build_once(name: str, build) -> Path:
    """``cache_root()/<name>``, made once across processes: under a lock, ``build(final, work)``
    writes the project into ``final`` (``work`` a scratch directory), then a completion marker
    (what makes a directory count as built: hls4ml writes OutputDir into some files, so it writes
    in place); a failed build leaves nothing behind."""
    root = cache_root()
    final = root / name
    done = final / ".fxsim_complete"
    if done.is_file():
        return final
    with _locked(root / f"{name}.lock"):
        if not done.is_file():
            work = Path(tempfile.mkdtemp(prefix=f"{name}.tmp", dir=root))
            try:
                if final.exists():
                    shutil.rmtree(final)
                build(final, work)
                done.write_text(name)
            except BaseException:
                shutil.rmtree(final, ignore_errors=True)
                raise
            finally:
                shutil.rmtree(work, ignore_errors=True)
    return final


def write_converted(convert, model, project: Path, work: Path, cfg: dict, overrides: dict, io_type: str,
                    tb_inputs: np.ndarray, trace_all: bool = False):
    """Convert ``model`` outside :func:`build_project` (PyTorch, Keras 3) with ``convert`` (hls4ml's
    ``convert_from_*_model``) and ``cfg`` merged with ``overrides``, write the project with
    ``tb_inputs`` as its testbench inputs, a placeholder ``tb_output_predictions.dat`` (so the
    testbench reads every input line) and hls4ml's own bridge (``graph.compile()``) for
    ``graph.predict`` (with ``trace_all``, every layer traced and the bridge left for ``graph.trace``
    to compile: it always recompiles). Returns
    ``(graph, merged config)``."""
    cfg = merge_config(cfg, overrides)
    np.save(work / "x.npy", np.asarray(tb_inputs, dtype=np.float64))
    graph = convert(model, output_dir=str(project), project_name="myproject", backend="Vivado", io_type=io_type,
                    hls_config=cfg, input_data_tb=str(work / "x.npy"))
    if trace_all:
        for layer in graph.get_layers():
            layer.set_attr("trace", True)
    graph.write()
    placeholder_predictions(graph, project, len(tb_inputs))
    if not trace_all:  # graph.trace compiles (with tracing) itself
        graph.compile()
    return graph, cfg


def convert(spec: BuildSpec, output_dir: Path, data_dir: Path | None = None):
    """Run hls4ml's Keras-2 converter (no TensorFlow) and return the ``ModelGraph`` (not written).

    ``data_dir`` holds the ``.npy`` files handed to hls4ml for ``spec.inputs``/``predictions``.
    """
    require_hls4ml()
    require_module("h5py")
    from hls4ml.backends import get_backend
    from hls4ml.converters.keras_v2_to_hls import keras_v2_to_hls

    backend = get_backend(spec.backend)
    kwargs = {"io_type": spec.io_type, **spec.backend_options}
    if spec.part is not None:
        kwargs["part"] = spec.part
    if spec.clock_period is not None:
        kwargs["clock_period"] = spec.clock_period
    cfg = backend.create_initial_config(**kwargs)
    cfg.update(
        {
            "KerasJson": str(spec.json_path),
            "KerasH5": str(spec.h5_path),
            "OutputDir": str(output_dir),
            "ProjectName": spec.project_name,
            "Backend": spec.backend,
            "HLSConfig": copy.deepcopy(spec.hls_config),
        }
    )
    if spec.inputs is not None:
        if data_dir is None:
            raise ValueError("convert() needs a data_dir to hand test inputs to hls4ml")
        np.save(data_dir / "inputs.npy", spec.inputs)
        cfg["InputData"] = str(data_dir / "inputs.npy")
        if spec.predictions is not None:
            np.save(data_dir / "predictions.npy", spec.predictions)
            cfg["OutputPredictions"] = str(data_dir / "predictions.npy")
    return keras_v2_to_hls(cfg)


def make_spec(
    model: str | tuple[str | Path, str | Path],
    hls_config: dict | None = None,
    *,
    io_type: str = "io_parallel",
    backend: str = "Vivado",
    part: str | None = None,
    clock_period: float | None = None,
    inputs: np.ndarray | None = None,
    predictions: np.ndarray | None = None,
    project_name: str = "myproject",
    **backend_options,
) -> BuildSpec:
    """The :class:`BuildSpec` of :func:`build_project`'s arguments (also for :func:`convert`)."""
    js, h5 = model_files(model)
    return BuildSpec(
        json_path=js,
        h5_path=h5,
        hls_config=hls_config or hls_config_for(),
        io_type=io_type,
        backend=backend,
        part=part,
        clock_period=clock_period,
        project_name=project_name,
        backend_options=backend_options,
        inputs=None if inputs is None else np.asarray(inputs, dtype=np.float64),
        predictions=None if predictions is None else np.asarray(predictions, dtype=np.float64),
    )


def build_project(
    model: str | tuple[str | Path, str | Path], hls_config: dict | None = None, **options
) -> Path:
    """Write (or reuse) the hls4ml project of ``model`` with ``hls_config``; return its directory.

    ``options``: ``io_type``, ``backend`` (``'Vivado'``/``'Vitis'``), ``part``, ``clock_period``,
    ``project_name``, ``inputs`` (n_samples × features, written to ``tb_data/tb_input_features.dat``
    by hls4ml's own ``.npy`` -> ``.dat`` writer), ``predictions`` (expected outputs; zeros if omitted:
    the testbench only prints them, but reads inputs only while this file has lines too), and any
    option of the backend's ``create_initial_config`` (``write_weights_txt=False``, ``namespace``).
    """
    hls4ml = require_hls4ml()
    spec = make_spec(model, hls_config, **options)
    key = spec.key(hls4ml.__version__)

    def build(final: Path, work: Path) -> None:
        graph = convert(spec, final, work)
        graph.write()
        if spec.inputs is not None and spec.predictions is None:
            placeholder_predictions(graph, final, len(spec.inputs))
        (final / "fxsim_build.json").write_text(json.dumps(
            {"model": [str(spec.json_path), str(spec.h5_path)], "hls_config": spec.hls_config,
             "io_type": spec.io_type, "backend": spec.backend, "part": spec.part,
             "clock_period": spec.clock_period, "options": spec.backend_options}, indent=1, default=str))

    return build_once(key, build)


# ---------------------------------------------------------------------------------------- testbench

#: Unoptimised, as Vivado HLS's ``csim_design`` compiles by default (and half the compile time of -O2);
#: the e2e tests also compare with hls4ml's own bridge, which build_lib.sh compiles at -O3.
TB_FLAGS = ("-O0", "-std=c++14", "-w")


def _tb_stamp(project: Path, name: str, cxx: str) -> str:
    h = hashlib.sha256(" ".join([cxx, *TB_FLAGS]).encode())
    files = [
        project / f"{name}_test.cpp",
        *sorted((project / "firmware").glob("*.h")),
        project / "firmware" / f"{name}.cpp",
        *sorted((project / "firmware" / "weights").glob("*")),
        *sorted((project / "tb_data").glob("*.dat")),
    ]
    for f in files:
        if f.is_file():
            h.update(f.name.encode())
            h.update(f.read_bytes())
    return h.hexdigest()[:24]


def build_testbench(project: str | Path, name: str = "myproject", timeout: float = 900) -> Path:
    """Compile and run the project's C-simulation testbench; return ``tb_data/csim_results.log``.

    g++ compiles ``<name>_test.cpp`` and ``firmware/<name>.cpp`` with ``-I firmware
    -I firmware/ap_types`` and ``WEIGHTS_DIR`` pointing at ``firmware/weights`` (the txt weights);
    the binary runs in the project directory as Vivado's csim would.
    """
    cxx = require_gxx()
    project = Path(project).resolve()
    log = project / "tb_data" / "csim_results.log"
    stamp_file = project / ".fxsim_csim_stamp"
    with _locked(project / ".fxsim_csim.lock"):
        stamp = _tb_stamp(project, name, cxx)
        if log.is_file() and stamp_file.is_file() and stamp_file.read_text() == stamp:
            return log
        (project / "tb_data").mkdir(exist_ok=True)
        exe = project / f"{name}_fxsim_tb"
        cmd = [
            cxx,
            *TB_FLAGS,
            f"-I{project}",
            f"-I{project / 'firmware'}",
            f"-I{project / 'firmware' / 'ap_types'}",
            f'-DWEIGHTS_DIR="{project / "firmware" / "weights"}"',
            str(project / f"{name}_test.cpp"),
            str(project / "firmware" / f"{name}.cpp"),
            "-o",
            str(exe),
        ]
        proc = subprocess.run(cmd, capture_output=True, text=True, cwd=project, timeout=timeout)
        if proc.returncode != 0:
            raise RuntimeError(f"g++ failed for {project}:\n{proc.stderr[-4000:]}")
        run = subprocess.run([str(exe)], capture_output=True, text=True, cwd=project, timeout=timeout)
        if run.returncode != 0 or not log.is_file():
            raise RuntimeError(f"testbench of {project} exited {run.returncode}:\n{run.stderr[-4000:]}")
        stamp_file.write_text(stamp)
    return log


# ---------------------------------------------------------------------------------------- shared checks


def content_key(source: Path, meta: dict, arrays: Sequence[np.ndarray]) -> str:
    """24 hex digits hashing a model builder's ``source`` file, ``meta`` (JSON, sorted keys) and
    ``arrays`` (as float64, with their shapes): the cache key of a project built in code."""
    h = hashlib.sha256(Path(source).read_bytes())
    h.update(json.dumps(meta, sort_keys=True, default=str).encode())
    for arr in arrays:
        h.update(np.ascontiguousarray(arr, dtype=np.float64).tobytes() + str(np.shape(arr)).encode())
    return h.hexdigest()[:24]


def verified_network(project: Path, functions: frozenset[str] | set[str], n_events: int):
    """``load_hls4ml(project)``, after asserting that it calls every nnet function in ``functions``
    and that ``verify`` finds it IDENTICAL to its testbench's ``csim_results.log`` on ``n_events``."""
    from fxsim.network import load_hls4ml
    from fxsim.verify import default_reference, verify

    net = load_hls4ml(project)
    assert set(functions) <= {lay.function for lay in net.layers}, net.summary()
    report = verify(net, *default_reference(net))
    assert report.identical, report.text()
    assert report.n_events == n_events
    return net


def assert_cli_identical(project: Path, capsys) -> None:
    """``fxsim verify PROJECT`` exits 0 and prints IDENTICAL (``capsys``: pytest's fixture)."""
    from fxsim.cli import main

    capsys.readouterr()  # drop what a cold build printed
    assert main(["verify", str(project)]) == 0
    assert capsys.readouterr().out.startswith("IDENTICAL")


def assert_bits_equal(ours, theirs, what: str = "hls4ml") -> None:
    """``ours`` (reshaped like ``theirs``) equals ``theirs`` value for value; else name the first difference."""
    theirs = np.asarray(theirs)
    ours = np.asarray(ours).reshape(theirs.shape)
    bad = np.argwhere(ours != theirs)
    assert bad.size == 0, (f"{len(bad)} values differ; first at {tuple(bad[0])}: fxsim {ours[tuple(bad[0])]!r} "
                           f"vs {what} {theirs[tuple(bad[0])]!r}")


# ---------------------------------------------------------------------------------------- keras models


@dataclass
class KerasLayer:
    """One layer of a hand-made Keras-2 functional model.

    ``weights`` maps Keras variable names (``'kernel'``, ``'bias'``, ``'gamma'``…) to arrays in
    Keras layout (Dense kernel: ``(n_in, n_out)``); ``inbound`` names the input layers.
    """

    class_name: str
    name: str
    config: dict
    weights: dict[str, np.ndarray] = field(default_factory=dict)
    inbound: Sequence[str] = ()


def input_layer(name: str, shape: Sequence[int]) -> KerasLayer:
    return KerasLayer(
        "InputLayer", name, {"batch_input_shape": [None, *shape], "dtype": "float32", "sparse": False}
    )


def dense(name: str, kernel, bias=None, activation: str = "linear", inbound: str | None = None) -> KerasLayer:
    """A Dense layer with the given kernel ``(n_in, n_out)`` and bias ``(n_out,)`` (zeros if None)."""
    kernel = np.asarray(kernel, dtype=np.float32)
    bias = np.zeros(kernel.shape[1], np.float32) if bias is None else np.asarray(bias, dtype=np.float32)
    return KerasLayer(
        "Dense",
        name,
        {"units": int(kernel.shape[1]), "activation": activation, "use_bias": True},
        {"kernel": kernel, "bias": bias},
        [inbound] if inbound else [],
    )


def activation(name: str, act: str, inbound: str | None = None) -> KerasLayer:
    return KerasLayer("Activation", name, {"activation": act}, {}, [inbound] if inbound else [])


def merge(class_name: str, name: str, inbound: Sequence[str], **config) -> KerasLayer:
    """``Add``, ``Multiply``, ``Concatenate`` (give ``axis=-1``)…"""
    return KerasLayer(class_name, name, dict(config), {}, list(inbound))


def recurrent(class_name: str, name: str, kernel, recurrent_kernel, bias, *, activation: str = "tanh",
              recurrent_activation: str = "sigmoid", return_sequences: bool = False,
              inbound: str | None = None, **config) -> KerasLayer:
    """A Keras-2 ``LSTM``/``GRU``/``SimpleRNN`` with its weights in Keras layout: ``kernel``
    ``(n_in, k * units)``, ``recurrent_kernel`` ``(units, k * units)``, ``bias`` ``(k * units,)``
    (GRU with ``reset_after=True``, Keras' default: ``(2, 3 * units)``), gates in Keras order."""
    kernel = np.asarray(kernel, dtype=np.float32)
    cfg = {"units": int(np.shape(recurrent_kernel)[0]), "activation": activation, "use_bias": True,
           "return_sequences": return_sequences, "return_state": False, "go_backwards": False,
           "stateful": False, "unroll": False, "time_major": False, **config}
    if class_name != "SimpleRNN":
        cfg["recurrent_activation"] = recurrent_activation
    if class_name == "GRU":
        cfg.setdefault("reset_after", np.ndim(bias) == 2)
    return KerasLayer(class_name, name, cfg,
                      {"kernel": kernel, "recurrent_kernel": np.asarray(recurrent_kernel, np.float32),
                       "bias": np.asarray(bias, np.float32)}, [inbound] if inbound else [])


def write_keras_model(
    directory: str | Path,
    layers: Sequence[KerasLayer],
    outputs: Sequence[str] | None = None,
    name: str = "model",
) -> tuple[Path, Path]:
    """Write a Keras-2 functional model as ``<name>.json`` + ``<name>_weights.h5``; return both paths.

    Layers without ``inbound`` take the previous layer as input (a chain). The H5 layout is
    Keras-2's: root attributes ``layer_names``/``backend``/``keras_version``; a group per layer with
    attribute ``weight_names``; datasets ``<layer>/<layer>/<var>:0`` (float32).

    >>> rng = np.random.default_rng(0)                                               # doctest: +SKIP
    >>> js, h5 = write_keras_model(tmp, [input_layer("x", [4]),
    ...     dense("fc1", rng.normal(size=(4, 3)), activation="relu")])              # doctest: +SKIP
    """
    h5py = require_module("h5py")
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    js, h5 = directory / f"{name}.json", directory / f"{name}_weights.h5"
    layer_dicts = []
    prev = None
    for layer in layers:
        inbound = list(layer.inbound) or ([prev] if prev and layer.class_name != "InputLayer" else [])
        cfg = {"name": layer.name, "trainable": True, **layer.config}
        layer_dicts.append(
            {
                "class_name": layer.class_name,
                "config": cfg,
                "name": layer.name,
                "inbound_nodes": [[[i, 0, 0, {}] for i in inbound]] if inbound else [],
            }
        )
        prev = layer.name
    inputs = [lay.name for lay in layers if lay.class_name == "InputLayer"]
    outs = list(outputs) if outputs else [layers[-1].name]
    arch = {
        "class_name": "Model",
        "keras_version": "2.4.0",
        "backend": "tensorflow",
        "config": {
            "name": name,
            "layers": layer_dicts,
            "input_layers": [[i, 0, 0] for i in inputs],
            "output_layers": [[o, 0, 0] for o in outs],
        },
    }
    # written to unique temporary names and renamed into place: pytest-xdist workers rewrite the same
    # model concurrently (and hls4ml may be reading it), and h5py refuses to create a file another
    # process holds open (BlockingIOError, errno 11)
    tmp_js, tmp_h5 = (p.with_name(f".{p.name}.{os.getpid()}.tmp") for p in (js, h5))
    tmp_js.write_text(json.dumps(arch, indent=1))
    os.replace(tmp_js, js)
    with h5py.File(tmp_h5, "w") as f:
        f.attrs["layer_names"] = np.array([lay.name.encode() for lay in layers])
        f.attrs["backend"] = b"tensorflow"
        f.attrs["keras_version"] = b"2.4.0"
        for lay in layers:
            g = f.create_group(lay.name)
            names = [f"{lay.name}/{k}:0".encode() for k in lay.weights]
            g.attrs["weight_names"] = np.array(names) if names else np.array([], dtype="S1")
            if lay.weights:
                inner = g.create_group(lay.name)
                for k, v in lay.weights.items():
                    inner.create_dataset(f"{k}:0", data=np.asarray(v, dtype=np.float32))
    os.replace(tmp_h5, h5)
    return js, h5


def conv2d(name: str, kernel, bias=None, strides=(1, 1), padding: str = "valid", activation: str = "linear",
           inbound: str | None = None) -> KerasLayer:
    """A Conv2D layer (channels last) with ``kernel`` ``(kh, kw, c_in, filters)`` and ``bias``."""
    kernel = np.asarray(kernel, dtype=np.float32)
    bias = np.zeros(kernel.shape[3], np.float32) if bias is None else np.asarray(bias, dtype=np.float32)
    cfg = {"filters": int(kernel.shape[3]), "kernel_size": list(kernel.shape[:2]), "strides": list(strides),
           "padding": padding, "data_format": "channels_last", "dilation_rate": [1, 1],
           "activation": activation, "use_bias": True}
    return KerasLayer("Conv2D", name, cfg, {"kernel": kernel, "bias": bias}, [inbound] if inbound else [])


def pooling2d(class_name: str, name: str, pool_size=(2, 2), strides=None, padding: str = "valid",
              inbound: str | None = None) -> KerasLayer:
    """``MaxPooling2D`` / ``AveragePooling2D`` (channels last)."""
    cfg = {"pool_size": list(pool_size), "strides": list(strides or pool_size), "padding": padding,
           "data_format": "channels_last"}
    return KerasLayer(class_name, name, cfg, {}, [inbound] if inbound else [])


def flatten(name: str, inbound: str | None = None) -> KerasLayer:
    return KerasLayer("Flatten", name, {"data_format": "channels_last"}, {}, [inbound] if inbound else [])


def conv2d_pool_model(directory: Path, name: str, avg_pool: bool = False) -> tuple[Path, Path]:
    """8x8x2 -> Conv2D(4, 3x3, same, relu) -> MaxPool 2x2 -> Conv2D(3, 2x2, stride 2, relu)
    [-> AveragePool 2x2] -> Flatten -> Dense(5), weights from seed 11: the shared Conv2D + pooling
    model of the end-to-end tests."""
    rng = np.random.default_rng(11)
    layers = [
        input_layer("x", [8, 8, 2]),
        conv2d("c1", rng.normal(scale=0.5, size=(3, 3, 2, 4)), rng.normal(scale=0.2, size=4), padding="same",
               activation="relu"),
        pooling2d("MaxPooling2D", "p1", (2, 2)),
        conv2d("c2", rng.normal(scale=0.5, size=(2, 2, 4, 3)), rng.normal(scale=0.2, size=3), strides=(2, 2),
               activation="relu"),
    ]
    if avg_pool:
        layers.append(pooling2d("AveragePooling2D", "p2", (2, 2)))
    layers += [flatten("f"), dense("fc", rng.normal(scale=0.5, size=(3 if avg_pool else 12, 5)),
                                   rng.normal(scale=0.2, size=5))]
    return write_keras_model(directory, layers, name=name)
