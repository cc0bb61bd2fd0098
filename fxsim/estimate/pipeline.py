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
    #: the operator's ``cycles`` are its own registers (a fully registered DSP slice: A/B, M, P): its
    #: operands come from the current stage, its result is usable ``cycles`` stages later with no fabric
    #: register at its output, and each of its ``cycles`` boundaries registers only ``carry_bits`` (fabric
    #: values alive alongside, e.g. LUT-built products waiting for the DSP results)
    internal: bool = False
    carry_bits: int = 0
    #: a combinational core the tool keeps in one state whatever its delay, violating the clock rather than
    #: pipelining it (Vitis HLS's latency-0 ``Mul_LUT`` under ``config_op mul -impl fabric``): it fills its stage
    one_state: bool = False


@dataclass(frozen=True)
class Schedule:
    """Result of :func:`schedule`: ``stages`` (clock cycles of the chained data path), ``cut_bits`` (bits
    registered at each cut between stages, in order) and ``layer_bits`` (those bits per layer, the cut
    charged to the layer whose step precedes it)."""

    stages: int
    cut_bits: list[int]
    layer_bits: list[int]


def schedule(layers: Sequence[Sequence[Step]], budget_ns: float,
             modules: Sequence[bool] | None = None) -> Schedule:
    """Pack the layers' steps, in order, into clock stages of ``budget_ns`` (greedy ASAP chaining).

    A step longer than the budget is split over ``ceil(delay/budget)`` stages; the registers inside it
    belong to the operator (a DSP slice's M/P registers, a pipelined carry chain) and only its outputs
    are counted at the cut that follows it. Such a pipelined core fills its last stage too (the tool
    balances its stages: Vitis HLS 2025.1 gives each of the two stages of a 7-series ``mul_*_2_0`` core
    3.34 ns of a 3.65 ns period), so the next step starts a new stage.

    ``modules[i]`` says layer ``i`` is a function of its own that HLS keeps (hls4ml's ``dense_latency``
    carries ``#pragma HLS function_instantiate``, so each layer is a ``grp_dense_latency_*`` instance).
    When such a layer needs more than one stage it is a pipelined sub-function: its call starts at a
    state boundary (its arguments come from registers) and its results leave through registers
    (``ap_return_*_int_reg``), so there is a cut before and after it, and after the last one the top
    writes its output ports one stage later. A layer that fits in one stage is combinational: it chains.

    >>> schedule([[Step(5.0, 64)], [Step(0.5, 32)]], budget_ns=2.0).stages   # 3 stages of the DSP, then 0.5
    4
    >>> schedule([[Step(0.0, 10)]], budget_ns=2.0).stages
    0
    >>> schedule([[Step(1.0, 8), Step(0.0, 90, cycles=1), Step(1.0, 4)]], budget_ns=3.0)   # a ROM read
    Schedule(stages=3, cut_bits=[90], layer_bits=[90])

    A fully registered DSP multiply (3 internal registers) between a 1.0 ns LUT product and a 1.0 ns add:
    the LUT product (20 bits) waits in fabric registers at each of the 3 boundaries, the add chains into
    the stage where the DSP result appears: 4 stages, cuts [20, 20, 20].

    >>> schedule([[Step(1.0, 20), Step(0.0, 60, cycles=3, internal=True, carry_bits=20), Step(1.0, 30)]], 3.0)
    Schedule(stages=4, cut_bits=[20, 20, 20], layer_bits=[60])

    Hand-worked module case: budget 3; a ReLU (0.5, 20 bits), then a two-stage module (2.0 + 2.0, its
    outputs 30 bits), then a ReLU (0.5): [0.5] | [2.0] | [2.0] | [0.5]; cuts 20 (before the module), the
    module's inner 2.0 step (40 bits), 30 (after it).

    >>> schedule([[Step(0.5, 20)], [Step(2.0, 40), Step(2.0, 50), Step(0.0, 30)], [Step(0.5, 8)]], 3.0,
    ...          modules=[False, True, False])
    Schedule(stages=4, cut_bits=[20, 40, 30], layer_bits=[20, 70, 0])

    A 5.28 ns LUT multiply kept in one state (``one_state``) at a 2.91 ns budget, then two adds: 3 stages (pipelined
    over two stages it would be 4).

    >>> schedule([[Step(5.28, 40, one_state=True), Step(1.5, 30), Step(1.5, 16)]], 2.91).stages
    3
    """
    if budget_ns <= 0:
        raise ValueError(f"the usable clock period must be positive, got {budget_ns} ns")
    stages, used = 0, 0.0
    cut_next = False                          # the next step opens a new stage behind a register
    cuts: list[int] = []
    per_layer = [0] * len(layers)
    last: tuple[int, int] | None = None      # (layer index, live bits) of the last step placed

    def register() -> None:
        if last is not None:
            cuts.append(last[1])
            per_layer[last[0]] += last[1]

    for i, steps in enumerate(layers):
        module = bool(modules and modules[i]) and _stages_alone(steps, budget_ns) >= 2
        if module and stages:
            cut_next = True
        for step in steps:
            d = float(step.delay_ns)
            if step.one_state:
                d = min(d, budget_ns)
            if step.cycles > 0 and step.internal:
                if stages == 0:
                    stages, used = 1, 0.0                # the operand stage
                elif cut_next:
                    register()                           # a module starts behind a register
                    stages, used = stages + 1, 0.0
                for _ in range(step.cycles):             # the operator's own registers; fabric carries the rest
                    cuts.append(step.carry_bits)
                    per_layer[i] += step.carry_bits
                stages, used, cut_next = stages + step.cycles, 0.0, False
                last = (i, step.live_bits)
                continue
            if step.cycles > 0:
                stages += step.cycles
                last, cut_next = (i, step.live_bits), True
                continue
            if d <= 0:
                last = (i, step.live_bits)
                continue
            if stages == 0:
                stages, used = 1, 0.0
            elif cut_next or used + d > budget_ns + 1e-9:
                register()                           # a register stage after the previous step
                stages, used = stages + 1, 0.0
            cut_next = False
            if d > budget_ns:                        # an operator pipelined over several stages
                stages += math.ceil(d / budget_ns - 1e-9) - 1
                used = budget_ns                     # ... whose stages are balanced: nothing chains after it
            else:
                used += d
            last = (i, step.live_bits)
        if module:
            cut_next = True
            if i == len(layers) - 1:                 # the top writes the registered results one stage later
                register()
                stages += 1
    return Schedule(stages, cuts, per_layer)


def _stages_alone(steps: Sequence[Step], budget_ns: float) -> int:
    """Stages one layer's steps need on their own."""
    return schedule([steps], budget_ns).stages
