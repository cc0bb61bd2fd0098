"""Issue 14, held-out round 6: ``fxsim estimate`` against ``heldout_round6.csv``, run as a user runs it.

Usage::

    python tests/estimate_heldout_round6.py --projects /work/heldout6/projects [--fxsim PATH | --freeze FREEZE_B] \
        [--compare FREEZE_B] --out F.md

``--projects`` holds one reconstructed hls4ml project per design, named ``argykokk-<dataset>-<variant>``
(``docs/heldout_round6.md`` says how they were fetched: files of ``ArgyKokk/hls4ml_MLP_estimator@72e2e22``,
kept byte-identical). For every CSV row with a project, the given ``fxsim`` executable (default: the one
next to this interpreter) is run twice, as separate processes:

* ``fxsim estimate PRJ --json F``: issue 14's first acceptance (exit code 0 on every project);
* ``fxsim estimate PRJ --json F`` plus the row's :data:`OVERRIDES` (only where the public copy lacks the
  file that set the option; each override says why): the figures compared.

csynth rows are compared with the JSON's ``hls_estimate`` (DSP, LUT, FF, BRAM) and ``total`` latency / II,
with ``bands.csynth``; post-synthesis rows with ``total`` and ``bands.post_synthesis``. The error
definitions, per-row and per-regime tables are round 5's (:mod:`estimate_heldout_round5`: median |error|,
0-report rows 0 % / 100 %, latency in cycles, II exact share, 80 % band coverage over all figures).
``--freeze`` takes the fxsim named by a FREEZE file (a venv directory or a line ``fxsim=/path``); ``--compare``
runs a second fxsim too and appends A / B side-by-side tables (``docs/heldout_round6.md``). The script never
tunes or edits anything: it reads projects, runs the CLI and prints tables.
"""

from __future__ import annotations

import argparse
import csv
import dataclasses
import json
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from estimate_heldout_round5 import (  # noqa: E402
    FIGURES,
    RegimeSummary,
    RowResult,
    regime_table,
    result_of,
    row_table,
    summarize,
)

CSV = Path(__file__).resolve().parent / "data" / "estimate" / "heldout_round6.csv"
ISSUE14 = "issue14-reports"
_ARGY = re.compile(r"ArgyKokk/hls4ml_MLP_estimator/blob/[0-9a-f]{40}/HLS_MLPs/(?P<ds>[^/]+)/hls4ml_prj/"
                   r"(?P<var>(?P<kind>DSP|LUT)_reuse(?P<rf>\d+))/")

#: ArgyKokk datasets whose ``project.tcl`` is not in the public copy (only the 3.33 ns one is stored, in
#: ARRYTHMIA/DSP_reuse2): their ``hls4ml_config.yml`` gives part and clock (5 ns, as global.setting.tcl),
#: and the clock uncertainty the missing file set (12.5 %, as the stored project.tcl) is given on the line.
NO_PROJECT_TCL = {"Breast_cancer", "HAR", "mnist"}

#: Projects other than ArgyKokk's that were reconstructed: CSV row index -> directory name under --projects
#: (no overrides: the project's own project.tcl is stored).
OTHER_PROJECTS: dict[int, str] = {49: "kojos03-hls4ml_cnn_zcu106"}

#: Rows whose projects were rebuilt on 2026-12-07 (session 12), after round 6, with the estimator frozen first
#: (``docs/heldout_round6.md``, "Rebuilt later"): CSV row index -> directory name under ``$HELDOUT19/projects``.
REBUILT_LATER: dict[int, str] = {
    **{35 + k: f"lrozzy-hgq-3.1_{k}" for k in range(3, 6)},
    43: "pynqia-keras-latency",
    44: "pynqia-keras-resource",
    45: "pynqia-qkeras-pruned-resource",
    46: "pynqia-mnist-cnn-stream",
    48: "lenet5-8-4",
}

#: Rows not evaluated: CSV row index -> reason (checked with the stored-file index of each repository).
NOT_RECONSTRUCTED: dict[int, str] = {
    35: "Lrozzy/hls4ml_OpenML@47cf4d8 model_2.1/hls4ml_prj_prune_60: no myproject.cpp, parameters.h or defines.h "
        "stored (checked 2026-12-07)",
    **{i: "Lrozzy/hls4ml_OpenML@47cf4d8: rebuilt on 2026-12-07 (third session) in $HELDOUT20/projects and "
          "evaluated by tests/estimate_heldout_rebuilt20.py"
       for i in (36, 37)},
    41: "thaarres/dnd_hls4ml@73b24d7: no firmware file stored in the repository (no .h at all); untrained model",
    42: "thaarres/dnd_hls4ml@73b24d7 post-synthesis: same project as row 41",
    **{i: "Gabriele-bot/PYNQ_IA: parts of the projects' firmware/ are stored; not attempted this session (time)"
       for i in range(43, 47)},
    47: "k-diep/CE6370@8b15186 model_1: firmware/defines.h and firmware/myproject.cpp are not stored",
    48: "abdennour-GUESSOUM/Lenet5-hls4ml@4fcac1b: firmware .h files are stored; not attempted this session (time)",
    50: "Spehic/Diplomska-hls4ml@08539a9: firmware/myproject.cpp is not stored (firmware/ has 17 files, "
        "none of them the top function)",
    51: "calwilee/hls4ml-automated-testing@f0f299f: 4 of the 6 weight files myproject.cpp loads "
        "(b5.txt, b7.txt, b8.txt, w8.txt) are not stored",
}

#: ArgyKokk datasets that could not be reconstructed, with the reason.
MISSING_ARGY: dict[str, str] = {
    "jet_tagging": "firmware/myproject.cpp of jet_tagging is not stored in any variant (weights, parameters.h "
                   "and defines.h are); rebuilt on 2026-12-07 (fourth session) in $HELDOUT21/projects with a "
                   "myproject.cpp DERIVED from the preprocessed source Vitis saved (run with --projects there)",
    "mnist": "not in round 6 (w2.h, 113 kB of long zero runs, was not transcribed then); rebuilt on 2026-12-07 "
             "in $HELDOUT19/projects (run with --projects there)",
}


#: ``LUT_*`` rows whose report shows the multipliers on DSPs (the CSV's notes): no fabric override; the rebuilt
#: project carries the DSP build script.
DSP_DESPITE_NAME: dict[int, str] = {
    34: "directory LUT_reuse1 but the report's multipliers are on DSPs (CSV notes): built with the DSP_* script",
}


def read_rows() -> list[dict[str, str]]:
    with open(CSV, newline="") as f:
        return list(csv.DictReader(f))


@dataclasses.dataclass(frozen=True)
class Plan:
    """How one CSV row is evaluated: its project directory name and the CLI overrides (with reasons)."""

    index: int
    key: str
    overrides: tuple[str, ...]
    why: tuple[str, ...]


def plan(index: int, row: dict[str, str]) -> Plan | None:
    """The row's :class:`Plan`, or ``None`` for a row without a reconstructed project."""
    if index in OTHER_PROJECTS:
        return Plan(index, OTHER_PROJECTS[index], (), ())
    if index in REBUILT_LATER:
        return Plan(index, REBUILT_LATER[index], (), ())
    m = _ARGY.search(row["source"])
    if not m:
        return None
    overrides: list[str] = []
    why: list[str] = []
    if index in DSP_DESPITE_NAME:
        why.append(DSP_DESPITE_NAME[index])
    elif m["kind"] == "LUT":
        # the missing script's `config_op` line also made the tool Vitis HLS (a Vitis-only command); since
        # hls4ml <= 0.6 projects without it are taken as Vivado HLS (2026-12-07), the tool is given too
        overrides += ["--mul-impl", "fabric", "--hls-tool", "vitis"]
        why.append("LUT_* build_prj.tcl not stored; `config_op mul -impl fabric` inferred (0 DSP, "
                   "HasDSPModule 0), a Vitis HLS command")
    if m["ds"] in NO_PROJECT_TCL:
        overrides += ["--clock-uncertainty", "0.125"]
        why.append("project.tcl not stored for this dataset; 12.5 % as the stored project.tcl")
    return Plan(index, f"argykokk-{m['ds']}-{m['var']}", tuple(overrides), tuple(why))


@dataclasses.dataclass(frozen=True)
class Run:
    """One ``fxsim estimate`` process: exit code, first stderr line, the JSON (``None`` if none), seconds."""

    rc: int
    stderr: str
    doc: dict | None
    seconds: float


def run_estimate(fxsim: list[str], project: Path, extra: tuple[str, ...] = ()) -> Run:
    """``fxsim estimate PROJECT --json F [extra]`` in a subprocess."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "est.json"
        t0 = time.perf_counter()
        p = subprocess.run([*fxsim, "estimate", str(project), "--json", str(out), *extra],
                           capture_output=True, text=True, timeout=600)
        dt = time.perf_counter() - t0
        doc = json.loads(out.read_text()) if p.returncode == 0 and out.is_file() else None
    lines = [ln for ln in p.stderr.splitlines() if ln.strip()]
    err = next((ln for ln in lines if "error" in ln), lines[0] if lines else "")
    return Run(p.returncode, err.strip(), doc, dt)


def _summary(tag: str, group: list[RowResult]) -> RegimeSummary:
    """Round 5's summary of ``group`` under the name ``tag`` (its ``all`` line, on rows stripped of tags)."""
    return dataclasses.replace(summarize([dataclasses.replace(r, regimes=()) for r in group])[-1], regime=tag)


def _rf_binding(r: RowResult) -> tuple[int, str] | None:
    m = _ARGY.search(r.design) or re.match(r"argykokk-.+-(?P<kind>DSP|LUT)_reuse(?P<rf>\d+)$", r.design)
    if not m:
        return None
    tag = next((t for t in r.regimes if t.startswith("mul-impl-")), None)
    return (int(m["rf"]), tag) if tag else None


def regimes(results: list[RowResult]) -> list[RegimeSummary]:
    """issue14-reports by RF x binding, by binding, with / without a layer over 4096 products, all of them; the
    other rows by their first tag; then all."""
    out = []
    i14 = [r for r in results if ISSUE14 in r.regimes]
    for rf in (1, 2, 100):
        for tag in ("mul-impl-dsp", "mul-impl-fabric"):
            group = [r for r in i14 if _rf_binding(r) == (rf, tag)]
            if group:
                out.append(_summary(f"{ISSUE14} RF {rf} {tag}", group))
    for tag in ("mul-impl-dsp", "mul-impl-fabric"):
        group = [r for r in i14 if tag in r.regimes]
        if group:
            out.append(_summary(f"{ISSUE14} all RF {tag}", group))
    for label, keep in (("layer-over-4096", True), ("no layer over 4096", False)):
        group = [r for r in i14 if ("layer-over-4096" in r.regimes) == keep]
        if group:
            out.append(_summary(f"{ISSUE14} {label}", group))
    if i14:
        out.append(_summary(f"{ISSUE14} (all)", i14))
    others: dict[str, list[RowResult]] = {}
    for r in results:
        if ISSUE14 not in r.regimes:
            others.setdefault(r.regimes[0], []).append(r)
    out += [_summary(tag, group) for tag, group in others.items()]
    out.append(_summary("all", results))
    return out


def parse_rows(spec: str | None) -> set[int] | None:
    """``"28-33,35"`` -> {28, ..., 33, 35}; ``None`` -> every row.

    >>> sorted(parse_rows("28-30,48"))
    [28, 29, 30, 48]
    """
    if not spec:
        return None
    out: set[int] = set()
    for part in spec.split(","):
        lo, _, hi = part.partition("-")
        out.update(range(int(lo), int(hi or lo) + 1))
    return out


def evaluate(projects: Path, fxsim: list[str], only: set[int] | None = None
             ) -> tuple[list[RowResult], list[str], list[str]]:
    """(results, exit-code table lines, not-evaluated lines); ``only``: the CSV rows to evaluate."""
    rows = read_rows()
    results: list[RowResult] = []
    codes = ["| row | project | `fxsim estimate PRJ --json F` exit | stderr (first error line) | overrides for "
             "the figures | tool / uncertainty / binding fxsim used | s |", "|---|---|---|---|---|---|---|"]
    skipped: list[str] = []
    for i, row in enumerate(rows):
        if only is not None and i not in only:
            continue
        p = plan(i, row)
        if p is None:
            skipped.append(f"row {i} not reconstructed: {NOT_RECONSTRUCTED.get(i, 'no plan')}")
            continue
        d = projects / p.key
        if not d.is_dir():
            ds = p.key.split("-")[1] if p.key.startswith("argykokk-") else ""
            why = ("rebuilt later, in $HELDOUT19/projects (run with --projects there)" if i in REBUILT_LATER
                   else MISSING_ARGY.get(ds, "no directory under --projects"))
            skipped.append(f"row {i} ({p.key}) not reconstructed: {why}")
            continue
        plain = run_estimate(fxsim, d)
        used = run_estimate(fxsim, d, p.overrides) if p.overrides else plain
        doc = used.doc
        setting = "—" if doc is None else (f"{doc.get('hls_tool')} / {doc.get('clock_uncertainty')} / "
                                           f"{doc.get('mul_binding')}")
        ov = " ".join(p.overrides) or "none"
        if p.why:
            ov += " (" + "; ".join(p.why) + ")"
        codes.append(f"| {i} | {p.key} | {plain.rc} | {plain.stderr or '—'} | {ov} | {setting} | "
                     f"{plain.seconds:.1f} |")
        if doc is None:
            skipped.append(f"row {i} ({p.key}): fxsim estimate exited {used.rc}: {used.stderr}")
            continue
        results.append(result_of(i, p.key, row, doc))
    return results, codes, skipped


def _cell(s: RegimeSummary, fig: str) -> str:
    return regime_table([s]).splitlines()[2].split(" | ")[FIGURES_COLS[fig]].rstrip(" |")


#: Column of each figure in :func:`regime_table`'s rows (split at " | ").
FIGURES_COLS = {"dsp": 2, "lut": 3, "ff": 4, "bram": 5, "latency": 6, "ii": 7, "band": 8}


def side_by_side_regimes(a: list[RegimeSummary], b: list[RegimeSummary]) -> str:
    """Per regime, each of round 5's columns as ``A / B``."""
    lines = ["| regime | rows | DSP | LUT | FF | BRAM | latency (cycles) | II exact | band covers |",
             "|---|---|---|---|---|---|---|---|---|"]
    for sa, sb in zip(a, b, strict=True):
        cells = [f"{_cell(sa, f)} / {_cell(sb, f)}" for f in FIGURES_COLS]
        lines.append(f"| {sa.regime} | {sa.n} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def side_by_side_rows(a: list[RowResult], b: list[RowResult]) -> str:
    """Per row: ``report / A / B`` for every figure (✗ = outside that estimate's 80 % band)."""
    lines = ["| row | design | DSP | LUT | FF | BRAM | latency | II |", "|---|---|---|---|---|---|---|---|"]
    by_b = {r.index: r for r in b}
    for ra in a:
        rb = by_b.get(ra.index)
        cells = []
        for f in FIGURES:
            t = ra.truth.get(f)
            parts = ["—" if t is None else f"{t:.0f}"]
            for r in (ra, rb):
                e = None if r is None else r.est.get(f)
                parts.append("—" if e is None else f"{e:.0f}" + (" ✗" if r.covered(f) is False else ""))
            cells.append(" / ".join(parts))
        lines.append(f"| {ra.index} | {ra.design} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def default_fxsim() -> list[str]:
    exe = Path(sys.executable).with_name("fxsim")
    return [str(exe)] if exe.is_file() else [sys.executable, "-m", "fxsim"]


def fxsim_from_freeze(path: Path) -> list[str]:
    """The lead's ``FREEZE_B`` file: a venv directory (``bin/fxsim``) or a line ``fxsim=/path/to/fxsim``."""
    text = path.read_text().strip()
    m = re.search(r"^fxsim=(.+)$", text, re.M)
    target = Path(m[1].strip() if m else text.splitlines()[0].strip())
    return [str(target / "bin" / "fxsim")] if target.is_dir() else [str(target)]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--projects", type=Path, required=True)
    ap.add_argument("--fxsim", default=None, help="fxsim executable (default: next to this python)")
    ap.add_argument("--freeze", type=Path, default=None, help="a FREEZE_B file naming the fxsim to use")
    ap.add_argument("--out", type=Path, default=None, help="also write the Markdown here")
    ap.add_argument("--title", default="Evaluation")
    ap.add_argument("--rows", default=None, help="only these CSV rows, e.g. 28-33,35-40 (default: all)")
    ap.add_argument("--compare", type=Path, default=None,
                    help="a second FREEZE file (or fxsim executable): also print A / B side-by-side tables")
    args = ap.parse_args(argv)
    fxsim = ([args.fxsim] if args.fxsim else fxsim_from_freeze(args.freeze) if args.freeze else default_fxsim())
    version = subprocess.run([*fxsim, "--version"], capture_output=True, text=True).stdout.strip()
    only = parse_rows(args.rows)
    results, codes, skipped = evaluate(args.projects, fxsim, only)
    n_plain_ok = sum(1 for ln in codes[2:] if ln.split(" | ")[2] == "0")
    text = "\n".join([
        f"## {args.title}", "",
        f"fxsim: `{' '.join(fxsim)}` ({version or 'version unknown'}); projects: `{args.projects}`", "",
        f"### Exit codes ({n_plain_ok} of {len(codes) - 2} projects exit 0 without options)", "", *codes, "",
        "### Per row (report / fxsim; ✗ = outside fxsim's 80 % band)", "", row_table(results), "",
        "### Per regime (median |error|; latency in cycles)", "", regime_table(regimes(results)), "",
        "### Not evaluated", "", *[f"* {s}" for s in skipped], ""])
    if args.compare is not None:
        other = ([str(args.compare)] if args.compare.is_file() and args.compare.name == "fxsim"
                 else fxsim_from_freeze(args.compare))
        results_b, _, _ = evaluate(args.projects, other, only)
        text += "\n".join([
            f"### Side by side: A = `{' '.join(fxsim)}`, B = `{' '.join(other)}`", "",
            "Per regime (A / B):", "", side_by_side_regimes(regimes(results), regimes(results_b)), "",
            "Per row (report / A / B; ✗ = outside that estimate's 80 % band):", "",
            side_by_side_rows(results, results_b), ""])
    return emit(text, args.out)


def emit(text: str, out: Path | None) -> int:
    """Print the Markdown, also write it to ``out`` when given; the exit code 0."""
    print(text)
    if out:
        out.write_text(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
