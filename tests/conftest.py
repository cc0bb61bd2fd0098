"""Shared fixtures (hls4ml project builds, cached on disk: ``tests/projects.py``) and the oracle policy.

**Oracles.** A test that needs g++, hls4ml, h5py, torch, keras or a model file and does not find it
skips (``projects.missing_oracle`` or ``pytest.importorskip``). Under CI (``$CI`` set to anything but
``0``/``false``, or ``$FXSIM_REQUIRE_ORACLES=1``) such a skip is turned into a failure naming what is
missing, so CI never passes with the oracle tests skipped; ``FXSIM_REQUIRE_ORACLES=0`` lets them skip
again. ``projects.optional_oracle`` marks the few oracles CI deliberately lacks (never a failure).
Every run ends with one line saying how many tests skipped for which missing oracle.
"""

from __future__ import annotations

import importlib.util
import os
import re
import sys
from collections import Counter
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))  # tests import their helpers (projects, harness) by name

import projects  # noqa: E402

#: Helper modules that import an optional framework at the top: not collected (for their doctests)
#: without it. The tests that use them skip, or fail under CI, on the missing framework themselves.
collect_ignore = [] if importlib.util.find_spec("torch") else ["pytorch_models.py"]

#: Skip reasons that mean "an oracle is missing" -> the name of what is missing.
_ORACLE_REASONS = (
    re.compile(r"oracle missing: (?P<what>[^(]+?)(?: \(|$)"),
    re.compile(r"could not import '(?P<what>[\w]+)"),  # pytest.importorskip's message
    re.compile(r"(?P<what>[\w+]+) is not (installed|available)"),
    re.compile(r"(?P<what>model files|public models) "),
    re.compile(r"(?P<what>\S+\.(json|h5)) is missing"),
)


def require_oracles() -> bool:
    """True under CI (``$CI``) or with ``$FXSIM_REQUIRE_ORACLES=1``; ``FXSIM_REQUIRE_ORACLES=0`` wins."""
    flag = os.environ.get("FXSIM_REQUIRE_ORACLES")
    if flag is not None:
        return flag.strip().lower() not in ("", "0", "false", "no")
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def missing_oracle_of(reason: str) -> str | None:
    """``"oracle missing: g++ (not on PATH)"`` -> ``"g++"``; None for a skip that is not about an oracle."""
    for pattern in _ORACLE_REASONS:
        m = pattern.search(reason)
        if m:
            return m.group("what")
    return None


def _skip_reason(report) -> str:
    longrepr = report.longrepr
    if isinstance(longrepr, tuple) and len(longrepr) == 3:
        return str(longrepr[2])
    return str(longrepr)


def _apply_policy(report) -> None:
    if not report.skipped or hasattr(report, "wasxfail"):
        return
    reason = _skip_reason(report)
    what = missing_oracle_of(reason)
    if what is None or "optional oracle missing:" in reason:  # projects.optional_oracle: never a failure
        return
    if require_oracles():
        report.outcome = "failed"
        report.longrepr = (
            f"oracle missing under CI: {what} -- {reason}\n"
            f"Install it (pip install -e \".[test,torch]\", g++ from the system) or, outside CI, "
            f"set FXSIM_REQUIRE_ORACLES=0 to let the test skip."
        )


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    _apply_policy(outcome.get_result())


@pytest.hookimpl(hookwrapper=True)
def pytest_make_collect_report(collector):
    outcome = yield
    _apply_policy(outcome.get_result())


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    """Close the run with what was skipped for a missing oracle, and what else was skipped."""
    oracles: Counter[str] = Counter()
    other = 0
    for rep in terminalreporter.stats.get("skipped", []):
        what = missing_oracle_of(_skip_reason(rep))
        if what is None:
            other += 1
        else:
            oracles[what] += 1
    if oracles:
        listed = ", ".join(f"{what}: {n}" for what, n in oracles.most_common())
        terminalreporter.write_line(
            f"fxsim: {sum(oracles.values())} tests SKIPPED for a missing oracle ({listed}); "
            "under CI or with FXSIM_REQUIRE_ORACLES=1 they fail instead",
            yellow=True,
            bold=True,
        )
    else:
        terminalreporter.write_line(
            "fxsim: no test skipped for a missing oracle (g++, hls4ml, h5py, torch, keras, models)"
        )
    if other:
        terminalreporter.write_line(f"fxsim: {other} tests skipped because they do not apply (reasons above, -ra)")


@pytest.fixture(scope="session")
def shared_models_dir() -> Path:
    """The public models (``tests/data/models``, override with ``$FXSIM_MODELS``)."""
    if not projects.MODELS_DIR.is_dir():
        projects.missing_oracle("model files", f"no folder {projects.MODELS_DIR}")
    return projects.MODELS_DIR


@pytest.fixture(scope="session")
def build_project():
    """:func:`projects.build_project`: ``build_project("KERAS_3layer", hls_config, io_type=...) -> Path``."""
    projects.require_hls4ml()
    return projects.build_project


@pytest.fixture(scope="session")
def build_testbench():
    """:func:`projects.build_testbench`: ``build_testbench(project_dir) -> Path`` of csim_results.log."""
    projects.require_gxx()
    return projects.build_testbench


@pytest.fixture(scope="session")
def jet_tagger_project(build_project) -> Path:
    """KERAS_3layer, ``ap_fixed<16,6>``, Latency, io_parallel, Vivado, 20 standard-normal samples."""
    import numpy as np

    x = np.random.default_rng(0).normal(size=(20, 16))
    return build_project("KERAS_3layer", projects.hls_config_for(), inputs=x)
