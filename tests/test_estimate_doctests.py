"""The examples in ``fxsim.estimate``'s docstrings run and hold."""

from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = ["fxsim.estimate", "fxsim.estimate.constants", "fxsim.estimate.multipliers", "fxsim.estimate.reuse",
           "fxsim.estimate.memory", "fxsim.estimate.layers", "fxsim.estimate.energy", "fxsim.estimate.report",
           "fxsim.estimate.adapter", "fxsim.estimate.cli", "fxsim.estimate.parts",
           "fxsim.estimate.liveness"]


@pytest.mark.parametrize("name", MODULES)
def test_doctests(name):
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0
