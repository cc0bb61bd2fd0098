"""Issue 14: three HGQ rows of earlier rounds rebuilt on 2026-12-07 (third session), run as a user runs them.

Usage::

    python tests/estimate_heldout_rebuilt20.py --projects /work/heldout20/projects --freeze FREEZE_A \
        [--compare FREEZE_B] [--out F.md]

The rows had been read (their report figures are in the CSVs) but never rebuilt, and no rule was ever fitted to
them: round 5 row 4 (``Lrozzy/hls4ml-tutorial@5efbda9`` ``model_3.1``, an HGQ jet tagger on an Alveo U250) and
round 6 rows 36-37 (``Lrozzy/hls4ml_OpenML@47cf4d8`` ``model_3.1_1``/``_2``, HGQ jet taggers on an Alveo U50).
Helpers rebuilt the projects byte for byte from the repositories (``/work/heldout20/{tutorial31,openml}``:
page savers, checking assemblers, manifests) without running the estimator or reading any HLS report. Each
project is estimated once, without options (``fxsim estimate PRJ --json F``), by each frozen fxsim named on the
line; the figures are compared as round 5 and 6 compare them (:func:`estimate_heldout_round5.result_of`).
"""

from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from estimate_heldout_round5 import RowResult, regime_table, result_of, row_table  # noqa: E402
from estimate_heldout_round6 import (  # noqa: E402
    _summary,
    emit,
    fxsim_from_freeze,
    run_estimate,
    side_by_side_regimes,
    side_by_side_rows,
)

DATA = Path(__file__).resolve().parent / "data" / "estimate"

#: (CSV, row index, project directory name under ``--projects``)
ROWS = (("heldout_round5.csv", 4, "lrozzy-tutorial-3.1"),
        ("heldout_round6.csv", 36, "lrozzy-hgq-3.1_1"),
        ("heldout_round6.csv", 37, "lrozzy-hgq-3.1_2"))


def evaluate(projects: Path, fxsim: list[str]) -> tuple[list[RowResult], list[str]]:
    """(results, one line per project: exit code and the settings fxsim read)."""
    results, lines = [], []
    for name, index, key in ROWS:
        with open(DATA / name, newline="") as f:
            row = list(csv.DictReader(f))[index]
        run = run_estimate(fxsim, projects / key)
        doc = run.doc
        setting = "—" if doc is None else (f"{doc.get('part')} / {doc.get('hls_tool')} / "
                                           f"{doc.get('clock_uncertainty')} / {doc.get('mul_binding')}")
        lines.append(f"| {name} row {index} | {key} | {run.rc} | {run.stderr or '—'} | {setting} |")
        if doc is not None:
            results.append(result_of(index, key, row, doc))
    return results, lines


def summaries(results: list[RowResult]) -> list:
    """One line for all rows (their round-5 / round-6 tags differ)."""
    return [_summary("HGQ latency RF 1 MLP, Alveo (all rebuilt rows)", results)]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--projects", type=Path, required=True)
    ap.add_argument("--freeze", type=Path, required=True, help="FREEZE file of the fxsim to evaluate (A)")
    ap.add_argument("--compare", type=Path, default=None, help="a second FREEZE file (B)")
    ap.add_argument("--out", type=Path, default=None)
    args = ap.parse_args(argv)
    a = fxsim_from_freeze(args.freeze)
    res_a, lines = evaluate(args.projects, a)
    head = ["| row | project | exit | stderr | part / tool / uncertainty / binding |", "|---|---|---|---|---|"]
    text = [f"A = `{' '.join(a)}`", "", *head, *lines, "", row_table(res_a), "", regime_table(summaries(res_a)), ""]
    if args.compare is not None:
        b = fxsim_from_freeze(args.compare)
        res_b, lines_b = evaluate(args.projects, b)
        text += [f"B = `{' '.join(b)}`", "", *head, *lines_b, "", "A / B:", "",
                 side_by_side_regimes(summaries(res_a), summaries(res_b)), "", side_by_side_rows(res_a, res_b), ""]
    return emit("\n".join(text), args.out)


if __name__ == "__main__":
    sys.exit(main())
