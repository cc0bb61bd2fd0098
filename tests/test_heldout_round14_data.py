"""Loader checks for ``tests/data/estimate/heldout_round14.csv``, the issue-14 held-out set, round 14.

The CSV holds real csynth and post-synthesis figures of hls4ml designs read from public repositories no earlier round's
CSV used (every source a GitHub URL pinned to a commit); ``heldout_round14.md`` says how each row was read and how the
two hls4ml-pynq projects of rows 3-6 were rebuilt byte for byte outside the repository (``$HELDOUT14/projects``, written
and checked by ``$HELDOUT14/src/make_nicolo_projects.py`` from saved ``read_file`` pages). It has the columns of
``heldout_round5.csv``; each row passes the round-12 row checks (which include rounds 5, 6 and 8's, with the
UltraScale+/UltraScale part distinction). These tests only check that the file parses, that every row is sourced and
carries figures, and that no row repeats a source or a report (same repository, commit and figures) of the earlier
sets: the estimator is evaluated on the rows elsewhere, once, with rules frozen before the rows were read. Run with
``python -m pytest -q tests/test_heldout_round14_data.py``.
"""

from __future__ import annotations

import pytest
from test_heldout_round5_data import CSV as ROUND5_CSV
from test_heldout_round5_data import DATA, read
from test_heldout_round6_data import header
from test_heldout_round7_data import repo_commit
from test_heldout_round8_data import check_new_and_distinct, check_new_repositories
from test_heldout_round12_data import check_row
from test_heldout_round13_data import CSV as ROUND13_CSV
from test_heldout_round13_data import EARLIER as ROUND13_EARLIER
from test_heldout_round13_data import KNOWN as ROUND13_KNOWN

CSV = DATA / "heldout_round14.csv"
#: Every earlier set: round 13's and round 13 itself.
EARLIER = (*ROUND13_EARLIER, ROUND13_CSV)
#: Tags this round adds (none).
NEW_REGIMES: set[str] = set()
KNOWN = ROUND13_KNOWN | NEW_REGIMES

ROWS = read(CSV)


def test_columns_match_round5() -> None:
    assert header(CSV) == header(ROUND5_CSV)


def test_size_and_regime_coverage() -> None:
    assert len(ROWS) >= 11
    tags = [t for r in ROWS for t in r["regimes"].split(";")]
    assert {"7series", "ultrascale-plus", "resource", "pruned", "quantized-fabric", "latency-rf1-mlp", "io_stream-cnn",
            "clk-100mhz", "post-synthesis", "wrapper-included"} <= set(tags)
    assert tags.count("post-synthesis") >= 3
    assert tags.count("resource") >= 7
    assert tags.count("rebuilt-project") >= 4
    assert len({repo_commit(r["source"])[0] for r in ROWS}) >= 3  # type: ignore[index]


@pytest.mark.parametrize("row", ROWS, ids=[f"{i}:{r['model'][:40]}" for i, r in enumerate(ROWS)])
def test_row_is_sourced_and_has_figures(row: dict[str, str]) -> None:
    check_row(row, KNOWN, "$HELDOUT14/projects/")


def test_rows_are_new_and_distinct() -> None:
    check_new_and_distinct(ROWS, EARLIER)


def test_repositories_are_new() -> None:
    check_new_repositories(ROWS, EARLIER)
