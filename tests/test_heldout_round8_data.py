"""Loader checks for ``tests/data/estimate/heldout_round8.csv``, the issue-14 held-out set, round 8.

The CSV holds real csynth figures of hls4ml designs read from public repositories (every source a GitHub URL
pinned to a commit); ``heldout_round8.md`` says how each row was read, which rows have their project rebuilt
byte for byte outside the repository (``$HELDOUT8/projects``), and what an ``fxsim estimate`` run of each
needs. It has the columns of ``heldout_round5.csv``; each row passes the round-6 row checks (reused from
``test_heldout_round6_data``, which include round 5's) plus the round-8 ones below. These tests only check
that the file parses, that every row is sourced and carries figures, and that no row repeats a source or a
report (same repository, commit and figures) of the earlier sets: the estimator is evaluated on the rows
elsewhere, once, with rules frozen before the rows were read. Run with
``python -m pytest -q tests/test_heldout_round8_data.py``.
"""

from __future__ import annotations

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

CSV = DATA / "heldout_round8.csv"
EARLIER = (PUBLIC, ROUND5_CSV, ROUND6_CSV, ROUND7_CSV, DATA / "coelho2021_table4.csv")
#: Tags this round adds (``heldout_round8.md`` defines them).
NEW_REGIMES = {"hand-edited"}
KNOWN = ROUND5_REGIMES | ROUND6_REGIMES | ROUND7_REGIMES | NEW_REGIMES
#: Part prefixes of UltraScale+ devices (Virtex/Kintex/Zynq UltraScale+, Alveo, Kria K26) and of 7-series ones.
ULTRASCALE_PLUS = ("xcvu", "xcu", "xczu", "xcku", "xck26")
SERIES7 = ("xc7z", "xc7a", "xc7k", "xc7v")
FIGURE_KEY = ("dsp", "lut", "ff", "bram", "latency", "ii")

ROWS = read(CSV)


def test_columns_match_round5() -> None:
    assert header(CSV) == header(ROUND5_CSV)


def test_size_and_regime_coverage() -> None:
    assert len(ROWS) >= 6
    tags = [t for r in ROWS for t in r["regimes"].split(";")]
    assert {"7series", "ultrascale-plus", "io_stream-cnn", "resource", "latency-rf>1-mlp", "latency-rf>1-cnn",
            "quantized-fabric", "pruned"} <= set(tags)
    assert tags.count("rebuilt-project") >= 3
    assert len({repo_commit(r["source"])[0] for r in ROWS}) >= 6  # type: ignore[index]


def check_row(row: dict[str, str], known: set[str], folder: str) -> None:
    """The per-row checks of rounds 8 and later: known tags, round 6's (and 5's) row checks, a pinned source, part
    tags that match the part, and a rebuilt project named under ``folder`` (``$HELDOUT<n>/projects/``)."""
    tags = row["regimes"].split(";")
    assert set(tags) <= known, tags
    round6_row_checks({**row, "regimes": ";".join(t for t in tags if t in ROUND5_REGIMES | ROUND6_REGIMES)})
    assert repo_commit(row["source"]) is not None, row["source"]
    assert ("ultrascale-plus" in tags) == row["part"].startswith(ULTRASCALE_PLUS)
    assert ("7series" in tags) == row["part"].startswith(SERIES7)
    if "rebuilt-project" in tags:
        assert folder in row["notes"]


def check_new_repositories(rows: list[dict[str, str]], earlier_paths: tuple) -> None:
    """No row's repository appears in an earlier set (rounds 11 on read only repositories no round used)."""
    earlier = {repo_commit(r["source"])[0] for path in earlier_paths for r in read(path)  # type: ignore[index]
               if repo_commit(r["source"]) is not None}
    assert not earlier & {repo_commit(r["source"])[0] for r in rows}  # type: ignore[index]


def check_new_and_distinct(rows: list[dict[str, str]], earlier_paths: tuple) -> None:
    """No source and no (repository, commit, figures) report of an earlier set; no repeated row or figures."""
    earlier = [r for path in earlier_paths for r in read(path)]
    assert not {r["source"] for r in earlier} & {r["source"] for r in rows}
    # A new build of a repository an earlier round used is fine; the same report (build and figures) is not.
    seen = {(repo_commit(r["source"]), tuple(r.get(k, "") for k in FIGURE_KEY)) for r in earlier}
    assert not seen & {(repo_commit(r["source"]), tuple(r[k] for k in FIGURE_KEY)) for r in rows}
    keys = [(r["source"], r["model"], r["kind"], r["reuse_factor"]) for r in rows]
    assert len(keys) == len(set(keys))
    figures = [tuple(r[k] for k in FIGURE_KEY) for r in rows]
    assert len(figures) == len(set(figures))


#: Rows whose project was rebuilt in a later session, outside ``$HELDOUT8`` (source prefix -> projects folder):
#: the lolbraa MNIST_CNN/1 build was rebuilt in session est_r16 into ``$HELDOUT16/projects/``.
LATER_REBUILDS = {"https://github.com/lolbraa/HLS4ML_testbench_KV260/blob/39e1cfc": "$HELDOUT16/projects/"}


@pytest.mark.parametrize("row", ROWS, ids=[f"{i}:{r['model'][:40]}" for i, r in enumerate(ROWS)])
def test_row_is_sourced_and_has_figures(row: dict[str, str]) -> None:
    later = [f for prefix, f in LATER_REBUILDS.items() if row["source"].startswith(prefix)]
    check_row(row, KNOWN, later[0] if later else "$HELDOUT8/projects/")


def test_rows_are_new_and_distinct() -> None:
    check_new_and_distinct(ROWS, EARLIER)
