"""Per-layer resource and timing model.

The estimator's input is a list of :class:`LayerSpec` — a small, reader-independent description of
each hls4ml layer (``layers_from_project`` in :mod:`fxsim.estimate.adapter` builds it from a project).
:func:`estimate_layer` turns one spec into a :class:`LayerEstimate` of post-synthesis DSP, LUT, FF,
BRAM_18K, combinational delay, latency and II.

>>> import numpy as np
>>> from fxsim.types import FixedType
>>> t = FixedType(14, 6)
>>> spec = LayerSpec("dense", "fc", n_in=2, n_out=2, weights=np.array([[0.0, 0.5], [0.3984375, 0.0234375]]),
...                  input_t=t, weight_t=t, accum_t=t, result_t=t)
>>> e = estimate_layer(spec, clock_ns=5.0)
>>> e.mults["zero"], e.mults["shift"], e.mults["dsp"] + e.mults["fabric"] + e.mults["adder"], e.ii
(1, 1, 2, 1)
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import zip_longest
from typing import Any

import numpy as np

from fxsim.estimate import constants as C
from fxsim.estimate import memory
from fxsim.estimate import multipliers as M
from fxsim.estimate.pipeline import Step, schedule
from fxsim.estimate.reuse import block_factor, check_reuse_factor, multiplier_limit
from fxsim.types import FixedType

DEFAULT_T = FixedType(16, 6)

#: Layer kinds the estimator knows.
WEIGHTED_KINDS = ("dense", "conv1d", "conv2d")
#: ``nnet::depthwise_conv_1d_cl`` / ``depthwise_conv_2d_cl`` (``nnet_depthwise_product.h``, ``nnet_sepconv*``).
DEPTHWISE_KINDS = ("depthwise1d", "depthwise2d")
#: ``nnet::pooling1d_cl`` / ``pooling2d_cl`` (``nnet_pooling.h``, ``nnet_pooling_stream.h``).
POOLING_KINDS = ("pooling1d", "pooling2d", "global_pooling1d", "global_pooling2d")
FREE_KINDS = ("input", "linear", "flatten", "reshape", "dropout")
#: nnet functions that only move data (io_parallel: wiring): counted as free and as modelled.
WIRING_PREFIXES = ("zeropad", "transpose", "concatenate", "reshape", "flatten", "clone", "repack", "cropping")
TABLE_KINDS = ("sigmoid", "tanh", "softplus", "softsign", "elu", "selu", "activation")
#: Element-wise two-input layers (``nnet_merge.h`` / ``nnet_merge_stream.h``: ``nnet::add``, ``subtract``,
#: ``multiply``, ``average``, ``maximum``, ``minimum``): one operator per output element.
MERGE_KINDS = ("add", "subtract", "multiply", "average", "maximum", "minimum", "dot1d", "einsum")
#: Piecewise-linear activations without a table (``nnet_activation.h`` ``hard_sigmoid``, ``hard_tanh``).
HARD_KINDS = ("hard_sigmoid", "hard_tanh")
#: Recurrent kinds (``nnet::lstm_stack`` / ``nnet::gru_stack``) and their gates in Keras order.
RECURRENT_GATES = {"lstm": ("i", "f", "c", "o"), "gru": ("z", "r", "h")}


@dataclass(frozen=True)
class LayerSpec:
    """What the estimator needs to know about one hls4ml layer.

    ``weights`` are float64: ``(n_in, n_out)`` for dense/conv (conv: ``n_in = kernel x channels``,
    ``n_pixels`` output positions), the per-channel scale ``(n_out,)`` for ``batchnorm``.
    ``mul_binding`` mirrors Vitis ``config_op mul -impl``: ``'auto'``, ``'dsp'`` or ``'fabric'``.

    Recurrent layers (``kind`` ``'lstm'``/``'gru'``): ``n_in`` inputs per time step, ``weights`` the
    kernel ``(n_in, gates*n_state)`` (``reuse_factor``/``strategy`` of ``mult_config1``),
    ``recurrent_weights`` ``(n_state, gates*n_state)`` of ``recurrent_weight_t`` (``recurrent_reuse_factor``
    of ``mult_config2``), ``n_sequence`` time steps, ``use_static`` hls4ml's ``Static`` option;
    ``table_size``/``table_t`` describe the ``activation`` (tanh) table, ``recr_table_size``/``recr_table_t``
    the ``activation_recr`` (sigmoid) one.

    >>> LayerSpec("relu", "relu1", 64, 64).result_t
    FixedType(width=16, integer=6, signed=True, rounding='AP_TRN', overflow='AP_WRAP', sat_bits=0, \
is_int=False)
    """

    kind: str
    name: str
    n_in: int
    n_out: int
    weights: np.ndarray | None = None
    bias: np.ndarray | None = None
    input_t: FixedType = DEFAULT_T
    weight_t: FixedType | None = None
    bias_t: FixedType | None = None
    accum_t: FixedType | None = None
    result_t: FixedType = DEFAULT_T
    reuse_factor: int = 1
    strategy: str = "latency"
    io_type: str = "io_parallel"
    n_pixels: int = 1
    table_size: int = C.DEFAULT_TABLE_SIZE
    table_t: FixedType | None = None
    mul_binding: str = "auto"
    recurrent_weights: np.ndarray | None = None
    recurrent_bias: np.ndarray | None = None
    recurrent_weight_t: FixedType | None = None
    recurrent_reuse_factor: int = 1
    n_state: int = 0
    n_sequence: int = 1
    use_static: bool = C.RECURRENT_STATIC_DEFAULT
    recr_table_size: int = C.DEFAULT_TABLE_SIZE
    recr_table_t: FixedType | None = None
    #: Vitis HLS ``config_schedule -enable_dsp_full_reg``: DSP-bound products take
    #: :data:`constants.DSP_FULL_REG_CYCLES` cycles (the slice's own registers) instead of chaining
    dsp_full_reg: bool = False
    #: Pooling: ``'max'`` or ``'average'`` (``CONFIG_T::pool_op``).
    pool_op: str = "max"
    #: io_stream 2-D line buffer (``ap_shift_reg<T, in_width> line_buffer[filt_height - 1][n_chan]``, conv,
    #: depthwise and pooling ``*_buffer_cl``): ``line_buffer_regs`` shift registers of ``line_buffer_words``.
    line_buffer_regs: int = 0
    line_buffer_words: int = 0
    #: io_stream: the depth of the layer's output FIFO (``#pragma HLS STREAM variable=... depth=N``).
    fifo_depth: int = 1
    #: Softmax: hls4ml's ``CONFIG_T::implementation`` (``latency``, written by hls4ml <= 0.6; ``stable``, the
    #: 1.x default, first subtracts the maximum: :func:`softmax_steps`).
    softmax_implementation: str = "latency"
    #: io_stream convolution (``conv_{1d,2d}_buffer_cl``, ``depthwise_conv_{1d,2d}_buffer_cl``): the input pixels
    #: its ``ReadInputHeight``/``ReadInputWidth`` loop reads per frame (``in_height x in_width``, the padded
    #: input); 0: the loop runs ``n_pixels`` times (:func:`stream_conv_pixel_cycles`).
    in_pixels: int = 0
    #: io_stream dense (``nnet_dense_stream.h``): the input packs its ``DataPrepare`` loop reads per frame
    #: (``n_in / data_T::size``; a dense after a flattened CNN reads one pack per pixel); 0 when not known.
    in_packs: int = 0
    #: The HLS tool (``'vitis'``/``'vivado'``; ``''``: not known, the tool-independent rules): Vitis HLS builds
    #: softmax tables (:func:`softmax_table_bram`) and Latency RF > 1 instances (:func:`latency_instance_ii`)
    #: its own way. :func:`fxsim.estimate.estimate` sets it from the project or ``hls_tool``.
    hls_tool: str = ""
    #: io_parallel: the layer reads the top function's input port, which hls4ml's io_parallel top declares
    #: ``#pragma HLS ARRAY_RESHAPE variable=<input> complete dim=0`` (one word of every element's bits).
    reads_top_port: bool = False
    #: A function hls4ml generated into ``nnet_code_gen.h`` (:class:`fxsim.project.codegen.Function`: a
    #: distributed-arithmetic adder graph, an HGQ2 quantizer) that the layer runs; kind ``'generated'``.
    program: Any = None
    #: Adder bits the layer adds around its program (an EinsumDense's bias adds).
    extra_adder_bits: float = 0.0
    #: io_parallel dense: the type each input element's value really has, when narrower than ``input_t`` (an HGQ
    #: quantizer casts every element to its own ``ap_fixed<W,I>`` before storing it in the ``input_t`` array; HLS
    #: sizes each product to those bits: :func:`fxsim.estimate.liveness.element_types`). ``None``: ``input_t``.
    input_types: tuple[FixedType, ...] | None = None


@dataclass
class LayerEstimate:
    """Post-synthesis figures of one layer (HLS-report figures: :meth:`hls`)."""

    name: str
    kind: str
    dsp: int = 0
    lut: int = 0
    ff: int = 0
    bram_18k: int = 0
    delay_ns: float = 0.0          # combinational delay when chained into a pipelined io_parallel design
    latency_cycles: int = 0        # stand-alone latency of the layer
    sequential_cycles: int = 0     # cycles that cannot be chained (reuse loops, streamed pixels)
    ii: int = 1
    reuse_factor: int = 1
    strategy: str = "latency"
    mults: dict[str, int] = field(default_factory=lambda: dict.fromkeys(M.KINDS, 0))
    adder_bits: float = 0.0
    notes: list[str] = field(default_factory=list)
    #: More products unrolled than hls4ml's 4096 limit (:func:`fxsim.estimate.reuse.unrolled_products`): Vivado
    #: HLS stops unrolling; Vitis HLS builds a Latency layer with chained sums (:func:`latency_sum_is_chain`).
    over_unroll_limit: bool = False
    #: ``False`` when the layer could not be costed (a project layer without usable weights): figures 0.
    modelled: bool = True
    #: Kind-specific breakdown (recurrent layers: per-step and per-gate-matrix figures), exported to JSON.
    details: dict = field(default_factory=dict)
    #: The layer's data path as operation levels (:class:`~fxsim.estimate.pipeline.Step`): what a pipelined
    #: top chains into clock stages and registers at each cut (:func:`fxsim.estimate.pipeline.schedule`).
    steps: list[Step] = field(default_factory=list)
    #: Bits of the layer's input and output arrays (the top's port registers when it is first/last).
    in_bits: int = 0
    out_bits: int = 0
    #: Bits of one element of the layer's output stream (io_stream: an ``nnet::array`` pack of ``n_out``).
    pack_bits: int = 0
    #: Elements in that pack (``n_out``): Vivado HLS builds one FIFO per element.
    pack_elems: int = 0
    #: io_stream: the depth of the output FIFO (:func:`fxsim.estimate.register_stream`).
    fifo_depth: int = 1
    #: io_stream: the cycles the process spends on a frame's pixels (``n_pixels x II``); the processes of a
    #: DATAFLOW top overlap them (:attr:`fxsim.estimate.report.Estimate.latency_cycles`).
    stream_cycles: int = 0

    #: The HLS report's LUTs counted operation by operation (:func:`csynth_constant_layer_lut`), when the
    #: layer's rules count them; else the report is taken as ``lut x HLS_OVER_SYNTH['lut']``.
    hls_lut: int | None = None
    #: Flip-flops the layer counts itself when its initiation interval exceeds 1 (Latency strategy,
    #: RF > 1): a value alive for at most II cycles needs one register, not one per stage it crosses;
    #: a pipelined top then uses this instead of the schedule's cut bits (:func:`shared_registered_bits`).
    registered_bits: int | None = None
    #: csynth-only flip-flops the report charges on top of ``ff x HLS_OVER_SYNTH['ff']``: the pipelined
    #: DSP multiplier cores' own registers (:data:`constants.CSYNTH_FF_PER_PIPELINED_MUL`, added by
    #: :func:`fxsim.estimate.register_pipeline`) and a Vitis II > 1 pipeline's FSM state register (:func:`fsm_cost`)
    hls_ff_extra: int = 0
    #: io_stream: bits a process keeps in registers besides its pipeline cuts (a convolution's static kernel
    #: window; an unpipelined Resource process's arrays, :func:`stream_resource_registered_bits`); added by
    #: :func:`fxsim.estimate.register_stream` (csynth FF).
    process_bits: int = 0
    #: Block RAMs the HLS report counts when its memory binding differs from synthesis's (a shallow Resource
    #: weight ROM or stream FIFO: block RAM in csynth, LUT RAM after ``synth_design``); else ``bram_18k``.
    hls_bram: int | None = None

    def hls(self) -> dict[str, int]:
        """The figures Vivado HLS's own report would show (it over-states LUT and FF)."""
        out = {k: int(round(getattr(self, k) * f)) for k, f in C.HLS_OVER_SYNTH.items()}
        if self.hls_lut is not None:
            out["lut"] = self.hls_lut
        out["ff"] += self.hls_ff_extra
        if self.hls_bram is not None:
            out["bram_18k"] = self.hls_bram
        return out

    def add_report_lut(self, lut: int) -> None:
        """Add ``lut`` report (csynth) LUTs and their post-synthesis share (``/ HLS_OVER_SYNTH['lut']``)."""
        self.lut += int(round(lut / C.HLS_OVER_SYNTH["lut"]))
        if self.hls_lut is not None:
            self.hls_lut += lut

    def add_bram(self, synth: int, csynth: int) -> None:
        """Add a memory of ``synth`` block RAMs after synthesis and ``csynth`` in the HLS report."""
        if synth != csynth or self.hls_bram is not None:
            self.hls_bram = (self.bram_18k if self.hls_bram is None else self.hls_bram) + csynth
        self.bram_18k += synth


# --------------------------------------------------------------------------- helpers


def raw_weights(values: np.ndarray, t: FixedType) -> np.ndarray:
    """Float weights -> raw ``t`` integers exactly as ``t w = (double)value`` stores them."""
    return np.asarray(t.quantize(np.asarray(values, dtype=np.float64)), dtype=np.int64)


def product_widths(raw: np.ndarray, data_t: FixedType | Sequence[FixedType], weight_t: FixedType,
                   accum_t: FixedType) -> np.ndarray:
    """Bits of each product ``x*w`` that reach the accumulator (top capped, bits below its LSB dropped).
    ``data_t`` may give one type per row of ``raw`` (per input element, :attr:`LayerSpec.input_types`).

    >>> product_widths(np.array([1, 255]), FixedType(14, 6), FixedType(14, 6), FixedType(14, 6)).tolist()
    [7, 14]
    >>> product_widths(np.array([[255], [255]]), [FixedType(14, 6), FixedType(4, 2)], FixedType(14, 6),
    ...                FixedType(14, 6)).ravel().tolist()   # row 1: 2 + 0 integer bits down to accum's 2^-8
    [14, 10]
    """
    mag = M.constant_width_array(raw) - 1
    tz = M.trailing_zeros_array(raw)
    if isinstance(data_t, FixedType):
        d_int, d_frac = data_t.integer, data_t.frac
    else:
        d_int = np.array([t.integer for t in data_t]).reshape(-1, 1)
        d_frac = np.array([t.frac for t in data_t]).reshape(-1, 1)
    top = np.minimum(d_int + mag - weight_t.frac, accum_t.integer)
    bottom = np.maximum(-accum_t.frac, tz - (d_frac + weight_t.frac))
    return np.maximum(top - bottom, 1)


def effective_data_width(data_t: FixedType, weight_t: FixedType, accum_t: FixedType) -> int:
    """Bits of the data operand that can reach a wrapping accumulator: HLS narrows ``x * c`` to them.

    Data bit ``k`` (raw) lands at value ``2**(k - data.frac - weight.frac)`` or above; ``accum_t`` keeps values
    below ``2**accum.integer`` (wrap: higher bits are dropped), so only ``accum.integer + data.frac + weight.frac``
    low bits of the data matter. A saturating accumulator needs every bit. Hand-worked (round 7 row 11, Vivado
    HLS 2018.3: one DSP48E1 a product): ``ap_fixed<32,32>`` data, ``ap_fixed<18,4>`` weights (14 fraction bits)
    and accumulator: 4 + 0 + 14 = 18 bits, an 18 x 18 product; the ``ap_fixed<32,18>`` build: 18 + 14 + 14 = 46,
    all 32 bits (two slices a product, as reported).

    >>> effective_data_width(FixedType(32, 32), FixedType(18, 4), FixedType(18, 4))
    18
    >>> effective_data_width(FixedType(32, 18), FixedType(32, 18), FixedType(32, 18))
    32
    """
    if accum_t.overflow != "AP_WRAP":
        return data_t.width
    return max(1, min(data_t.width, accum_t.integer + data_t.frac + weight_t.frac))


def adder_tree_bits(terms: int, operand_bits: float, max_bits: int) -> float:
    """Result bits of a balanced adder tree over ``terms`` operands, growing 1 bit a level, capped.

    >>> adder_tree_bits(4, 10, 32)   # two 11-bit adders, one 12-bit
    34.0
    """
    bits, level, remaining = 0.0, 1, terms
    while remaining > 1:
        adders = remaining // 2
        bits += adders * min(operand_bits + level, max_bits)
        remaining -= adders
        level += 1
    return bits


def tree_depth(terms: int) -> int:
    """Adder levels of a balanced tree over ``terms`` operands."""
    return math.ceil(math.log2(terms)) if terms > 1 else 0


def add_delay_ns(width: int) -> float:
    return C.DELAY_ADD_NS + C.DELAY_ADD_PER_BIT_NS * width


def cycles_for(delay_ns: float, clock_ns: float, uncertainty: float = C.CLOCK_UNCERTAINTY) -> int:
    """Clock cycles a chain of ``delay_ns`` needs when ``uncertainty`` of the period is reserved.

    >>> cycles_for(4.0, 5.0), cycles_for(4.0, 5.0, uncertainty=0.27)   # 4.375 ns vs 3.65 ns usable
    (1, 2)
    """
    if delay_ns <= 0:
        return 0
    return max(1, math.ceil(delay_ns / (clock_ns * (1.0 - uncertainty)) - 1e-9))


# --------------------------------------------------------------------------- layer kinds


def _weighted_constant(spec: LayerSpec, raw: np.ndarray, est: LayerEstimate,
                       slice_name: str) -> tuple[float, int]:
    """Latency strategy, RF=1: every weight folded into its own constant multiplication.

    Returns ``(adder_bits, dsp)`` and fills ``est.mults``. Identical constants in one input row share a
    product (HLS common-subexpression elimination on ``x_i * c``).
    """
    data_t, weight_t = spec.input_t, spec.weight_t
    accum_t = spec.accum_t or DEFAULT_T
    row_t = spec.input_types if spec.input_types is not None and len(spec.input_types) == raw.shape[0] else None
    rows = row_t or (data_t,) * raw.shape[0]                 # the type of each input element's value
    row_w = np.array([t.width for t in rows], dtype=np.int64)
    kinds = M.classify_array(raw, row_w.reshape(-1, 1) if row_t else data_t.width, spec.mul_binding, spec.hls_tool)
    digits = M.csd_digits_array(raw)
    widths = product_widths(raw, row_t or data_t, weight_t, accum_t)
    cwidth = M.constant_width_array(raw)
    for k in M.KINDS:
        est.mults[k] += int(np.count_nonzero(kinds == k))

    dsp, mult_bits, dsp_products, widest, dsp_as_fabric_bits = 0, 0.0, 0, 1, 0.0
    row_eff = [effective_data_width(t, weight_t, accum_t) for t in rows] if row_t else None
    data_w_eff = effective_data_width(data_t, weight_t, accum_t)
    core_bits, core_mult_bits = 0.0, 0.0    # forced-fabric `mul` cores: their generic size, their shift-add count
    forced_fabric = spec.mul_binding == "fabric"
    costly = (kinds == M.DSP) | (kinds == M.FABRIC) | (kinds == M.ADDER)
    for i in range(raw.shape[0]):
        row = np.flatnonzero(costly[i])
        if row.size == 0:
            continue
        _, first = np.unique(raw[i, row], return_index=True)
        for j in row[first]:
            if kinds[i, j] == M.DSP:
                slices = M.dsp_slices(row_eff[i] if row_eff else data_w_eff, int(cwidth[i, j]), slice_name)
                dsp += slices
                dsp_products += 1
                widest = max(widest, slices)
                dsp_as_fabric_bits += (digits[i, j] - 1) * widths[i, j]
            else:
                mult_bits += (digits[i, j] - 1) * widths[i, j]
                if forced_fabric and kinds[i, j] == M.FABRIC:
                    core_bits += int(row_w[i]) * int(cwidth[i, j])
                    core_mult_bits += (digits[i, j] - 1) * widths[i, j]

    if dsp:   # what the DSP-bound products would cost as LUT shift-adds (a device too small for them)
        est.details["dsp_products_as_fabric_lut"] = int(round(C.LUT_SCALE * C.LUT_PER_ADDER_BIT * dsp_as_fabric_bits))
    # accumulation: each output sums its nonzero products (+ bias); a DSP post-adder takes one each
    nonzero = kinds != M.ZERO
    bias_terms = bias_term_counts(spec, raw.shape[1], est)
    acc_bits, max_terms = 0.0, 1
    for j in range(raw.shape[1]):
        col = nonzero[:, j]
        terms = int(col.sum()) + int(bias_terms[j])
        max_terms = max(max_terms, terms)
        if terms <= 1:
            continue
        # a DSP post-adder can take one leaf addition of the tree: at most terms//2 of them
        n_dsp = int(np.count_nonzero(kinds[:, j] == M.DSP))
        absorbed = min(n_dsp, terms // 2) if C.DSP_ABSORBS_ONE_ADD else 0
        fabric_terms = max(terms - absorbed, 1)
        operand = float(np.median(widths[col, j])) if col.any() else float(accum_t.width)
        acc_bits += adder_tree_bits(fabric_terms, operand, accum_t.width)

    mul_delay, fabric_delay = 0.0, 0.0
    if est.mults[M.DSP]:
        mul_delay = dsp_mul_delay_ns(spec.hls_tool, slice_name)
    if est.mults[M.FABRIC] or est.mults[M.ADDER]:
        lut_mul = (kinds == M.FABRIC) | (kinds == M.ADDER)
        lut_rows = np.any(lut_mul, axis=1)
        fabric_delay = fabric_constant_delay_ns(int(digits[lut_mul].max()),
                                                int(row_w[lut_rows].max()) + int(cwidth[lut_mul].max()))
        mul_delay = max(mul_delay, fabric_delay)
    terms = nonzero.sum(axis=0).astype(np.int64) + bias_terms
    sum_w = int(widths[nonzero].max()) if nonzero.any() else accum_t.width
    dsp_cycles = C.DSP_FULL_REG_CYCLES if spec.dsp_full_reg else 0
    if widest >= 2 and not dsp_cycles and slice_name in C.WIDE_PRODUCT_CORE_SLICES:
        # a product split over k slices is a pipelined ``mul`` core of k register levels (the cascade), not a
        # combinational multiply (:data:`constants.WIDE_PRODUCT_CORE_CYCLES_PER_SLICE`)
        dsp_cycles = widest * C.WIDE_PRODUCT_CORE_CYCLES_PER_SLICE
        est.details["wide_products"] = {"slices_per_product": widest, "core_cycles": dsp_cycles}
    chain = latency_sum_is_chain(spec)
    if chain:
        est.details["unbalanced_sum"] = {"products": spec.n_in * spec.n_out, "chain_adds": int(terms.max()) - 1,
                                         "links": int(long_sum_links(terms).max(initial=0))}
    est.steps = dense_steps(raw, kinds, terms, row_w if row_t else data_t.width, accum_t.width, mul_delay, sum_w=sum_w,
                            out_bits=computed_outputs(kinds) * spec.result_t.width, dsp_cycles=dsp_cycles,
                            fabric_delay=fabric_delay, chain=chain,
                            products_one_state=fabric_products_one_state(spec.mul_binding, spec.hls_tool))
    est.delay_ns = sum(step.delay_ns for step in est.steps)
    widest_t = data_t if row_t is None else FixedType(int(row_w.max()), max(t.integer for t in rows))
    est.hls_lut = csynth_constant_layer_lut(raw, terms, widest_t, weight_t, accum_t, mult_bits - core_mult_bits,
                                            dsp_products) + forced_fabric_core_lut(core_bits)
    return mult_bits + acc_bits, dsp


def dsp_mul_delay_ns(hls_tool: str, slice_name: str) -> float:
    """The delay of a DSP multiply (model ns): :data:`constants.DELAY_DSP_MUL_NS`, or the tool's own figure for the
    slice (:data:`constants.VITIS_DSP_MUL_NS`: Vitis HLS on a 7-series part).

    >>> dsp_mul_delay_ns("vitis", "DSP48E1"), dsp_mul_delay_ns("vivado", "DSP48E1")
    (3.15, 2.4)
    >>> dsp_mul_delay_ns("vitis", "DSP48E2")
    2.4
    """
    if hls_tool == "vitis":
        return C.VITIS_DSP_MUL_NS.get(slice_name, C.DELAY_DSP_MUL_NS)
    return C.DELAY_DSP_MUL_NS


def variable_dsp_cycles(hls_tool: str, slice_name: str, clock_ns: float,
                        uncertainty: float = C.CLOCK_UNCERTAINTY) -> int:
    """Cycles of a variable x variable DSP product bound to the tool's registered ``DSP48`` core (the softmax's
    ``exp_res[i] * inv_exp_sum``), or 0 when it is pipelined as any DSP multiply (:func:`dsp_mul_delay_ns`).

    * Vitis HLS, 7-series: :data:`constants.VITIS_VARIABLE_DSP_CYCLES` when the multiply needs three or more stages
      at this clock (Vitis HLS 2021.1 at 3.33 ns), else 0 (two stages at 5 ns);
    * Vivado HLS, 7-series: :data:`constants.VIVADO_VARIABLE_DSP_CYCLES` at any clock (Vivado HLS 2020.1 at 5 ns);
    * other tools and families: 0.

    ``clock_ns`` is in model ns, like every delay (the period over the part's delay scale). Hand-worked: Vitis on a
    -2 Zynq (scale 1.9) at 3.33 ns: 3.15 model ns against 3.33 / 1.9 = 1.75 (1.53 usable at 12.5 %), three stages,
    so 3; at 5 ns (2.63, 2.30 usable) two, so 0; Vivado: 3 at any clock.

    >>> variable_dsp_cycles("vitis", "DSP48E1", 3.33 / 1.9), variable_dsp_cycles("vitis", "DSP48E1", 5.0 / 1.9)
    (3, 0)
    >>> variable_dsp_cycles("vivado", "DSP48E1", 5.0 / 2.59), variable_dsp_cycles("vivado", "DSP48E2", 2.0)
    (3, 0)
    """
    if hls_tool == "vivado":
        return C.VIVADO_VARIABLE_DSP_CYCLES.get(slice_name, 0)
    if hls_tool == "vitis" and slice_name in C.VITIS_VARIABLE_DSP_CYCLES:
        stages = cycles_for(dsp_mul_delay_ns(hls_tool, slice_name), clock_ns, uncertainty)
        return C.VITIS_VARIABLE_DSP_CYCLES[slice_name] if stages >= 3 else 0
    return 0


def fabric_products_one_state(mul_binding: str, hls_tool: str) -> bool:
    """Whether the products are latency-0 LUT multipliers kept in one state whatever their delay
    (:data:`constants.FABRIC_MUL_ONE_STATE_TOOLS`: Vitis HLS under ``config_op mul -impl fabric``).

    >>> fabric_products_one_state("fabric", "vitis"), fabric_products_one_state("auto", "vitis")
    (True, False)
    """
    return mul_binding == "fabric" and hls_tool in C.FABRIC_MUL_ONE_STATE_TOOLS


def computed_outputs(kinds: np.ndarray) -> int:
    """Outputs of a dense that depend on data (at least one nonzero product). An output of no product is its
    bias, a constant: HLS keeps no register for it (HGQ's pruned neurons, :mod:`fxsim.estimate.liveness`).

    >>> computed_outputs(M.classify_array(np.array([[3, 0, 0], [0, 0, 5]]), 10))
    2
    """
    return int(np.count_nonzero(np.any(kinds != M.ZERO, axis=0)))


def latency_sum_is_chain(spec: LayerSpec) -> bool:
    """Whether the HLS tool leaves a Latency ``dense_latency``'s sums unbalanced: a layer of more than
    :data:`constants.UNROLL_LIMIT` products ``n_in x n_out`` (whatever the RF) under a tool of
    :data:`constants.UNBALANCED_SUM_TOOLS`, io_parallel. Its outputs' sums are then chains
    (:func:`dense_steps` ``chain``). IN-SAMPLE rule (HAR fc1 of round 6, Vitis HLS 2021.1).

    >>> [latency_sum_is_chain(LayerSpec("dense", "fc1", n_in=n, n_out=20, hls_tool=tool))
    ...  for n, tool in ((561, "vitis"), (204, "vitis"), (561, "vivado"))]      # 11,220 / 4,080 products
    [True, False, False]
    """
    return (spec.hls_tool in C.UNBALANCED_SUM_TOOLS and spec.io_type != "io_stream" and spec.n_pixels <= 1
            and spec.kind == "dense" and spec.strategy.lower() == "latency"
            and spec.n_in * spec.n_out > C.UNROLL_LIMIT)


def bias_term_counts(spec: LayerSpec, n_out: int, est: LayerEstimate | None = None) -> np.ndarray:
    """1 where output ``j`` adds a nonzero bias, else 0. A firmware bias array shorter than the outputs (hls4ml
    writes one value for a GRU with ``reset_after=False``, whose template reads ``3 x n_state``) is read out of
    range by the firmware: the missing entries are costed as nonzero, and ``est`` gets a note saying so.

    >>> s = LayerSpec("dense", "g", 2, 3, bias=np.array([0.5]), bias_t=FixedType(8, 3))
    >>> e = LayerEstimate("g", "dense")
    >>> bias_term_counts(s, 3, e).tolist(), e.notes[0][:52]
    ([1, 1, 1], 'g: the firmware has 1 bias value for 3 outputs; the ')
    """
    if spec.bias is None or spec.bias_t is None:
        return np.zeros(n_out, dtype=np.int64)
    nz = (raw_weights(np.asarray(spec.bias, dtype=np.float64).reshape(-1), spec.bias_t) != 0).astype(np.int64)
    if nz.size >= n_out:
        return nz[:n_out]
    if est is not None:
        est.notes.append(f"{spec.name}: the firmware has {nz.size} bias value{'s' if nz.size != 1 else ''} for "
                         f"{n_out} outputs; the template reads the rest out of range (it cannot be right), "
                         "costed as nonzero")
    return np.concatenate([nz, np.ones(n_out - nz.size, dtype=np.int64)])


def long_sum_links(terms: np.ndarray) -> np.ndarray:
    """Ternary links of each output's unbalanced sum (:func:`latency_sum_is_chain`): an output of ``t``
    terms takes ``ceil((t - 1) / r)`` links, ``r`` = :data:`constants.LONG_SUM_TERMS_PER_LINK` (a link adds
    the running sum to two operands, single products or groups added beforehand). IN-SAMPLE rate.

    Hand-worked: mnist fc1's longest sum, 129 terms: ceil(128 / 2.64) = 49 links; HAR fc1's, 495 terms
    (494 products and the bias): ceil(494 / 2.64) = 188; a single term needs none.

    >>> long_sum_links(np.array([129, 495, 1, 0])).tolist()
    [49, 188, 0, 0]
    """
    t = np.asarray(terms, dtype=np.int64)
    return np.ceil(np.maximum(t - 1, 0) / C.LONG_SUM_TERMS_PER_LINK - 1e-9).astype(np.int64)


def long_sum_cycles(links: int, link_ns: float, clock_ns: float, uncertainty: float = C.CLOCK_UNCERTAINTY) -> int:
    """Clock cycles of ``links`` chained links of ``link_ns`` each: as many whole links a stage as the usable
    period holds (at least one), since a link is one adder and is not split by a register.

    Hand-worked: mnist fc1's 49 links of 1.84 model ns on the Zynq-7000 -2 at 5 ns, 12.5 %: the stage holds
    4.375 / 1.9 = 2.30 model ns, one link: 49 cycles; at 10 ns (4.61), two: 25.

    >>> long_sum_cycles(49, 1.84, 5.0 / 1.9, 0.125), long_sum_cycles(49, 1.84, 10.0 / 1.9, 0.125)
    (49, 25)
    """
    if links <= 0:
        return 0
    per_stage = max(1, int(clock_ns * (1.0 - uncertainty) / link_ns + 1e-9))
    return -(-links // per_stage)


def long_sum_link_delay_ns(accum_w: int) -> float:
    """Delay of one link of an unbalanced sum: a ternary adder, :data:`constants.LONG_SUM_LINK_ADDS` carry
    chains of the accumulator's width (Vitis HLS 2021.1 on a Zynq-7000 -2: 3.18 ns for 16 bits).

    >>> round(long_sum_link_delay_ns(16), 2)      # two 16-bit adds, UltraScale+ units
    1.84
    """
    return C.LONG_SUM_LINK_ADDS * add_delay_ns(accum_w)


def forced_fabric_core_lut(core_bits: float) -> int:
    """The HLS report's LUTs of the ``mul`` cores that ``config_op mul -impl fabric`` binds to LUTs.

    Forced to fabric, a true multiplication (three or more CSD digits) stays a ``mul`` operation bound to a
    LUT multiplier core (``mul_16s_10s_26_1_1``, constant operand narrowed), and the report charges the core's
    generic size, not the shift-adds synthesis later reduces it to: :data:`constants.CSYNTH_LUT_PER_FABRIC_MUL_BIT2`
    LUTs per data-bit x constant-bit (``core_bits``). Post-synthesis figures keep the shift-add count.

    Hand-worked: 8 products of 16-bit data by 10-bit constants: 8 x 160 x 1.27 = 1625.6 -> 1626.

    >>> forced_fabric_core_lut(8 * 16 * 10)
    1626
    """
    return int(round(core_bits * C.CSYNTH_LUT_PER_FABRIC_MUL_BIT2))


def csynth_constant_layer_lut(raw: np.ndarray, terms: np.ndarray, data_t: FixedType, weight_t: FixedType,
                              accum_t: FixedType, mult_bits: float, dsp_products: int) -> int:
    """The LUTs the HLS report gives a Latency layer of constant products, operation by operation.

    The report sizes every adder of the accumulation at the accumulator's alignment, not at the bits that
    survive synthesis: the products are shifted to ``accum_t``'s LSB (``shl_ln728_*``), so each of the
    ``terms - 1`` adders of an output is ``min(accum width, product integer bits + accum fraction bits +
    tree growth)`` wide, about one LUT a bit (ml4quantum-release's 2019.1 report: 52-bit ``add_ln703_*``,
    50-59 LUTs), and no addition goes into a DSP post-adder. A DSP-bound product adds ``data width + 1``
    LUTs (:data:`constants.CSYNTH_LUT_PER_DSP_PRODUCT`); LUT-built products keep the synthesis count x
    ``HLS_OVER_SYNTH['lut']``.

    Hand-worked: 8 outputs of 5 terms (4 products + bias), 22-bit data with 3 integer bits, constants of up
    to 14 magnitude bits in ``ap_fixed<18,4>`` (14 fraction bits), ``ap_fixed<64,16>`` accumulator: products
    have 3 + 14 - 14 = 3 integer bits, adders min(64, 3 + 48 + 3) = 54 bits: 8 x 4 x 54 = 1728, plus 31
    DSP products x 23 = 713 -> 2441 (the report: 2421 expression LUTs + 72 mux).

    >>> raw = np.full((4, 8), 9000)
    >>> csynth_constant_layer_lut(raw, np.full(8, 5), FixedType(22, 3, False), FixedType(18, 4),
    ...                           FixedType(64, 16), 0.0, 31)
    2441
    """
    terms = np.asarray(terms, dtype=np.int64)
    nz = raw[raw != 0]
    adders = int(np.sum(np.maximum(terms - 1, 0)))
    width = 0
    if nz.size and adders:
        mag = int(M.constant_width_array(nz).max()) - 1
        top = min(data_t.integer + mag - weight_t.frac, accum_t.integer)
        width = min(accum_t.width, top + accum_t.frac + tree_depth(int(terms.max())))
    fabric = C.HLS_OVER_SYNTH["lut"] * C.LUT_SCALE * C.LUT_PER_ADDER_BIT * mult_bits
    return int(round(fabric + adders * width * C.CSYNTH_LUT_PER_ADDER_BIT
                     + dsp_products * (data_t.width + C.CSYNTH_LUT_PER_DSP_PRODUCT)))


def fabric_constant_delay_ns(digits: int, width: int) -> float:
    """Delay of ``x * c`` built in LUTs: a tree of ``digits - 1`` shift-adds, ``ceil(log2(digits))`` levels
    of ``width``-bit carry chains (at least :data:`constants.DELAY_FABRIC_MUL_NS`).

    >>> fabric_constant_delay_ns(2, 20), round(fabric_constant_delay_ns(5, 26), 2)   # one level; three
    (1.2, 3.36)
    """
    return max(C.DELAY_FABRIC_MUL_NS, tree_depth(digits) * add_delay_ns(width))


def dense_steps(raw: np.ndarray, kinds: np.ndarray, terms: np.ndarray, data_w: int | np.ndarray, accum_w: int,
                mul_delay: float, sum_w: int | None = None, out_bits: int | None = None, dsp_cycles: int = 0,
                fabric_delay: float | None = None, chain: bool = False,
                products_one_state: bool = False) -> list[Step]:
    """The data path of ``dense_latency`` as pipeline steps (:mod:`fxsim.estimate.pipeline`).

    First the products: every distinct true product (``mul`` operation) of an input row is a value of full
    width (data bits + constant bits - 1), at most ``accum_w`` bits (the bits below ``accum_t``'s LSB are
    dropped before the register: Vitis HLS 2025.1 registers the 14-16-bit ``trunc_ln42_*`` part-selects of
    the 24-26-bit products of the public Iris MLP, ``accum_t`` = ``ap_fixed<16,6>``), and an input read
    only through shifts stays alive as itself. Then each output's balanced adder tree over its
    ``terms`` (nonzero products + a nonzero bias): after level ``k`` it holds ``ceil(terms/2**k)`` partial
    sums of ``accum_t``; with ``sum_w`` (the widest product as it reaches the accumulator) a sum at level
    ``k`` has ``min(accum_w, sum_w + k)`` bits (HLS sizes each adder to its operands, one carry bit a
    level). A register stage after a level holds exactly those values. ``out_bits``: the cast to
    ``result_t`` (no delay) leaves the layer's outputs, what a register at the layer's end holds.

    Hand-worked: 2 inputs x 2 outputs, raw weights [[3, 0], [5, 4]] on 10-bit data, 16-bit accumulator,
    no bias: products 3*x0 (10+3-1 = 12 bits) and 5*x1 (10+4-1 = 13); x1 also feeds a shift (x1*4): 10
    bits alive -> 35 bits. Output 0 has 2 terms, output 1 one: level 1 leaves 1 + 1 sums = 32 bits.

    >>> raw = np.array([[3, 0], [5, 4]])
    >>> st = dense_steps(raw, M.classify_array(raw, 10), np.array([2, 1]), 10, 16, 1.2)
    >>> [(round(s.delay_ns, 2), s.live_bits) for s in st]
    [(1.2, 35), (0.92, 32)]

    Fully registered DSPs (``dsp_cycles`` > 0, Vitis ``enable_dsp_full_reg``): the LUT-built products are
    computed in the operand stage (``fabric_delay``) and wait in fabric registers while the DSP slices
    run their ``dsp_cycles`` internal registers; per output, the waiting values are its LUT terms (products,
    shifts, bias) reduced between its DSP leaves: ``min(f, d + 1)`` values of ``min(accum, sum_w + 1)``
    bits for ``f`` LUT terms and ``d`` DSP terms. The tree then sums ``d + min(f, d + 1)`` leaves per output.
    Hand-worked: raw [[3, 0], [77, 4]] on 10-bit data (77: DSP; 3: a shift-add; 4: a shift), 16-bit
    accumulator, sum_w 14: output 0 has d = 1, f = 1 -> 1 waiting value; output 1 has d = 0, f = 1 -> 1:
    2 x 15 = 30 bits at each of the 3 DSP registers; the tree then has 2 and 1 leaves: one level. The
    DSP product 77*x1 (10 + 8 - 1 = 17 bits) is counted at the accumulator's 16: 16 + 30 = 46 bits.

    >>> raw = np.array([[3, 0], [77, 4]])
    >>> st = dense_steps(raw, M.classify_array(raw, 10), np.array([2, 1]), 10, 16, 2.4, sum_w=14,
    ...                  dsp_cycles=3, fabric_delay=1.2)
    >>> [(round(s.delay_ns, 2), s.live_bits, s.cycles, s.carry_bits) for s in st]
    [(1.2, 22, 0, 0), (0.0, 46, 3, 30), (0.9, 30, 0, 0)]

    ``chain`` (:func:`latency_sum_is_chain`): no tree; an output of ``t`` terms goes through
    :func:`long_sum_links` ternary links of ``accum_w`` bits one after another; after every link each output
    holds its running sum, or its finished sum until the longest is done. Hand-worked: terms [7, 2] on a
    16-bit accumulator: ceil(6 / 2.64) = 3 and ceil(1 / 2.64) = 1 links of 2 x 0.92 ns; 2 x 16 bits held at
    each of the 3 links.

    >>> raw = np.array([[3, 5], [5, 0], [7, 0], [9, 3], [3, 0], [5, 0], [7, 0]])
    >>> st = dense_steps(raw, M.classify_array(raw, 10), np.array([7, 2]), 10, 16, 1.2, chain=True)
    >>> [(round(s.delay_ns, 2), s.live_bits) for s in st[1:]]
    [(1.84, 32), (1.84, 32), (1.84, 32)]

    ``products_one_state``: the products are latency-0 LUT cores kept in one state whatever their delay
    (:func:`fabric_products_one_state`; the step's ``one_state``).
    """
    cwidth = M.constant_width_array(raw)
    mul = is_computed_product(kinds)
    dsp = kinds == M.DSP
    full_reg = dsp_cycles > 0 and bool(dsp.any())
    row_w = np.broadcast_to(np.asarray(data_w, dtype=np.int64).reshape(-1), (raw.shape[0],))   # per input element
    product_bits, fabric_bits = 0, 0
    for i in range(raw.shape[0]):
        row = np.flatnonzero(mul[i])
        if row.size:
            _, first = np.unique(raw[i, row], return_index=True)
            bits = np.minimum(row_w[i] + cwidth[i, row[first]] - 1, accum_w)   # bits below accum_t's LSB dropped
            product_bits += int(np.sum(bits))
            fabric_bits += int(np.sum(bits[~dsp[i, row[first]]]))
    shifted = np.any(kinds == M.SHIFT, axis=1)
    shift_bits = int(row_w[shifted].sum())          # an input read only through shifts stays alive as itself
    terms = np.asarray(terms, dtype=np.int64)
    if not full_reg:
        steps = [Step(mul_delay, product_bits + shift_bits, one_state=products_one_state)]
    else:
        d = dsp.sum(axis=0).astype(np.int64)
        f = np.maximum(terms - d, 0)
        wait = np.minimum(f, d + 1)
        wait_w = accum_w if sum_w is None else min(accum_w, sum_w + 1)
        carry = int(wait.sum()) * wait_w
        steps = []
        if fabric_bits or shift_bits:
            steps.append(Step(fabric_delay if fabric_delay is not None else mul_delay, fabric_bits + shift_bits))
        steps.append(Step(0.0, product_bits - fabric_bits + carry, cycles=dsp_cycles, internal=True,
                          carry_bits=carry))
        terms = d + wait
    if chain:      # each output's running sum, one ternary link after another (latency_sum_is_chain)
        links = long_sum_links(terms)
        held = max(int(np.count_nonzero(terms > 0)), 1)      # a finished sum waits in registers for the others
        for _ in range(int(links.max(initial=0))):
            steps.append(Step(long_sum_link_delay_ns(accum_w), held * accum_w))
    else:
        for k in range(1, tree_depth(int(terms.max(initial=1))) + 1):
            alive = int(np.sum(-(-terms[terms > 0] // (1 << k))))
            width = accum_w if sum_w is None else min(accum_w, sum_w + k)
            steps.append(Step(add_delay_ns(width), alive * width))
    if out_bits is not None:
        steps.append(Step(0.0, out_bits))
    return steps


def is_mul_op(kinds: np.ndarray) -> np.ndarray:
    """Which constant products stay ``mul`` operations in the HLS IR: the true multiplications (three or
    more CSD digits). ``x * 0`` disappears, ``x * 2^k`` is a shift and a two-digit constant becomes a
    shift-add/sub (``x * 6 = (x << 3) - (x << 1)``): the ml4quantum-release Vivado HLS 2019.1 report of a
    32-weight layer lists 31 ``mul_ln1118`` and one ``sub_ln1118`` of two shifted inputs
    (``shl_ln1118``), so only true multiplications meet ``ALLOCATION instances=mul`` and
    ``config_op mul -impl``."""
    return (kinds == M.FABRIC) | (kinds == M.DSP)


def is_computed_product(kinds: np.ndarray) -> np.ndarray:
    """Products that are computed values (a ``mul`` or a shift-add), as opposed to wiring (shifts, zeros)."""
    return (kinds == M.ADDER) | is_mul_op(kinds)


@dataclass(frozen=True)
class Allocation:
    """How a Latency-strategy layer with RF > 1 is scheduled (``nnet_dense_latency.h``).

    ``mul_ops``: constant products that remain ``mul`` operations (:func:`is_mul_op`); ``limit``:
    hls4ml's ``multiplier_limit = DIV_ROUNDUP(n_in*n_out, RF) - n_zeros/RF`` (the
    ``#pragma HLS ALLOCATION operation instances=mul`` limit); ``ii``: the cycles the shared
    multipliers need, ``ceil(mul_ops / limit)`` clamped to ``1..RF``.
    """

    mul_ops: int
    limit: int
    ii: int


def latency_allocation(raw: np.ndarray, kinds: np.ndarray, rf: int, n_zeros: int | None = None,
                       distinct_products: bool = False) -> Allocation:
    """The schedule of a Latency-strategy layer at reuse factor ``rf``.

    ``dense_latency`` asks for ``PIPELINE II=RF`` and ``ALLOCATION instances=mul limit=multiplier_limit``.
    hls4ml's wrappers are inlined and, with the top function pipelined (io_parallel), the layer is
    scheduled inside the top's pipeline: what bounds its initiation interval is the ``mul`` limit, i.e.
    ``ceil(mul_ops / limit)`` cycles, which is **below RF** whenever some nonzero weights are powers of
    two (shifts, not ``mul``) or the limit's rounding leaves room — the reported II of 22-49 at RF 100 on
    pruned networks is this. When ``mul_ops <= limit`` nothing is shared: the layer is built like RF = 1.
    ``n_zeros`` is hls4ml's count (weights exactly 0 as floats, before quantization); default: the raw zeros.
    ``distinct_products`` (Vitis HLS, :data:`constants.SHARED_DISTINCT_PRODUCT_TOOLS`): above a limit of one,
    a product ``x[i] * w`` used by several outputs is one ``mul`` (:func:`distinct_mul_ops`).

    Hand-worked: 4x4 weights, 6 zeros, 2 powers of two (4, 8), 4 two-digit constants (3, 5, 7, 17:
    shift-adds) and 4 true multiplications (11, 13, 19, 23: three CSD digits each), RF = 4: limit =
    ceil(16/4) - 6//4 = 3, mul_ops = 4, II = ceil(4/3) = 2 (< RF).

    >>> raw = np.array([[0, 0, 0, 0], [0, 0, 4, 8], [3, 5, 7, 11], [13, 17, 19, 23]])
    >>> a = latency_allocation(raw, M.classify_array(raw, 16), 4)
    >>> a.mul_ops, a.limit, a.ii
    (4, 3, 2)
    """
    n_in, n_out = raw.shape
    n_zero = int(np.count_nonzero(raw == 0)) if n_zeros is None else int(n_zeros)
    mul_ops = int(np.count_nonzero(is_mul_op(kinds)))
    limit = max(multiplier_limit(n_in, n_out, rf, n_zero), 1)
    if distinct_products and limit > 1:
        mul_ops = distinct_mul_ops(raw, kinds)
    ii = min(max(-(-mul_ops // limit), 1), rf)
    return Allocation(mul_ops, limit, ii)


def distinct_mul_ops(raw: np.ndarray, kinds: np.ndarray) -> int:
    """The ``mul`` operations of a ``n_in x n_out`` constant layer when one product serves every output that
    multiplies the same input by the same weight value (common-subexpression elimination of ``x[i] * w``).

    Hand-worked: input 0 meets 11 twice and 13 once, input 1 meets 11 once (and a power of two): 3.

    >>> raw = np.array([[11, 11, 13], [11, 4, 0]])
    >>> distinct_mul_ops(raw, M.classify_array(raw, 16))
    3
    """
    rows, cols = np.nonzero(is_mul_op(kinds))
    return len(set(zip(rows.tolist(), raw[rows, cols].tolist())))


def shared_instance_latency(alloc: Allocation, on_dsp: bool, dsp_full_reg: bool = False) -> int:
    """Latency of a Vitis HLS ``dense_latency`` instance at RF > 1 whose shared multipliers issue over
    ``alloc.ii`` cycles: the issue cycles plus the shared core's own latency (fabric 0; DSP 2, or 4 when the
    ``ALLOCATION`` limit is one, :data:`constants.VITIS_SHARED_DSP_MUL_CYCLES`); the adds finish in the last
    issue cycle. IN-SAMPLE (the Vitis HLS 2021.1 round-6 reports, ``enable_dsp_full_reg=false``). A fully
    registered DSP (``dsp_full_reg``, Vitis's default) holds one more register
    (:data:`constants.VITIS_SHARED_DSP_FULL_REG_EXTRA_CYCLES`; one stand-in report, round 5 row 23).

    Hand-worked: ARRYTHMIA's output layer, 42 distinct products on 2 DSPs: 21 + 2 = 23 (report 23); Breast_cancer
    fc1, 26 products on one DSP: 26 + 4 = 30 (report 30); the same on fabric: 26 (report 26).

    >>> shared_instance_latency(Allocation(42, 2, 21), True), shared_instance_latency(Allocation(26, 1, 26), True)
    (23, 30)
    >>> shared_instance_latency(Allocation(26, 1, 26), False)
    26
    """
    if not on_dsp:
        core = C.VITIS_SHARED_FABRIC_MUL_CYCLES
    elif alloc.limit > 1:
        core = C.VITIS_SHARED_DSP_MUL_CYCLES
    else:
        core = C.VITIS_SINGLE_DSP_MUL_CYCLES
    if on_dsp and dsp_full_reg:
        core += C.VITIS_SHARED_DSP_FULL_REG_EXTRA_CYCLES
    return int(alloc.ii) + core


def _weighted_shared(spec: LayerSpec, raw: np.ndarray, est: LayerEstimate, slice_name: str,
                     rf: int, alloc: Allocation | None = None,
                     products: int | None = None) -> tuple[float, int, int, int]:
    """RF > 1 or Resource strategy: multipliers shared over ``rf`` cycles, weights not folded.

    ``products``: the products the template computes when fewer than ``n_in x n_out`` (a depthwise
    kernel: one per input; Resource ``block_factor = DIV_ROUNDUP(n_in, RF)``).
    Returns ``(adder_bits, dsp, bram_18k, rom_luts)``.
    """
    data_t, weight_t = spec.input_t, spec.weight_t
    accum_t = spec.accum_t or DEFAULT_T
    n_in, n_out = raw.shape
    n_zero = int(np.count_nonzero(raw == 0))
    est.mults[M.ZERO] += n_zero
    resource = spec.strategy.lower() in ("resource", "resource_unrolled")
    if resource:
        n_mult = block_factor(products or n_in * n_out, 1, rf)   # zeros are still multiplied
        width_w = weight_t.width
    else:  # Latency strategy, RF > 1: ALLOCATION limits the `mul` operations (see latency_allocation)
        kinds = M.classify_array(raw, data_t.width, spec.mul_binding, spec.hls_tool)
        alloc = alloc or latency_allocation(raw, kinds, rf)
        est.mults[M.SHIFT] += int(np.count_nonzero(kinds == M.SHIFT))
        n_mult = min(alloc.mul_ops, alloc.limit)
        nz = raw[is_mul_op(kinds)]
        width_w = int(M.constant_width_array(nz).max()) if nz.size else 1
        rf = alloc.ii                                         # operands per shared multiplier
    on_dsp = M.generic_multiplier_is_dsp(data_t.width, width_w, spec.mul_binding, spec.hls_tool)
    dsp = n_mult * M.dsp_slices(data_t.width, width_w, slice_name) if on_dsp else 0
    est.mults[M.DSP if on_dsp else M.FABRIC] += n_mult
    mult_bits = 0.0 if on_dsp else n_mult * data_t.width * width_w * C.LUT_PER_GENERIC_MULT_BIT2
    # operand multiplexers, ~ (fan_in-1)/3 LUT6 per bit (a LUT6 is a 4:1 mux, a tree of them adds 3 inputs
    # per LUT). Latency strategy with RF > 1, and Resource strategy with rf < n_in
    # (nnet_dense_resource.h ``dense_resource_rf_leq_nin``: multiplier im reads data[ir + im*rf]): each
    # multiplier has its own rf:1 data mux; at rf = n_in they share one. Resource strategy with rf > n_in
    # (valid RFs are then multiples of n_in: ``dense_resource_rf_gt_nin_rem0``): every multiplier reads the same
    # data[in_index] in a given cycle, so one n_in:1 mux feeds them all, and multiplier im walks outscale = rf/n_in
    # accumulators acc[outidx[ir] + im*outscale] (a read mux of that many accum_t words each).
    if resource and rf > n_in:
        mux_bits = data_t.width * (n_in - 1) / 3.0
        mux_bits += n_mult * accum_t.width * max(min(-(-rf // n_in), n_out) - 1, 0) / 3.0
    elif resource and rf == n_in:
        # dense_resource_rf_leq_nin at rf = n_in: in_index = ir for every multiplier (it wraps at the first
        # increment), so one rf:1 mux feeds them all (Vivado HLS 2019.2, round 14 rows 3/5: a 64 -> 32 layer at
        # RF 64 reports 2,237 LUTs, where 32 muxes would be ~9,000; IN-SAMPLE). With rf < n_in the reports keep one
        # mux per multiplier although multipliers ceil(n_in / rf) apart read the same input (pominiq MNIST's
        # 200 -> 10 dense at RF 50: 8,306 LUTs with 40 DSP multipliers).
        mux_bits = data_t.width * max(rf - 1, 0) / 3.0
    else:
        mux_bits = n_mult * data_t.width * max(rf - 1, 0) / 3.0
    acc_bits = n_mult * accum_t.width + n_out * accum_t.width
    bram, rom_luts = 0, 0
    if resource:
        bram, rom_luts = memory.rom_cost(rf, n_mult * weight_t.width)    # synthesis: the depth rule
        hls_bram, _ = memory.weight_rom_cost(rf, n_mult * weight_t.width)  # csynth: the bits rule too
        if hls_bram != bram:
            est.hls_bram = hls_bram
    depth = tree_depth(-(-n_in // rf) + 1)
    mul_delay = C.DELAY_DSP_MUL_NS if on_dsp else C.DELAY_FABRIC_MUL_NS
    if not resource:
        # Latency strategy in the top's pipeline: the shared products, then the running sums (n_out held)
        if not on_dsp:     # a generic LUT multiplier: ceil(w/2) radix-4 partial products summed in a tree
            mul_delay = fabric_constant_delay_ns(-(-width_w // 2) + 1, data_t.width + width_w)
        # the data path is the RF = 1 one (same products, same adder trees; a fully registered DSP keeps its
        # 3 cycles); the shared multipliers add their ii - 1 issue cycles (sequential_cycles) and, with
        # II = ii, a value crossing k stage boundaries needs ceil(k / ii) registers, not k
        scratch = LayerEstimate(est.name, est.kind)
        _weighted_constant(spec, raw, scratch, slice_name)
        est.steps = scratch.steps
        in_fabric = (raw != 0) & ~(is_mul_op(kinds) & on_dsp)   # the products that wait in fabric registers
        if spec.hls_tool in C.SHARED_DSP_PRODUCTS_IN_FABRIC_TOOLS:      # Vivado HLS: the DSP products too
            in_fabric = raw != 0
        waiting = np.minimum(data_t.width + M.constant_width_array(raw[in_fabric]) - 1, accum_t.width)
        est.registered_bits = shared_registered_bits(n_in, n_out, data_t.width, accum_t.width,
                                                     product_bits=int(waiting.sum()))
        # the report's LUTs: every addition of every output is its own adder (ALLOCATION limits only `mul`),
        # at the accumulator's alignment as at RF = 1, plus the shared multipliers and their operand muxes
        nz_terms = np.count_nonzero(raw, axis=0).astype(np.int64)
        nz_terms += bias_term_counts(spec, raw.shape[1])
        est.hls_lut = csynth_constant_layer_lut(raw, nz_terms, data_t, weight_t, accum_t, mult_bits + mux_bits,
                                                n_mult if on_dsp else 0)
    est.delay_ns = mul_delay + depth * add_delay_ns(accum_t.width)
    if not resource and "unbalanced_sum" in scratch.details:    # the RF = 1 data path's chained sums
        est.details["unbalanced_sum"] = scratch.details["unbalanced_sum"]
        est.delay_ns = mul_delay + scratch.details["unbalanced_sum"]["links"] * long_sum_link_delay_ns(accum_t.width)
    return mult_bits + mux_bits + acc_bits, dsp, bram, rom_luts


def _estimate_weighted(spec: LayerSpec, est: LayerEstimate, clock_ns: float, slice_name: str,
                       uncertainty: float = C.CLOCK_UNCERTAINTY, n_zeros: int | None = None,
                       products: int | None = None) -> None:
    """Dense / convolution kernels (``products``/``n_zeros``: a depthwise kernel's own counts, see
    :func:`_estimate_depthwise`)."""
    if spec.weights is None or spec.weight_t is None:
        raise ValueError(f"layer {spec.name}: a {spec.kind} layer needs weights and weight_t")
    w = np.asarray(spec.weights, dtype=np.float64).reshape(spec.n_in, spec.n_out)
    raw = raw_weights(w, spec.weight_t)
    check = check_reuse_factor(spec.name, spec.n_in, spec.n_out if products is None else 1, spec.reuse_factor,
                               spec.strategy, spec.hls_tool)
    est.notes.extend(check.messages)
    est.over_unroll_limit = check.over_unroll_limit
    rf = check.used
    est.reuse_factor = rf
    resource = spec.strategy.lower() in ("resource", "resource_unrolled")
    ii, alloc = rf, None
    conv_state = 0                      # an io_stream convolution's counters and result pack (stream_conv_state_bits)
    if rf > 1 and not resource:
        alloc = latency_allocation(raw, M.classify_array(raw, spec.input_t.width, spec.mul_binding, spec.hls_tool), rf,
                                   n_zeros=int(np.count_nonzero(w == 0)) if n_zeros is None else n_zeros,
                                   distinct_products=spec.hls_tool in C.SHARED_DISTINCT_PRODUCT_TOOLS)
        ii = alloc.ii
        est.details["allocation"] = {"mul_ops": alloc.mul_ops, "multiplier_limit": alloc.limit, "ii": alloc.ii}
    if rf > 1 and (resource or ii > 1):  # Resource strategy with RF=1 is built like Latency (vivado_objectives.py)
        bits, dsp, bram, rom_luts = _weighted_shared(spec, raw, est, slice_name, rf, alloc, products)
        # Resource: the ReuseLoop (RF trips); Latency: the shared multipliers' ii issue cycles, then the tree
        est.sequential_cycles = rf + C.RESOURCE_REUSE_LOOP_EXTRA_CYCLES if resource else ii - 1
        if resource and runtime_index_loop(spec, rf):
            # the rf_gt_nin_rem0 IndexLoop runs before the ReuseLoop, one cycle a trip; outidx[rf] is an int RAM
            est.sequential_cycles += rf
            outidx = memory.bram18_for_rom(rf, 32)
            bram += outidx
            est.details["index_loop"] = {"cycles": rf, "bram_18k": outidx}
        if resource and dsp and spec.dsp_full_reg:   # the ReuseLoop's multiply in fully registered slices
            est.sequential_cycles += C.DSP_FULL_REG_CYCLES
    else:
        bits, dsp = _weighted_constant(spec, raw, est, slice_name)
        bram, rom_luts = 0, 0
    est.adder_bits = bits
    est.dsp = dsp
    est.bram_18k = bram
    est.lut = int(round(C.LUT_SCALE * C.LUT_PER_ADDER_BIT * bits)) + rom_luts
    depth = cycles_for(est.delay_ns, clock_ns, uncertainty)
    if "unbalanced_sum" in est.details and rf > 1 and not resource:
        # the shared products, then the chain's links: a link does not straddle a register
        links = est.details["unbalanced_sum"]["links"]
        link_ns = long_sum_link_delay_ns((spec.accum_t or DEFAULT_T).width)
        depth = (cycles_for(est.delay_ns - links * link_ns, clock_ns, uncertainty)
                 + long_sum_cycles(links, link_ns, clock_ns, uncertainty))
    if spec.io_type == "io_stream" and spec.in_pixels:     # the *_buffer_cl loop: one input pixel an iteration
        if rf > 1 and not resource and spec.hls_tool in C.LATENCY_INSTANCE_II_TOOLS:
            # its PIPELINE II=RF: Vitis HLS starts the next pixel once this one's kernel is through (round 8 row 7,
            # Vitis HLS 2025.2: 784 pixels at RF 16 in 2,364 cycles, 3 a pixel; the partition rule's reading)
            ii = partition_loop_ii(rf, ii, est.sequential_cycles + depth + C.STREAM_CONV_PIXEL_READ_CYCLES)
            est.details.setdefault("allocation", {})["pixel_ii"] = ii
        per_pixel = stream_conv_pixel_cycles(ii, resource and rf > 1, est.sequential_cycles + depth)
        est.ii = per_pixel * spec.in_pixels
        est.stream_cycles = est.ii
        est.sequential_cycles = est.ii if resource and rf > 1 else est.sequential_cycles + est.ii
        est.details["stream_loop"] = {"input_pixels": spec.in_pixels, "cycles_per_pixel": per_pixel}
        # compute_output_buffer_*'s static kernel_data[filt_height*filt_width*n_chan] window (ARRAY_PARTITION
        # complete) persists across iterations: registers (an unpipelined Resource process: see below)
        est.process_bits = spec.n_in * spec.input_t.width
        conv_state = stream_conv_state_bits(spec.kind, spec.n_out, spec.result_t.width)
    else:
        if (spec.n_pixels > 1 and rf > 1 and not resource and spec.io_type != "io_stream"
                and spec.hls_tool in C.LATENCY_INSTANCE_II_TOOLS):
            # the PartitionLoop's PIPELINE II=RF: Vitis HLS starts a partition once the previous one is through
            ii = partition_loop_ii(rf, ii, est.sequential_cycles + depth)
            est.details.setdefault("allocation", {})["partition_ii"] = ii
        est.ii = ii * spec.n_pixels
        if spec.n_pixels > 1:
            est.sequential_cycles += spec.n_pixels * ii
            if spec.io_type == "io_stream":
                est.stream_cycles = spec.n_pixels * ii
    if "stream_loop" in est.details:
        # Resource: the loop's iterations already hold the kernel; Latency: the pipelined loop's fill plus the
        # process's entry and exit states (C.STREAM_LOOP_STATE_CYCLES)
        est.latency_cycles = est.sequential_cycles + (0 if resource and rf > 1
                                                      else depth + C.STREAM_LOOP_STATE_CYCLES)
    elif "unbalanced_sum" in est.details and rf > 1 and not resource:
        # the shared multipliers' issue cycles pass while the chain runs: its later links take those products
        est.latency_cycles = max(depth, est.sequential_cycles + 1)
    else:
        est.latency_cycles = est.sequential_cycles + depth
        if (alloc is not None and alloc.ii > 1 and spec.hls_tool in C.LATENCY_INSTANCE_II_TOOLS
                and slice_name in C.VITIS_SHARED_CORE_SLICES and spec.n_pixels <= 1
                and "unbalanced_sum" not in est.details):
            # the shared multipliers' issue cycles and their core; the tree finishes in the last issue cycle
            est.latency_cycles = shared_instance_latency(alloc, dsp > 0, spec.dsp_full_reg)
            est.details["allocation"]["instance_latency"] = est.latency_cycles
    if resource or "instance_latency" in est.details.get("allocation", {}):
        pass        # Resource: in the ReuseLoop; a shared core's registers: in shared_instance_latency
    elif spec.dsp_full_reg and dsp and "unbalanced_sum" not in est.details:
        # the slices' own registers (stand-alone; a top schedules steps). A chained sum takes its operands
        # one link after another, so the slices' products come while it runs, off its critical path.
        est.latency_cycles += C.DSP_FULL_REG_CYCLES
    elif "wide_products" in est.details:
        est.latency_cycles += est.details["wide_products"]["core_cycles"]
    if (rf > 1 and not resource and spec.hls_tool in C.LATENCY_INSTANCE_II_TOOLS and spec.n_pixels <= 1
            and "stream_loop" not in est.details):
        est.ii = latency_instance_ii(rf, est.latency_cycles)
        est.details.setdefault("allocation", {})["instance_ii"] = est.ii
        if est.ii > 1:                      # the instance's own k-state FSM (report figures)
            fsm_lut, fsm_ff = fsm_cost(est.ii)
            est.details["fsm"] = {"states": est.ii, "lut": fsm_lut, "ff": fsm_ff}
            est.add_report_lut(fsm_lut)
            est.hls_ff_extra += fsm_ff
    est.ff = int(round(C.FF_PER_ADDER_BIT * bits + C.FF_PER_DSP * dsp))
    if (spec.io_type == "io_stream" and spec.kind == "dense" and spec.in_packs > 1
            and not (rf > 1 and resource) and spec.hls_tool in C.DATA_PREPARE_INSTANCE_TOOLS):
        # nnet_dense_stream.h: ``data[n_in]`` (ARRAY_PARTITION complete) is filled one pack per DataPrepare
        # iteration and held until the kernel runs: registers, less the inputs whose weights are all zero
        used = int(np.count_nonzero(np.any(raw != 0, axis=1))) if raw.size else spec.n_in
        est.process_bits += used * spec.input_t.width
        est.details["data_prepare"] = {"packs": spec.in_packs, "registered_inputs": used}
    if rf > 1 and spec.strategy.lower() == "resource":
        est.ff += state_register_bits(spec)
        est.lut += int(round(C.LUT_SCALE * state_mux_bits(spec)))
        if spec.io_type == "io_stream":
            n_mult = block_factor(products or spec.n_in * spec.n_out, 1, rf)
            lb_bits = spec.line_buffer_regs * spec.line_buffer_words * spec.input_t.width
            if spec.hls_tool == "vivado" and spec.kind == "dense" and not lb_bits:
                est.process_bits = vivado_stream_dense_registered_bits(
                    spec.n_in, spec.n_out, rf, n_mult, n_mult if dsp else 0, spec.input_t.width,
                    spec.weight_t.width, (spec.accum_t or DEFAULT_T).width, spec.result_t.width,
                    rewind=not runtime_index_loop(spec, rf))
            else:
                est.process_bits = stream_resource_registered_bits(
                    spec.n_in, spec.n_out, n_mult, spec.input_t.width, spec.weight_t.width,
                    (spec.accum_t or DEFAULT_T).width, lb_bits)
    est.process_bits += conv_state      # on top of the window or the Resource process's own count


def fsm_cost(states: int) -> tuple[int, int]:
    """``(lut, ff)`` (report figures) of the FSM of a Vitis HLS pipeline of II ``states`` > 1: ``ap_CS_fsm``, one
    FF a state, and ``ap_NS_fsm``, a mux of ``states + 1`` inputs (:data:`constants.FSM_LUT_PER_NS_INPUT`).

    Hand-worked: Breast_cancer fc1 at RF 100, II 31: 32 inputs x 4.5 = 144 LUTs (report 145), 31 FF (report 31).

    >>> fsm_cost(31), fsm_cost(1)
    ((144, 31), (0, 0))
    """
    if states <= 1:
        return 0, 0
    return int(round(C.FSM_LUT_PER_NS_INPUT * (states + 1))), int(states)


def latency_instance_ii(rf: int, latency_cycles: int) -> int:
    """II of a Latency-strategy ``dense_latency`` instance at ``rf`` > 1 under Vitis HLS: the template asks for
    ``PIPELINE II=RF``; a pipeline ``latency_cycles`` deep cannot start less often than once per
    ``latency + 1`` cycles apart from its own depth, so the tool reports ``min(RF, latency + 1)``
    (:data:`constants.LATENCY_INSTANCE_II_TOOLS`; IN-SAMPLE, read off the round-6 Vitis HLS 2021.1 reports).

    Hand-worked: CARDIO fc1 at RF 100, an instance of latency 37: II 38; RF 2, latency 3: II 2.

    >>> latency_instance_ii(100, 37), latency_instance_ii(2, 3), latency_instance_ii(100, 150)
    (38, 2, 100)
    """
    return max(min(int(rf), int(latency_cycles) + 1), 1)


def partition_loop_ii(rf: int, issue_ii: int, partition_latency: int) -> int:
    """Interval between two partitions of an io_parallel Latency-strategy convolution at ``rf`` > 1 under Vitis
    HLS (``conv_{1d,2d}_latency_cl``: ``PartitionLoop`` over ``n_partitions`` with ``#pragma HLS PIPELINE
    II=CONFIG_T::reuse_factor``): like a Latency instance (:func:`latency_instance_ii`), the tool starts the next
    partition once the previous one's ``partition_latency`` cycles are through, ``min(RF, latency + 1)``, and never
    faster than its shared multipliers issue (``issue_ii``).

    Hand-worked: MuhammadAshraful's 28 x 28 Conv2D (held-out round 13 row 1, Vitis HLS 2024.1, RF 128, 676
    partitions of one pixel, a one-cycle kernel): II 2, 676 x 2 = 1,352 cycles (report: the conv instance 1,353).
    Read after that row was evaluated (IN-SAMPLE).

    >>> partition_loop_ii(128, 1, 1), partition_loop_ii(4, 1, 9), partition_loop_ii(128, 6, 7)
    (2, 4, 8)
    """
    return max(latency_instance_ii(rf, partition_latency), int(issue_ii), 1)


def stream_conv_pixel_cycles(ii: int, resource: bool, kernel_cycles: int) -> int:
    """Cycles per input pixel of an io_stream convolution's ``ReadInputHeight``/``ReadInputWidth`` loop
    (``nnet_conv2d_stream.h`` ``conv_2d_buffer_cl``, ``nnet_conv1d_stream.h``, ``nnet_sepconv*_stream.h``).

    Latency strategy: the loop is ``PIPELINE II=reuse_factor`` (the kernel's II, ``ii``), one input pixel an
    iteration whether or not a kernel window is complete. Resource strategy: the loop is not pipelined; an
    iteration runs ``compute_output_buffer_*`` (``INLINE OFF``: shift the line buffer, and when a window is
    complete the ``dense_resource`` kernel, ``kernel_cycles``), plus
    :data:`constants.STREAM_CONV_RESOURCE_PIXEL_CYCLES` of call/shift/write; the report's maximum counts every
    iteration at the kernel's latency.

    >>> stream_conv_pixel_cycles(1, False, 5), stream_conv_pixel_cycles(9, False, 12)
    (1, 9)
    >>> stream_conv_pixel_cycles(9, True, 11)    # RF 9 Resource kernel of 11 cycles: 11 + 7
    18
    """
    if not resource:
        return max(int(ii), 1)
    return int(kernel_cycles) + C.STREAM_CONV_RESOURCE_PIXEL_CYCLES


def shared_registered_bits(n_in: int, n_out: int, data_w: int, accum_w: int, product_bits: int = 0) -> int:
    """Flip-flops of a Latency-strategy layer whose shared multipliers take II > 1 cycles (RF > 1).

    With an initiation interval of II, a value alive for at most II cycles needs one register whatever
    the number of stage boundaries it crosses (registers are only replicated for values that outlive the
    interval). The inputs are held over the II issue cycles (one register each), every nonzero product
    built in LUTs (a shared LUT multiplier's, a shift's or a shift-add's) comes out in its own cycle and
    waits in a fabric register for its sum (``product_bits``: each at ``min(data + constant bits - 1,
    accum_t)`` bits), and each output keeps one ``accum_t`` sum. Read off the public Vivado HLS 2019.2
    report of a 75 %-pruned 6-bit jet tagger at RF 64 on xc7z020-1 (``Hector-Plata/hls4ml-tutorial@4ac4f07``,
    ``model_3/hls4ml_prj_pynq``, all products in LUTs): its 16 -> 64 ``dense_latency`` instance (II 10,
    256 nonzero weights on 16-bit data, 16-bit accumulator) reports 5451 FF, and 16 x 16 + 256 x 16 +
    64 x 16 = 5376; the 64 -> 32 one (6-bit inputs, 512 weights) 5225 against 384 + 512 x ~10 + 512.
    DSP-bound products are counted too under the tools of :data:`constants.SHARED_DSP_PRODUCTS_IN_FABRIC_TOOLS`
    (Vivado and Vitis HLS; an upper bound that overshoots at small RF: see there).

    This is the floor of the layer's FF in a pipelined top; the cut bits of its data path divided by II
    are used when larger (:func:`fxsim.estimate.register_pipeline`). Hand-worked: 16 inputs of 16 bits,
    64 outputs with an 18-bit accumulator, 100 products of 12 bits: 16 x 16 + 1200 + 64 x 18 = 2608.

    >>> shared_registered_bits(16, 64, 16, 18, product_bits=1200)
    2608
    """
    return n_in * data_w + product_bits + n_out * accum_w


def stream_resource_registered_bits(n_in: int, n_out: int, n_mult: int, data_w: int, weight_w: int, accum_w: int,
                                   line_buffer_bits: int = 0) -> int:
    """Registers of an io_stream Resource-strategy process (csynth FF), counted from the templates.

    The process is not pipelined (``conv_2d_buffer_cl`` pipelines its pixel loop only under the Latency
    strategy; ``dense_wrapper`` calls ``dense_resource``), so every array it keeps is registers: the kernel's
    input (``data[n_in]`` / ``kernel_data``, ``ARRAY_PARTITION complete``), each of the ``n_mult =
    block_factor`` multipliers' operands and full-width product in the ``ReuseLoop`` pipeline
    (``data + weight + (data + weight)`` bits), the ``acc[n_out]`` accumulators and, for a convolution, the
    ``ap_shift_reg`` line buffer (``line_buffer_bits``). pominiq MNIST (Vivado HLS 2020.1), read after held-out
    round 5: dense 32->10 RF 8 counts 3232 vs the report's 4374, conv2 3520 vs 4200, conv1 1360 vs 1062; the
    kendermag CNN's convolutions report 3-4x more (deeper ReuseLoop pipelines at 5 ns on a Zynq-7000): a floor.

    >>> stream_resource_registered_bits(32, 10, 40, 16, 16, 16)     # 512 + 40 x 64 + 160
    3232
    >>> stream_resource_registered_bits(36, 8, 32, 16, 16, 16, line_buffer_bits=2 * 4 * 6 * 16)
    3520
    """
    return n_in * data_w + n_mult * 2 * (data_w + weight_w) + n_out * accum_w + line_buffer_bits


def stream_conv_state_bits(kind: str, n_out: int, result_w: int) -> int:
    """Registers of an io_stream convolution process besides its window: the position counters and the result
    pack (csynth FF, counted from the templates; IN-SAMPLE, read off round 8 row 7's Vitis HLS 2025.2 register
    table after that row was evaluated).

    ``compute_output_buffer_2d`` (``nnet_conv_stream.h``) keeps ``static int pX, pY, sX, sY``: four 32-bit
    registers, and the tool keeps a loaded copy of two of them (``pX_2_load``, ``pY_2_load``): 6 x 32 bits; the 1-D
    buffer has ``pX, sX``: 4 x 32. The kernel's outputs are registered before the pack is written (``res_out``:
    ``n_out x result``).

    Hand-worked: round 8 row 7's conv1 (16 filters, ap_fixed<9,9> results): 192 + 144 = 336 (the report's register
    table: pX/pY/sX/sY and two loads, 15 of the 16 ``res_out`` of 9 bits).

    >>> stream_conv_state_bits("conv2d", 16, 9), stream_conv_state_bits("conv1d", 8, 16)
    (336, 256)
    """
    counters = 6 if kind.endswith("2d") else 4
    return counters * 32 + n_out * result_w


def runtime_index_loop(spec: LayerSpec, rf: int) -> bool:
    """Whether a Resource dense at ``rf`` runs ``dense_resource_rf_gt_nin_rem0``'s ``IndexLoop`` at run time
    (Vivado HLS, ``rf > n_in``, ``rf % n_in == 0``, ``rf`` over :data:`constants.VIVADO_OUTIDX_FOLD_MAX_RF`).

    >>> runtime_index_loop(LayerSpec("dense", "d", 2048, 10, hls_tool="vivado"), 20480)
    True
    >>> runtime_index_loop(LayerSpec("dense", "d", 16, 64, hls_tool="vivado"), 64)
    False
    """
    return (spec.hls_tool == "vivado" and rf > spec.n_in and rf % max(spec.n_in, 1) == 0
            and rf > C.VIVADO_OUTIDX_FOLD_MAX_RF)


def vivado_stream_dense_registered_bits(n_in: int, n_out: int, rf: int, n_mult: int, n_dsp: int, data_w: int,
                                        weight_w: int, accum_w: int, result_w: int, rewind: bool = True) -> int:
    """Registers (csynth FF) of a Vivado HLS io_stream Resource-strategy dense process, counted from the
    templates and the register tables of Vivado HLS 2019.2 reports (IN-SAMPLE: round 14 row 5, read after it was
    evaluated).

    The process (``nnet::dense`` of ``nnet_dense_stream.h``, ``dense_array_array`` in hls4ml 0.5) reads a pack,
    calls ``dense_wrapper`` -> ``dense_resource``, and writes the result pack. Its ``ReuseLoop`` is
    ``#pragma HLS PIPELINE II=1 rewind``; the rewind keeps every loop-invariant input three times
    (``data_i_read_phi``, its iteration-1 copy and ``data_i_read_rewind``: ``3 n_in x data``). The results are
    held twice (the wrapper's ``ap_return_i_preg`` and the process's ``tmp_data_i``: ``2 n_out x result``), the
    accumulators once (``n_out x accum``). Each of the ``n_mult`` multipliers registers its weight from the ROM
    word (``weight``) and, when it is a DSP48, its product (``data + weight - 1``: ``mul_mul_16s_7s_22``); a fabric
    product is not registered (same cycle as its add). The selected inputs: one at ``rf >= n_in`` (every
    multiplier reads ``data[in_index]``), else ``min(n_mult, ceil(n_in / rf))`` (multiplier ``im`` reads
    ``data[ir + im * rf]``). Control: ``w_index`` twice
    (``2 ceil(log2 rf)``), 11 FSM/enable/start bits, and at ``rf > n_in`` the 32-bit ``in_index`` and two
    ``out_index`` copies (``2 ceil(log2(rf / n_in))``).

    Hand-worked against that report (hls4ml-pynq jet tagger, xc7z020 @ 10 ns, RF 64, 7-bit weights, 16-bit
    accumulators): 64 -> 32 with 7-bit inputs, 32 fabric multipliers: 1344 + 1024 + 512 + 224 + 7 + 12 + 11 =
    3134 (report 518 + 2618 = 3136); 32 -> 5 at RF 32: 975 (report 977); 32 -> 32 at RF 64 (rf > n_in, 16
    multipliers): 2384 (report 2417); 16 -> 64 with 16-bit inputs, 16 DSP products: 4379 (report 4639: that process
    also registers its 16 inputs, which the others do not).

    >>> vivado_stream_dense_registered_bits(64, 32, 64, 32, 0, 7, 7, 16, 16)
    3134
    >>> vivado_stream_dense_registered_bits(16, 64, 64, 16, 16, 16, 7, 16, 16)
    4379

    Without ``rewind`` (a runtime ``IndexLoop`` before the ``ReuseLoop``, :func:`runtime_index_loop`) the inputs are
    held once: the live demo's RN06 dense, 2048 -> 10 at RF 20480 (report: 17,000 FF, 16,384 of them its inputs).

    >>> vivado_stream_dense_registered_bits(2048, 10, 20480, 1, 0, 8, 8, 14, 14, rewind=False)
    16901
    """
    bits = (3 if rewind else 1) * n_in * data_w + 2 * n_out * result_w + n_out * accum_w
    bits += n_mult * weight_w + n_dsp * (data_w + weight_w - 1)
    bits += 2 * max(int(rf - 1).bit_length(), 1) + 11
    if rf > n_in:
        bits += data_w + 32 + 2 * max(int(-(-rf // max(n_in, 1)) - 1).bit_length(), 1)
    else:                          # multiplier im reads data[ir + im * rf]: ceil(n_in / rf) distinct inputs
        bits += data_w * min(n_mult, -(-n_in // max(rf, 1)))
    return bits


def state_register_bits(spec: LayerSpec) -> int:
    """Flip-flops holding a Resource-strategy layer's state across its reuse loop (counted, not fitted).

    ``nnet_dense_resource.h`` keeps ``acc[n_out]`` (``accum_t``, ``ARRAY_PARTITION complete``) in registers
    for the whole reuse loop, and under hls4ml's top-level DATAFLOW (see
    :data:`constants.DATAFLOW_PARALLEL_II_IS_LATENCY`) the completely partitioned ``res[n_out]`` array
    becomes a ping-pong channel: two ``n_out x result_t`` register banks (Vitis HLS UG1399, PIPO channels).
    One set per layer instance: a convolution reuses it for every pixel.

    >>> state_register_bits(LayerSpec("dense", "d", 8, 4, reuse_factor=8, strategy="resource"))
    192
    """
    accum_w = (spec.accum_t or DEFAULT_T).width
    return spec.n_out * (accum_w + _pipo_banks(spec) * spec.result_t.width)


def _pipo_banks(spec: LayerSpec) -> int:
    """Register banks of a Resource layer's output channel: :data:`constants.PIPO_BANKS` under an io_parallel
    DATAFLOW top, none when the output goes to FIFOs (io_stream; Vivado HLS's element FIFOs, costed by the top:
    :data:`constants.DATAFLOW_ELEMENT_FIFO_TOOLS`)."""
    if spec.io_type == "io_stream" or spec.hls_tool in C.DATAFLOW_ELEMENT_FIFO_TOOLS:
        return 0
    return C.PIPO_BANKS


def state_mux_bits(spec: LayerSpec) -> int:
    """2:1 multiplexer bits (one LUT each) in front of and behind that state (counted, not fitted).

    Each ``acc`` register chooses between its bias initialisation (``InitAccum``) and the running sum, and
    the consumer of the ping-pong ``res`` channel chooses between its two banks.

    >>> state_mux_bits(LayerSpec("dense", "d", 8, 4, reuse_factor=8, strategy="resource"))
    128
    """
    accum_w = (spec.accum_t or DEFAULT_T).width
    return spec.n_out * (accum_w + (spec.result_t.width if _pipo_banks(spec) else 0))


def batchnorm_allocation(n_elements: int, rf: int, mul_ops: int, stream: bool) -> tuple[int, int]:
    """``(multipliers, ii)`` of ``nnet::normalize`` at reuse factor ``rf`` (``nnet_batchnorm.h`` /
    ``nnet_batchnorm_stream.h``).

    hls4ml writes ``multiplier_limit = DIV_ROUNDUP(n_in, reuse_factor)`` (``n_in``: every element of the
    tensor) and ``#pragma HLS ALLOCATION operation instances=mul limit=multiplier_limit``; the io_parallel
    function is ``#pragma HLS PIPELINE II=reuse_factor``, the io_stream one pipelines each pack at
    ``II = n_in / multiplier_limit``. Only true multiplications (:func:`is_mul_op`) meet the limit; when
    there are no more of them than the limit nothing is shared (II 1).

    Hand-worked: 64 elements, RF 512, 64 true products: limit ceil(64/512) = 1 multiplier, II = RF = 512
    (io_parallel); io_stream, 2704 elements in packs of 4 at RF 4: limit 676 >= 4 products: none shared.

    >>> batchnorm_allocation(64, 512, 64, stream=False), batchnorm_allocation(2704, 4, 4, stream=True)
    ((1, 512), (4, 1))
    """
    limit = max(-(-n_elements // max(rf, 1)), 1)
    if mul_ops <= limit:
        return mul_ops, 1
    return limit, (max(n_elements // limit, 1) if stream else rf)


def _estimate_batchnorm(spec: LayerSpec, est: LayerEstimate, clock_ns: float, slice_name: str,
                        uncertainty: float = C.CLOCK_UNCERTAINTY) -> None:
    """``nnet::normalize``: one ``x*scale + bias`` per element (never fused in QKeras models).

    ``spec.n_in`` elements are built in hardware (io_stream: one pack, ``n_pixels`` packs a frame), each
    with its channel's scale (``scale[i % n_filt]``). At RF 1 every product is a constant multiplication
    (zero/shift/CSD/DSP rules); above the ``ALLOCATION`` limit (:func:`batchnorm_allocation`) the true
    products share ``limit`` generic multipliers (scale read through a mux) at the template's II.
    """
    if spec.weights is None or spec.weight_t is None:
        raise ValueError(f"layer {spec.name}: batchnorm needs its per-channel scale as weights and weight_t")
    scale = np.asarray(spec.weights, dtype=np.float64).reshape(-1)
    n = max(int(spec.n_in), scale.size)
    raw = raw_weights(np.resize(scale, n).reshape(1, -1), spec.weight_t)
    kinds = M.classify_array(raw, spec.input_t.width, spec.mul_binding, spec.hls_tool)[0]
    digits = M.csd_digits_array(raw)[0]
    cwidth = M.constant_width_array(raw)[0]
    out_w = spec.result_t.width
    stream = spec.io_type == "io_stream"
    pixels = max(spec.n_pixels, 1) if stream else 1
    mul_ops = int(np.count_nonzero(is_mul_op(kinds)))
    n_mult, ii = batchnorm_allocation(n * pixels, max(spec.reuse_factor, 1), mul_ops, stream)
    bits = 0.0
    if ii > 1:          # shared generic multipliers: x * scale[mux], then + bias[mux]
        width_s = int(cwidth[is_mul_op(kinds)].max())
        on_dsp = M.generic_multiplier_is_dsp(spec.input_t.width, width_s, spec.mul_binding, spec.hls_tool)
        est.mults[M.DSP if on_dsp else M.FABRIC] += n_mult
        for k in (M.ZERO, M.SHIFT, M.ADDER):
            est.mults[k] += int(np.count_nonzero(kinds == k))
        if on_dsp:
            est.dsp = n_mult * M.dsp_slices(spec.input_t.width, width_s, slice_name)
        else:
            bits += n_mult * spec.input_t.width * width_s * C.LUT_PER_GENERIC_MULT_BIT2
        bits += n_mult * (spec.input_t.width + width_s) * (ii - 1) / 3.0   # operand muxes (ii:1)
        bits += n * out_w                                                    # bias adds
        est.ii = ii
        est.sequential_cycles = -(-mul_ops // n_mult) - 1
        est.details["allocation"] = {"mul_ops": mul_ops, "multiplier_limit": n_mult, "ii": ii}
        est.registered_bits = n * (spec.input_t.width + out_w)
    else:
        for k, d, cw in zip(kinds, digits, cwidth, strict=True):
            est.mults[k] += 1
            if k == M.DSP:
                est.dsp += M.dsp_slices(spec.input_t.width, int(cw), slice_name)
            elif k in (M.FABRIC, M.ADDER):
                bits += (d - 1) * out_w
            if not (k == M.DSP and C.DSP_ABSORBS_ONE_ADD):
                bits += out_w  # bias add
    est.adder_bits = bits
    est.lut = int(round(C.LUT_SCALE * bits))
    mul = C.DELAY_DSP_MUL_NS if est.dsp else C.DELAY_FABRIC_MUL_NS
    est.delay_ns = mul + add_delay_ns(out_w)
    est.latency_cycles = est.sequential_cycles + cycles_for(est.delay_ns, clock_ns, uncertainty)
    if est.dsp and spec.dsp_full_reg:    # x * scale in fully registered slices, then + bias
        out_bits = n * out_w
        est.steps = [Step(0.0, out_bits, cycles=C.DSP_FULL_REG_CYCLES, internal=True),
                     Step(add_delay_ns(out_w), out_bits)]
        est.latency_cycles += C.DSP_FULL_REG_CYCLES
    est.ff = int(round(C.FF_PER_ADDER_BIT * bits + C.FF_PER_DSP * est.dsp))


def depthwise_as_dense(weights: np.ndarray, n_chan: int) -> np.ndarray:
    """A depthwise kernel as the ``(kernel x n_chan, n_chan)`` matrix of the dense product it computes.

    ``nnet_depthwise_product.h`` multiplies input ``i`` (kernel tap ``i // n_chan``, channel
    ``i % n_chan``) by ``weights[i]`` and accumulates it into output ``i % n_chan``: one product per
    channel per tap, so every other entry of the matrix is an exact zero (free under the Latency rules;
    hls4ml's ``multiplier_limit = DIV_ROUNDUP(kernel_size * n_chan * n_filt, RF) - n_zeros / RF`` is this
    matrix's ``n_in * n_out``).

    >>> depthwise_as_dense(np.array([1.0, 2.0, 3.0, 4.0]), 2).tolist()
    [[1.0, 0.0], [0.0, 2.0], [3.0, 0.0], [0.0, 4.0]]
    """
    w = np.asarray(weights, dtype=np.float64).reshape(-1)
    m = np.zeros((w.size, n_chan))
    m[np.arange(w.size), np.arange(w.size) % n_chan] = w
    return m


def _estimate_depthwise(spec: LayerSpec, est: LayerEstimate, clock_ns: float, slice_name: str,
                        uncertainty: float = C.CLOCK_UNCERTAINTY) -> None:
    """``depthwise_conv_{1d,2d}_cl``: the depthwise product (:func:`depthwise_as_dense`) costed by the dense
    rules (weight by weight at RF 1; ``ALLOCATION`` / Resource sharing above), once per pixel."""
    if spec.weights is None or spec.weight_t is None:
        raise ValueError(f"layer {spec.name}: a {spec.kind} layer needs weights and weight_t")
    w = np.asarray(spec.weights, dtype=np.float64).reshape(-1)
    if w.size != spec.n_in:
        raise ValueError(f"layer {spec.name}: {w.size} depthwise weights for n_in={spec.n_in}")
    from dataclasses import replace

    dense = replace(spec, weights=depthwise_as_dense(w, spec.n_out))
    _estimate_weighted(dense, est, clock_ns, slice_name, uncertainty, n_zeros=int(np.count_nonzero(w == 0)),
                       products=w.size)
    est.details["depthwise_products"] = int(w.size)


def _estimate_pooling(spec: LayerSpec, est: LayerEstimate, clock_ns: float,
                      uncertainty: float = C.CLOCK_UNCERTAINTY) -> None:
    """``pooling{1d,2d}_cl`` and ``global_pooling{1d,2d}_cl`` (io_stream: a running max/sum,
    a window of 2): each of ``n_out`` channels reduces a window of ``n_in / n_out`` values.

    Max: ``window - 1`` comparisons, each a compare and a 2:1 mux of the value's width (the ReLU's
    compare-and-select, twice); Average: ``window - 1`` adds of ``accum_t`` (the division by the window
    size, a power of two for the usual 2x2 pools, is wiring). io_parallel: ``n_pixels`` (output pixels)
    copies, all unrolled; io_stream: one copy (a pack per cycle), the window in ``window x n_out``
    registers and, for 2-D pooling, the ``ap_shift_reg`` line buffer (:func:`memory.line_buffer_luts`).
    """
    window = max(spec.n_in // max(spec.n_out, 1), 1)
    stream = spec.io_type == "io_stream"
    copies = 1 if stream else max(spec.n_pixels, 1)
    avg = spec.pool_op.lower().startswith("av")
    width = (spec.accum_t or spec.result_t).width if avg else spec.input_t.width
    per_op = C.LUT_PER_ADDER_BIT * width if avg else (C.LUT_PER_ADDER_BIT + C.LUT_PER_RELU_BIT) * width
    bits = copies * spec.n_out * (window - 1) * per_op
    est.adder_bits = bits
    est.lut = int(round(C.LUT_SCALE * bits))
    levels = tree_depth(window)
    est.delay_ns = levels * (add_delay_ns(width) + (0.0 if avg else C.DELAY_RELU_NS))
    est.latency_cycles = cycles_for(est.delay_ns, clock_ns, uncertainty)
    est.ff = int(round(C.FF_PER_ADDER_BIT * bits))
    window_bits = spec.n_out * window * spec.input_t.width if stream else 0
    est.ff += window_bits
    if stream and not spec.kind.startswith("global"):
        # the window (compute_pool_buffer_*'s static kernel_data, ARRAY_PARTITION complete), the position
        # counters and the result pack: registers of the process (stream_conv_state_bits)
        est.process_bits = window_bits + stream_conv_state_bits(spec.kind, spec.n_out, spec.result_t.width)
    est.steps = [Step(add_delay_ns(width) + (0.0 if avg else C.DELAY_RELU_NS),
                      copies * spec.n_out * -(-window // (1 << k)) * width) for k in range(1, levels + 1)]


def _estimate_relu(spec: LayerSpec, est: LayerEstimate, clock_ns: float,
                   uncertainty: float = C.CLOCK_UNCERTAINTY) -> None:
    bits = spec.n_out * spec.result_t.width * C.LUT_PER_RELU_BIT
    est.adder_bits = bits
    est.lut = int(round(C.LUT_SCALE * bits))
    est.delay_ns = C.DELAY_RELU_NS
    est.latency_cycles = cycles_for(est.delay_ns, clock_ns, uncertainty)
    sat = saturating_cast_csynth_lut(spec)
    if sat is not None:
        est.hls_lut = sat
        est.details["saturating_cast"] = {"csynth_lut": sat}


def saturating_cast_csynth_lut(spec: LayerSpec) -> int | None:
    """Report LUTs of a ReLU that saturates its result to fewer bits than its input (Vivado HLS:
    :data:`constants.CSYNTH_LUT_PER_SAT_CAST_INPUT_BIT`), None when the rule does not apply (a wrapping or
    widening result, another tool).

    >>> from fxsim.types import FixedType
    >>> relu = LayerSpec("relu", "r", 64, 64, input_t=FixedType(16, 6), hls_tool="vivado",
    ...                  result_t=FixedType.parse("ap_fixed<7,1,AP_RND,AP_SAT>"))
    >>> saturating_cast_csynth_lut(relu)     # 64 x (4 x 16 + 32): the report's relu_1 instance has 6,155
    6144
    """
    out, inp = spec.result_t, spec.input_t
    if (spec.hls_tool not in C.SAT_CAST_CSYNTH_TOOLS or not out.saturates
            or out.width >= inp.width):
        return None
    per = C.CSYNTH_LUT_PER_SAT_CAST_INPUT_BIT * inp.width + (C.CSYNTH_LUT_SIGNED_SAT_EXTRA if out.signed else 0)
    return spec.n_out * per


def _estimate_merge(spec: LayerSpec, est: LayerEstimate, clock_ns: float, slice_name: str,
                    uncertainty: float = C.CLOCK_UNCERTAINTY) -> None:
    """``nnet::add``/``subtract``/``average`` (``res[i] = data1[i] +- data2[i]``, average then a free shift),
    ``dot1d`` (``n_in`` products and their adder tree into one output),
    ``maximum``/``minimum`` (a compare and a select), ``multiply`` (a variable x variable product: a DSP when
    :func:`multipliers.generic_multiplier_is_dsp` says so, else a LUT multiplier): one operator per output
    element, at the wider of the input and result widths plus the sum's carry bit. Counted like the same operators
    elsewhere (adder bits, ReLU-style selects, generic products); no public report of a merge layer has been read
    (not calibrated). Hand-worked: 8 sums of 16-bit values, 8 x 17 = 136 adder bits x 0.96 = 131 LUTs.

    >>> from fxsim.types import FixedType
    >>> e = estimate_layer(LayerSpec("add", "a", 8, 8, input_t=FixedType(16, 6), result_t=FixedType(16, 6)), 5.0)
    >>> e.lut, e.dsp, e.latency_cycles
    (131, 0, 1)
    >>> m = estimate_layer(LayerSpec("multiply", "m", 4, 4, input_t=FixedType(16, 6), result_t=FixedType(16, 6)), 5.0)
    >>> m.dsp, m.mults["dsp"]
    (4, 4)
    """
    kind, n = spec.kind.lower(), spec.n_out
    width = max(spec.input_t.width, spec.result_t.width)
    if kind in ("dot1d", "einsum"):  # nnet::dot1d: n_in products summed into res[0]; nnet::einsum (two variable
        # tensors, nnet_einsum.h): n_in products, n_out sums of n_in / n_out terms each
        n = spec.n_in
        on_dsp = M.generic_multiplier_is_dsp(spec.input_t.width, spec.input_t.width, spec.mul_binding, spec.hls_tool)
        est.mults[M.DSP if on_dsp else M.FABRIC] += n
        est.dsp = n * M.dsp_slices(spec.input_t.width, spec.input_t.width, slice_name) if on_dsp else 0
        acc = (spec.accum_t or DEFAULT_T).width
        terms = max(n // max(spec.n_out, 1), 1) if kind == "einsum" else n
        outputs = spec.n_out if kind == "einsum" else 1
        bits = outputs * adder_tree_bits(terms, acc, acc) + (0 if on_dsp else n * spec.input_t.width ** 2
                                                             * C.LUT_PER_GENERIC_MULT_BIT2)
        est.delay_ns = ((C.DELAY_DSP_MUL_NS if on_dsp else C.DELAY_FABRIC_MUL_NS)
                        + tree_depth(terms) * add_delay_ns(acc))
    elif kind == "multiply":
        on_dsp = M.generic_multiplier_is_dsp(spec.input_t.width, spec.input_t.width, spec.mul_binding, spec.hls_tool)
        est.mults[M.DSP if on_dsp else M.FABRIC] += n
        if on_dsp:
            est.dsp = n * M.dsp_slices(spec.input_t.width, spec.input_t.width, slice_name)
            bits = 0.0
        else:
            bits = n * spec.input_t.width * spec.input_t.width * C.LUT_PER_GENERIC_MULT_BIT2
        est.delay_ns = C.DELAY_DSP_MUL_NS if on_dsp else C.DELAY_FABRIC_MUL_NS
    else:
        bits = float(n * (width + 1))
        est.delay_ns = add_delay_ns(width + 1)
        if kind in ("maximum", "minimum"):
            bits += n * width * C.LUT_PER_RELU_BIT
            est.delay_ns += C.DELAY_RELU_NS
    est.adder_bits = bits
    est.lut = int(round(C.LUT_SCALE * C.LUT_PER_ADDER_BIT * bits))
    est.ff = int(round(C.FF_PER_DSP * est.dsp))
    est.latency_cycles = cycles_for(est.delay_ns, clock_ns, uncertainty)


def _estimate_generated(spec: LayerSpec, est: LayerEstimate, clock_ns: float, slice_name: str,
                        uncertainty: float = C.CLOCK_UNCERTAINTY) -> None:
    """A function hls4ml generated (``nnet_code_gen.h``: da4ml's distributed-arithmetic adder graphs, HGQ2's
    quantizers), costed operation by operation from its program (:func:`generated_program_cost`): every ``+``/``-``
    (and negation) an adder of its declared width, every ``?:`` a mux, every ``*`` a generic multiplier, every table
    a ROM; shifts, casts and loads are wires. The adds are levelled by their dependence depth; each level is a
    pipeline step whose live bits are the values still needed after it. No public report of such a design has been
    read: counted, not calibrated.

    >>> from fxsim.project.codegen import parse_codegen
    >>> cg = parse_codegen('''namespace nnet {
    ... template<typename inp_t, typename out_t>
    ... void f(inp_t model_inp[2], out_t model_out[1]) {
    ...     ap_fixed<8,3> v0 = model_inp[0];
    ...     ap_fixed<8,3> v1 = model_inp[1];
    ...     ap_fixed<10,4> v2 = v0 + bit_shift<-1>(v1);
    ...     ap_fixed<11,5> v3 = v2 - v0;
    ...     model_out[0] = ap_fixed<8,3>(v3);
    ... }
    ... }''', "nnet_code_gen.h")
    >>> from fxsim.types import FixedType
    >>> e = estimate_layer(LayerSpec("generated", "da", 2, 1, program=cg.functions["f"],
    ...                              input_t=FixedType(8, 3), result_t=FixedType(8, 3)), 5.0)
    >>> e.adder_bits, e.lut, e.dsp, len(e.steps)      # adders of 10 and 11 bits, two levels
    (21.0, 20, 0, 2)
    """
    parts = spec.program if isinstance(spec.program, tuple) else ((spec.program, 1),)
    cost: dict[str, Any] = {}
    for fn, times in parts:                # a kernel wrapper: its callees, each run `times` times in parallel
        one = generated_program_cost(fn, slice_name, spec.mul_binding, spec.hls_tool)
        for k, v in one.items():
            if k == "levels":
                old = cost.get("levels", [])
                cost["levels"] = [(max(a[0] if a else 0.0, b[0] if b else 0.0),
                                   (a[1] if a else 0) + times * (b[1] if b else 0))
                                  for a, b in zip_longest(old, v)]
            else:
                cost[k] = cost.get(k, 0) + times * v
    cost["adder_bits"] += spec.extra_adder_bits
    est.adder_bits = cost["adder_bits"] + cost["mux_bits"] + cost["mult_bits"]
    est.dsp = cost["dsp"]
    est.mults[M.DSP] += cost["dsp_products"]
    est.mults[M.FABRIC] += cost["fabric_products"]
    est.bram_18k = cost["bram_18k"]
    est.lut = int(round(C.LUT_SCALE * C.LUT_PER_ADDER_BIT * est.adder_bits)) + cost["rom_lut"]
    est.hls_lut = int(round(C.CSYNTH_LUT_PER_ADDER_BIT * est.adder_bits)) + int(round(
        C.HLS_OVER_SYNTH["lut"] * cost["rom_lut"]))
    est.ff = int(round(C.FF_PER_DSP * est.dsp))
    est.steps = [Step(d, bits) for d, bits in cost["levels"]]
    est.delay_ns = sum(d for d, _ in cost["levels"])
    est.latency_cycles = cycles_for(est.delay_ns, clock_ns, uncertainty)
    est.details["generated"] = {"function": parts[0][0].name if len(parts) == 1 else [f.name for f, _ in parts],
                                "adds": cost["adds"],
                                "adder_bits": cost["adder_bits"], "levels": len(cost["levels"])}


def generated_program_cost(fn: Any, slice_name: str = "DSP48E2", binding: str = "auto",
                           hls_tool: str = "vitis") -> dict[str, Any]:
    """Operator counts of a generated function (:class:`fxsim.project.codegen.Function`) and its adds levelled by
    dependence: ``levels`` is ``[(delay_ns, live bits after the level), ...]``. A kernel wrapper (``SubCall`` s of
    other generated functions) is not expanded here: its callees are costed where the wrapper is bound."""
    from fxsim.project import codegen as G  # the program's node types (the reader's, read-only here)

    width: dict[str, int] = {}
    level: dict[str, int] = {}
    last_use: dict[str, int] = {}
    tables = {t.name: t for t in fn.body if isinstance(t, G.Table)}
    out: dict[str, Any] = {"adder_bits": 0.0, "mux_bits": 0.0, "mult_bits": 0.0, "dsp": 0, "dsp_products": 0,
                           "fabric_products": 0, "bram_18k": 0, "rom_lut": 0, "adds": 0}
    delays: dict[int, float] = {}

    def operands(e: Any) -> list[str]:
        if isinstance(e, G.Var):
            return [e.name]
        if isinstance(e, G.BitSelect):
            return [e.var]
        if isinstance(e, G.TableLookup):
            return [e.var]
        if isinstance(e, (G.Cast, G.BitShift, G.Unary)):
            return operands(e.arg)
        if isinstance(e, G.Binary):
            return operands(e.left) + operands(e.right)
        if isinstance(e, G.Ternary):
            return operands(e.cond) + operands(e.then) + operands(e.other)
        return []

    def cast_bits(e: Any) -> float:
        """A rounding cast adds at its width, a saturating one selects at its width (HGQ2's quantizers)."""
        if not isinstance(e, G.Cast):
            return 0.0
        t = e.type
        return (t.width if t.rounding not in ("AP_TRN", "AP_TRN_ZERO") else 0) + (
            t.width if t.saturates else 0)

    def kind_of_expr(e: Any) -> str:
        while isinstance(e, (G.Cast, G.BitShift)):
            e = e.arg
        if isinstance(e, G.Binary):
            return {"+": "add", "-": "add", "*": "mul"}.get(e.op, "logic")
        if isinstance(e, G.Unary):
            return "add" if e.op == "-" else "logic"
        if isinstance(e, G.Ternary):
            return "mux"
        if isinstance(e, G.TableLookup):
            return "table"
        return "wire"

    for st in fn.body:
        if not isinstance(st, (G.Decl, G.Store)):
            continue
        ops = operands(st.value)
        base = max((level.get(o, 0) for o in ops), default=0)
        out["mux_bits"] += cast_bits(st.value)
        if isinstance(st, G.Store):
            for o in ops:
                last_use[o] = 1 << 30               # an output: alive to the end
            continue
        w = st.type.width
        width[st.name] = w
        kind = kind_of_expr(st.value)
        step = 0
        if kind == "add":
            out["adder_bits"] += w
            out["adds"] += 1
            step = 1
            delays[base + 1] = max(delays.get(base + 1, 0.0), add_delay_ns(w))
        elif kind == "mul":
            a, b = (width.get(o, w) for o in (ops + ops)[:2])
            if M.generic_multiplier_is_dsp(a, b, binding, hls_tool):
                out["dsp"] += M.dsp_slices(a, b, slice_name)
                out["dsp_products"] += 1
                dly = C.DELAY_DSP_MUL_NS
            else:
                out["mult_bits"] += a * b * C.LUT_PER_GENERIC_MULT_BIT2
                out["fabric_products"] += 1
                dly = C.DELAY_FABRIC_MUL_NS
            step = 1
            delays[base + 1] = max(delays.get(base + 1, 0.0), dly)
        elif kind in ("mux", "logic"):
            out["mux_bits"] += w * C.LUT_PER_RELU_BIT
        elif kind == "table":
            lookup = st.value
            while not isinstance(lookup, G.TableLookup):
                lookup = lookup.arg
            t = tables.get(lookup.table)
            if t is not None:
                bram, lut = memory.rom_cost(len(t.values), t.type.width)
                out["bram_18k"] += bram
                out["rom_lut"] += lut
        level[st.name] = base + step
        for o in ops:
            last_use[o] = max(last_use.get(o, 0), base + step)
    depth = max(delays, default=0)
    levels = []
    for k in range(1, depth + 1):
        live = sum(width.get(v, 0) for v, lv in level.items() if lv <= k and last_use.get(v, 0) > k)
        live += sum(width.get(v, 0) for v in last_use if v not in level and last_use[v] > k)   # inputs
        levels.append((delays.get(k, 0.0), int(live)))
    out["levels"] = levels
    return out


def _estimate_embedding(spec: LayerSpec, est: LayerEstimate, clock_ns: float,
                        uncertainty: float = C.CLOCK_UNCERTAINTY) -> None:
    """``nnet::embedding`` (``nnet_embed.h``): each of the ``n_in`` tokens selects its row of the ``vocab_size x
    n_out`` table (``table_size`` = vocabulary, the spec's ``n_out`` = every token's row): ``n_in`` reads of a ROM
    of ``vocab_size`` words of ``n_out / n_in x width`` bits (:func:`memory.rom_cost`). Counted, not calibrated.

    >>> from fxsim.types import FixedType
    >>> e = estimate_layer(LayerSpec("embedding", "emb", 5, 20, table_size=10, result_t=FixedType(16, 6)), 5.0)
    >>> e.bram_18k, e.lut > 0
    (0, True)
    """
    row_bits = max(spec.n_out // max(spec.n_in, 1), 1) * spec.result_t.width
    est.bram_18k, est.lut = memory.rom_cost(max(spec.table_size, 1), row_bits, reads=max(spec.n_in, 1))
    est.delay_ns = C.DELAY_BRAM_READ_NS
    est.latency_cycles = cycles_for(est.delay_ns, clock_ns, uncertainty)


def _estimate_layernorm(spec: LayerSpec, est: LayerEstimate, clock_ns: float, slice_name: str,
                        uncertainty: float = C.CLOCK_UNCERTAINTY) -> None:
    """``nnet::layernormalize`` (``nnet_layernorm.h``): per row of ``d = n_in`` values (``n_pixels`` rows,
    ``seq_len``): the mean (a ``d``-term adder tree), the variance (``d`` squares and their tree), one table read
    for ``1 / sqrt(var + eps)``, then per value a subtract, two products (by the inverse and by the scale) and the
    bias add: ``3 d`` generic products and ``2 (d - 1) + 2 d`` adds a row, all rows in parallel. Counted like the same
    operators elsewhere; no public report of the layer has been read (not calibrated).

    >>> from fxsim.types import FixedType
    >>> e = estimate_layer(LayerSpec("layernorm", "ln", 6, 6, n_pixels=4, input_t=FixedType(16, 6)), 5.0)
    >>> e.mults["dsp"], e.bram_18k > 0
    (72, True)
    """
    rows = max(int(spec.n_pixels), 1)
    d = max(spec.n_in, 1)
    w = spec.input_t.width
    acc = (spec.accum_t or DEFAULT_T).width
    n_prod = rows * 3 * d
    on_dsp = M.generic_multiplier_is_dsp(w, w, spec.mul_binding, spec.hls_tool)
    est.mults[M.DSP if on_dsp else M.FABRIC] += n_prod
    est.dsp = n_prod * M.dsp_slices(w, w, slice_name) if on_dsp else 0
    bits = rows * (2 * adder_tree_bits(d, acc, acc) + 2 * d * acc) + (0 if on_dsp else n_prod * w * w
                                                                     * C.LUT_PER_GENERIC_MULT_BIT2)
    tw = _table_width(spec)
    bram, luts = memory.rom_cost(spec.table_size, tw, reads=rows)
    est.adder_bits = bits
    est.bram_18k = bram
    est.lut = int(round(C.LUT_SCALE * C.LUT_PER_ADDER_BIT * bits)) + luts
    est.ff = int(round(C.FF_PER_DSP * est.dsp))
    mul = C.DELAY_DSP_MUL_NS if on_dsp else C.DELAY_FABRIC_MUL_NS
    est.delay_ns = 2 * tree_depth(d) * add_delay_ns(acc) + 3 * mul + C.DELAY_BRAM_READ_NS + 2 * add_delay_ns(acc)
    est.latency_cycles = cycles_for(est.delay_ns, clock_ns, uncertainty)


def _estimate_resize_nearest(spec: LayerSpec, est: LayerEstimate) -> None:
    """``nnet::resize_nearest`` (UpSampling2D): io_parallel, wiring (every output is an input); io_stream
    (``nnet_image_stream.h``), a pipelined loop over the input rows that keeps one row (``width x n_chan`` values,
    the spec's ``n_in``) in registers and writes ``ratio_height x new_width`` packs per row, one a cycle: one output
    pixel a cycle (the spec's ``n_pixels`` are the output pixels).

    >>> from fxsim.types import FixedType
    >>> e = estimate_layer(LayerSpec("resize_nearest", "up", 12, 3, n_pixels=64, io_type="io_stream",
    ...                              input_t=FixedType(16, 6), result_t=FixedType(16, 6)), 5.0)
    >>> e.ff, e.ii, e.latency_cycles
    (192, 64, 65)
    """
    if spec.io_type != "io_stream":
        return
    est.ff = spec.n_in * spec.input_t.width
    est.ii, est.latency_cycles = 1, 1


def _estimate_hard_activation(spec: LayerSpec, est: LayerEstimate, clock_ns: float,
                              uncertainty: float = C.CLOCK_UNCERTAINTY) -> None:
    """``nnet::hard_sigmoid`` / ``hard_tanh``: ``slope * x + shift`` (hls4ml's slope 0.2 and shift 0.5 in
    ``ap_fixed<16,6>``: 0.2 is 205 / 1024 = 256 - 64 + 16 - 4 + 1, five CSD digits, so four shift-adds, then the
    shift's add), clamped to [0, 1] (two compares and selects); ``hard_tanh`` then ``2 s - 1`` (one more add).
    Counted per element like the same operators elsewhere; no public report of these layers has been read (not
    calibrated). Hand-worked: 4 elements of 16 bits, adds of 16 + 10 = 26 bits: 4 x (5 x 26 + 2 x 16) = 648 bits,
    x 0.96 (``LUT_SCALE``) = 622 LUTs.

    >>> from fxsim.types import FixedType
    >>> e = estimate_layer(LayerSpec("hard_sigmoid", "h", 4, 4, input_t=FixedType(16, 6)), 5.0)
    >>> e.lut, e.dsp
    (622, 0)
    """
    n, w = spec.n_out, spec.input_t.width + C.HARD_ACTIVATION_SLOPE_FRACTION_BITS
    digits = M.csd_digits(C.HARD_ACTIVATION_SLOPE_RAW)
    adds = digits - 1 + 1 + (1 if spec.kind.lower() == "hard_tanh" else 0)
    bits = n * (adds * w + 2 * spec.result_t.width * C.LUT_PER_RELU_BIT)
    est.adder_bits = float(bits)
    est.lut = int(round(C.LUT_SCALE * C.LUT_PER_ADDER_BIT * bits))
    est.delay_ns = fabric_constant_delay_ns(digits, w) + (adds - digits + 1) * add_delay_ns(w) + 2 * C.DELAY_RELU_NS
    est.latency_cycles = cycles_for(est.delay_ns, clock_ns, uncertainty)


def _table_width(spec: LayerSpec) -> int:
    return spec.table_t.width if spec.table_t is not None else C.DEFAULT_TABLE_WIDTH


def _estimate_table_activation(spec: LayerSpec, est: LayerEstimate, clock_ns: float, slice_name: str = "DSP48E2",
                               uncertainty: float = C.CLOCK_UNCERTAINTY) -> None:
    """Sigmoid/tanh & co.: one table read per element."""
    bram, luts = memory.rom_cost(spec.table_size, _table_width(spec), reads=spec.n_out)
    est.bram_18k, est.lut = bram, luts + int(round(C.LUT_SCALE * spec.n_out * spec.input_t.width))
    # the HLS report charges the C ``int`` index arithmetic at full width (synthesis trims it)
    est.hls_lut = int(round(C.HLS_OVER_SYNTH["lut"] * luts)) + spec.n_out * table_index_csynth_lut(spec.kind)
    est.delay_ns = C.DELAY_BRAM_READ_NS + C.DELAY_RELU_NS
    est.latency_cycles = cycles_for(est.delay_ns, clock_ns, uncertainty)
    est.steps = table_steps(spec.n_out, spec.table_size, _table_width(spec), spec.input_t.width,
                            rom_read_cycles(spec.hls_tool, slice_name))


def table_index_csynth_lut(kind: str) -> int:
    """LUTs the HLS report charges per element for a table activation's index arithmetic
    (:data:`constants.CSYNTH_LUT_PER_TABLE_ELEMENT`; a kind it does not list gets the sigmoid figure).

    >>> table_index_csynth_lut("sigmoid"), table_index_csynth_lut("elu")
    (147, 63)
    """
    return C.CSYNTH_LUT_PER_TABLE_ELEMENT.get(kind.lower(), C.CSYNTH_LUT_PER_TABLE_ELEMENT["sigmoid"])


def table_index_delay_ns(width: int) -> float:
    """The index of a table read (``nnet_activation.h``: scale by a power of two, add the offset, clamp
    to ``0..table_size-1``): one ``width``-bit add and a saturating mux."""
    return add_delay_ns(width) + C.DELAY_RELU_NS


def table_steps(reads: int, table_size: int, table_width: int, input_width: int,
                rom_cycles: int = C.ROM_READ_CYCLES, index_delay_ns: float | None = None) -> list[Step]:
    """``reads`` table lookups as pipeline steps: the indices (``ceil(log2(table_size))`` bits each, computed in
    ``index_delay_ns``, default :func:`table_index_delay_ns`), then the ROM read, a synchronous
    ``rom_cycles``-cycle operation (address in, data out at the next edge: :func:`rom_read_cycles`) that leaves
    ``reads x table_width`` bits. A softmax index is a bit slice (``softmax_idx_from_real_val``): delay 0.

    >>> [(round(s.delay_ns, 2), s.live_bits, s.cycles) for s in table_steps(4, 1024, 18, 16)]
    [(1.32, 40, 0), (0.0, 72, 1)]
    >>> [(s.delay_ns, s.live_bits, s.cycles) for s in table_steps(4, 1024, 18, 16, index_delay_ns=0.0)]
    [(0.0, 40, 0), (0.0, 72, 1)]
    """
    index_bits = max(int(table_size - 1).bit_length(), 1)
    delay = table_index_delay_ns(input_width) if index_delay_ns is None else index_delay_ns
    return [Step(delay, reads * index_bits),
            Step(0.0, reads * table_width, cycles=rom_cycles)]


def rom_read_cycles(hls_tool: str, slice_name: str) -> int:
    """Cycles of a table (ROM) read: :data:`constants.ROM_7SERIES_READ_CYCLES` under Vivado or Vitis HLS on a 7-series
    part (DSP48E1), else :data:`constants.ROM_READ_CYCLES`.

    >>> rom_read_cycles("vivado", "DSP48E1"), rom_read_cycles("vitis", "DSP48E1"), rom_read_cycles("vitis", "DSP48E2")
    (2, 2, 1)
    """
    seven = slice_name == "DSP48E1" and hls_tool in C.ROM_7SERIES_TWO_STATE_TOOLS
    return C.ROM_7SERIES_READ_CYCLES if seven else C.ROM_READ_CYCLES


def _estimate_softmax(spec: LayerSpec, est: LayerEstimate, clock_ns: float, slice_name: str,
                      uncertainty: float = C.CLOCK_UNCERTAINTY) -> None:
    """hls4ml latency softmax: n exp-table reads, an adder tree, one inverse-table read, n products."""
    n, tw = spec.n_out, _table_width(spec)
    (bram, luts), (inv_bram, inv_luts) = softmax_table_costs(n, spec.table_size, tw, spec.hls_tool)
    on_dsp = M.generic_multiplier_is_dsp(tw, tw, spec.mul_binding, spec.hls_tool)
    est.dsp = n * M.dsp_slices(tw, tw, slice_name) if on_dsp else 0
    est.mults[M.DSP if on_dsp else M.FABRIC] += n
    bits = adder_tree_bits(n, tw, tw + tree_depth(n)) + (0 if on_dsp else n * tw * tw / 2)
    est.adder_bits = bits
    est.bram_18k = bram + inv_bram
    est.lut = luts + inv_luts + int(round(C.LUT_SCALE * bits))
    if spec.hls_tool == "vivado" and not inv_bram and C.SOFTMAX_INVERSE_TABLE_IN_BRAM_CSYNTH:
        # Vivado HLS's report keeps the single-read inverse table in a block RAM that synthesis builds in LUTs
        # (:data:`constants.SOFTMAX_INVERSE_TABLE_IN_BRAM_CSYNTH`)
        est.add_bram(0, memory.rom_cost(spec.table_size, tw, force_bram=True)[0])
    mul_delay = C.DELAY_DSP_MUL_NS if on_dsp else C.DELAY_FABRIC_MUL_NS
    est.delay_ns = 2 * C.DELAY_BRAM_READ_NS + tree_depth(n) * add_delay_ns(tw) + mul_delay
    est.latency_cycles = cycles_for(est.delay_ns, clock_ns, uncertainty)
    # [stable: the maximum and the differences,] exp reads, the sum's tree (the exp values stay alive for the
    # products), the inverse read, n products
    compare_extra = C.VITIS_COMPARE_EXTRA_NS.get(slice_name, 0.0) if spec.hls_tool == "vitis" else 0.0
    est.steps = (softmax_max_steps(n, spec.input_t.width, compare_extra)
                 if spec.softmax_implementation == "stable" else [])
    rom = rom_read_cycles(spec.hls_tool, slice_name)
    # the table indices: the legacy softmax scales, offsets and clamps its input (an add and a mux); the others
    # slice the top bits (``softmax_idx_from_real_val``), the stable one after its saturating x_max - x
    index = None if spec.softmax_implementation == "legacy" else 0.0
    est.steps += table_steps(n, spec.table_size, tw, spec.input_t.width, rom, index_delay_ns=index)
    # the sum (reduce with Op_add in exp_table_t): a saturating table type puts its select after every add (the
    # Vivado HLS 2020.1 tanvirana schedule: 2.10-2.13 ns adds and 0.75-1.94 ns of selects a level)
    saturating = spec.table_t is not None and spec.table_t.saturates
    sum_delay = add_delay_ns(tw) + (C.DELAY_RELU_NS if saturating else 0.0)
    est.steps += [Step(sum_delay, n * tw + -(-n // (1 << k)) * tw) for k in range(1, tree_depth(n) + 1)]
    # the inverse read: in the state of its index (the UltraScale+ reports are matched so), except a 7-series ROM
    # load's two states (rom_read_cycles)
    inverse = table_steps(1, spec.table_size, tw, tw, rom, index_delay_ns=index)
    est.steps += [Step(s.delay_ns, s.live_bits + n * tw, cycles=s.cycles if rom > C.ROM_READ_CYCLES else 0)
                  for s in inverse]
    var_dsp_cycles = variable_dsp_cycles(spec.hls_tool, slice_name, clock_ns, uncertainty)
    if on_dsp and (spec.dsp_full_reg or var_dsp_cycles):
        # the n products in registered slices: Vitis enable_dsp_full_reg, or the 7-series DSP48 core of a
        # variable x variable product (variable_dsp_cycles)
        cycles = C.DSP_FULL_REG_CYCLES if spec.dsp_full_reg else var_dsp_cycles
        est.steps.append(Step(0.0, n * spec.result_t.width, cycles=cycles, internal=True))
    else:
        est.steps.append(Step(dsp_mul_delay_ns(spec.hls_tool, slice_name) if on_dsp else mul_delay,
                              n * spec.result_t.width,
                              one_state=not on_dsp and fabric_products_one_state(spec.mul_binding, spec.hls_tool)))
    est.ff = int(round(C.FF_PER_ADDER_BIT * bits + C.FF_PER_DSP * est.dsp))
    if spec.hls_tool == "vitis" and spec.softmax_implementation == "stable" and spec.io_type == "io_parallel":
        est.hls_lut = softmax_stable_csynth_lut(n, spec.input_t.width, tw, spec.table_size)
        if not on_dsp:                  # the n products in LUTs (report figures, as the other rules count them)
            est.hls_lut += int(round(C.HLS_OVER_SYNTH["lut"] * C.LUT_SCALE * n * tw * tw / 2))


def softmax_stable_csynth_lut(n: int, in_width: int, table_width: int, table_size: int) -> int:
    """The Vitis HLS report's LUTs of a ``softmax_stable`` instance (``nnet_activation.h``) of ``n`` classes,
    operator by operator as its Expression and Register tables list them (Vitis HLS 2021.1, round-6 ArgyKokk
    reports; IN-SAMPLE: read after round 6 was evaluated):

    * the maximum: ``n - 1`` compares (``icmp``, ``in_width / 2 - 1`` LUTs), their ``xor`` (2) and ``select``
      (``in_width``);
    * per class: ``x - x_max`` (``in_width + 1``), its overflow ``and``/``xor`` (1 + 1 + 2), the saturating
      index ``select`` (index bits + 1) and the index ``select`` (index bits = ``log2(table_size)``);
    * the sum of the exp values: ``n - 1`` adders of ``table_width``; the pipeline enable ``xor`` (2);
    * shift registers: the ``n`` inputs and the ``n`` exp values wait in SRLs (32 LUTs each, the Register
      table's ``64 FF / 32 LUT`` rows).

    Hand-worked: n = 3, 16-bit inputs, 1024 x 18 tables: 2 x 25 + 3 x 42 + 2 x 18 + 2 = 214 (the report's
    Expression total), + 6 x 32 = 406 (its instance LUT); n = 6: 469 + 384 = 853 (exact, too).

    >>> softmax_stable_csynth_lut(3, 16, 18, 1024), softmax_stable_csynth_lut(6, 16, 18, 1024)
    (406, 853)
    """
    idx = max(int(table_size - 1).bit_length(), 1)
    compare = (in_width // 2 - 1) + 2 + in_width
    per_class = (in_width + 1) + 4 + (idx + 1) + idx
    expression = (n - 1) * compare + n * per_class + (n - 1) * table_width + C.PIPELINE_ENABLE_XOR_LUT
    return expression + 2 * n * C.SRL_LUT_PER_DELAYED_VALUE


def softmax_table_costs(n: int, table_size: int, width: int, hls_tool: str = "") -> tuple[tuple[int, int],
                                                                                          tuple[int, int]]:
    """``((bram_18k, luts) of exp_table, (bram_18k, luts) of invert_table)`` of a softmax of ``n`` classes
    (``nnet_activation.h``: ``exp_table`` read once per class, ``invert_table`` once).

    Tool-independent rule: ``ceil(n/2)`` dual-port copies of the exp table, the inverse table in LUTs
    (:data:`constants.SOFTMAX_INVERSE_TABLE_IN_BRAM`). Vitis HLS (2021.1 reports, IN-SAMPLE after held-out
    round 6): ``n - 1`` copies of the exp table and the inverse table in one block RAM
    (:data:`constants.SOFTMAX_VITIS_EXP_COPIES_LESS`).

    Hand-worked: 6 classes, 1024 x 18 tables (one RAMB18 each): 3 + 0 (LUTs) by the old rule; Vitis 5 + 1 = 6.

    >>> softmax_table_costs(6, 1024, 18)[0][0], softmax_table_costs(6, 1024, 18, "vitis")
    (3, ((5, 0), (1, 0)))
    """
    if hls_tool == "vitis":
        copies = max(n - C.SOFTMAX_VITIS_EXP_COPIES_LESS, 1)
        exp_bram, exp_luts = memory.rom_cost(table_size, width)
        inv = memory.rom_cost(table_size, width, force_bram=C.SOFTMAX_VITIS_INVERSE_TABLE_IN_BRAM)
        return (copies * exp_bram, copies * exp_luts), inv
    return (memory.rom_cost(table_size, width, reads=n),
            memory.rom_cost(table_size, width, reads=1, force_bram=C.SOFTMAX_INVERSE_TABLE_IN_BRAM))


def softmax_max_steps(n: int, width: int, compare_extra_ns: float = 0.0) -> list[Step]:
    """The steps ``softmax_stable`` (``nnet_activation.h``) adds before the exp-table reads: the maximum of
    the ``n`` inputs (a balanced tree of compare-and-select, ``ceil(log2 n)`` levels of a ``width``-bit
    compare and a mux; the inputs stay alive for the next step), then ``x_i - x_max`` (one add each, and the
    saturating cast to ``inp_norm_t`` of the hls4ml 0.6-0.8 templates: a mux; the table index is its top bits).
    The public Vitis HLS 2025.1 Iris report (3 classes, xc7z020-1, 5 ns): its ``softmax_stable`` instance
    is 10 stages deep, three more than the latency softmax's 7 in this model (2 max levels + the subtract).

    Hand-worked: 5 inputs of 16 bits: levels of 3, 2, 1 maxima (0.92 + 0.4 = 1.32 ns each, 80 input bits
    alive): 128, 112, 96 bits; then the 5 saturated differences (0.92 + 0.4 ns): 80 bits.

    >>> [(round(s.delay_ns, 2), s.live_bits) for s in softmax_max_steps(5, 16)]
    [(1.32, 128), (1.32, 112), (1.32, 96), (1.32, 80)]

    ``compare_extra_ns`` is what the tool's compare costs over an add of its width
    (:data:`constants.VITIS_COMPARE_EXTRA_NS`): with 0.25, each level is 1.57 ns, which a Zynq-7000 -2 at 3.33 ns
    (12.5 %: 2.91 ns, 1.53 model ns at x1.9) cannot hold, so the compare and its select take a state each.

    >>> [round(s.delay_ns, 2) for s in softmax_max_steps(3, 16, 0.25)]
    [1.57, 1.57, 1.32]
    """
    levels = [Step(add_delay_ns(width) + compare_extra_ns + C.DELAY_RELU_NS, n * width + -(-n // (1 << k)) * width)
              for k in range(1, tree_depth(n) + 1)]
    return levels + [Step(add_delay_ns(width) + C.DELAY_RELU_NS, n * width)]


def _recurrent_matrix(spec: LayerSpec, part: str, weights: np.ndarray, weight_t: FixedType | None,
                      bias: np.ndarray | None, data_t: FixedType, n_rows: int, rf: int, clock_ns: float,
                      slice_name: str, uncertainty: float) -> tuple[LayerEstimate, dict[str, dict[str, int]]]:
    """One of the two matrix products of a time step (``mult_config1``: kernel, ``mult_config2``:
    recurrent kernel), estimated exactly like a dense layer, and its products per gate matrix."""
    gates = RECURRENT_GATES[spec.kind.lower()]
    n_cols = len(gates) * spec.n_state
    if weights is None or weight_t is None:
        raise ValueError(f"layer {spec.name}: a {spec.kind} layer needs its {part} and its type")
    w = np.asarray(weights, dtype=np.float64).reshape(n_rows, n_cols)
    sub = LayerSpec("dense", f"{spec.name}:{part}", n_rows, n_cols, weights=w, bias=bias, input_t=data_t,
                    weight_t=weight_t, bias_t=spec.bias_t, accum_t=spec.accum_t,
                    result_t=spec.accum_t or DEFAULT_T, reuse_factor=rf, strategy=spec.strategy,
                    mul_binding=spec.mul_binding)
    est = estimate_layer(sub, clock_ns, slice_name, uncertainty)
    kinds = M.classify_array(raw_weights(w, weight_t), data_t.width, spec.mul_binding, spec.hls_tool)
    n = spec.n_state
    per_gate = {g: {k: int(np.count_nonzero(kinds[:, i * n:(i + 1) * n] == k)) for k in M.KINDS}
                for i, g in enumerate(gates)}
    return est, per_gate


def _estimate_recurrent(spec: LayerSpec, est: LayerEstimate, clock_ns: float, slice_name: str,
                        uncertainty: float = C.CLOCK_UNCERTAINTY) -> None:
    """``nnet::lstm_stack`` / ``nnet::gru_stack``: one time step's hardware, run ``n_sequence`` times.

    One step (``nnet::lstm_static``/``gru_static``, all inner loops ``#pragma HLS UNROLL``) is

    * the kernel product ``W x_t + b`` (``mult_config1``, ``n_in x gates*n_state``) and the recurrent
      product ``W_r h_{t-1} + b_r`` (``mult_config2``, ``n_state x gates*n_state``), each costed weight
      by weight exactly like a dense layer (zero/shift/CSD/DSP rules, its own reuse factor);
    * ``gates*n_state`` pre-activation adds; the ``activation_recr`` table (sigmoid) read 3n (LSTM i,f,o)
      or 2n (GRU z,r) times and the ``activation`` table (tanh) read 2n (LSTM: candidate and cell state)
      or n (GRU) times per step, each a ROM with one port pair per two reads (:func:`memory.rom_cost`);
    * 3n variable x variable products (LSTM ``c*i``, ``s*f``, ``o*tanh(s)``; GRU ``r*(W_r h)_h``,
      ``tanh(.)*(1-z)``, ``h*z``) and their adds.

    The critical path of a step is ``matrix -> add -> table -> mul -> add -> table -> mul`` (GRU: one add
    more), and the next step needs this step's ``h``: the time-step loop carries a dependency through
    the whole step, so a step's II equals its latency. ``nnet_recurrent.h`` puts no pragma on the
    ``iloop`` over time steps; hls4ml's ``Static`` option (default True) keeps the state in ``static``
    arrays so that a single step instance is reused ("resulting in lower resource usage at the expense
    of serialized computation and higher latency/II", hls4ml ``attribute_descriptions.recurrent_static``):

    * static: resources of one step; latency = II = ``n_sequence x step cycles`` (the block is busy
      for the whole sequence before the next event can enter);
    * non-static: the top function's ``#pragma HLS PIPELINE`` unrolls ``iloop`` into ``n_sequence``
      step copies (resources x ``n_sequence``); latency is the chained delay of the steps, the II is the
      reuse factor (1 for Latency strategy), like any unrolled io_parallel layer.
    """
    kind = spec.kind.lower()
    gates = RECURRENT_GATES[kind]
    n, n_seq = int(spec.n_state), max(int(spec.n_sequence), 1)
    if n <= 0:
        raise ValueError(f"layer {spec.name}: a {spec.kind} layer needs n_state > 0")
    accum_t = spec.accum_t or DEFAULT_T
    res_t = spec.result_t
    kern, kern_gates = _recurrent_matrix(spec, "kernel", spec.weights, spec.weight_t, spec.bias, spec.input_t,
                                         spec.n_in, spec.reuse_factor, clock_ns, slice_name, uncertainty)
    recr, recr_gates = _recurrent_matrix(spec, "recurrent_kernel", spec.recurrent_weights,
                                         spec.recurrent_weight_t or spec.weight_t, spec.recurrent_bias, res_t, n,
                                         spec.recurrent_reuse_factor, clock_ns, slice_name, uncertainty)
    est.notes.extend(kern.notes + recr.notes)

    # element-wise products of one step: (count, width_a, width_b)
    # (LSTM: c*i and o*tanh(s) accum x accum, s*f res x accum; GRU: r*(W_r h)_h and tanh(.)*(1-z)
    # accum x accum, h*z res x accum)
    products = [(2 * n, accum_t.width, accum_t.width), (n, res_t.width, accum_t.width)]
    if kind == "lstm":
        add_bits = len(gates) * n * accum_t.width + n * res_t.width
        sig_reads, tanh_reads, tail_adds = 3 * n, 2 * n, 1
    else:
        add_bits = len(gates) * n * accum_t.width + 2 * n * accum_t.width   # + (1 - z) and the final add
        sig_reads, tanh_reads, tail_adds = 2 * n, n, 2
    elem_dsp, elem_bits, n_prod, on_dsp_any = 0, float(add_bits), 0, False
    for count, wa, wb in products:
        on_dsp = M.generic_multiplier_is_dsp(wa, wb, spec.mul_binding, spec.hls_tool)
        on_dsp_any |= on_dsp
        n_prod += count
        if on_dsp:
            elem_dsp += count * M.dsp_slices(wa, wb, slice_name)
        else:
            elem_bits += count * wa * wb * C.LUT_PER_GENERIC_MULT_BIT2
    sig_bram, sig_lut = memory.rom_cost(spec.recr_table_size, spec.recr_table_t.width if spec.recr_table_t
                                        else C.DEFAULT_TABLE_WIDTH, reads=sig_reads)
    tanh_bram, tanh_lut = memory.rom_cost(spec.table_size, _table_width(spec), reads=tanh_reads)
    table_index_luts = int(round(C.LUT_SCALE * (sig_reads + tanh_reads) * accum_t.width))

    step = {k: 0 for k in ("dsp", "lut", "ff", "bram_18k")}
    step["dsp"] = kern.dsp + recr.dsp + elem_dsp
    step["bram_18k"] = kern.bram_18k + recr.bram_18k + sig_bram + tanh_bram
    step["lut"] = (kern.lut + recr.lut + sig_lut + tanh_lut + table_index_luts
                   + int(round(C.LUT_SCALE * C.LUT_PER_ADDER_BIT * elem_bits)))
    state_bits = (2 if kind == "lstm" else 1) * n * res_t.width
    step["ff"] = (kern.ff + recr.ff + state_bits
                  + int(round(C.FF_PER_ADDER_BIT * elem_bits + C.FF_PER_DSP * elem_dsp)))

    mul = C.DELAY_DSP_MUL_NS if on_dsp_any else C.DELAY_FABRIC_MUL_NS
    table = C.DELAY_BRAM_READ_NS + C.DELAY_RELU_NS
    step_delay = (max(kern.delay_ns, recr.delay_ns) + (1 + tail_adds) * add_delay_ns(accum_t.width)
                  + 2 * table + 2 * mul)
    step_seq = max(kern.sequential_cycles, recr.sequential_cycles)
    calls, instances = recurrent_step_calls(
        max((kern, recr), key=lambda e: e.delay_ns).steps, n, accum_t.width, mul,
        (sig_reads, spec.recr_table_size, spec.recr_table_t.width if spec.recr_table_t else C.DEFAULT_TABLE_WIDTH),
        (tanh_reads, spec.table_size, _table_width(spec)), tail_adds)
    # the loop body's calls in clock stages, then the unpipelined time loop's loop-back state
    step_cycles = (step_seq + max(schedule(calls, clock_ns * (1.0 - uncertainty), modules=instances).stages, 1)
                   + C.RECURRENT_STEP_LOOP_CYCLES)
    select = recurrent_input_select_luts(spec)
    if select is not None:                               # the shift of the input word: a state of its own
        step_cycles += C.RECURRENT_INPUT_SELECT_CYCLES

    copies = 1 if spec.use_static else n_seq
    for k, v in step.items():
        setattr(est, k, copies * v)
    # the report charges the tables' C-int index arithmetic per read, like a table activation layer's
    est.hls_lut = copies * (int(round(C.HLS_OVER_SYNTH["lut"] * (step["lut"] - table_index_luts)))
                            + sig_reads * table_index_csynth_lut("sigmoid")
                            + tanh_reads * table_index_csynth_lut("tanh"))
    if select is not None:
        est.lut += select[0]
        est.hls_lut += select[1]
    for k in M.KINDS:
        est.mults[k] = copies * (kern.mults[k] + recr.mults[k])
    est.mults[M.DSP if on_dsp_any else M.FABRIC] += copies * n_prod
    est.adder_bits = copies * (kern.adder_bits + recr.adder_bits + elem_bits)
    est.reuse_factor = max(kern.reuse_factor, recr.reuse_factor)
    if spec.use_static:
        est.delay_ns = 0.0
        est.sequential_cycles = n_seq * step_cycles
        est.latency_cycles = est.sequential_cycles
        est.ii = n_seq * step_cycles
    else:
        est.delay_ns = n_seq * step_delay
        est.sequential_cycles = n_seq * step_seq
        est.latency_cycles = est.sequential_cycles + cycles_for(est.delay_ns, clock_ns, uncertainty)
        est.ii = est.reuse_factor
    est.details = {
        **({"input_select": {"lut": select[0], "csynth_lut": select[1]}} if select is not None else {}),
        "cell": kind, "gates": list(gates), "n_state": n, "n_sequence": n_seq, "static": bool(spec.use_static),
        "step_copies": copies, "step_delay_ns": round(step_delay, 3), "step_latency_cycles": step_cycles,
        "step": step, "elementwise_products": n_prod,
        "kernel": {"shape": [spec.n_in, len(gates) * n], "reuse_factor": kern.reuse_factor, "dsp": kern.dsp,
                   "lut": kern.lut, "multiplications": dict(kern.mults), "per_gate": kern_gates},
        "recurrent_kernel": {"shape": [n, len(gates) * n], "reuse_factor": recr.reuse_factor, "dsp": recr.dsp,
                             "lut": recr.lut, "multiplications": dict(recr.mults), "per_gate": recr_gates},
        "tables": {"activation_recr": {"reads": sig_reads, "bram_18k": sig_bram, "lut": sig_lut},
                   "activation": {"reads": tanh_reads, "bram_18k": tanh_bram, "lut": tanh_lut}},
    }


def recurrent_input_select_luts(spec: LayerSpec) -> tuple[int, int] | None:
    """``(post-synthesis, csynth)`` LUTs with which a static ``lstm_stack``/``gru_stack`` picks time step
    ``iloop``'s input, ``data_in[j] = data[j + iloop * n_in]`` (``nnet_recurrent.h``), when ``data`` is the top's
    io_parallel input port; None otherwise.

    hls4ml reshapes that port into one word of ``W = n_sequence x n_in x width`` bits (``ARRAY_RESHAPE complete``),
    and the time loop is not unrolled (static state), so each of the ``n_in`` selections is a logical shift of
    the whole word by a variable amount: the HLS report charges each ``lshr`` ``W + floor(log2 W)`` LUTs (Vivado
    HLS 2019.2, uw-acme GRU(5) on 20 x 6 ``ap_fixed<18,8>``: six ``lshr_ln203`` of 2,160 bits, 2,171 LUTs each,
    13,026 of the ``gru_stack`` instance's 19,470; read after held-out round 12 evaluated that row, IN-SAMPLE).
    Synthesis keeps only the shifts by multiples of ``n_in x width``: an ``n_sequence``-to-1 multiplexer per bit,
    a tree of 4:1 LUT6 multiplexers (``ceil((n_sequence - 1) / 3)`` LUTs a bit). A non-static stack unrolls the
    time loop (constant indices: wires) and an internal input is a partitioned array, not a word.

    >>> recurrent_input_select_luts(LayerSpec("gru", "g", 6, 5, n_state=5, n_sequence=20, use_static=True,
    ...                                       input_t=FixedType(18, 8), reads_top_port=True))
    (756, 13026)
    """
    n_seq = int(spec.n_sequence)
    if not (spec.reads_top_port and spec.use_static and spec.io_type == "io_parallel" and n_seq > 1):
        return None
    width = spec.input_t.width
    word = n_seq * spec.n_in * width
    csynth = spec.n_in * (word + int(math.floor(math.log2(word))))
    synth = spec.n_in * width * -(-(n_seq - 1) // 3)
    return synth, csynth


def recurrent_step_calls(matrix: list[Step], n: int, accum_w: int, mul_delay_ns: float,
                         sig: tuple[int, int, int], tanh: tuple[int, int, int],
                         tail_adds: int) -> tuple[list[list[Step]], list[bool]]:
    """One time step of ``nnet::lstm_static``/``gru_static`` as the calls the loop body makes, each a list of
    pipeline steps, and whether the call is a function instance of its own: the gate matrix products (``matrix``:
    the slower of the input and recurrent kernels, an instance), the gate add, the ``activation_recr`` call
    (``sig = (reads, table_size, width)``: index, then a synchronous ROM read; an instance), the element-wise
    products and the ``tail_adds`` combining adds, the ``activation`` call (``tanh``, an instance), the last product
    and add, each on the ``n``-wide state. :func:`fxsim.estimate.pipeline.schedule` puts a register before and after
    each instance that spans more than one stage.

    >>> calls, inst = recurrent_step_calls([Step(2.4, 90)], 5, 18, 2.4, (10, 1024, 18), (5, 1024, 18), 2)
    >>> [[(round(s.delay_ns, 2), s.cycles) for s in c] for c in calls], inst
    ([[(2.4, 0)], [(0.96, 0)], [(1.36, 0), (0.0, 1)], [(2.4, 0), (0.96, 0), (0.96, 0)], [(1.36, 0), (0.0, 1)], \
[(2.4, 0), (0.96, 0)]], [True, False, True, False, True, False])
    """
    add = Step(add_delay_ns(accum_w), n * accum_w)
    mul = Step(mul_delay_ns, n * accum_w)
    calls = [list(matrix), [add], table_steps(sig[0], sig[1], sig[2], accum_w), [mul] + [add] * tail_adds,
             table_steps(tanh[0], tanh[1], tanh[2], accum_w), [mul, add]]
    return calls, [True, False, True, False, True, False]


def estimate_layer(spec: LayerSpec, clock_ns: float, slice_name: str = "DSP48E2",
                   uncertainty: float = C.CLOCK_UNCERTAINTY) -> LayerEstimate:
    """Post-synthesis estimate of one layer at ``clock_ns`` (``uncertainty``: fraction of the period
    the HLS scheduler keeps free, the project's ``set_clock_uncertainty``)."""
    est = LayerEstimate(spec.name, spec.kind, reuse_factor=spec.reuse_factor, strategy=spec.strategy)
    kind = spec.kind.lower()
    if kind in WEIGHTED_KINDS:
        _estimate_weighted(spec, est, clock_ns, slice_name, uncertainty)
    elif kind in DEPTHWISE_KINDS:
        _estimate_depthwise(spec, est, clock_ns, slice_name, uncertainty)
    elif kind in POOLING_KINDS:
        _estimate_pooling(spec, est, clock_ns, uncertainty)
    elif kind == "batchnorm":
        _estimate_batchnorm(spec, est, clock_ns, slice_name, uncertainty)
    elif kind in ("relu", "leaky_relu", "quantized_relu", "prelu", "thresholded_relu"):
        _estimate_relu(spec, est, clock_ns, uncertainty)
    elif kind == "softmax":
        _estimate_softmax(spec, est, clock_ns, slice_name, uncertainty)
    elif kind in TABLE_KINDS:
        _estimate_table_activation(spec, est, clock_ns, slice_name, uncertainty)
    elif kind in RECURRENT_GATES:
        _estimate_recurrent(spec, est, clock_ns, slice_name, uncertainty)
    elif kind in MERGE_KINDS:
        _estimate_merge(spec, est, clock_ns, slice_name, uncertainty)
    elif kind in HARD_KINDS:
        _estimate_hard_activation(spec, est, clock_ns, uncertainty)
    elif kind == "resize_nearest":
        _estimate_resize_nearest(spec, est)
    elif kind == "embedding":
        _estimate_embedding(spec, est, clock_ns, uncertainty)
    elif kind == "layernorm":
        _estimate_layernorm(spec, est, clock_ns, slice_name, uncertainty)
    elif kind == "generated" and spec.program is not None:
        _estimate_generated(spec, est, clock_ns, slice_name, uncertainty)
    elif kind in FREE_KINDS or kind.startswith(WIRING_PREFIXES):
        pass
    else:
        est.modelled = False   # its cost is unknown: the estimate gets the uncalibrated band
        est.notes.append(f"{spec.name}: layer kind {spec.kind!r} is NOT MODELLED: its DSP/LUT/FF/BRAM and "
                         "latency are missing from the totals (counted as 0)")
    if spec.io_type == "io_stream" and kind not in WEIGHTED_KINDS + DEPTHWISE_KINDS + tuple(RECURRENT_GATES):
        # one pack (the layer's n_in/n_out: an nnet::array) every II cycles, n_pixels packs a frame
        est.stream_cycles = est.ii * max(spec.n_pixels, 1) if spec.n_pixels > 1 else 0
        est.ii = max(est.ii * max(spec.n_pixels, 1), 1)
        est.sequential_cycles += est.stream_cycles
        est.latency_cycles += est.stream_cycles
    est.in_bits = spec.n_in * spec.input_t.width * max(spec.n_pixels, 1)
    est.out_bits = spec.n_out * spec.result_t.width * max(spec.n_pixels, 1)
    est.pack_bits = spec.n_out * spec.result_t.width
    est.pack_elems = spec.n_out
    est.fifo_depth = max(int(spec.fifo_depth), 1)
    if spec.io_type == "io_stream" and spec.line_buffer_regs:
        srl = memory.line_buffer_luts(spec.line_buffer_regs, spec.line_buffer_words, spec.input_t.width)
        est.lut += srl
        if est.hls_lut is not None:
            est.hls_lut += srl
        est.details["line_buffer"] = {"shift_registers": spec.line_buffer_regs, "words": spec.line_buffer_words,
                                      "lut": srl}
    if not est.steps and est.delay_ns > 0:     # one level: its outputs are what a cut after it holds
        est.steps = [Step(est.delay_ns, est.out_bits)]
    return est
