"""Numba kernels on raw int64/float64 arrays; they never see fxsim objects."""
