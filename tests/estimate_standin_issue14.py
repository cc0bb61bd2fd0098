"""Issue 14's hidden regime, stand-in (not evidence): the table of ``docs/estimate.md`` "A stand-in of the
hidden regime". Public KERAS_3layer 16-64-32-32-5 with 75 % of each layer's smallest weights zeroed,
``ap_fixed<16,6>``, xc7z007s-clg225-2 at 10 ns, Vitis HLS (27 % clock uncertainty), fully registered DSPs
(hls4ml 0.5/0.6 writes no ``config_schedule -enable_dsp_full_reg=false``), Latency strategy at RF 1, 2, 100,
``config_op mul -impl dsp|fabric``. Run ``python tests/estimate_standin_issue14.py``: one csynth row per
(RF, binding)."""

from __future__ import annotations

import sys
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from estimate_calibration import load_dense_weights, post_training_model, prune_smallest  # noqa: E402

from fxsim.estimate import estimate  # noqa: E402
from fxsim.types import FixedType  # noqa: E402

MODEL = Path(__file__).resolve().parent / "data" / "models" / "KERAS_3layer_weights.h5"


def rows() -> list[tuple[int, str, dict[str, int], int, int]]:
    """``(rf, binding, csynth figures, latency, ii)`` of the stand-in."""
    t16 = FixedType(16, 6)
    dense = [(prune_smallest(w, 0.75), b) for w, b in load_dense_weights(MODEL)]
    specs = post_training_model(dense, [t16] * 4, [t16] * 3, t16, t16)
    out = []
    for rf in (1, 2, 100):
        layers = [replace(s, reuse_factor=rf) if s.kind == "dense" else s for s in specs]
        for binding in ("dsp", "fabric"):
            e = estimate(layers, part="xc7z007s-clg225-2", clock_ns=10.0, hls_tool="vitis",
                         mul_binding=binding, dsp_full_reg=True)
            out.append((rf, binding, e.hls_total, e.total["latency_cycles"], e.total["ii"]))
    return out


def main() -> None:
    print("| RF | `-impl` | DSP | LUT | FF | latency | II |")
    print("|---|---|---|---|---|---|---|")
    for rf, binding, h, lat, ii in rows():
        print(f"| {rf} | {binding} | {h['dsp']} | {h['lut']} | {h['ff']} | {lat} | {ii} |")


if __name__ == "__main__":
    main()
