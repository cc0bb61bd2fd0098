"""Regenerate the example project that ships with fxsim (``fxsim/examples/jet_tagger``).

The CERN jet tagger (16-64-32-32-5, ReLU, softmax) from tests/data/models converted by hls4ml at
``ap_fixed<16,6>`` (Latency, io_parallel), with 2,000 test events (some scaled x8 so that the trace
shows wrap-around), its testbench compiled with g++ and run for ``tb_data/csim_results.log``.

    python tests/make_example_project.py
"""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
from projects import build_project, build_testbench, scrub_machine_paths

DEST = Path(__file__).resolve().parents[1] / "fxsim" / "examples" / "jet_tagger"
KEEP = ["firmware/defines.h", "firmware/parameters.h", "firmware/myproject.cpp", "firmware/myproject.h",
        "firmware/weights", "tb_data",
        # only the nnet_utils headers whose base config structs this network's configs inherit from
        "firmware/nnet_utils/nnet_common.h", "firmware/nnet_utils/nnet_dense.h",
        "firmware/nnet_utils/nnet_mult.h", "firmware/nnet_utils/nnet_activation.h",
        "myproject_test.cpp", "hls4ml_config.yml", "build_prj.tcl", "project.tcl"]


def main() -> None:
    rng = np.random.default_rng(2024)
    x = rng.normal(size=(2000, 16))
    x[::10] *= 8.0
    prj = build_project("KERAS_3layer", {"Model": {"Precision": "ap_fixed<16,6>", "ReuseFactor": 1,
                                                   "Strategy": "Latency"}}, io_type="io_parallel", inputs=x)
    build_testbench(prj)
    if DEST.exists():
        shutil.rmtree(DEST)
    for rel in KEEP:
        src = prj / rel
        if not src.exists():
            continue
        dst = DEST / rel
        dst.parent.mkdir(parents=True, exist_ok=True)
        (shutil.copytree if src.is_dir() else shutil.copy2)(src, dst)
    scrub_machine_paths(DEST / "hls4ml_config.yml")
    print(f"example project written to {DEST}")


if __name__ == "__main__":
    main()
