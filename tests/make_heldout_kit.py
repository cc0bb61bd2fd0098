"""A pre-registered held-out set for ``fxsim estimate`` (issue 14): real hls4ml projects and fxsim's
predictions for each, written before any of them has been synthesized.

Issue 14 asks for the estimator's errors on reports it was never fitted to. Every public report found in 18
rounds has been read (``tests/data/estimate/heldout_round*.md``), and this machine has no Vivado/Vitis HLS. This
script writes a set whose truth nobody has seen yet:

* each project is a real model of ``tests/data/models`` converted by hls4ml (Vitis backend), never edited, over
  a grid of the regimes issue 14 names: 7-series and UltraScale+ parts, 5 and 10 ns, Latency at RF 1, 2 and 100,
  Resource, io_stream;
* ``predictions.json`` holds fxsim's csynth-view figures, bands and regime for each project, the fxsim commit
  that made them, and the sha256 of every file under the project's ``firmware/``, so the predictions cannot be
  re-made after the fact without it showing.

Then, on a machine with the tools::

    python tests/make_heldout_kit.py KIT          # here: projects + predictions.json (about 2 minutes)
    cd KIT/<name> && vitis_hls -f build_prj.tcl "csim=0 synth=1 cosim=0 export=0 vsynth=0"   # each project
    python tests/evaluate_heldout_kit.py KIT      # anywhere: reads the reports, compares with predictions.json

The evaluation never re-estimates: it reads the frozen predictions. The predictions of the whole grid made
before any report existed are committed as ``tests/data/estimate/heldout_kit_predictions.json``: evaluate against
that file (``--predictions``), since a kit written later carries the predictions of a later fxsim. The projects are
rebuilt byte for byte by the same hls4ml version (recorded; the digests show it). ``--limit N`` writes only the
first N projects of the grid (the tests use 2).
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import shutil
import subprocess
import sys
from contextlib import redirect_stderr
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from projects import build_project  # noqa: E402

from fxsim.estimate import estimate  # noqa: E402
from fxsim.project import read_project  # noqa: E402

#: (name, model, precision): real models of ``tests/data/models`` (the jet tagger, with BatchNormalization, and
#: the small Conv1D network) at the precisions hls4ml users pick most.
MODELS = (
    ("jet16", "KERAS_3layer", "ap_fixed<16,6>"),
    ("jet8", "KERAS_3layer", "ap_fixed<8,3>"),
    ("jetbn16", "KERAS_3layer_batch_norm", "ap_fixed<16,6>"),
    ("conv1d16", "KERAS_conv1d_small", "ap_fixed<16,6>"),
)
#: (short name, part): issue 14's Zynq-7000, a larger 7-series and an UltraScale+ part.
PARTS = (("z007s", "xc7z007s-clg225-2"), ("z020", "xc7z020clg400-1"), ("vu9p", "xcvu9p-flga2104-2L-e"))
CLOCKS = (5.0, 10.0)
#: (strategy, reuse factor, io_type)
SCHEDULES = (("Latency", 1, "io_parallel"), ("Latency", 2, "io_parallel"), ("Latency", 100, "io_parallel"),
             ("Resource", 16, "io_parallel"), ("Latency", 1, "io_stream"))


def grid() -> list[dict]:
    """Every project of the kit, in a fixed order (dense models over every cell; the Conv1D network and the
    BatchNormalization tagger on the Zynq-7000 parts at 5 ns only, to keep the set to a day of synthesis)."""
    out = []
    for model_name, model, precision in MODELS:
        for part_name, part in PARTS:
            for clock in CLOCKS:
                small = model_name in ("conv1d16", "jetbn16")
                if small and (part_name == "vu9p" or clock != 5.0):
                    continue
                for strategy, rf, io_type in SCHEDULES:
                    if model_name == "conv1d16" and strategy == "Resource":
                        continue
                    name = f"{model_name}-{part_name}-{clock:g}ns-{strategy.lower()}-rf{rf}-{io_type}"
                    out.append({"name": name, "model": model, "precision": precision, "part": part,
                                "clock_ns": clock, "strategy": strategy, "reuse_factor": rf, "io_type": io_type})
    return out


#: Folders of ``firmware/`` that hls4ml copies unchanged from its own package (their version is recorded instead).
LIBRARY_DIRS = ("nnet_utils", "ap_types")


def firmware_digests(project: Path) -> dict[str, str]:
    """sha256 of the project's own files (``firmware/`` but hls4ml's library folders, and the build scripts),
    by relative path."""
    files = sorted(p for p in (project / "firmware").rglob("*")
                   if p.is_file() and p.relative_to(project / "firmware").parts[0] not in LIBRARY_DIRS)
    files += [project / n for n in ("build_prj.tcl", "project.tcl") if (project / n).is_file()]
    return {str(p.relative_to(project)): hashlib.sha256(p.read_bytes()).hexdigest() for p in files}


def fxsim_commit() -> str:
    """The commit of the fxsim that makes the predictions (``git describe`` where the imported package lives),
    or ``unknown``."""
    import fxsim

    try:
        return subprocess.run(["git", "describe", "--always", "--dirty"], cwd=Path(fxsim.__file__).resolve().parent,
                              capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def prediction(project: Path) -> dict:
    """fxsim's csynth-view figures of ``project`` as a user runs ``fxsim estimate`` (the project's own part,
    clock, tool): what the evaluation compares with."""
    with redirect_stderr(io.StringIO()):
        est = estimate(read_project(project))
    return {"hls_estimate": est.hls_total, "latency_cycles": est.total["latency_cycles"], "ii": est.total["ii"],
            "bands_csynth": est.bands()["csynth"], "regime": est.regime, "part": est.part.device,
            "family": est.part.family.name, "clock_ns": est.clock_ns, "hls_tool": est.hls_tool}


def write_kit(out: Path, limit: int | None = None) -> dict:
    """Write the projects and ``predictions.json`` into ``out``; return the predictions."""
    out.mkdir(parents=True, exist_ok=True)
    entries = {}
    for cell in grid()[:limit]:
        src = build_project(cell["model"], {"Model": {"Precision": cell["precision"],
                                                      "ReuseFactor": cell["reuse_factor"],
                                                      "Strategy": cell["strategy"]}},
                            io_type=cell["io_type"], backend="Vitis", part=cell["part"],
                            clock_period=cell["clock_ns"])
        dst = out / cell["name"]
        if dst.exists():
            shutil.rmtree(dst)
        shutil.copytree(src, dst, ignore=shutil.ignore_patterns(".fxsim_complete", "*.lock"))
        entries[cell["name"]] = {"cell": cell, "firmware_sha256": firmware_digests(dst),
                                 "prediction": prediction(dst)}
        print(f"{cell['name']}: written", flush=True)
    import hls4ml

    kit = {"fxsim_commit": fxsim_commit(), "hls4ml_version": hls4ml.__version__, "projects": entries}
    (out / "predictions.json").write_text(json.dumps(kit, indent=1, default=str) + "\n")
    return kit


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", help="directory for the projects and predictions.json (outside the repository)")
    parser.add_argument("--limit", type=int, default=None, help="write only the first N projects of the grid")
    args = parser.parse_args(argv)
    kit = write_kit(Path(args.out), args.limit)
    print(f"{len(kit['projects'])} projects and predictions.json (fxsim {kit['fxsim_commit']}) in {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
