"""Evaluate the pre-registered held-out kit (``tests/make_heldout_kit.py``) once its projects are synthesized.

    python tests/evaluate_heldout_kit.py KIT [--predictions tests/data/estimate/heldout_kit_predictions.json]
        [--markdown OUT.md]

For every project in ``KIT/predictions.json`` that has a C-synthesis report
(``KIT/<name>/**/syn/report/myproject_csynth.rpt``, else ``csynth.rpt``) this reads the report
(:mod:`fxsim.estimate.csynth`), checks that the project's files still have the digests recorded with the
predictions, and compares the report with the **frozen** prediction: nothing is re-estimated. It prints issue
14's figures per regime (median |error| of DSP/LUT/FF/BRAM, median |latency error| in cycles, II exact share,
share of figures inside the 80 % band) and each project's row; projects without a report are listed as such.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from make_heldout_kit import firmware_digests  # noqa: E402

from fxsim.estimate.csynth import FIGURES, CsynthReport, FigureComparison, read_csynth_report  # noqa: E402

RESOURCES = ("dsp", "lut", "ff", "bram_18k")


def find_report(project: Path) -> Path | None:
    """The top function's csynth report under ``project`` (``myproject_csynth.rpt`` first)."""
    for pattern in ("**/syn/report/myproject_csynth.rpt", "**/syn/report/csynth.rpt"):
        found = sorted(project.glob(pattern))
        if found:
            return found[0]
    return None


def regimes(cell: dict) -> list[str]:
    """The groups a project counts in: its part family, its schedule, and issue 14's own regime."""
    seven = cell["part"].startswith("xc7")
    sched = (f"{cell['strategy']} RF {cell['reuse_factor']} {cell['io_type']}")
    out = ["all", "7-series" if seven else "UltraScale+", sched, f"{cell['clock_ns']:g} ns"]
    if seven and cell["strategy"] == "Latency" and cell["io_type"] == "io_parallel":
        out.append("issue 14 (7-series, Latency, io_parallel)")
    return out


def row_errors(pred: dict, rep: CsynthReport) -> dict[str, float | int | bool | None]:
    """Per figure: relative error (resources), error in cycles (latency, II); and ``in_band`` per figure
    (:class:`fxsim.estimate.csynth.FigureComparison` on the frozen prediction)."""
    ours = {**pred["hls_estimate"], "latency_cycles": pred["latency_cycles"], "ii": pred["ii"]}
    out: dict[str, float | int | bool | None] = {}
    for k in FIGURES:
        lo, hi = pred["bands_csynth"][k]
        c = FigureComparison(k, int(ours[k]), getattr(rep, k), (int(lo), int(hi)))
        out[k], out[f"{k}_in_band"] = c.error, c.in_band
    return out


def summarize(rows: list[tuple[dict, dict]]) -> list[dict]:
    """Issue 14's figures per regime over ``(cell, errors)`` rows."""
    groups: dict[str, list[dict]] = {}
    for cell, err in rows:
        for g in regimes(cell):
            groups.setdefault(g, []).append(err)
    out = []
    for g, errs in sorted(groups.items()):
        def med(k: str, errs: list[dict] = errs) -> float | None:
            vals = [abs(e[k]) for e in errs if e.get(k) is not None]
            return statistics.median(vals) if vals else None
        ii = [e["ii"] == 0 for e in errs if e.get("ii") is not None]
        band = [e[f"{k}_in_band"] for e in errs for k in FIGURES if e.get(f"{k}_in_band") is not None]
        out.append({"regime": g, "rows": len(errs), **{k: med(k) for k in RESOURCES},
                    "latency_cycles": med("latency_cycles"), "ii_exact": sum(ii) / len(ii) if ii else None,
                    "band": sum(band) / len(band) if band else None})
    return out


def evaluate(kit: Path, predictions: Path | None = None) -> tuple[list[dict], list[str]]:
    """``(per-regime summary, lines about each project)``; ``predictions`` defaults to the kit's own file."""
    data = json.loads((predictions or kit / "predictions.json").read_text())
    rows, lines = [], [f"predictions made by fxsim {data['fxsim_commit']} on hls4ml {data.get('hls4ml_version')}"]
    for name, entry in data["projects"].items():
        project = kit / name
        if firmware_digests(project) != entry["firmware_sha256"]:
            lines.append(f"{name}: SKIPPED, its files differ from the ones the prediction was made for")
            continue
        path = find_report(project)
        if path is None:
            lines.append(f"{name}: no csynth report yet")
            continue
        err = row_errors(entry["prediction"], read_csynth_report(path))
        rows.append((entry["cell"], err))
        shown = ", ".join(f"{k} {err[k]:+.0%}" if k in RESOURCES else f"{k} {err[k]:+d}"
                          for k in FIGURES if err[k] is not None)
        lines.append(f"{name}: {shown}")
    return summarize(rows), lines


def markdown(summary: list[dict]) -> str:
    def pct(v: float | None) -> str:
        return "-" if v is None else f"{100 * v:.0f} %"
    out = ["| regime | rows | DSP | LUT | FF | BRAM | latency (cycles) | II exact | band |", "|---" * 9 + "|"]
    for s in summary:
        lat = "-" if s["latency_cycles"] is None else f"{s['latency_cycles']:g}"
        out.append(f"| {s['regime']} | {s['rows']} | {pct(s['dsp'])} | {pct(s['lut'])} | {pct(s['ff'])} | "
                   f"{pct(s['bram_18k'])} | {lat} | {pct(s['ii_exact'])} | {pct(s['band'])} |")
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("kit", help="the directory tests/make_heldout_kit.py wrote, with the reports added")
    parser.add_argument("--markdown", default=None, help="also write the per-regime table to this file")
    parser.add_argument("--predictions", default=None,
                        help="the frozen predictions (default: KIT/predictions.json; the pre-registered ones are "
                             "tests/data/estimate/heldout_kit_predictions.json)")
    args = parser.parse_args(argv)
    summary, lines = evaluate(Path(args.kit), Path(args.predictions) if args.predictions else None)
    print("\n".join(lines))
    table = markdown(summary)
    print(table)
    if args.markdown:
        Path(args.markdown).write_text(table + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
