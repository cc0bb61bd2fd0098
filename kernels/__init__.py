"""Numba kernels on raw int64/float64 arrays; they never see fxsim objects.

Every kernel is compiled with :func:`fxsim.kernels._cache_lock.njit`, whose on-disk cache is safe
for concurrent processes; Numba's own classes are not patched.

The ``parallel=True`` kernels run on Numba's OpenMP pool. GNU OpenMP's workers spin for about
300,000 iterations after each parallel loop before they sleep; fxsim runs several short loops per
batch, so on a machine where another process uses a core the spinning workers take the CPU the
working ones need (measured on 2 cores with one busy: 0.1-0.7 M samples/s instead of 1-3.7 M, the
sigmoid/tanh MLP, a Conv2D and a Resource-strategy network of ``benchmarks/bench_throughput.py``).
Unless the user set them, ``OMP_WAIT_POLICY`` is therefore ``passive`` and ``GOMP_SPINCOUNT`` 1000
(read when Numba first loads its OpenMP pool, so they have no effect where libgomp is already loaded).
"""

import os

# Numba's OpenMP workers sleep between parallel regions instead of spinning (libgomp reads both when
# Numba first loads its threading layer; a value the user set wins). A spinning worker that shares a
# core with the thread it waits for starves it: on this project's shared 2-core machine a 1M-event
# jet-tagger predict took 0.8-1.0 s instead of 0.15 s (benchmarks/bench_throughput.py, issue 17).
# Passive waiting alone means no spin at all; a short spin (1000 iterations) first keeps the wake-up
# of back-to-back parallel loops cheap.
os.environ.setdefault("OMP_WAIT_POLICY", "passive")
os.environ.setdefault("GOMP_SPINCOUNT", "1000")
