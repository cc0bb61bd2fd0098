"""hls4ml's reuse-factor rules (``hls4ml/backends/fpga/fpga_backend.py``, ``nnet_dense_*.h``).

The Resource strategy only accepts some reuse factors; hls4ml silently replaces an invalid one by the
closest valid one (ties go to the smaller) and prints a warning. The Latency strategy accepts any RF
and limits multipliers with ``multiplier_limit = ceil(n_in*n_out/RF) - n_zeros/RF``.

>>> valid_reuse_factors(16, 64)[:6]
[1, 2, 4, 8, 16, 32]
>>> is_valid_reuse_factor(16, 64, 3), closest_reuse_factor(16, 64, 3)
(False, 2)
>>> multiplier_limit(16, 64, 4, n_zeros=100)
231
"""

from __future__ import annotations

import math
from bisect import bisect_left
from dataclasses import dataclass

from fxsim.estimate import constants as C


def is_valid_reuse_factor(n_in: int, n_out: int, rf: int) -> bool:
    """``FPGABackend._validate_reuse_factor``: may ``rf`` be used for an n_in x n_out product?

    >>> [rf for rf in range(1, 11) if is_valid_reuse_factor(10, 3, rf)]
    [1, 2, 5, 10]
    """
    if rf < 1:
        return False
    multfactor = min(n_in, rf)
    mult_limit = math.ceil(n_in * n_out / multfactor)
    ok = (mult_limit % n_out == 0) or (rf >= n_in)
    ok = ok and ((rf % n_in == 0) or (rf < n_in))
    return ok and (n_in * n_out) % rf == 0


def valid_reuse_factors(n_in: int, n_out: int) -> list[int]:
    """All valid reuse factors, ascending (``get_valid_reuse_factors``)."""
    return [rf for rf in range(1, n_in * n_out + 1) if is_valid_reuse_factor(n_in, n_out, rf)]


def closest_reuse_factor(n_in: int, n_out: int, rf: int) -> int:
    """The RF hls4ml substitutes for ``rf`` (``get_closest_reuse_factor``: ties to the smaller)."""
    valid = valid_reuse_factors(n_in, n_out)
    pos = bisect_left(valid, rf)
    if pos == 0:
        return valid[0]
    if pos == len(valid):
        return valid[-1]
    before, after = valid[pos - 1], valid[pos]
    return after if after - rf < rf - before else before


def multiplier_limit(n_in: int, n_out: int, rf: int, n_zeros: int = 0) -> int:
    """``DIV_ROUNDUP(n_in*n_out, reuse_factor) - n_zeros / reuse_factor`` (integer division)."""
    return -(-(n_in * n_out) // rf) - n_zeros // rf


def block_factor(n_in: int, n_out: int, rf: int) -> int:
    """Multiplications per cycle of the Resource strategy: ``DIV_ROUNDUP(n_in*n_out, RF)``."""
    return -(-(n_in * n_out) // rf)


@dataclass(frozen=True)
class ReuseCheck:
    """Outcome of checking a layer's reuse factor as hls4ml would."""

    requested: int
    used: int
    valid: bool
    over_unroll_limit: bool
    messages: tuple[str, ...]


def check_reuse_factor(name: str, n_in: int, n_out: int, rf: int, strategy: str) -> ReuseCheck:
    """Apply hls4ml's rules: RF substitution (Resource strategy) and the 4096 unroll limit.

    >>> c = check_reuse_factor("fc1", 16, 64, 3, "resource")
    >>> c.used, c.valid
    (2, False)
    >>> check_reuse_factor("big", 256, 256, 1, "latency").over_unroll_limit
    True
    """
    messages: list[str] = []
    used, valid = rf, True
    if strategy.lower() in ("resource", "resource_unrolled"):
        valid = is_valid_reuse_factor(n_in, n_out, rf)
        if not valid:
            used = closest_reuse_factor(n_in, n_out, rf)
            messages.append(f"{name}: ReuseFactor={rf} is invalid for n_in={n_in}, n_out={n_out}; "
                            f"hls4ml silently uses ReuseFactor={used}")
    elif rf < 1:
        raise ValueError(f"{name}: reuse factor must be >= 1, got {rf}")
    over = n_in * n_out / used > C.UNROLL_LIMIT
    if over:
        messages.append(f"{name}: n_in*n_out/RF = {n_in * n_out // used} > {C.UNROLL_LIMIT}; Vivado HLS "
                        "will refuse to unroll/partition (raise the reuse factor or use io_stream)")
    return ReuseCheck(rf, used, valid, over, tuple(messages))
