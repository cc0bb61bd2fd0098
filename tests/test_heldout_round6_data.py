"""Loader checks for ``tests/data/estimate/heldout_round6.csv``, the issue-14 held-out set, round 6.

The CSV holds real csynth and Vivado-synthesis figures of hls4ml designs read from public repositories
(every source a GitHub URL pinned to a commit); ``heldout_round6.md`` says how each row was read and what
rebuilding each design needs. It has the columns of ``heldout_round5.csv``, and each row passes the round-5
row checks (reused from ``test_heldout_round5_data``) plus the round-6 ones below. These tests only check that
the file parses, that every row is sourced and carries figures, and that no row repeats a source of
``public_synthesis.csv`` or ``heldout_round5.csv``: the estimator is evaluated on the rows elsewhere, once,
with rules frozen before the rows were read. Run with ``python -m pytest -q tests/test_heldout_round6_data.py``.
"""

from __future__ import annotations

import csv

import pytest
from test_heldout_round5_data import CSV as ROUND5_CSV
from test_heldout_round5_data import DATA, PUBLIC, read
from test_heldout_round5_data import REGIMES as ROUND5_REGIMES
from test_heldout_round5_data import test_row_is_sourced_and_has_figures as round5_row_checks

CSV = DATA / "heldout_round6.csv"
#: Tags this round adds to the round-5 ones (``heldout_round6.md`` defines them).
NEW_REGIMES = {"mul-impl-dsp", "mul-impl-fabric", "layer-over-4096", "issue14-reports"}

ROWS = read(CSV)


def header(path: object) -> tuple[str, ...]:
    """The first line of a CSV file as a tuple of column names."""
    with open(str(path), newline="") as f:
        return tuple(next(csv.reader(f)))


def test_columns_match_round5() -> None:
    assert header(CSV) == header(ROUND5_CSV)


def test_size_and_regime_coverage() -> None:
    assert len(ROWS) >= 30
    tags = [t for r in ROWS for t in r["regimes"].split(";")]
    assert {"7series", "pruned", "latency-rf1-mlp", "latency-rf>1-mlp", "io_stream-cnn", "resource"} <= set(tags)
    assert tags.count("mul-impl-dsp") >= 10 and tags.count("mul-impl-fabric") >= 10


@pytest.mark.parametrize("row", ROWS, ids=[f"{i}:{r['model'][:40]}" for i, r in enumerate(ROWS)])
def test_row_is_sourced_and_has_figures(row: dict[str, str]) -> None:
    tags = row["regimes"].split(";")
    assert set(tags) <= ROUND5_REGIMES | NEW_REGIMES, tags
    known = [t for t in tags if t in ROUND5_REGIMES]
    assert known, tags
    round5_row_checks({**row, "regimes": ";".join(known)})
    assert ("latency-rf1-mlp" in tags) <= (row["reuse_factor"] == "1")
    if "mul-impl-fabric" in tags:
        assert float(row["dsp"]) == 0
    assert not ({"mul-impl-dsp", "mul-impl-fabric"} <= set(tags))


def test_rows_are_new_and_distinct() -> None:
    earlier = {r["source"] for path in (PUBLIC, ROUND5_CSV) for r in read(path)}
    assert not earlier & {r["source"] for r in ROWS}
    keys = [(r["source"], r["model"], r["kind"], r["reuse_factor"]) for r in ROWS]
    assert len(keys) == len(set(keys))
