"""Rules changed after held-out round 12 was evaluated (issue 14; IN-SAMPLE on round 12 row 0, the uw-acme GRU(5)
benchmark: Vivado HLS 2019.2, xcvu13p, 5 ns, whose ``gru_stack`` instance reports 221 cycles for 20 time steps
where the frozen estimator said 100). Each rule has a hand-worked case.

1. **A recurrent time step is scheduled like any other data path** (:func:`layers.recurrent_step_calls`): the
   gate matrices, the ``activation_recr`` table call (an index, then a *synchronous* ROM read: a cycle of its
   own), the element-wise products and adds, the ``activation`` table call, the last product and add, packed
   into clock stages with a register before and after each multi-stage call; the unpipelined time loop adds one
   loop-back state a step (:data:`constants.RECURRENT_STEP_LOOP_CYCLES`). Before, the step was its chained delay
   divided by the period, the ROM reads counted as combinational delays.
"""

from __future__ import annotations

from fxsim.estimate import constants as C
from fxsim.estimate.layers import recurrent_step_calls
from fxsim.estimate.pipeline import Step, schedule


def test_a_gru_step_is_its_calls_in_stages_plus_the_loop_back_state() -> None:
    # GRU n = 5, 18-bit accumulators, DSP products, 1024 x 18 tables, UltraScale+ -2 at 5 ns, 12.5 %: 4.375 ns.
    # matrix (2.4) + gate add (0.96) = 3.36 | the sigmoid call: index 1.36 | its ROM read | r*h 2.4 + two adds
    # 0.96 = 4.32 | the tanh call: index 1.36 | ROM | last product 2.4 + add 0.96: 7 stages, + 1 loop-back = 8
    calls, instances = recurrent_step_calls([Step(2.4, 90)], 5, 18, 2.4, (10, 1024, 18), (5, 1024, 18), 2)
    assert schedule(calls, 4.375, modules=instances).stages == 7
    assert C.RECURRENT_STEP_LOOP_CYCLES == 1
