"""The pipeline of an io_parallel, Latency-strategy top: stages, registers and latency, step by step.

hls4ml puts ``#pragma HLS PIPELINE`` on the top function of an io_parallel model whose layers all use the
Latency strategy; every loop below it is unrolled and the layers' operations form one long data path
(``nnet_dense_latency.h``: products, then the per-output sums, then the cast; then the activation ...).
The scheduler chains operations into a clock cycle while their delays fit the usable period
(``clock x (1 - uncertainty)``, the family's speed applied by the caller) and puts a register stage
wherever the next operation would not fit. Each layer describes its data path as :class:`Step` s: the
delay of a step and the bits of every value it leaves alive (products, partial sums of the adder tree,
outputs). A register stage after a step holds exactly those bits, so the flip-flops of the design are
the live bits at each cut (Vivado/Vitis HLS "Register" section: ``mul_ln1118_*_reg``, ``add_ln703_*_reg``,
``data_*_read_reg``), not a per-adder average.

Hand-worked: a 3.65 ns budget (5 ns, 27 % uncertainty) over steps of 2.4, 1.0, 1.0 and 1.0 ns packs as
[2.4, 1.0] | [1.0, 1.0]: two stages, one cut after the second step (its live bits are registered).

>>> s = schedule([[Step(2.4, 300), Step(1.0, 200)], [Step(1.0, 100), Step(1.0, 50)]], budget_ns=3.65)
>>> s.stages, s.cut_bits, s.layer_bits
(2, [200], [200, 0])
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Step:
    """One operation level of a layer's data path: its delay (ns, UltraScale+ -2 units) and the bits of
    all values alive after it (what a register stage placed right after it must hold)."""

    delay_ns: float
    live_bits: int
    #: a synchronous operator of fixed latency (a block-RAM ROM read: address in, data one cycle later):
    #: it ends the current stage and occupies this many whole stages
    cycles: int = 0


@dataclass(frozen=True)
class Schedule:
    """Result of :func:`schedule`: ``stages`` (clock cycles of the chained data path), ``cut_bits`` (bits
    registered at each cut between stages, in order) and ``layer_bits`` (those bits per layer, the cut
    charged to the layer whose step precedes it)."""

    stages: int
    cut_bits: list[int]
    layer_bits: list[int]


def schedule(layers: Sequence[Sequence[Step]], budget_ns: float) -> Schedule:
    """Pack the layers' steps, in order, into clock stages of ``budget_ns`` (greedy ASAP chaining).

    A step longer than the budget is split over ``ceil(delay/budget)`` stages; the registers inside it
    belong to the operator (a DSP slice's M/P registers, a pipelined carry chain) and only its outputs
    are counted at the cut that follows it.

    >>> schedule([[Step(5.0, 64)], [Step(0.5, 32)]], budget_ns=2.0).stages   # 3 stages of the DSP, then 0.5
    3
    >>> schedule([[Step(0.0, 10)]], budget_ns=2.0).stages
    0
    >>> schedule([[Step(1.0, 8), Step(0.0, 90, cycles=1), Step(1.0, 4)]], budget_ns=3.0)   # a ROM read
    Schedule(stages=3, cut_bits=[90], layer_bits=[90])
    """
    if budget_ns <= 0:
        raise ValueError(f"the usable clock period must be positive, got {budget_ns} ns")
    stages, used = 0, 0.0
    cuts: list[int] = []
    per_layer = [0] * len(layers)
    last: tuple[int, int] | None = None      # (layer index, live bits) of the last step placed
    for i, steps in enumerate(layers):
        for step in steps:
            d = float(step.delay_ns)
            if step.cycles > 0:
                stages += step.cycles
                used = budget_ns + 1.0                 # the next operation starts a new stage
                last = (i, step.live_bits)
                continue
            if d <= 0:
                last = (i, step.live_bits)
                continue
            if stages == 0:
                stages, used = 1, 0.0
            elif used + d > budget_ns + 1e-9:
                if last is not None:                 # a register stage after the previous step
                    cuts.append(last[1])
                    per_layer[last[0]] += last[1]
                stages, used = stages + 1, 0.0
            if d > budget_ns:                        # an operator pipelined over several stages
                extra = math.ceil(d / budget_ns - 1e-9) - 1
                stages += extra
                used = d - extra * budget_ns
            else:
                used += d
            last = (i, step.live_bits)
    return Schedule(stages, cuts, per_layer)
