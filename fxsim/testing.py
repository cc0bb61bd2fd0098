"""Checks for users' own CI: the firmware still gives the expected bits, or the same bits as before.

* :func:`assert_firmware_identical` runs a project (or a loaded :class:`~fxsim.network.Network`) on
  inputs and compares with reference outputs bit for bit (:func:`fxsim.verify.verify`: a testbench
  log, ``.npy``/``.npz`` or an array of floats); on a mismatch the assertion message is the verify
  report (first differing events, raw bits, the first layer where they go wrong).
* :func:`assert_matches_golden` compares the raw output bits with a golden ``.npz`` written by an
  earlier run (regression: the firmware or its types changed); it writes the file when it is missing
  or when asked to update.
* As a pytest plugin (``pytest -p fxsim.testing``, or ``pytest_plugins = ["fxsim.testing"]`` in a
  ``conftest.py``) it adds the ``fxsim_golden`` fixture (golden files in ``golden/`` beside the test
  file, one per test) and the ``--fxsim-update-golden`` option::

      def test_tagger_bits(fxsim_golden):
          fxsim_golden("my_prj", np.load("x.npy"))

      def test_tagger_matches_csim():
          assert_firmware_identical("my_prj", x, "my_prj/tb_data/csim_results.log")
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:  # pragma: no cover
    from fxsim.network import Network
    from fxsim.verify import Report

__all__ = ["assert_firmware_identical", "assert_matches_golden", "fxsim_golden"]

#: Set to 1 to rewrite golden files instead of comparing (as ``--fxsim-update-golden``).
UPDATE_ENV = "FXSIM_UPDATE_GOLDEN"


def _network(prj: str | Path | Network) -> Network:
    from fxsim.network import Network, load_hls4ml

    return prj if isinstance(prj, Network) else load_hls4ml(prj)


def _inputs(net: Network, x: Any) -> list[np.ndarray]:
    return [np.asarray(a) for a in (x if isinstance(x, (list, tuple)) else [x])]


def assert_firmware_identical(prj: str | Path | Network, x: Any, expected: str | Path | np.ndarray,
                              **verify_options: Any) -> Report:
    """Assert that the firmware's outputs for ``x`` are ``expected`` bit for bit; return the report.

    ``prj``: a project directory or a loaded network; ``x``: one input array ``(n, size)`` or a
    list, one per top input; ``expected``: a ``csim_results.log``-style file (compared as printed),
    an ``.npy``/``.npz`` file or an array of float outputs. ``verify_options`` go to
    :func:`fxsim.verify.verify` (``precision``, ``max_report``, ``trace_reference``).

    >>> from fxsim.examples import example_project
    >>> from fxsim.network import load_hls4ml
    >>> net = load_hls4ml(example_project())
    >>> y = net.predict(np.zeros((4, 16)))
    >>> assert_firmware_identical(net, np.zeros((4, 16)), y).identical
    True
    """
    from fxsim.verify import verify

    net = _network(prj)
    report = verify(net, _inputs(net, x), expected, **verify_options)
    if not report.identical:
        raise AssertionError(report.text())
    return report


def _golden_arrays(net: Network, x: Any) -> dict[str, Any]:
    outs = net.run(_inputs(net, x))
    arrays: dict[str, Any] = {}
    for port, out in zip(net.outputs, outs):
        arrays[f"{port.name}.raw"] = np.asarray(out.raw, dtype=np.int64 if out.type.fits_int64 else str)
        arrays[f"{port.name}.type"] = np.array(str(out.type))
    return arrays


def assert_matches_golden(prj: str | Path | Network, x: Any, golden: str | Path, update: bool | None = None) -> bool:
    """Assert that the raw output bits for ``x`` equal those stored in ``golden`` (an ``.npz``).

    Writes the file (and passes) when it does not exist, or when ``update`` is true (default: the
    ``FXSIM_UPDATE_GOLDEN`` environment variable is ``1``); returns True when it wrote the file.
    Output types are stored too: a changed type fails even where the raws agree.

    >>> import tempfile
    >>> from fxsim.examples import example_project
    >>> x = np.random.default_rng(0).normal(size=(8, 16))
    >>> path = Path(tempfile.mkdtemp()) / "tagger.npz"
    >>> assert_matches_golden(example_project(), x, path)     # first run: writes it
    True
    >>> assert_matches_golden(example_project(), x, path)     # later runs: compares
    False
    """
    net = _network(prj)
    got = _golden_arrays(net, x)
    path = Path(golden)
    if update is None:
        update = os.environ.get(UPDATE_ENV, "") == "1"
    if update or not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        np.savez(path, **got)
        return True
    with np.load(path, allow_pickle=False) as f:
        want = {k: f[k] for k in f.files}
    if set(want) != set(got):
        raise AssertionError(f"{path}: golden outputs {sorted(want)}, the network now writes {sorted(got)}")
    for key in sorted(k for k in got if k.endswith(".type")):
        if str(want[key]) != str(got[key]):
            raise AssertionError(f"{path}: output {key[:-5]} was {want[key]}, is now {got[key]}")
    for key in sorted(k for k in got if k.endswith(".raw")):
        a, b = want[key].astype(str), got[key].astype(str)
        if a.shape != b.shape:
            raise AssertionError(f"{path}: output {key[:-4]} had shape {a.shape}, now {b.shape}")
        diff = np.argwhere(a != b)
        if diff.size:
            idx = tuple(int(i) for i in diff[0])
            raise AssertionError(f"{path}: output {key[:-4]} differs in {len(diff)} values; first at {idx}: "
                                 f"golden raw {a[idx]}, now {b[idx]} (rerun with {UPDATE_ENV}=1 to accept)")
    return False


# ------------------------------------------------------------------------------ pytest plugin
def pytest_addoption(parser: Any) -> None:
    parser.addoption("--fxsim-update-golden", action="store_true", default=False,
                     help="rewrite fxsim golden files instead of comparing with them")


def _fixture(request: Any):
    """``fxsim_golden(prj, x, tag="")``: :func:`assert_matches_golden` with the file
    ``golden/<test name>[-tag].npz`` beside the test (``--fxsim-update-golden`` rewrites it)."""
    update = bool(request.config.getoption("--fxsim-update-golden", default=False)) or None
    folder = Path(request.node.fspath).parent / "golden"
    name = request.node.name.replace("/", "_").replace("[", "-").replace("]", "")

    def check(prj: str | Path | Network, x: Any, tag: str = "") -> bool:
        return assert_matches_golden(prj, x, folder / f"{name}{'-' + tag if tag else ''}.npz", update=update)

    return check


try:  # the fixture only when pytest is there (fxsim itself does not need it)
    import pytest as _pytest

    fxsim_golden = _pytest.fixture(_fixture, name="fxsim_golden")
except ImportError:  # pragma: no cover
    fxsim_golden = None  # type: ignore[assignment]
