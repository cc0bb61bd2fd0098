"""io_stream CNN rules of ``fxsim estimate`` (issue 14, after held-out round 5): the ``*_buffer_cl`` loop over
input pixels, the Vivado HLS DATAFLOW interval, per-element Vivado FIFOs, the Resource weight ROM binding and
an unpipelined Resource process's registers. Every case is worked by hand from the hls4ml templates and the
public reports named in ``fxsim/estimate/constants.py`` (in-sample: read after round 5 was evaluated)."""

from __future__ import annotations

import numpy as np

from fxsim.estimate import LayerSpec, constants, estimate, memory
from fxsim.estimate.layers import estimate_layer, stream_conv_pixel_cycles, stream_resource_registered_bits
from fxsim.types import FixedType

T16 = FixedType(16, 6, True)


def _conv(strategy: str, rf: int, in_pixels: int, n_pixels: int, **kw) -> LayerSpec:
    w = np.random.default_rng(3).normal(0, 0.5, (9, 4))      # 3x3 kernel x 1 channel -> 4 filters
    return LayerSpec("conv2d", "conv1", 9, 4, weights=w, input_t=T16, weight_t=T16, accum_t=T16, result_t=T16,
                     reuse_factor=rf, strategy=strategy, io_type="io_stream", n_pixels=n_pixels,
                     in_pixels=in_pixels, **kw)


def test_pixel_cycles_by_strategy():
    # Latency: PIPELINE II=RF over the input pixels; Resource: no pipeline, the kernel + 7 cycles each
    assert stream_conv_pixel_cycles(1, False, 4) == 1
    assert stream_conv_pixel_cycles(3, False, 4) == 3
    assert stream_conv_pixel_cycles(9, True, 11) == 11 + constants.STREAM_CONV_RESOURCE_PIXEL_CYCLES == 18


def test_resource_stream_conv_reads_every_input_pixel():
    # pominiq MNIST conv1 (Vivado HLS 2020.1, xc7z020 @ 10 ns): 28x28x1 input, 26x26 outputs, RF 9.
    # dense_resource RF 9: RF + 2 = 11 cycles (RESOURCE_REUSE_LOOP_EXTRA_CYCLES + the registered ROM read and
    # the multiply-add at 10 ns), + 7 a pixel = 18; 784 x 18 = 14112, the report's conv_2d_cl latency max
    spec = _conv("resource", 9, in_pixels=28 * 28, n_pixels=26 * 26)
    layer = estimate_layer(spec, clock_ns=10.0 / 1.92, slice_name="DSP48E1", uncertainty=0.125)
    assert layer.details["stream_loop"] == {"input_pixels": 784, "cycles_per_pixel": 18}
    assert layer.ii == layer.stream_cycles == layer.latency_cycles == 784 * 18 == 14112
    # the top (Vivado): the slowest frame process restarts one cycle after it ends -> 14113 (the report's II)
    relu = LayerSpec("relu", "relu1", 4, 4, input_t=T16, result_t=T16, io_type="io_stream", n_pixels=676)
    e = estimate([spec, relu], part="xc7z020clg400-1", clock_ns=10.0, hls_tool="vivado")
    assert e.total["ii"] == 14113


def test_latency_stream_conv_pixels_and_states():
    # depthwise2d baseline shape: 32x32 input pixels at II = RF = 1 -> 1024 cycles + the iteration depth + the
    # process's 2 entry/exit states (Vivado HLS 2020.1 reports 1028, interval 1029)
    spec = _conv("latency", 1, in_pixels=32 * 32, n_pixels=30 * 30)
    layer = estimate_layer(spec, clock_ns=5.0)
    assert layer.ii == layer.stream_cycles == 1024
    # the static kernel_data window (3x3 taps x 1 channel x 16 bits), the static int pX/pY/sX/sY counters with two
    # loaded copies (6 x 32) and the result pack (4 filters x 16 bits)
    assert layer.process_bits == 9 * 16 + 6 * 32 + 4 * 16
    depth = layer.latency_cycles - 1024 - constants.STREAM_LOOP_STATE_CYCLES
    assert depth >= 1
    e = estimate([spec], part="xcvu13p-flga2577-2-e", clock_ns=5.0, hls_tool="vivado")
    assert e.total["ii"] == layer.latency_cycles + 1
    v = estimate([spec], part="xcvu13p-flga2577-2-e", clock_ns=5.0, hls_tool="vitis")
    # Vitis: the slowest process's interval + 1; a frame loop's interval is its latency (hls4ml's depthwise2d
    # baseline under Vitis HLS 2024.1: latency 1028, interval 1029)
    assert v.total["ii"] == v.layers[0].latency_cycles + 1


def test_vivado_fifo_per_element():
    # MNIST layer2_out: 676 x 16 bits -> one 1Kx18 RAMB18 each; encoder layer2_out: 64 x 28 -> two;
    # 32 x 16 = 512 bits -> SRL (kendermag, 8 FF); 36 x 16 = 576 bits -> RAM (SVHN-Q6 layer9_out)
    assert memory.vivado_fifo_cost(676, 16)[0] == 1
    assert memory.vivado_fifo_cost(64, 28)[0] == 2
    assert memory.vivado_fifo_cost(32, 16) == (0, 16 + 22, 5 + 3)
    assert memory.vivado_fifo_cost(36, 16)[0] == 1
    assert memory.vivado_fifo_cost(169, 6)[0] == 1               # 1014 bits: a RAM (SVHN-Q6 layer8_out)
    # true-dual-port shapes only (<= 18 bits wide): 8192 x 6 -> 3 x (8K x 2); 8192 x 14 -> 7; 64 x 28 is not 1
    # (512 x 36 is simple-dual-port only) but 2 x (1K x 18)
    assert memory.vivado_fifo_cost(8192, 6)[0] == 3 and memory.vivado_fifo_cost(8192, 14)[0] == 7
    # after synthesis only the FIFOs at least 64 deep stay block RAM, in their cheapest tiling
    assert [memory.synth_fifo_bram(d, w) for d, w in ((676, 16), (64, 28), (36, 16))] == [1, 1, 0]


def test_vivado_stream_fifos_in_the_estimate():
    # conv (4 filters, 16-bit) -> FIFO of depth 36 -> relu: Vivado builds 4 FIFOs of 36 x 16 bits, each one
    # RAMB18 in csynth (576 > 512 bits) and LUT RAM after synthesis (36 < 64 deep)
    spec = _conv("latency", 1, in_pixels=64, n_pixels=36, fifo_depth=36)
    relu = LayerSpec("relu", "relu1", 4, 4, input_t=T16, result_t=T16, io_type="io_stream", n_pixels=36)
    e = estimate([spec, relu], part="xcvu9p", clock_ns=5.0, hls_tool="vivado")
    fifo = e.layers[0].details["fifo"]
    assert (fifo["fifos"], fifo["width"], fifo["bram"], fifo["bram_after_synthesis"]) == (4, 16, 4, 0)
    assert fifo["ff"] == 4 * (16 + 2 * 6 + 8) and fifo["lut"] == 4 * 50
    assert e.hls_total["bram_18k"] == 4 and e.total["bram_18k"] == 0
    # Vitis packs the array: one 36 x 64-bit FIFO = 2304 bits > 1024 -> a RAM of 36 x 64 (two 512x36 RAMB18)
    v = estimate([spec, relu], part="xcvu9p", clock_ns=5.0, hls_tool="vitis")
    assert v.layers[0].details["fifo"] == {"depth": 36, "width": 64, "bram": 2}


def test_resource_weight_rom_binding():
    # MNIST conv2 (RF 9: 32 multipliers x 16 bits = 512 bits a word, 9 words) -> 15 RAMB18 in csynth
    # (512 x 36 tiling), LUTs after synthesis (9 < 64 deep); conv1 (4 x 16 bits x 9 = 576 bits) -> LUTs
    assert memory.weight_rom_cost(9, 512) == (15, 0)
    assert memory.weight_rom_cost(9, 64) == memory.rom_cost(9, 64) == (0, 64)
    w = np.random.default_rng(5).normal(0, 0.3, (36, 8))
    spec = LayerSpec("conv2d", "conv2", 36, 8, weights=w, input_t=T16, weight_t=T16, accum_t=T16, result_t=T16,
                     reuse_factor=9, strategy="resource", io_type="io_stream", n_pixels=16, in_pixels=36)
    layer = estimate_layer(spec, clock_ns=5.0)
    assert layer.bram_18k == 0 and layer.hls()["bram_18k"] == 15


def test_resource_stream_process_registers():
    # MNIST dense 32->10 RF 8: data[32] x 16 + 40 multipliers x (16 + 16 + 32) + acc[10] x 16 = 3232 bits
    assert stream_resource_registered_bits(32, 10, 40, 16, 16, 16) == 512 + 2560 + 160
    w = np.random.default_rng(6).normal(0, 0.3, (32, 10))
    spec = LayerSpec("dense", "dense", 32, 10, weights=w, input_t=T16, weight_t=T16, accum_t=T16, result_t=T16,
                     reuse_factor=8, strategy="resource", io_type="io_stream")
    e = estimate([spec], part="xc7z020clg400-1", clock_ns=10.0, hls_tool="vitis")
    assert e.layers[0].process_bits == 3232
    assert e.hls_total["ff"] >= 3232
    # Vivado HLS: the register tables of round 14's reports (vivado_stream_dense_registered_bits): 3 x data[32]
    # x 16 (rewind) + 2 x 10 results + acc[10] + 40 weights + 40 DSP products of 31 bits + 4 selected inputs
    # + w_index x 2 + 11 control = 3977 (pominiq's report: 4374)
    v = estimate([spec], part="xc7z020clg400-1", clock_ns=10.0, hls_tool="vivado")
    assert v.layers[0].process_bits == 1536 + 320 + 160 + 640 + 1240 + 64 + 6 + 11 == 3977
