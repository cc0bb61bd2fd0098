"""Packing ROMs (weights, activation and softmax tables) into RAMB18s or LUTs.

A RAMB18 holds 18 Kb in one of the aspect ratios of :data:`constants.BRAM18_SHAPES`; a ROM of
``depth`` words of ``width`` bits takes the cheapest tiling. Shallow ROMs go to LUTs (a LUT6 is a
64x1 ROM). Each block RAM has two read ports, so ``reads`` reads per cycle need ``ceil(reads/2)``
copies.

>>> bram18_for_rom(1024, 18), bram18_for_rom(1024, 19), bram18_for_rom(512, 72)
(1, 2, 2)
>>> rom_cost(1024, 18, reads=5)
(3, 0)
>>> rom_cost(32, 16)
(0, 16)
"""

from __future__ import annotations

import math

from fxsim.estimate import constants as C


def bram18_for_rom(depth: int, width: int) -> int:
    """RAMB18s for one ``depth`` x ``width`` ROM, cheapest aspect-ratio tiling.

    >>> bram18_for_rom(4096, 4), bram18_for_rom(4096, 5), bram18_for_rom(2000, 9)
    (1, 2, 1)
    """
    if depth <= 0 or width <= 0:
        return 0
    return min(math.ceil(depth / d) * math.ceil(width / w) for d, w in C.BRAM18_SHAPES)


def lutrom_luts(depth: int, width: int) -> int:
    """LUT6s for a distributed ROM: ``ceil(depth/64)`` per output bit (plus a mux for deeper ones).

    >>> lutrom_luts(64, 18), lutrom_luts(128, 1)
    (18, 3)
    """
    if depth <= 0 or width <= 0:
        return 0
    per_bit = math.ceil(depth / C.LUTROM_DEPTH_PER_LUT)
    mux = per_bit - 1 if per_bit > 1 else 0  # F7/F8 muxes are free up to 4, LUT muxes beyond: approx.
    return width * (per_bit + mux)


def line_buffer_luts(regs: int, words: int, width: int) -> int:
    """LUTs of ``regs`` ``ap_shift_reg`` line buffers of ``words`` x ``width`` bits (hls4ml's io_stream
    ``*_buffer_cl``): shift-register LUTs, :data:`constants.SRL_DEPTH_PER_LUT` words per LUT per bit.

    >>> line_buffer_luts(4, 26, 16), line_buffer_luts(2, 78, 16)    # 4 x 16 x 1; 2 x 16 x 3
    (64, 96)
    """
    if regs <= 0 or words <= 0:
        return 0
    return regs * width * math.ceil(words / C.SRL_DEPTH_PER_LUT)


def fifo_cost(depth: int, width: int) -> tuple[str, int]:
    """How HLS builds a ``depth`` x ``width`` stream FIFO (``config_storage fifo -impl autosrl``, UG1399:
    ``auto_srl_max_depth`` 2, ``auto_srl_max_bits`` 1024): ``('shallow', 0)`` for depth <= 2 (the
    tool's 2-entry FIFO, costed by :func:`fxsim.estimate.register_stream`), ``('srl', luts)`` while
    ``depth x width <= 1024`` bits, else ``('bram', bram_18k)`` (a RAM of ``depth`` words).

    >>> fifo_cost(1, 64), fifo_cost(13, 64), fifo_cost(676, 64)
    (('shallow', 0), ('srl', 64), ('bram', 4))
    """
    if depth <= C.FIFO_AUTO_SRL_MAX_DEPTH:
        return "shallow", 0
    if depth * width <= C.FIFO_AUTO_SRL_MAX_BITS:
        return "srl", width * math.ceil(depth / C.SRL_DEPTH_PER_LUT)
    return "bram", bram18_for_rom(depth, width)


def rom_cost(depth: int, width: int, reads: int = 1, force_bram: bool | None = None) -> tuple[int, int]:
    """``(bram_18k, luts)`` of a ROM read ``reads`` times per cycle.

    ``force_bram`` True/False overrides the depth rule (:data:`constants.BRAM_MIN_DEPTH`).
    """
    in_bram = depth >= C.BRAM_MIN_DEPTH if force_bram is None else force_bram
    if in_bram:
        copies = math.ceil(max(reads, 1) / C.BRAM_READ_PORTS)
        return copies * bram18_for_rom(depth, width), 0
    return 0, max(reads, 1) * lutrom_luts(depth, width)
