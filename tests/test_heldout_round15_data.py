"""Loader checks for ``tests/data/estimate/heldout_round15.csv``, the issue-14 held-out set, round 15.

Round 15 searched non-repository sources (hls4ml issue and pull-request threads, stored web pages, the rule4ml
notebooks, paper tables); the rows it could form come from an executed notebook that an hls4ml issue thread points to
(every source so far a GitHub URL pinned to a commit). ``heldout_round15.md`` says how each row was read, why no row
has a rebuilt project, and what a rebuild would need. It has the columns of ``heldout_round5.csv``; each row passes the
round-12 row checks (which include rounds 5, 6 and 8's, with the UltraScale+/UltraScale part distinction). Because this
round's search space is issue threads and web pages, :func:`check_row_any_source` also accepts a source that is an
issue, pull-request or discussion URL (``https://github.com/O/R/issues/N``, ``pull/N``, ``discussions/N``, with an
optional ``#issuecomment-ID``/``#discussion_r...`` anchor) or a stored web page's exact ``https`` URL, and keeps every
other check. These tests only check that the file parses, that every row is sourced and carries figures, and that no
row repeats a source or a report (same repository, commit and figures) of the earlier sets: the estimator is evaluated
on the rows elsewhere, once, with rules frozen before the rows were read. Run with
``python -m pytest -q tests/test_heldout_round15_data.py``.
"""

from __future__ import annotations

import re

import pytest
from test_heldout_round5_data import CSV as ROUND5_CSV
from test_heldout_round5_data import DATA, PINNED, read
from test_heldout_round6_data import header
from test_heldout_round7_data import repo_commit
from test_heldout_round8_data import check_new_and_distinct, check_new_repositories
from test_heldout_round12_data import check_row
from test_heldout_round14_data import CSV as ROUND14_CSV
from test_heldout_round14_data import EARLIER as ROUND14_EARLIER
from test_heldout_round14_data import KNOWN as ROUND14_KNOWN

CSV = DATA / "heldout_round15.csv"
#: Every earlier set: round 14's and round 14 itself.
EARLIER = (*ROUND14_EARLIER, ROUND14_CSV)
#: Tags this round adds (none).
NEW_REGIMES: set[str] = set()
KNOWN = ROUND14_KNOWN | NEW_REGIMES

THREAD = re.compile(r"^https://github\.com/[\w.-]+/[\w.-]+/(issues|pull|discussions)/\d+"
                    r"(#(issuecomment-\d+|discussion_r\d+|discussioncomment-\d+))?$")
#: A stored web page's exact address (not a GitHub repository file: those must be pinned blob URLs).
PAGE = re.compile(r"^https://(?!github\.com/)[^\s/]+\.[a-z]{2,}/\S*$")
#: Any pinned source, used in place of a thread or page source so the round-5..12 checks run unchanged.
STAND_IN = "https://github.com/example/example/blob/" + "0" * 40 + "/report.rpt"

ROWS = read(CSV)


def check_row_any_source(row: dict[str, str], known: set[str], folder: str) -> None:
    """Round 12's ``check_row`` for a source pinned to a commit; for an issue/PR/discussion thread or a stored page,
    the same checks with the source validated by its own pattern (every other column is checked as before)."""
    source = row["source"]
    if PINNED.match(source):
        check_row(row, known, folder)
        return
    assert THREAD.match(source) or PAGE.match(source), source
    check_row({**row, "source": STAND_IN}, known, folder)


def test_source_patterns() -> None:
    assert THREAD.match("https://github.com/fastmachinelearning/hls4ml/issues/889")
    assert THREAD.match("https://github.com/fastmachinelearning/hls4ml/pull/246#issuecomment-733123456")
    assert not THREAD.match("https://github.com/fastmachinelearning/hls4ml/blob/main/README.md")
    assert PAGE.match("https://arxiv.org/html/2508.21739v1") and not PAGE.match("https://github.com/o/r/issues/1")
    assert repo_commit(STAND_IN) is not None


def test_columns_match_round5() -> None:
    assert header(CSV) == header(ROUND5_CSV)


def test_size_and_regime_coverage() -> None:
    assert len(ROWS) >= 2
    tags = [t for r in ROWS for t in r["regimes"].split(";")]
    assert {"io_stream-cnn", "resource", "ultrascale", "ultrascale-plus"} <= set(tags)
    assert len({r["source"] for r in ROWS}) >= 2


@pytest.mark.parametrize("row", ROWS, ids=[f"{i}:{r['model'][:40]}" for i, r in enumerate(ROWS)])
def test_row_is_sourced_and_has_figures(row: dict[str, str]) -> None:
    check_row_any_source(row, KNOWN, "$HELDOUT15/projects/")


def test_rows_are_new_and_distinct() -> None:
    check_new_and_distinct(ROWS, EARLIER)


def test_repositories_are_new() -> None:
    check_new_repositories([r for r in ROWS if repo_commit(r["source"]) is not None], EARLIER)
