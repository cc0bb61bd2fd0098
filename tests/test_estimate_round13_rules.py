"""Rules changed after held-out round 12 was evaluated (issue 14; IN-SAMPLE on round 12 row 0, the uw-acme GRU(5)
benchmark: Vivado HLS 2019.2, xcvu13p, 5 ns, whose ``gru_stack`` instance reports 221 cycles for 20 time steps
where the frozen estimator said 100). Each rule has a hand-worked case.

1. **A recurrent time step is scheduled like any other data path** (:func:`layers.recurrent_step_calls`): the
   gate matrices, the ``activation_recr`` table call (an index, then a *synchronous* ROM read: a cycle of its
   own), the element-wise products and adds, the ``activation`` table call, the last product and add, packed
   into clock stages with a register before and after each multi-stage call; the unpipelined time loop adds one
   loop-back state a step (:data:`constants.RECURRENT_STEP_LOOP_CYCLES`). Before, the step was its chained delay
   divided by the period, the ROM reads counted as combinational delays.
2. **hls4ml <= 0.6's io_parallel convolution computes every output pixel at once**
   (:func:`adapter.conv_as_one_matrix`, read off ``nnet_conv1d_latency.h``/``nnet_conv2d_latency.h`` of the hls4ml
   0.5.0 and 0.6.0 wheels: one ``PIPELINE`` function, all ``out_width x n_filt x n_chan x filt_width`` products, no
   ``n_partitions`` in the config). fxsim took a config without ``n_partitions`` as ``out_width`` sequential
   partitions of one pixel's kernel. A template fact, not fitted: round 11 row 4's firmware (a 0.5 kernel with a
   hand-written ``ALLOCATION limit=600``) is hand-edited and is not evidence for it.
"""

from __future__ import annotations

import numpy as np

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


def test_an_old_conv_config_is_one_matrix_of_every_pixel() -> None:
    # hls4ml 0.6 Conv1D: 5 inputs x 2 channels, width-3 filter, stride 1, no padding: 3 output pixels, 2 filters.
    # Each pixel's window reads inputs p..p+2: output (p, f) sums w[k, c, f] * x[p + k, c]; every input element
    # meets each weight value once per window that covers it (shared products)
    from fxsim.estimate.adapter import conv_as_one_matrix

    w = np.arange(1, 13, dtype=float)                         # (filt 3, chan 2, filt 2) row-major
    cfg = {"in_width": 5, "n_chan": 2, "filt_width": 3, "n_filt": 2, "out_width": 3, "stride_width": 1}
    m = conv_as_one_matrix("conv1d", cfg, "io_parallel", w)
    assert m is not None and m.shape == (10, 6)
    k = w.reshape(3, 2, 2)
    for p in range(3):
        assert np.array_equal(m[2 * p:2 * p + 6, 2 * p:2 * p + 2], k.reshape(6, 2))
    assert conv_as_one_matrix("conv1d", {**cfg, "n_partitions": 3}, "io_parallel", w) is None   # hls4ml >= 0.7
    assert conv_as_one_matrix("conv1d", cfg, "io_stream", w) is None
    assert conv_as_one_matrix("conv1d", {**cfg, "strategy": "resource"}, "io_parallel", w) is None
