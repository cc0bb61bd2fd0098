"""Regenerate the committed old-release fixture projects (``tests/data/old_projects``).

Not run by the test suite: old hls4ml releases must not become test dependencies, so their projects
are committed, trimmed, with the ``tb_data/csim_results.log`` their own testbench printed when
compiled with g++ here. To regenerate (each release in its own virtualenv, never the main one)::

    for r in 0.6.0 0.7.1 0.8.1 1.0.0; do python -m venv /tmp/hls4ml_$r && /tmp/hls4ml_$r/bin/pip install \\
        --no-deps hls4ml==$r && /tmp/hls4ml_$r/bin/pip install numpy h5py pyyaml tabulate six onnx \\
        calmjs.parse pydigitalwavetools==1.1; done
    python tests/make_old_release_projects.py --venv 0.8.1=/tmp/hls4ml_0.8.1 --venv 1.0.0=/tmp/hls4ml_1.0.0 \\
        --venv 0.7.1=/tmp/hls4ml_0.7.1 --venv 0.6.0=/tmp/hls4ml_0.6.0

(0.6.0 needs ``numpy<2`` in its venv.)

The Keras JSON+H5 converter of these releases needs no TensorFlow, but they import ``qkeras``
(0.7-1.0) and ``tensorflow`` (0.7, for QKeras quantizers only) at import time: with ``--no-deps``
installs this script puts import stubs of those modules on ``PYTHONPATH`` (plain Keras layers never
reach them). ``firmware/ap_types`` is needed to compile: the script passes ``--ap-types`` (default:
the one hls4ml 1.3.0 of the main environment ships) on the include path after the project's own.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

DEST = Path(__file__).resolve().parent / "data" / "old_projects"
MODELS = Path(os.environ.get("FXSIM_MODELS", Path(__file__).resolve().parent / "data" / "models"))

#: fixture name -> (release, model, strategy, reuse factor); ``selu_softmax`` is :func:`selu_model`
#: (8-16-4, selu, softmax with the latency implementation)
FIXTURES: dict[str, tuple[str, str, str, int]] = {
    # hls4ml 0.6.0 (Nov 2021), a small Zynq-7000 at 100 MHz, Latency strategy with RF 2: the regime of
    # issue 14's held-out reports (2021-era hls4ml, xc7z007s-clg225-2)
    "0.6.0_jet_tagger_z7_latency_rf2": ("0.6.0", "KERAS_3layer", "Latency", 2),
    "0.8.1_jet_tagger": ("0.8.1", "KERAS_3layer", "Latency", 1),
    "1.0.0_jet_tagger_resource_rf4": ("1.0.0", "KERAS_3layer", "Resource", 4),
    "0.7.1_conv1d_small": ("0.7.1", "KERAS_conv1d_small", "Latency", 1),
    "0.8.1_selu_softmax_latency": ("0.8.1", "selu_softmax", "Latency", 1),
}
N_EVENTS = 300
#: fixture name -> (part, clock period in ns) where not the release's default part at 5 ns
TARGETS: dict[str, tuple[str, str]] = {"0.6.0_jet_tagger_z7_latency_rf2": ("xc7z007s-clg225-2", "10")}

GENERATE = textwrap.dedent(
    """
    import sys, numpy as np, hls4ml
    try:
        from hls4ml.backends import get_backend
    except ImportError:  # hls4ml 0.6
        from hls4ml.templates import get_backend
    model, strategy, rf, out, data = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4], sys.argv[5]
    m = sys.argv[6]
    rng = np.random.default_rng(2024)
    hls = {{'Model': {{'Precision': 'ap_fixed<16,6>', 'ReuseFactor': rf, 'Strategy': strategy}}}}
    if model == 'KERAS_3layer':
        x = rng.normal(size=({n}, 16)); x[::10] *= 8.0
    elif model == 'selu_softmax':
        x = np.random.default_rng(5).normal(size=({n}, 8)) * 2
        hls['LayerName'] = {{'act2': {{'Implementation': 'latency'}}}}
    else:
        x = rng.normal(size=({n}, 10, 4)); x[::10] *= 4.0
    np.save(data + '/x.npy', x); np.save(data + '/y.npy', np.zeros((len(x), 4 if model == 'selu_softmax' else 5)))
    target = dict(part=sys.argv[7], clock_period=float(sys.argv[8])) if len(sys.argv) > 7 else {{}}
    cfg = get_backend('Vivado').create_initial_config(io_type='io_parallel', **target)
    cfg.update(dict(KerasJson=f'{{m}}/{{model}}.json', KerasH5=f'{{m}}/{{model}}_weights.h5', OutputDir=out,
                    ProjectName='myproject', Backend='Vivado',
                    HLSConfig=hls,
                    InputData=data + '/x.npy', OutputPredictions=data + '/y.npy'))
    hls4ml.converters.keras_to_hls(cfg).write()
    """
).format(n=N_EVENTS)

STUBS = {
    "qkeras/__init__.py": "def __getattr__(name):\n    return type(name, (), {})\n",
    "qkeras/quantizers.py": "def get_quantizer(*a, **k):\n    raise RuntimeError('qkeras stub')\n",
    "tensorflow/__init__.py": "",
}

KEEP = ["firmware/defines.h", "firmware/parameters.h", "firmware/myproject.cpp", "firmware/myproject.h",
        "firmware/weights", "tb_data/tb_input_features.dat", "tb_data/tb_output_predictions.dat",
        "tb_data/csim_results.log", "myproject_test.cpp", "hls4ml_config.yml", "project.tcl", "build_prj.tcl"]
_INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"', re.M)


def include_closure(project: Path) -> set[Path]:
    """The project's own headers that its top source, testbench and parameters include, transitively."""
    firmware = project / "firmware"
    todo = [firmware / "myproject.cpp", firmware / "parameters.h", firmware / "defines.h",
            firmware / "myproject.h", project / "myproject_test.cpp"]
    seen: set[Path] = set()
    while todo:
        f = todo.pop()
        if f in seen or not f.is_file():
            continue
        seen.add(f)
        for inc in _INCLUDE.findall(f.read_text(errors="replace")):
            for base in (f.parent, firmware, firmware / "nnet_utils"):
                cand = (base / inc).resolve()
                if cand.is_file() and firmware.resolve() in cand.parents and "ap_types" not in cand.parts:
                    todo.append(cand)
                    break
    return {p for p in seen if "nnet_utils" in p.parts}


def selu_model(directory: Path) -> None:
    """``selu_softmax.json`` + ``selu_softmax_weights.h5``: Dense 8-16, selu, Dense 16-4, softmax."""
    import numpy as np
    from projects import activation, dense, input_layer, write_keras_model

    rng = np.random.default_rng(1)
    write_keras_model(directory, [input_layer("x", [8]), dense("fc1", rng.normal(size=(8, 16))),
                                  activation("act1", "selu"), dense("fc2", rng.normal(size=(16, 4)) * 0.5),
                                  activation("act2", "softmax")], name="selu_softmax")


def generate(python: Path, model: str, strategy: str, rf: int, out: Path) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        models = MODELS
        if model == "selu_softmax":
            models = Path(tmp) / "models"
            selu_model(models)
        stubs = Path(tmp) / "stubs"
        for rel, text in STUBS.items():
            (stubs / rel).parent.mkdir(parents=True, exist_ok=True)
            (stubs / rel).write_text(text)
        env = dict(os.environ, PYTHONPATH=str(stubs))
        target = TARGETS.get(out.name, ())
        subprocess.run([str(python), "-c", GENERATE, model, strategy, str(rf), str(out), tmp, str(models),
                        *target], check=True, env=env)


def run_testbench(project: Path, ap_types: Path) -> None:
    exe = project / "fxsim_tb"
    subprocess.run(["g++", "-O2", "-std=c++14", "-w", f"-I{project}", f"-I{project / 'firmware'}",
                    f"-I{project / 'firmware' / 'ap_types'}", f"-I{ap_types}",
                    f'-DWEIGHTS_DIR="{project / "firmware" / "weights"}"', str(project / "myproject_test.cpp"),
                    str(project / "firmware" / "myproject.cpp"), "-o", str(exe)], check=True, cwd=project)
    subprocess.run([str(exe)], check=True, cwd=project, stdout=subprocess.DEVNULL)


def trim(project: Path, dest: Path) -> None:
    if dest.exists():
        shutil.rmtree(dest)
    for rel in KEEP:
        src = project / rel
        if src.exists():
            (dest / rel).parent.mkdir(parents=True, exist_ok=True)
            (shutil.copytree if src.is_dir() else shutil.copy2)(src, dest / rel)
    for h in sorted(include_closure(project)):
        target = dest / h.relative_to(project.resolve())
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(h, target)
    if (dest / "hls4ml_config.yml").exists():
        from projects import scrub_machine_paths

        scrub_machine_paths(dest / "hls4ml_config.yml")


def main(argv: list[str] | None = None) -> None:
    import hls4ml  # the main environment's release: only for its ap_types

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--venv", action="append", default=[], help="RELEASE=VENV_DIR (repeatable)")
    ap.add_argument("--ap-types", type=Path,
                    default=Path(hls4ml.__file__).parent / "templates" / "vivado" / "ap_types")
    ap.add_argument("--only", nargs="*", help="fixture names to regenerate")
    args = ap.parse_args(argv)
    venvs = dict(v.split("=", 1) for v in args.venv)
    for name, (release, model, strategy, rf) in FIXTURES.items():
        if args.only and name not in args.only:
            continue
        if release not in venvs:
            print(f"skip {name}: no --venv {release}=...", file=sys.stderr)
            continue
        with tempfile.TemporaryDirectory() as tmp:
            prj = Path(tmp) / name
            generate(Path(venvs[release]) / "bin" / "python", model, strategy, rf, prj)
            run_testbench(prj, args.ap_types)
            trim(prj, DEST / name)
        print(f"{name}: written to {DEST / name}")


if __name__ == "__main__":
    main()
