"""Numba kernels on raw int64/float64 arrays; they never see fxsim objects.

Every kernel is compiled with :func:`fxsim.kernels._cache_lock.njit`, whose on-disk cache is safe
for concurrent processes; Numba's own classes are not patched.
"""

import os

# Numba's OpenMP workers sleep between parallel regions instead of spinning (libgomp reads this when
# Numba first loads its threading layer; a value the user set wins). A spinning worker that shares
# a core with the thread it waits for starves it: on this project's shared 2-core machine a 1M-event
# jet-tagger predict took 0.8-1.0 s instead of 0.15 s (benchmarks/bench_throughput.py, issue 17).
os.environ.setdefault("OMP_WAIT_POLICY", "passive")
