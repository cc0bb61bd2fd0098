"""Loader checks for ``tests/data/estimate/heldout_round12.csv``, the issue-14 held-out set, round 12.

The CSV holds real csynth and post-synthesis figures of hls4ml designs read from a public repository no earlier round
used (every source a GitHub URL pinned to a commit); ``heldout_round12.md`` says how each row was read, which row has
its project rebuilt byte for byte outside the repository (``$HELDOUT12/projects``), and what an ``fxsim estimate``
run of it needs. It has the columns of ``heldout_round5.csv``; each row passes the round-6 row checks (which include
round 5's) plus the ones below. The round-8 ``check_row`` is not reused as is: it counts every ``xcku`` part as
UltraScale+, and row 5 is on a Kintex UltraScale (non-plus) ``xcku035``, so the part tags are checked here with
the plus/non-plus distinction (new tag ``ultrascale``). These tests only check that the file parses, that every row
is sourced and carries figures, and that no row repeats a source or a report (same repository, commit and figures)
of the earlier sets: the estimator is evaluated on the rows elsewhere, once, with rules frozen before the rows were
read. Run with ``python -m pytest -q tests/test_heldout_round12_data.py``.
"""

from __future__ import annotations

import re

import pytest
from test_heldout_round5_data import CSV as ROUND5_CSV
from test_heldout_round5_data import DATA, PUBLIC, read
from test_heldout_round5_data import REGIMES as ROUND5_REGIMES
from test_heldout_round6_data import CSV as ROUND6_CSV
from test_heldout_round6_data import NEW_REGIMES as ROUND6_REGIMES
from test_heldout_round6_data import header
from test_heldout_round6_data import test_row_is_sourced_and_has_figures as round6_row_checks
from test_heldout_round7_data import CSV as ROUND7_CSV
from test_heldout_round7_data import NEW_REGIMES as ROUND7_REGIMES
from test_heldout_round7_data import repo_commit
from test_heldout_round8_data import CSV as ROUND8_CSV
from test_heldout_round8_data import NEW_REGIMES as ROUND8_REGIMES
from test_heldout_round8_data import SERIES7, check_new_and_distinct, check_new_repositories
from test_heldout_round9_data import CSV as ROUND9_CSV
from test_heldout_round9_data import NEW_REGIMES as ROUND9_REGIMES
from test_heldout_round10_data import CSV as ROUND10_CSV
from test_heldout_round10_data import NEW_REGIMES as ROUND10_REGIMES
from test_heldout_round11_data import CSV as ROUND11_CSV
from test_heldout_round11_data import NEW_REGIMES as ROUND11_REGIMES

CSV = DATA / "heldout_round12.csv"
EARLIER = (PUBLIC, ROUND5_CSV, ROUND6_CSV, ROUND7_CSV, ROUND8_CSV, ROUND9_CSV, ROUND10_CSV, ROUND11_CSV,
           DATA / "coelho2021_table4.csv")
#: Tags this round adds (``heldout_round12.md`` defines them): a GRU/LSTM layer in the design, and a Kintex/Virtex
#: UltraScale (non-plus) part.
NEW_REGIMES = {"recurrent", "ultrascale"}
KNOWN = (ROUND5_REGIMES | ROUND6_REGIMES | ROUND7_REGIMES | ROUND8_REGIMES | ROUND9_REGIMES | ROUND10_REGIMES
         | ROUND11_REGIMES | NEW_REGIMES)
#: UltraScale+ parts (Virtex/Kintex UltraScale+ end in "p", Alveo, Zynq UltraScale+, Kria K26) and UltraScale ones.
ULTRASCALE_PLUS = re.compile(r"^xc(vu\d+p|ku\d+p|u\d|zu|k26)")
ULTRASCALE = re.compile(r"^xc(vu|ku)\d+(?!\d*p)-")

ROWS = read(CSV)


def check_row(row: dict[str, str], known: set[str], folder: str) -> None:
    """Round 8's per-row checks with the UltraScale+/UltraScale distinction."""
    tags = row["regimes"].split(";")
    assert set(tags) <= known, tags
    round6_row_checks({**row, "regimes": ";".join(t for t in tags if t in ROUND5_REGIMES | ROUND6_REGIMES)})
    assert repo_commit(row["source"]) is not None, row["source"]
    assert ("ultrascale-plus" in tags) == bool(ULTRASCALE_PLUS.match(row["part"])), row["part"]
    assert ("ultrascale" in tags) == bool(ULTRASCALE.match(row["part"])), row["part"]
    assert ("7series" in tags) == row["part"].startswith(SERIES7)
    if "rebuilt-project" in tags:
        assert folder in row["notes"]


def test_part_patterns() -> None:
    assert ULTRASCALE_PLUS.match("xcku15p-ffva1156-2-e") and ULTRASCALE_PLUS.match("xcvu13p-flga2577-2-e")
    assert ULTRASCALE_PLUS.match("xcu250-figd2104-2L-e") and ULTRASCALE_PLUS.match("xck26-sfvc784-2LV-c")
    assert ULTRASCALE.match("xcku035-fbva676-2-e") and ULTRASCALE.match("xcku115-flvb2104-2-i")
    assert not ULTRASCALE.match("xcku15p-ffva1156-2-e") and not ULTRASCALE_PLUS.match("xcku035-fbva676-2-e")


def test_columns_match_round5() -> None:
    assert header(CSV) == header(ROUND5_CSV)


def test_size_and_regime_coverage() -> None:
    assert len(ROWS) >= 6
    tags = [t for r in ROWS for t in r["regimes"].split(";")]
    assert {"7series", "ultrascale-plus", "ultrascale", "io_stream-cnn", "resource", "quantized-fabric",
            "post-synthesis", "recurrent"} <= set(tags)
    assert tags.count("rebuilt-project") >= 1
    assert tags.count("post-synthesis") >= 2
    assert len({repo_commit(r["source"]) for r in ROWS}) >= 4  # type: ignore[index]


@pytest.mark.parametrize("row", ROWS, ids=[f"{i}:{r['model'][:40]}" for i, r in enumerate(ROWS)])
def test_row_is_sourced_and_has_figures(row: dict[str, str]) -> None:
    check_row(row, KNOWN, "$HELDOUT12/projects/")


def test_rows_are_new_and_distinct() -> None:
    check_new_and_distinct(ROWS, EARLIER)


def test_repositories_are_new() -> None:
    check_new_repositories(ROWS, EARLIER)
