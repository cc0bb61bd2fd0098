"""Numba kernels on raw int64/float64 arrays; they never see fxsim objects.

Importing the package makes Numba's disk cache safe for concurrent processes
(:mod:`fxsim.kernels._cache_lock`) before any kernel is compiled or loaded.
"""

from fxsim.kernels._cache_lock import install as _install_cache_lock

_install_cache_lock()
