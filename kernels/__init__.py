"""Numba kernels on raw int64/float64 arrays; they never see fxsim objects.

Every kernel is compiled with :func:`fxsim.kernels._cache_lock.njit`, whose on-disk cache is safe
for concurrent processes; Numba's own classes are not patched.

The ``parallel=True`` kernels run on Numba's OpenMP pool. GNU OpenMP's workers spin for about
300,000 iterations after each parallel loop before they sleep; fxsim runs several short loops per
batch, so on a machine where another process uses a core the spinning workers take the CPU the
working ones need (measured on 2 cores with one busy: 0.1-0.7 M samples/s instead of 1-3.7 M, the
sigmoid/tanh MLP, a Conv2D and a Resource-strategy network of ``benchmarks/bench_throughput.py``).
Unless the user set it, ``GOMP_SPINCOUNT`` is therefore 1000 (it is read when Numba first loads
its OpenMP pool, so it has no effect where libgomp is already loaded).
"""

import os

os.environ.setdefault("GOMP_SPINCOUNT", "1000")  # speed_other, issue 17: see above
