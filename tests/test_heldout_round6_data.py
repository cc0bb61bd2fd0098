"""Loader checks for ``tests/data/estimate/heldout_round6.csv``, the issue-14 held-out set, round 6.

The CSV holds real csynth and Vivado-synthesis figures of hls4ml designs read from public repositories
(every source a GitHub URL pinned to a commit); ``heldout_round6.md`` says how each row was read and what
rebuilding each design needs. These tests only check that the file parses, that every row is sourced and
carries figures, and that no row repeats a source of ``public_synthesis.csv`` or ``heldout_round5.csv``:
the estimator is evaluated on the rows elsewhere, once, with rules frozen before the rows were read.
Run with ``python -m pytest -q tests/test_heldout_round6_data.py``.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

DATA = Path(__file__).parent / "data" / "estimate"
CSV = DATA / "heldout_round6.csv"
EARLIER = (DATA / "public_synthesis.csv", DATA / "heldout_round5.csv")

#: The columns of ``heldout_round5.csv``: those of ``public_synthesis.csv`` then five more.
COLUMNS = ("source", "model", "precision", "reuse_factor", "strategy", "io_type", "part", "clock", "dsp", "lut",
           "ff", "bram", "latency", "ii", "kind", "notes", "tool", "architecture", "latency_min", "ii_min", "regimes")
NUMERIC = ("clock", "dsp", "lut", "ff", "bram", "latency", "ii", "latency_min", "ii_min")
FIGURES = ("dsp", "lut", "ff", "bram", "latency", "ii")
#: Round-5 tags plus the ones this round adds (``heldout_round6.md`` defines them).
REGIMES = {"latency-rf1-mlp", "latency-rf1-single-layer", "latency-rf>1-mlp", "pruned", "7series", "clk-100mhz",
           "io_stream-cnn", "io_parallel-cnn", "latency-rf>1-cnn", "resource", "quantized-fabric", "post-synthesis",
           "mul-impl-dsp", "mul-impl-fabric", "layer-over-4096", "issue14-reports"}
PINNED = re.compile(r"^https://github\.com/[\w.-]+/[\w.-]+/blob/[0-9a-f]{40}/\S+$")
TOOL = re.compile(r"^(Vivado HLS|Vitis HLS|Vivado) 20\d\d\.\d")


def read(path: Path) -> list[dict[str, str]]:
    """The rows of a CSV as dicts of strings (empty string = not stated in the source)."""
    with open(path, newline="") as f:
        return list(csv.DictReader(f))


ROWS = read(CSV)


def test_columns_match_round5() -> None:
    with open(CSV, newline="") as f:
        header = tuple(next(csv.reader(f)))
    with open(EARLIER[1], newline="") as f:
        round5 = tuple(next(csv.reader(f)))
    assert header == round5 == COLUMNS


def test_size_and_regime_coverage() -> None:
    assert len(ROWS) >= 30
    tags = [t for r in ROWS for t in r["regimes"].split(";")]
    assert {"7series", "pruned", "latency-rf1-mlp", "latency-rf>1-mlp", "mul-impl-dsp", "mul-impl-fabric"} <= set(tags)
    assert tags.count("mul-impl-dsp") >= 10 and tags.count("mul-impl-fabric") >= 10


@pytest.mark.parametrize("row", ROWS, ids=[f"{i}:{r['model'][:40]}" for i, r in enumerate(ROWS)])
def test_row_is_sourced_and_has_figures(row: dict[str, str]) -> None:
    assert PINNED.match(row["source"]), row["source"]
    for key in ("model", "architecture", "precision", "part", "notes"):
        assert row[key].strip(), key
    assert TOOL.match(row["tool"]), row["tool"]
    assert row["kind"] in ("hls_estimate", "post_synthesis")
    assert row["strategy"] in ("Latency", "Resource")
    assert row["io_type"] in ("io_parallel", "io_stream")
    assert row["part"].startswith("xc")
    assert int(row["reuse_factor"]) >= 1
    values = {k: float(row[k]) for k in NUMERIC if row[k]}
    assert values["clock"] > 0
    assert all(v >= 0 for v in values.values())
    assert any(k in values for k in FIGURES)
    if row["kind"] == "hls_estimate":
        assert {"dsp", "lut", "ff", "latency", "ii"} <= values.keys()
        assert values["latency_min"] <= values["latency"] and values["ii_min"] <= values["ii"]
    else:
        assert "latency" not in values and "ii" not in values
    tags = row["regimes"].split(";")
    assert tags and set(tags) <= REGIMES, tags
    assert ("post-synthesis" in tags) == (row["kind"] == "post_synthesis")
    assert ("latency-rf1-mlp" in tags) <= (row["reuse_factor"] == "1")
    if "mul-impl-fabric" in tags:
        assert values["dsp"] == 0


def test_rows_are_new_and_distinct() -> None:
    earlier = {r["source"] for path in EARLIER for r in read(path)}
    assert not earlier & {r["source"] for r in ROWS}
    keys = [(r["source"], r["model"], r["kind"], r["reuse_factor"]) for r in ROWS]
    assert len(keys) == len(set(keys))
