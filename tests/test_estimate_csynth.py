"""``fxsim.estimate.csynth``: real Vivado/Vitis HLS C-synthesis reports read, and ``fxsim estimate --against``.

The expected figures are the ones earlier held-out rounds recorded by hand from the same public reports
(``heldout_round6.csv``, ``heldout_round11.csv``), matched to each excerpt by its source path; the excerpts and
their sources are listed in ``tests/data/estimate/reports/README.md``.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from fxsim.cli import main
from fxsim.estimate.csynth import FigureComparison, parse_csynth_report, read_csynth_report
from fxsim.examples import example_project

DATA = Path(__file__).resolve().parent / "data" / "estimate"
REPORTS = DATA / "reports"

#: excerpt -> (held-out CSV, the tail of the row's source URL, tool, part, clock)
CASES = {
    "duchstf_l1bv9_myproject_csynth.rpt": (
        "heldout_round11.csv", "L1B_v9/myproject_prj/solution1/syn/report/myproject_csynth.rpt",
        "Vivado HLS 2019.1", "xcvu9p-flgb2104-2-i", 5.0),
    "argykokk_har_dsp_reuse1_myproject_csynth.rpt": (
        "heldout_round6.csv", "HAR/hls4ml_prj/DSP_reuse1/myproject_prj/solution1/syn/report/csynth.rpt",
        "Vitis HLS 2021.1", "xc7z007s-clg225-2", 5.0),
    "argykokk_mnist_dsp_reuse1_csynth.rpt": (
        "heldout_round6.csv", "mnist/hls4ml_prj/DSP_reuse1/myproject_prj/solution1/syn/report/csynth.rpt",
        "Vitis HLS 2021.1", "xc7z007s-clg225-2", None),
}


def recorded(csv_name: str, source_tail: str) -> dict[str, str]:
    with open(DATA / csv_name, newline="") as f:
        rows = [r for r in csv.DictReader(f) if r["source"].endswith(source_tail)]
    assert len(rows) == 1, (csv_name, source_tail)
    return rows[0]


@pytest.mark.parametrize("name", sorted(CASES))
def test_a_real_report_reads_as_the_held_out_round_recorded_it(name: str) -> None:
    csv_name, tail, tool, part, clock = CASES[name]
    row = recorded(csv_name, tail)
    r = read_csynth_report(REPORTS / name)
    assert (r.tool, r.part, r.clock_ns) == (tool, part, clock)
    assert (r.dsp, r.lut, r.ff, r.bram_18k) == tuple(int(row[k]) for k in ("dsp", "lut", "ff", "bram"))
    assert (r.latency_cycles, r.ii) == (int(row["latency"]), int(row["ii"]))


def test_the_vitis_classic_and_summary_layouts_of_one_design_agree() -> None:
    # HAR DSP_reuse1's myproject_csynth.rpt and the same run's csynth.rpt summary row (read off the public file:
    # "|+ myproject | II| 0.01| 229| 1.145e+03| -| 1| -| yes| 6 (6%)| 413 (625%)| 246315 (855%)| 237120 (1646%)| -|")
    summary = parse_csynth_report(
        "== Synthesis Summary Report of 'myproject'\n* Version:        2021.1 (Build 3247384)\n"
        "|     Modules     | Issue|      | Latency |  Latency  | Iteration|         | Trip |          |        |"
        "            |               |                |     |\n"
        "|     & Loops     | Type | Slack| (cycles)|    (ns)   |  Latency | Interval| Count| Pipelined|  BRAM  |"
        "     DSP    |       FF      |       LUT      | URAM|\n"
        "|+ myproject      |    II|  0.01|      229|  1.145e+03|         -|        1|     -|       yes|  6 (6%)|"
        "  413 (625%)|  246315 (855%)|  237120 (1646%)|    -|\n")
    classic = read_csynth_report(REPORTS / "argykokk_har_dsp_reuse1_myproject_csynth.rpt")
    assert summary.figures() == classic.figures()


def test_what_is_not_a_csynth_report_names_the_file() -> None:
    with pytest.raises(ValueError, match=r"notes\.txt: no '\+ Latency' summary"):
        parse_csynth_report("hello\n", "notes.txt")
    with pytest.raises(ValueError, match=r"x\.rpt: no 'Utilization Estimates'"):
        parse_csynth_report("+ Latency:\n| min | max | min | max | Type |\n|  3|  3|  1|  1| yes|\n", "x.rpt")


def test_a_figure_comparison_is_relative_for_resources_and_in_cycles_for_time() -> None:
    # hand-worked: 1,200 LUT estimated, 1,000 reported: +20 %, inside 900-1,500; latency 12 vs 14: -2 cycles
    lut = FigureComparison("lut", 1200, 1000, (900, 1500))
    assert lut.error == pytest.approx(0.2) and lut.in_band
    lat = FigureComparison("latency_cycles", 12, 14, (13, 16))
    assert lat.error == -2 and lat.in_band is True
    assert FigureComparison("ff", 5, None, (1, 9)).in_band is None
    assert FigureComparison("bram_18k", 2, 0, (1, 3)).error is None       # no relative error against 0


def test_estimate_against_a_report_prints_and_writes_the_comparison(tmp_path: Path,
                                                                     capsys: pytest.CaptureFixture[str]) -> None:
    rpt = REPORTS / "duchstf_l1bv9_myproject_csynth.rpt"
    out = tmp_path / "est.json"
    assert main(["estimate", str(example_project()), "--against", str(rpt), "--json", str(out)]) == 0
    text = capsys.readouterr().out
    assert f"against {rpt} (Vivado HLS 2019.1, xcvu9p-flgb2104-2-i, 5 ns):" in text
    assert "the report is for part xcvu9p-flgb2104-2-i" in text        # not the example's part: said
    against = json.loads(out.read_text())["against"]
    assert against["figures"]["dsp"]["report"] == 2014 and set(against["figures"]) == {
        "dsp", "lut", "ff", "bram_18k", "latency_cycles", "ii"}


def test_estimate_against_a_file_that_is_not_a_report_exits_2_in_one_line(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "notes.txt"
    bad.write_text("not a report\n")
    assert main(["estimate", str(example_project()), "--against", str(bad)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "notes.txt" in err[0] and err[0].startswith("fxsim estimate: error:")
