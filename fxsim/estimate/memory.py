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


def bram18_for_rom(depth: int, width: int, shapes: tuple[tuple[int, int], ...] = C.BRAM18_SHAPES) -> int:
    """RAMB18s for one ``depth`` x ``width`` ROM, cheapest aspect-ratio tiling over ``shapes``.

    >>> bram18_for_rom(4096, 4), bram18_for_rom(4096, 5), bram18_for_rom(2000, 9)
    (1, 2, 1)
    >>> bram18_for_rom(64, 28), bram18_for_rom(64, 28, C.BRAM18_TDP_SHAPES)
    (1, 2)
    """
    if depth <= 0 or width <= 0:
        return 0
    return min(math.ceil(depth / d) * math.ceil(width / w) for d, w in shapes)


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


def vivado_fifo_cost(depth: int, width: int) -> tuple[int, int, int]:
    """``(bram_18k, lut, ff)`` (csynth figures) of one Vivado HLS stream FIFO of ``depth`` words of ``width``
    bits. Vivado HLS does not pack an ``nnet::array``: every element of a pack is its own FIFO
    (``layerN_out_V_data_K_V_U``), so ``width`` is one element's.

    Up to :data:`constants.VIVADO_FIFO_SRL_MAX_BITS` bits it is a shift-register FIFO (``width`` SRL LUTs
    per 32 words, a read address of ``ceil(log2 depth)`` bits plus status flags); larger, block RAM tiled
    over the RAMB18's true-dual-port shapes (:data:`constants.BRAM18_TDP_SHAPES`, at most 18 bits wide) with
    an output register of ``width`` bits, two pointers and the flags. Read off the FIFO tables of four
    Vivado HLS 2019.1/2020.1 reports after held-out round 5 (hls4ml-tutorial SVHN-Q6, kendermag CNN, pominiq
    MNIST, Berk-Bilgin encoders: 32 x 16 an SRL with 8 FF, 36 x 16 and 169 x 6 RAMs; the RAM FIFOs' FF
    28-49): in-sample there. A FIFO of depth 1 or 2 (any width: round 14's 256-bit input FIFO too) is a shift
    register with a smaller control (:data:`constants.VIVADO_FIFO_CONTROL_LUT_SHALLOW`).

    >>> vivado_fifo_cost(676, 16), vivado_fifo_cost(64, 28), vivado_fifo_cost(16, 16), vivado_fifo_cost(32, 16)
    ((1, 50, 44), (2, 50, 48), (0, 38, 7), (0, 38, 8))
    >>> vivado_fifo_cost(2, 16), vivado_fifo_cost(1, 7), vivado_fifo_cost(2, 256)
    ((0, 28, 5), (0, 19, 5), (0, 268, 5))
    """
    if depth <= 0 or width <= 0:
        return 0, 0, 0
    addr = max(math.ceil(math.log2(depth)), 0)
    shallow = depth <= C.FIFO_AUTO_SRL_MAX_DEPTH
    if depth * width <= C.VIVADO_FIFO_SRL_MAX_BITS or shallow:
        control = C.VIVADO_FIFO_CONTROL_LUT_SHALLOW if shallow else C.VIVADO_FIFO_CONTROL_LUT_SRL
        return 0, width * math.ceil(depth / C.SRL_DEPTH_PER_LUT) + control, max(addr, 2) + C.VIVADO_FIFO_FLAG_FF
    return (bram18_for_rom(depth, width, C.BRAM18_TDP_SHAPES), C.VIVADO_FIFO_CONTROL_LUT_BRAM,
            width + 2 * addr + C.VIVADO_FIFO_BRAM_CONTROL_FF)


def synth_fifo_bram(depth: int, width: int) -> int:
    """RAMB18s of one ``depth x width`` HLS FIFO after Vivado ``synth_design``: a FIFO shallower than
    :data:`constants.BRAM_MIN_DEPTH` becomes LUT RAM, a deeper one takes its cheapest RAMB18 tiling
    (:func:`bram18_for_rom`). pominiq MNIST: the eight 676 x 16 FIFOs are its 8 RAMB18 (the 36-deep ones,
    RAM in csynth, are gone); Berk-Bilgin encoders: the 33 FIFOs of depth 64-68 x 16/28 bits are its 33
    RAMB18 (csynth: 81). Read after held-out round 5 (in-sample there).

    >>> synth_fifo_bram(676, 16), synth_fifo_bram(64, 28), synth_fifo_bram(36, 16)
    (1, 1, 0)
    """
    return bram18_for_rom(depth, width) if depth >= C.BRAM_MIN_DEPTH else 0


def rom_cost(depth: int, width: int, reads: int = 1, force_bram: bool | None = None) -> tuple[int, int]:
    """``(bram_18k, luts)`` of a ROM read ``reads`` times per cycle.

    ``force_bram`` True/False overrides the depth rule (deeper than :data:`constants.LUTROM_MAX_DEPTH`).

    >>> rom_cost(64, 112), rom_cost(128, 18)
    ((0, 112), (1, 0))
    """
    in_bram = depth > C.LUTROM_MAX_DEPTH if force_bram is None else force_bram
    if in_bram:
        copies = math.ceil(max(reads, 1) / C.BRAM_READ_PORTS)
        return copies * bram18_for_rom(depth, width), 0
    return 0, max(reads, 1) * lutrom_luts(depth, width)


def weight_rom_cost(depth: int, width: int) -> tuple[int, int]:
    """``(bram_18k, luts)`` of a Resource-strategy weight ROM (``nnet_dense_resource.h``: ``weights`` reshaped by
    ``block_factor``, read once a cycle, ``depth = RF``): block RAM when deeper than
    :data:`constants.LUTROM_MAX_DEPTH` **or** above :data:`constants.ROM_LUT_MAX_BITS` bits, else a LUT ROM
    (:func:`rom_cost`).

    >>> weight_rom_cost(9, 512), weight_rom_cost(9, 64), weight_rom_cost(8, 640)
    ((15, 0), (0, 64), (18, 0))
    """
    return rom_cost(depth, width, force_bram=True if depth * width > C.ROM_LUT_MAX_BITS else None)
