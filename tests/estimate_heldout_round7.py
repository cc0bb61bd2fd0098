"""Issue 14, held-out rounds 7, 8 and 9: a frozen ``fxsim estimate`` against ``heldout_round{7,8,9}.csv``, run as
a user runs it.

Usage::

    python tests/estimate_heldout_round7.py --projects /work/heldout7/projects --freeze /work/freeze7.txt --out F.md
    python tests/estimate_heldout_round7.py --round 8 --projects /work/heldout8/projects --freeze /work/freeze7.txt
    python tests/estimate_heldout_round7.py --round 9 --projects /work/heldout9/projects --freeze /work/freeze9.txt
    python tests/estimate_heldout_round7.py --round 9 --reconstructed --projects /work/heldout9/recon --freeze ...
    python tests/estimate_heldout_round7.py --round 11 --projects /work/heldout11/projects --freeze /work/freeze11.txt
    python tests/estimate_heldout_round7.py --round 12 --projects /work/heldout12/projects --freeze /work/freeze12.txt
    python tests/estimate_heldout_round7.py --round 13 --projects /work/heldout13/projects --freeze /work/freeze13.txt
    python tests/estimate_heldout_round7.py --round 17 --projects /work/heldout23/projects --freeze /work/freeze24.txt
    python tests/estimate_heldout_round7.py --round 10 [--reconstructed] --projects /work/heldout10/projects ...

``--projects`` holds the seven designs of ``heldout_round7.csv`` whose hls4ml projects were rebuilt byte for
byte from public files (``docs/heldout_round7.md``; kept outside the repository). For each, the frozen
``fxsim`` (``--freeze``: a file with a line ``fxsim=/path``, or ``--fxsim``) is run as two processes:

* ``fxsim estimate PRJ --json F``: issue 14's first acceptance (exit code 0 without options);
* ``fxsim estimate PRJ --json F --part P --clock-ns T --hls-tool vivado|vitis`` with the row's part, clock and
  tool (the public copies mostly lack ``project.tcl``, which is where the project says them; the clock
  uncertainty is left to fxsim's default for the tool): the figures compared.

Errors, tables and bands are round 5's (:mod:`estimate_heldout_round5`). Row 8 (Topo2A) is the whole
VitisAccelerator kernel in the CSV; it is compared with its ``run_inference`` instance (the network itself:
0 BRAM / 48 DSP / 519 FF / 58,055 LUT, read from the same report, see the row's notes), without latency / II
(its per-event pipeline depth is not printed). The script never tunes or edits anything.
"""

from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from estimate_heldout_round5 import regime_table, result_of, row_table  # noqa: E402
from estimate_heldout_round6 import _summary, default_fxsim, fxsim_from_freeze, run_estimate  # noqa: E402

DATA = Path(__file__).resolve().parent / "data" / "estimate"

#: Per round: CSV row index (0-based) -> rebuilt project directory under --projects.
PROJECTS_BY_ROUND: dict[int, dict[int, str]] = {17: {
    0: "baran-mlp32-rf16-zu7ev",
    1: "baran-mlp32-rf16-zu7ev",           # the Vivado synthesis of row 0's RTL
}, 14: {
    3: "nicolo-qjet-rf64-parallel-z020",
    4: "nicolo-qjet-rf64-parallel-z020",
    5: "nicolo-qjet-rf64-stream-z020",
    6: "nicolo-qjet-rf64-stream-z020",
}, 13: {
    0: "mbavier-cnn-u250",
    1: "ashraful-cnn-ku5p",
}, 12: {
    0: "uwacme-gru5-vu13p",
}, 11: {
    0: "tanvirana-jet-z020",
    1: "tanvirana-prunedjet-z020",
    2: "tanvirana-qpjet-z020",
    4: "duchstf-l1bv9-vu9p",
    5: "duchstf-q9bit-vu9p",
}, 10: {
    0: "freaksie-mlp2841-v7",
    1: "kojos03-cnn8x8-zu7ev",
    5: "taitashaw-keras3layer-stream-zu7ev",
}, 9: {
    0: "pokerml-suits-zu5ev-rf392",
    1: "pokerml-suits-zu5ev-rf196",
    2: "pokerml-rank-zu5ev-rf784",
    6: "bertonzin-iris-z020",
}, 8: {
    0: "chiruichen-autoencoder-z020",
    1: "brainz22-l1jettagger-u250",
    7: "lolbraa-mnist-cnn1-rf16-k26",      # rebuilt later, into $HELDOUT16/projects (round 8's md)
}, 7: {
    0: "lightningsim-KERAS_1layer-io_parallel-vu13p",
    1: "lightningsim-KERAS_1layer-io_stream-z020",
    4: "livedemo-rn06-v8-pynqz2",            # rebuilt later, into $HELDOUT17/projects (round 7's md)
    8: "topo2a-vitisaccel-u55c",
    9: "kimhaneal-qkeras-fnn-u55c",
    10: "lbnl-qubit-mlp-fixed32_18-v7",
    11: "lbnl-qubit-mlp-fixed18_4-v7",
    14: "lbnl-qubit-mlp2-fixed16_6-v7",
}}

#: Per round: CSV row index -> project reconstructed by a script (round 9: ``tests/reconstruct_heldout_round9.py``,
#: public weights where stored, seeded stand-ins otherwise); ``--reconstructed`` evaluates these instead. Rows 10
#: and 11 are the post-synthesis reports of the builds of rows 7 and 8.
RECONSTRUCTED_BY_ROUND: dict[int, dict[int, str]] = {10: {
    4: "astitwlathe-keras3layer-vu9p",
}, 9: {
    3: "pokerml-qpcnn-z020-rf128",
    5: "fiwo735-jet-u250-rf2",
    7: "l1jetid-deepsets-4bit-vu13p",
    8: "l1jetid-deepsets-6bit-vu13p",
    9: "l1jetid-deepsets-8bit-vu13p",
    10: "l1jetid-deepsets-4bit-vu13p",
    11: "l1jetid-deepsets-6bit-vu13p",
}}

#: Rows whose CSV figures include more than the network: the network's own instance figures instead.
INSTANCE_FIGURES: dict[tuple[int, int], dict[str, str]] = {
    (7, 8): {"dsp": "48", "lut": "58055", "ff": "519", "bram": "0", "latency": "", "ii": ""},
}


def read_rows(round_: int) -> list[dict[str, str]]:
    with open(DATA / f"heldout_round{round_}.csv", newline="") as f:
        return list(csv.DictReader(f))


#: Post-synthesis rows whose ``tool`` column names the synthesis run (``Vivado 2025.2 synth_design``), not the HLS
#: tool that wrote the RTL: the HLS tool, from the row's notes (round 10: kojos03 and taitashaw are Vitis HLS
#: exports, astitwlathe a Vivado HLS 2019.2.1 project; round 17 row 1 synthesises row 0's Vitis HLS 2024.1 RTL).
HLS_TOOL_OF_SYNTH_ROW: dict[tuple[int, int], str] = {(10, 1): "vitis", (10, 4): "vivado", (10, 5): "vitis",
                                                    (17, 1): "vitis"}


def options(row: dict[str, str], key: tuple[int, int] | None = None) -> tuple[str, ...]:
    tool = HLS_TOOL_OF_SYNTH_ROW.get(key) if key else None
    tool = tool or ("vitis" if row["tool"].lower().startswith("vitis") else "vivado")
    return ("--part", row["part"], "--clock-ns", row["clock"], "--hls-tool", tool)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--projects", type=Path, required=True)
    ap.add_argument("--round", type=int, default=7, choices=sorted(PROJECTS_BY_ROUND))
    ap.add_argument("--fxsim", default=None)
    ap.add_argument("--freeze", type=Path, default=None)
    ap.add_argument("--out", type=Path, default=None)
    ap.add_argument("--rows", type=int, nargs="*", default=None,
                    help="only these rows of the round (e.g. a project rebuilt later into another folder)")
    ap.add_argument("--reconstructed", action="store_true",
                    help="evaluate the round's reconstructed projects (RECONSTRUCTED_BY_ROUND) in --projects")
    a = ap.parse_args(argv)
    fxsim = [a.fxsim] if a.fxsim else fxsim_from_freeze(a.freeze) if a.freeze else default_fxsim()
    rows = read_rows(a.round)
    results = []
    codes = ["| row | project | exit (no options) | stderr | exit (part/clock/tool) |", "|---|---|---|---|---|"]
    chosen = RECONSTRUCTED_BY_ROUND.get(a.round, {}) if a.reconstructed else PROJECTS_BY_ROUND[a.round]
    for i, key in chosen.items():
        if a.rows is not None and i not in a.rows:
            continue
        prj = a.projects / key
        plain = run_estimate(fxsim, prj)
        used = run_estimate(fxsim, prj, options(rows[i], (a.round, i)))
        codes.append(f"| {i} | {key} | {plain.rc} | {plain.stderr or '—'} | {used.rc} |")
        if used.doc is not None:
            row = {**rows[i], **INSTANCE_FIGURES.get((a.round, i), {})}
            results.append(result_of(i, key, row, used.doc))
    tags = sorted({t for r in results for t in r.regimes})
    summaries = [_summary(t, [r for r in results if t in r.regimes]) for t in tags] + [_summary("all", results)]
    text = "\n\n".join([f"fxsim: {' '.join(fxsim)}", "\n".join(codes), row_table(results), regime_table(summaries)])
    print(text)
    if a.out:
        a.out.write_text(text + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
