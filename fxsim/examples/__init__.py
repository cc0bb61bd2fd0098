"""Example hls4ml projects that ship with fxsim.

>>> from fxsim.examples import example_project
>>> (example_project() / "firmware" / "myproject.cpp").is_file()
True
"""

from __future__ import annotations

from pathlib import Path

EXAMPLES = Path(__file__).resolve().parent


def example_project(name: str = "jet_tagger") -> Path:
    """Directory of a shipped example project (an unmodified ``hls_model.write()`` output plus
    ``tb_data/csim_results.log`` from its compiled testbench): ``jet_tagger`` is the CERN LHC jet
    tagger 16-64-32-32-5 at ``ap_fixed<16,6>``, 2,000 test events."""
    path = EXAMPLES / name
    if not (path / "firmware").is_dir():
        raise FileNotFoundError(f"no example project {name!r} in {EXAMPLES}")
    return path
