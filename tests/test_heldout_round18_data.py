"""Loader checks for ``tests/data/estimate/heldout_round18.csv``, the issue-14 held-out set, round 18.

Round 18 looked for public hls4ml projects with a csynth report in repositories no earlier round used, by ways other
than the exhaustive report-path survey of earlier rounds: ``find_repos`` name fragments, ``find_string`` on strings
of hls4ml conversion scripts and generated files combined with 7-series parts (then probing the output folders those
scripts name), and the ``issues``/``pages``/``code`` corpora (see ``heldout_round18.md``, which lists every line
tried). One repository gave a row: an MFCC keyword-spotting CNN, io_stream, Resource strategy on every weighted
layer, written by hls4ml 1.0.0 and synthesised by Vitis HLS 2024.1 on a Zynq-7020 at 20 ns, with a hand-edited AXI
top. It is not rebuilt (the index does not store the complete firmware at any commit), so no row carries
``rebuilt-project`` and ``$HELDOUT25/projects`` is empty. Figures are copied as printed from the report pinned to its
commit. The file has the columns of ``heldout_round5.csv``; the row passes the round-12 row checks (which include
rounds 5, 6 and 8's, with the UltraScale+/UltraScale part distinction). These tests only check that the file
parses, that every row is sourced and carries figures, and that no row repeats a source, a report or a repository of
the earlier sets (rounds 5-17): the estimator is evaluated on the rows elsewhere, once, with rules frozen before the
rows were read. Run with ``python -m pytest -q tests/test_heldout_round18_data.py``.
"""

from __future__ import annotations

import pytest
from test_heldout_round5_data import CSV as ROUND5_CSV
from test_heldout_round5_data import DATA, read
from test_heldout_round6_data import header
from test_heldout_round7_data import repo_commit
from test_heldout_round8_data import check_new_and_distinct, check_new_repositories
from test_heldout_round12_data import check_row
from test_heldout_round17_data import CSV as ROUND17_CSV
from test_heldout_round17_data import EARLIER as ROUND17_EARLIER
from test_heldout_round17_data import KNOWN as ROUND17_KNOWN

CSV = DATA / "heldout_round18.csv"
#: Every earlier set: round 17's (which ends with round 16's CSV) and round 17 itself.
EARLIER = (*ROUND17_EARLIER, ROUND17_CSV)
#: Tags this round adds (none).
NEW_REGIMES: set[str] = set()
KNOWN = ROUND17_KNOWN | NEW_REGIMES

ROWS = read(CSV)


def test_earlier_sets_include_rounds_16_and_17() -> None:
    names = {p.name for p in EARLIER}
    assert {"heldout_round16.csv", "heldout_round17.csv", "heldout_round5.csv"} <= names


def test_columns_match_round5() -> None:
    assert header(CSV) == header(ROUND5_CSV)


def test_size_and_regime_coverage() -> None:
    assert len(ROWS) >= 1
    tags = [t for r in ROWS for t in r["regimes"].split(";")]
    assert {"io_stream-cnn", "resource", "7series", "hand-edited"} <= set(tags)
    # Nothing was rebuilt this round: the md says why, and no row may claim a rebuilt project.
    assert tags.count("rebuilt-project") == 0
    assert all("$HELDOUT25/projects/" not in r["notes"] for r in ROWS)
    assert any(r["tool"].startswith("Vitis HLS") and r["part"].startswith("xc7z") for r in ROWS)
    assert len({repo_commit(r["source"])[0] for r in ROWS}) >= 1  # type: ignore[index]


@pytest.mark.parametrize("row", ROWS, ids=[f"{i}:{r['model'][:40]}" for i, r in enumerate(ROWS)])
def test_row_is_sourced_and_has_figures(row: dict[str, str]) -> None:
    check_row(row, KNOWN, "$HELDOUT25/projects/")


def test_rows_are_new_and_distinct() -> None:
    check_new_and_distinct(ROWS, EARLIER)


def test_repositories_are_new() -> None:
    check_new_repositories(ROWS, EARLIER)
