"""Loader checks for ``tests/data/estimate/heldout_round16.csv``, the issue-14 held-out set, round 16.

Round 16 surveyed the repositories that hold ``myproject_prj/solution1/syn/report/myproject_csynth.rpt`` and that no
earlier round looked at (nine by YanLunHuang), plus the unused repositories found under other report paths. The CSV
holds real csynth and post-synthesis figures copied as printed from reports pinned to a commit; every row's design uses
hand-written ``nnet_utils`` templates (tag ``nonstock-template``); ``heldout_round16.md`` says how each row was read and
how the one rebuilt project (row 0) was written byte for byte outside the repository (``$HELDOUT18/projects``, written
and checked by ``$HELDOUT18/src/make_projects.py`` from saved ``read_file`` pages). It has the columns of
``heldout_round5.csv``; each row passes the round-12 row checks (which include rounds 5, 6 and 8's, with the
UltraScale+/UltraScale part distinction). These tests only check that the file parses, that every row is sourced and
carries figures, and that no row repeats a source, a report (same repository, commit and figures) or a repository
of the earlier sets (rounds 5-15): the estimator is evaluated on the rows elsewhere, once, with rules frozen before the
rows were read. Run with ``python -m pytest -q tests/test_heldout_round16_data.py``.
"""

from __future__ import annotations

import pytest
from test_heldout_round5_data import CSV as ROUND5_CSV
from test_heldout_round5_data import DATA, read
from test_heldout_round6_data import header
from test_heldout_round7_data import repo_commit
from test_heldout_round8_data import check_new_and_distinct, check_new_repositories
from test_heldout_round12_data import check_row
from test_heldout_round15_data import CSV as ROUND15_CSV
from test_heldout_round15_data import EARLIER as ROUND15_EARLIER
from test_heldout_round15_data import KNOWN as ROUND15_KNOWN

CSV = DATA / "heldout_round16.csv"
#: Every earlier set: round 15's (which ends with round 14's CSV) and round 15 itself.
EARLIER = (*ROUND15_EARLIER, ROUND15_CSV)
#: Tags this round adds (none).
NEW_REGIMES: set[str] = set()
KNOWN = ROUND15_KNOWN | NEW_REGIMES

ROWS = read(CSV)


def test_earlier_sets_include_rounds_14_and_15() -> None:
    names = {p.name for p in EARLIER}
    assert {"heldout_round14.csv", "heldout_round15.csv", "heldout_round5.csv"} <= names


def test_columns_match_round5() -> None:
    assert header(CSV) == header(ROUND5_CSV)


def test_size_and_regime_coverage() -> None:
    assert len(ROWS) >= 6
    tags = [t for r in ROWS for t in r["regimes"].split(";")]
    assert {"io_stream-cnn", "resource", "ultrascale-plus", "recurrent", "post-synthesis", "nonstock-template",
            "rebuilt-project"} <= set(tags)
    assert tags.count("nonstock-template") == len(ROWS)
    assert tags.count("rebuilt-project") >= 1
    assert len({repo_commit(r["source"])[0] for r in ROWS}) >= 4  # type: ignore[index]


@pytest.mark.parametrize("row", ROWS, ids=[f"{i}:{r['model'][:40]}" for i, r in enumerate(ROWS)])
def test_row_is_sourced_and_has_figures(row: dict[str, str]) -> None:
    check_row(row, KNOWN, "$HELDOUT18/projects/")


def test_rows_are_new_and_distinct() -> None:
    check_new_and_distinct(ROWS, EARLIER)


def test_repositories_are_new() -> None:
    check_new_repositories(ROWS, EARLIER)
