"""fxsim: bit-accurate simulation of Xilinx ap_fixed arithmetic and hls4ml firmware.

>>> import fxsim
>>> t = fxsim.FixedType.parse("ap_fixed<16,6,AP_RND_CONV,AP_SAT>")
>>> a = fxsim.FixedArray(t.quantize([1.5, -40.0]), t)
>>> a.to_float().tolist(), str((a * a).type)
([1.5, -32.0], 'ap_fixed<32,12>')
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from fxsim.types import FixedType, FixedTypeError

if TYPE_CHECKING:  # pragma: no cover
    from fxsim.acarray import AcArray
    from fxsim.actypes import AcType
    from fxsim.array import FixedArray
    from fxsim.conversion import cast
    from fxsim.estimate import estimate
    from fxsim.network import Network, load_hls4ml

__version__ = "0.1.0"
__all__ = ["FixedType", "FixedTypeError", "FixedArray", "cast", "load_hls4ml", "Network", "estimate",
           "AcType", "AcArray"]

_LAZY = {"FixedArray": "fxsim.array", "cast": "fxsim.conversion", "load_hls4ml": "fxsim.network",
         "Network": "fxsim.network", "estimate": "fxsim.estimate", "AcType": "fxsim.actypes",
         "AcArray": "fxsim.acarray"}


def __getattr__(name: str):
    """Import the heavier parts (Numba kernels, the project reader) on first use."""
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'fxsim' has no attribute {name!r}")
