"""Loader checks for ``tests/data/estimate/heldout_round7.csv``, the issue-14 held-out set, round 7.

The CSV holds real csynth and Vivado-synthesis figures of hls4ml designs read from public repositories
(every source a GitHub URL pinned to a commit); ``heldout_round7.md`` says how each row was read, which rows
have a project rebuilt byte for byte outside the repository, and what an ``fxsim estimate`` run of each needs.
It has the columns of ``heldout_round5.csv``; each row passes the round-6 row checks (reused from
``test_heldout_round6_data``, which include round 5's) plus the round-7 ones below. These tests only check
that the file parses, that every row is sourced and carries figures, and that no row repeats a source, or a
(repository, commit) pair, of the earlier sets: the estimator is evaluated on the rows elsewhere, once, with
rules frozen before the rows were read. Run with ``python -m pytest -q tests/test_heldout_round7_data.py``.
"""

from __future__ import annotations

import re

import pytest
from test_heldout_round5_data import CSV as ROUND5_CSV
from test_heldout_round5_data import DATA, PUBLIC, read
from test_heldout_round5_data import REGIMES as ROUND5_REGIMES
from test_heldout_round6_data import CSV as ROUND6_CSV
from test_heldout_round6_data import header
from test_heldout_round6_data import test_row_is_sourced_and_has_figures as round6_row_checks

CSV = DATA / "heldout_round7.csv"
EARLIER = (PUBLIC, ROUND5_CSV, ROUND6_CSV, DATA / "coelho2021_table4.csv")
#: Tags this round adds to the round-5 ones (``heldout_round7.md`` defines them).
NEW_REGIMES = {"ultrascale-plus", "rebuilt-project", "wrapper-included", "rf-full-serial", "nonstock-template"}
REPO_COMMIT = re.compile(r"^https://github\.com/([\w.-]+/[\w.-]+)/blob/([0-9a-f]{40})/")

ROWS = read(CSV)


def repo_commit(source: str) -> tuple[str, str] | None:
    """``(owner/name, commit)`` of a GitHub source URL, or None for a paper or an issue."""
    m = REPO_COMMIT.match(source)
    return (m.group(1), m.group(2)) if m else None


def test_columns_match_round5() -> None:
    assert header(CSV) == header(ROUND5_CSV)


def test_size_and_regime_coverage() -> None:
    assert len(ROWS) >= 8
    tags = [t for r in ROWS for t in r["regimes"].split(";")]
    assert {"7series", "io_stream-cnn", "resource", "latency-rf1-mlp", "quantized-fabric", "post-synthesis",
            "ultrascale-plus"} <= set(tags)
    assert tags.count("rebuilt-project") >= 3
    assert len({repo_commit(r["source"])[0] for r in ROWS}) >= 4  # type: ignore[index]


@pytest.mark.parametrize("row", ROWS, ids=[f"{i}:{r['model'][:40]}" for i, r in enumerate(ROWS)])
def test_row_is_sourced_and_has_figures(row: dict[str, str]) -> None:
    tags = row["regimes"].split(";")
    assert set(tags) <= ROUND5_REGIMES | NEW_REGIMES, tags
    round6_row_checks({**row, "regimes": ";".join(t for t in tags if t in ROUND5_REGIMES)})
    assert ("ultrascale-plus" in tags) == row["part"].startswith(("xcvu", "xcu", "xczu", "xcku"))
    assert ("7series" in tags) == row["part"].startswith(("xc7z", "xc7a", "xc7k", "xc7v"))
    if "rebuilt-project" in tags:  # row 4 (live-demo RN06 @ bd52237) was rebuilt later, in session est_r17
        assert "$HELDOUT7/projects/" in row["notes"] or "$HELDOUT17/projects/" in row["notes"]


def test_rows_are_new_and_distinct() -> None:
    earlier = [r for path in EARLIER for r in read(path)]
    assert not {r["source"] for r in earlier} & {r["source"] for r in ROWS}
    earlier_builds = {repo_commit(r["source"]) for r in earlier} - {None}
    assert not earlier_builds & {repo_commit(r["source"]) for r in ROWS}
    keys = [(r["source"], r["model"], r["kind"], r["reuse_factor"]) for r in ROWS]
    assert len(keys) == len(set(keys))
