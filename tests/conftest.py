"""Shared fixtures: hls4ml project builds (cached on disk, see ``tests/projects.py``)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))  # tests import their helpers (projects, harness) by name

import projects  # noqa: E402


@pytest.fixture(scope="session")
def shared_models_dir() -> Path:
    """``/work/shared/models`` (override with ``$FXSIM_MODELS``); skips if absent."""
    if not projects.MODELS_DIR.is_dir():
        pytest.skip(f"no shared models at {projects.MODELS_DIR}")
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
