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
    """Outcome of checking a layer's reuse factor as hls4ml would.

    ``unrolled``: the products the template unrolls into one pipeline stage's worth of hardware (Latency: all
    ``n_in*n_out`` whatever the RF; Resource: the ``block_factor``); ``over_unroll_limit``: above
    :data:`constants.UNROLL_LIMIT`."""

    requested: int
    used: int
    valid: bool
    over_unroll_limit: bool
    messages: tuple[str, ...]
    unrolled: int = 0


def unrolled_products(n_in: int, n_out: int, rf: int, strategy: str) -> int:
    """Products the template unrolls: ``dense_latency`` puts ``PIPELINE II=RF`` over both product loops, so
    every one of the ``n_in*n_out`` is unrolled whatever the RF (the RF only limits the ``mul`` instances
    through ``ALLOCATION``); ``dense_resource`` unrolls its ``MultLoop`` of ``block_factor`` products.

    >>> unrolled_products(561, 20, 100, "latency"), unrolled_products(561, 20, 100, "resource")
    (11220, 113)
    """
    if strategy.lower() in ("resource", "resource_unrolled"):
        return block_factor(n_in, n_out, rf)
    return n_in * n_out


def over_limit_message(name: str, unrolled: int, strategy: str, hls_tool: str) -> str:
    """What happens to a layer that unrolls more than :data:`constants.UNROLL_LIMIT` products, by tool.

    Vivado HLS may stop unrolling (``XFORM 203-504 Stop unrolling loop 'Product1'`` in ``nnet_dense_latency.h``,
    hls4ml issue #1013; ``'MultLoop'`` of ``nnet_dense_resource.h``, issues #374, #903: pre-synthesis fails), but
    not always: it built the Latency Conv1D layers of 26,000 and 10,000 products of ``Duchstf/L1BTag`` (round 11
    row 4), so the message says what may happen, not what will. Vitis HLS built the two public Latency dense
    layers over the limit (ArgyKokk's HAR fc1, 11,220 products, and mnist fc1, 10,976; Vitis HLS 2021.1), leaving
    each output's sum a chain (:func:`fxsim.estimate.layers.latency_sum_is_chain`).

    >>> over_limit_message("fc1", 11220, "latency", "vitis")[:60]
    'fc1: the Latency template unrolls all 11220 products (n_in*n'
    """
    latency = strategy.lower() not in ("resource", "resource_unrolled")
    what = (f"the Latency template unrolls all {unrolled} products (n_in*n_out, whatever the RF)" if latency
            else f"the Resource template unrolls {unrolled} products a cycle (n_in*n_out/RF)")
    head = f"{name}: {what}, over {C.UNROLL_LIMIT}"
    if hls_tool == "vitis":
        if latency:
            return (f"{head}; Vitis HLS builds it without balancing the sums (each output's sum becomes a long chain; "
                    "its depth is modelled from two public Vitis HLS 2021.1 reports)")
        return f"{head}; Vitis HLS may refuse to unroll it (raise the reuse factor or use io_stream)"
    loop = "Product1" if latency else "MultLoop"
    fix = ("use the Resource strategy with a higher reuse factor, io_stream, or Vitis HLS" if latency
           else "raise the reuse factor or use io_stream")
    tool = "Vivado HLS" if hls_tool == "vivado" else "Vivado HLS (the tool is not known)"
    return (f"{head}; {tool} may stop unrolling it (XFORM 203-504 Stop unrolling loop '{loop}'; if it does: "
            f"{fix}); fxsim's figures are what the template asks for")


def check_reuse_factor(name: str, n_in: int, n_out: int, rf: int, strategy: str,
                       hls_tool: str = "") -> ReuseCheck:
    """Apply hls4ml's rules: RF substitution (Resource strategy) and the 4096 unroll limit
    (:func:`unrolled_products`, :func:`over_limit_message`).

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
    unrolled = unrolled_products(n_in, n_out, used, strategy)
    over = unrolled > C.UNROLL_LIMIT
    if over:
        messages.append(over_limit_message(name, unrolled, strategy, hls_tool))
    return ReuseCheck(rf, used, valid, over, tuple(messages), unrolled)
