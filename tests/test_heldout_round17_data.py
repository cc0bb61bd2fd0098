"""Loader checks for ``tests/data/estimate/heldout_round17.csv``, the issue-14 held-out set, round 17.

Round 17 looked for public hls4ml projects whose csynth report and complete firmware are stored at the same commit in
repositories no earlier round used, under report paths earlier surveys had not tried (``hls_project/...``,
``hls/...``, ``hls4ml_project/...``, ``syn/report/...`` and others; see ``heldout_round17.md``). Two repositories gave
rows: a random-weight 32-64-32-8 MLP, io_parallel, Latency strategy at reuse factor 16, written by hls4ml 1.0.0 and
synthesised by Vitis HLS 2024.1 on a Zynq UltraScale+ part, with the Vivado synthesis of the same RTL (both rows
rebuilt byte for byte outside the repository, ``$HELDOUT23/projects``, written and checked by
``$HELDOUT23/src/make_projects.py`` from saved ``read_file`` pages); and a small io_stream CNN synthesised by Vitis
HLS 2023.1 on an Artix-7 with its top's DATAFLOW pragma commented out (not rebuilt: weights not stored). Figures are
copied as printed from reports pinned to a commit. It has the columns of ``heldout_round5.csv``; each row passes the
round-12 row checks (which include rounds 5, 6 and 8's, with the UltraScale+/UltraScale part distinction). These tests
only check that the file parses, that every row is sourced and carries figures, and that no row repeats a source, a
report (same repository, commit and figures) or a repository of the earlier sets (rounds 5-16): the estimator is
evaluated on the rows elsewhere, once, with rules frozen before the rows were read. Run with ``python -m pytest -q
tests/test_heldout_round17_data.py``.
"""

from __future__ import annotations

import pytest
from test_heldout_round5_data import CSV as ROUND5_CSV
from test_heldout_round5_data import DATA, read
from test_heldout_round6_data import header
from test_heldout_round7_data import repo_commit
from test_heldout_round8_data import check_new_and_distinct, check_new_repositories
from test_heldout_round12_data import check_row
from test_heldout_round16_data import CSV as ROUND16_CSV
from test_heldout_round16_data import EARLIER as ROUND16_EARLIER
from test_heldout_round16_data import KNOWN as ROUND16_KNOWN

CSV = DATA / "heldout_round17.csv"
#: Every earlier set: round 16's (which ends with round 15's CSV) and round 16 itself.
EARLIER = (*ROUND16_EARLIER, ROUND16_CSV)
#: Tags this round adds (none).
NEW_REGIMES: set[str] = set()
KNOWN = ROUND16_KNOWN | NEW_REGIMES

ROWS = read(CSV)


def test_earlier_sets_include_rounds_15_and_16() -> None:
    names = {p.name for p in EARLIER}
    assert {"heldout_round15.csv", "heldout_round16.csv", "heldout_round5.csv"} <= names


def test_columns_match_round5() -> None:
    assert header(CSV) == header(ROUND5_CSV)


def test_size_and_regime_coverage() -> None:
    assert len(ROWS) >= 3
    tags = [t for r in ROWS for t in r["regimes"].split(";")]
    assert {"latency-rf>1-mlp", "ultrascale-plus", "post-synthesis", "rebuilt-project", "7series", "io_stream-cnn",
            "hand-edited"} <= set(tags)
    assert tags.count("rebuilt-project") >= 2
    assert tags.count("post-synthesis") >= 1
    assert any(r["tool"].startswith("Vitis HLS") and r["io_type"] == "io_parallel" and r["strategy"] == "Latency"
               for r in ROWS)
    assert len({repo_commit(r["source"])[0] for r in ROWS}) >= 2  # type: ignore[index]


@pytest.mark.parametrize("row", ROWS, ids=[f"{i}:{r['model'][:40]}" for i, r in enumerate(ROWS)])
def test_row_is_sourced_and_has_figures(row: dict[str, str]) -> None:
    check_row(row, KNOWN, "$HELDOUT23/projects/")


def test_rows_are_new_and_distinct() -> None:
    check_new_and_distinct(ROWS, EARLIER)


def test_repositories_are_new() -> None:
    check_new_repositories(ROWS, EARLIER)
