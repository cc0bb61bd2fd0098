"""Numba kernels on raw int64/float64 arrays; they never see fxsim objects.

Every kernel is compiled with :func:`fxsim.kernels._cache_lock.njit`, whose on-disk cache is safe
for concurrent processes; Numba's own classes are not patched.
"""
