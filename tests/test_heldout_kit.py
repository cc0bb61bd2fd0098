"""The pre-registered held-out kit (``tests/make_heldout_kit.py``, ``tests/evaluate_heldout_kit.py``): real hls4ml
projects with fxsim's predictions frozen beside them, evaluated later against reports nobody has seen yet."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from evaluate_heldout_kit import evaluate, row_errors
from make_heldout_kit import grid, write_kit

from fxsim.estimate.csynth import read_csynth_report

REPORTS = Path(__file__).resolve().parent / "data" / "estimate" / "reports"
REPORT = REPORTS / "argykokk_har_dsp_reuse1_myproject_csynth.rpt"


def test_the_grid_covers_issue_14s_regimes() -> None:
    cells = grid()
    assert len(cells) == len({c["name"] for c in cells}) == 78
    seven_latency = {(c["reuse_factor"], c["clock_ns"]) for c in cells
                     if c["part"].startswith("xc7") and c["strategy"] == "Latency" and c["io_type"] == "io_parallel"}
    assert seven_latency == {(rf, clk) for rf in (1, 2, 100) for clk in (5.0, 10.0)}
    assert {c["io_type"] for c in cells} == {"io_parallel", "io_stream"}
    assert any(c["part"].startswith("xcvu") for c in cells) and any(c["strategy"] == "Resource" for c in cells)


@pytest.fixture(scope="module")
def kit(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("kit")
    write_kit(out, limit=2)
    return out


def test_the_kit_freezes_a_prediction_and_the_files_it_was_made_for(kit: Path) -> None:
    data = json.loads((kit / "predictions.json").read_text())
    assert data["fxsim_commit"] and len(data["projects"]) == 2
    for name, entry in data["projects"].items():
        assert (kit / name / "firmware" / "myproject.cpp").is_file() and (kit / name / "build_prj.tcl").is_file()
        assert "firmware/myproject.cpp" in entry["firmware_sha256"]
        p = entry["prediction"]
        assert p["part"] == "xc7z007s" and p["clock_ns"] == 5.0 and p["hls_tool"] == "vitis"
        assert set(p["bands_csynth"]) == {"dsp", "lut", "ff", "bram_18k", "latency_cycles", "ii"}


def test_the_evaluation_reads_reports_against_the_frozen_predictions(kit: Path, tmp_path: Path) -> None:
    work = tmp_path / "kit"
    shutil.copytree(kit, work)
    data = json.loads((work / "predictions.json").read_text())
    first, second = list(data["projects"])
    # a report arrives for the first project (a real Vitis HLS 2021.1 report stands in for its synthesis)
    dest = work / first / "myproject_prj" / "solution1" / "syn" / "report" / "myproject_csynth.rpt"
    dest.parent.mkdir(parents=True)
    shutil.copy(REPORT, dest)
    summary, lines = evaluate(work)
    assert f"{second}: no csynth report yet" in lines
    pred = data["projects"][first]["prediction"]
    # hand-worked from the frozen prediction and the report's figures (DSP 413, latency 229, II 1)
    err = row_errors(pred, read_csynth_report(dest))
    assert err["dsp"] == pytest.approx((pred["hls_estimate"]["dsp"] - 413) / 413)
    assert err["latency_cycles"] == pred["latency_cycles"] - 229 and err["ii"] == pred["ii"] - 1
    overall = next(s for s in summary if s["regime"] == "all")
    assert overall["rows"] == 1 and overall["latency_cycles"] == abs(pred["latency_cycles"] - 229)
    # a project changed after its prediction is not evaluated
    (work / first / "firmware" / "myproject.cpp").write_text("// edited\n")
    assert any("SKIPPED" in line for line in evaluate(work)[1])


PREREGISTERED = REPORTS.parent / "heldout_kit_predictions.json"


def test_the_preregistered_predictions_cover_the_grid_and_still_describe_todays_projects(kit: Path) -> None:
    """The predictions committed before any report existed: every cell of the grid, made by a clean commit; and
    hls4ml (same version) still writes the projects they were made for, byte for byte."""
    import hls4ml

    data = json.loads(PREREGISTERED.read_text())
    assert set(data["projects"]) == {c["name"] for c in grid()}
    assert data["fxsim_commit"] and not data["fxsim_commit"].endswith("dirty")
    if data["hls4ml_version"] != hls4ml.__version__:
        pytest.skip(f"the predictions were made for hls4ml {data['hls4ml_version']}")
    fresh = json.loads((kit / "predictions.json").read_text())["projects"]
    for name, entry in fresh.items():
        assert entry["firmware_sha256"] == data["projects"][name]["firmware_sha256"], name
