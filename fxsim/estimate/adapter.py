"""``layers_from_project``: the project reader's description -> the estimator's ``LayerSpec`` list.

The estimator has no parser of its own: everything comes from :func:`fxsim.project.read_project`'s
:class:`~fxsim.project.Project` (issue 15, one description): ``project.calls`` in call order (each with
``function``, ``config``, ``inputs``, ``outputs``, ``weights``, ``layer``), ``project.configs`` (name ->
:class:`~fxsim.config.Config`), ``project.weights`` (name -> ``Weight(values, type)``), ``project.type_of(array)``,
and the
build settings the reader took from ``project.tcl``/``build_prj.tcl``/``hls4ml_config.yml``:
``project.part``, ``project.clock_period``, ``project.backend``, ``project.io_type`` and
``project.settings`` (``clock_uncertainty``, ``mul_impl``: the last ``config_op mul -impl``). The clock
uncertainty is parsed by the reader's own :func:`fxsim.project.settings.clock_uncertainty_fraction`.
A :class:`~fxsim.estimate.layers.LayerSpec` is what the cost rules read of one call: sizes, types,
weights, reuse factor, strategy (and the QTools energy view reads the same specs).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from fxsim.estimate.constants import RECURRENT_STATIC_DEFAULT
from fxsim.estimate.layers import DEFAULT_T, LayerSpec
from fxsim.estimate.liveness import prune_dead_elements
from fxsim.project.settings import clock_uncertainty_fraction
from fxsim.types import FixedType

#: Vitis HLS ``config_op mul -impl VALUE`` -> the estimator's binding (UG1399 ``config_op``: ``dsp``,
#: ``fabric`` and the DSP variants ``fulldsp``/``maxdsp``/``meddsp``/``primitivedsp``; ``all``/``auto``
#: leave the choice to the tool).
MUL_IMPL_BINDINGS = {"dsp": "dsp", "fulldsp": "dsp", "maxdsp": "dsp", "meddsp": "dsp", "primitivedsp": "dsp",
                     "fabric": "fabric", "nodsp": "fabric", "all": "auto", "auto": "auto"}

#: nnet function name (prefix) -> estimator layer kind.
FUNCTION_KINDS = (
    ("dense", "dense"), ("pointwise_conv_1d", "conv1d"), ("conv_1d", "conv1d"), ("conv1d", "conv1d"),
    ("pointwise_conv_2d", "conv2d"), ("conv_2d", "conv2d"), ("conv2d", "conv2d"), ("normalize", "batchnorm"),
    ("relu", "relu"), ("leaky_relu", "leaky_relu"), ("softmax", "softmax"), ("sigmoid", "sigmoid"),
    ("tanh", "tanh"), ("linear", "linear"), ("softplus", "softplus"), ("softsign", "softsign"),
    ("elu", "elu"), ("selu", "selu"), ("lstm", "lstm"), ("gru", "gru"),
    ("depthwise_conv_1d", "depthwise1d"), ("depthwise_conv_2d", "depthwise2d"),
    ("pooling1d", "pooling1d"), ("pooling2d", "pooling2d"), ("hard_sigmoid", "hard_sigmoid"),
    ("hard_tanh", "hard_tanh"), ("add", "add"), ("subtract", "subtract"), ("multiply", "multiply"),
    ("average", "average"), ("maximum", "maximum"), ("minimum", "minimum"), ("dot1d", "dot1d"), ("prelu", "prelu"),
    ("bidirectional_stack", "bidirectional_stack"), ("einsum_dense", "einsum_dense"), ("einsum", "einsum"),
    ("thresholded_relu", "thresholded_relu"),
    ("layernormalize", "layernorm"), ("unary_lut", "activation"), ("embedding", "embedding"),
    ("global_pooling1d", "global_pooling1d"), ("global_pooling2d", "global_pooling2d"),
)

#: Kinds whose io_stream process handles one ``nnet::array`` pack per cycle, element by element.
ELEMENTWISE_KINDS = ("relu", "leaky_relu", "quantized_relu", "batchnorm", "linear", "sigmoid", "tanh",
                     "softplus", "softsign", "elu", "selu", "hard_sigmoid", "hard_tanh",
                     "add", "subtract", "multiply", "average", "maximum", "minimum", "prelu")


def kind_of(function: str) -> str:
    """``'dense_latency'`` -> ``'dense'``; unknown functions keep their name.

    >>> kind_of("dense"), kind_of("conv_1d_cl"), kind_of("normalize"), kind_of("zeropad1d_cl")
    ('dense', 'conv1d', 'batchnorm', 'zeropad1d_cl')
    >>> kind_of("lstm_stack"), kind_of("gru_stack"), kind_of("depthwise_conv_2d_cl"), kind_of("pooling2d_cl")
    ('lstm', 'gru', 'depthwise2d', 'pooling2d')
    """
    for prefix, kind in FUNCTION_KINDS:
        if function.startswith(prefix):
            return kind
    return function


def _get(obj: Any, *names: str, default: Any = None) -> Any:
    for n in names:
        v = obj.get(n) if hasattr(obj, "get") else getattr(obj, n, None)
        if v is not None:
            return v
    return default


def _weight_type(declared: Any, w: Any) -> FixedType | None:
    """The type the estimator reads weights in. A config's ``weight_t`` that is a struct name (hls4ml's
    power-of-two ``{sign, weight}`` or compressed weights) has no fixed-point value type: the weights'
    float values (``+-2**exponent``, or the stored values) are then read in the narrowest ``ap_fixed``
    holding every one of them exactly, so each power of two counts as a shift (one CSD digit).

    >>> class W: values = np.array([0.25, -2.0, 0.0]); type = FixedType.parse("ap_int<3>")
    >>> str(_weight_type("exponent_weight_t", W()))
    'ap_fixed<5,3>'
    """
    if isinstance(declared, FixedType):
        return declared
    if w is None:
        return None
    if declared is None:
        return w.type
    v = np.abs(np.asarray(w.values, dtype=np.float64))
    v = v[v > 0]
    if v.size == 0:
        return FixedType(2, 2, True)
    lsb = min(_lowest_set_bit(float(x)) for x in v)
    top = max(int(np.frexp(x)[1]) - 1 for x in v)             # floor(log2(x))
    return FixedType(top - lsb + 2, top + 2, True)


def _lowest_set_bit(x: float) -> int:
    """The exponent of the lowest nonzero bit of a positive float (exact: floats are dyadic)."""
    m, e = np.frexp(x)
    k = 0
    while m != np.floor(m) and k < 64:
        m *= 2
        k += 1
    return int(e) - k


def _type_of(project: Any, array: str | None) -> FixedType | None:
    if array is None:
        return None
    fn = getattr(project, "type_of", None)
    if callable(fn):
        try:
            t = fn(array)
            return t if isinstance(t, FixedType) else None
        except Exception:  # noqa: BLE001 - reader not finished: fall back
            return None
    return None


def project_part(project: Any) -> str | None:
    """The part the project targets (``project.tcl``'s ``set part``), or ``None`` (also when empty)."""
    part = getattr(project, "part", None)
    return str(part).strip() or None if part is not None else None


def project_clock_ns(project: Any) -> float | None:
    """The project's clock period in ns (``project.clock_period``), or ``None``."""
    v = getattr(project, "clock_period", None)
    return float(v) if v is not None else None


def project_clock_uncertainty(project: Any) -> float | None:
    """The project's clock uncertainty (hls4ml writes ``set clock_uncertainty 12.5%`` for Vivado,
    27% for Vitis, nothing before 0.8) as a fraction of the period, or ``None``."""
    text = (getattr(project, "settings", None) or {}).get("clock_uncertainty")
    if text is None:
        return None
    try:
        return clock_uncertainty_fraction(text, project_clock_ns(project))
    except ValueError:      # the reader refuses such a project; a hand-made settings dict gets the default
        return None


def project_dsp_full_reg(project: Any) -> bool | None:
    """The project's ``config_schedule -enable_dsp_full_reg`` (``project.settings['dsp_full_reg']``), or
    ``None`` when its scripts do not set it (hls4ml <= 0.6)."""
    v = (getattr(project, "settings", None) or {}).get("dsp_full_reg")
    return None if v is None else str(v).lower() == "true"


def project_hls_tool(project: Any) -> tuple[str, str | None]:
    """``(tool, note)``: the HLS tool that synthesizes the project, and a note when it is assumed.

    ``vitis`` backends are Vitis HLS. So is a project whose build scripts use ``config_op`` (``mul_impl``:
    ``config_op mul -impl``, a command only Vitis HLS has, UG1399; Vivado HLS binds operators with
    ``config_core`` / ``RESOURCE``): issue 14's ArgyKokk ``DSP_*`` projects, written by the ``Vivado`` backend
    (``enable_dsp_full_reg=false`` in ``build_prj.tcl``) and synthesized with Vitis HLS 2021.1 (found after
    held-out round 6). A ``Vivado`` backend written by hls4ml >= 0.7 (its ``build_prj.tcl``
    sets ``enable_dsp_full_reg``: hls4ml then knew both tools) is otherwise Vivado HLS. A project without that line
    was written by hls4ml <= 0.6, whose ``Vivado`` backend (and the ``Pynq`` backend derived from it) served both
    tools: **Vivado HLS is assumed**, with a note. Of the nine such public projects whose reports were read
    (held-out rounds 6-14), eight were synthesized with Vivado HLS 2019.1-2020.1 (L1BTag, the Zynq jet taggers, the
    GRU benchmark, a U250 CNN, four PYNQ-Z2 builds) and one with Vitis HLS 2024.1; until 2026-12-07 Vitis was
    assumed, after issue 14's Vitis-built projects, which ``config_op`` now identifies.

    >>> class P: backend, settings = "Vivado", {}
    >>> project_hls_tool(P())[0]
    'vivado'
    >>> P.settings = {"dsp_full_reg": "false"}; project_hls_tool(P())
    ('vivado', None)
    >>> P.settings = {"dsp_full_reg": "false", "mul_impl": "dsp"}; project_hls_tool(P())
    ('vitis', None)
    >>> P.backend, P.settings = "Pynq", {}; project_hls_tool(P())[0]
    'vivado'
    """
    backend = str(getattr(project, "backend", None) or "").lower()
    if not backend.startswith(("vivado", "pynq")):
        return "vitis", None
    if (getattr(project, "settings", None) or {}).get("mul_impl"):
        return "vitis", None      # ``config_op`` is a Vitis HLS command (Vivado HLS: config_core / RESOURCE)
    if project_dsp_full_reg(project) is not None:
        return "vivado", None
    return "vivado", ("no 'config_schedule -enable_dsp_full_reg' in the build scripts (none found, or written by "
                      "hls4ml <= 0.6, one backend for both tools): Vivado HLS assumed (12.5 % clock uncertainty, "
                      "DSPs not fully registered); give hls_tool='vitis' (--hls-tool vitis) if it was built with "
                      "Vitis HLS")


def binding_of_impl(impl: str | None) -> str | None:
    """The estimator's binding for a Vitis ``config_op mul -impl`` value (``None`` if unknown/absent).

    >>> binding_of_impl("fulldsp"), binding_of_impl("fabric"), binding_of_impl(None)
    ('dsp', 'fabric', None)
    """
    return MUL_IMPL_BINDINGS.get(str(impl).lower()) if impl else None


def project_mul_binding(project: Any) -> str | None:
    """The binding pinned by the project's build scripts, as the project reader reports it
    (``project.settings['mul_impl']``: the last ``config_op mul -impl`` of ``build_prj.tcl`` /
    ``project.tcl``); ``None`` when none is pinned (hls4ml 1.3.0 writes none)."""
    return binding_of_impl((getattr(project, "settings", None) or {}).get("mul_impl"))


def _sizes(kind: str, cfg: Any, io_type: str) -> tuple[int, int, int]:
    """``(n_in, n_out, n_pixels)`` of one call from its config struct.

    Convolutions: one kernel instance of ``filt_width*filt_height*n_chan`` inputs and ``n_filt``
    outputs, run ``n_partitions`` times (io_parallel) or once per output pixel (io_stream).
    BatchNormalization and activations have ``n_in`` outputs (hls4ml writes ``n_filt = -1`` for 1D BN).
    Depthwise convolutions: ``kernel x n_chan`` inputs, ``n_chan`` outputs, once per output pixel
    (io_parallel: ``n_partitions``) or per *input* pixel (io_stream: ``depthwise_conv_*_buffer_cl`` reads one
    pixel per ``II=reuse_factor``). Pooling: a ``pool_height x pool_width x n_filt`` window, ``n_filt``
    outputs; io_parallel: every output pixel; io_stream: every input pixel (one read a cycle).
    """
    n_in = int(_get(cfg, "n_in", default=0) or 0)
    if kind in ("global_pooling1d", "global_pooling2d"):   # one running max/sum per channel
        chan = int(_get(cfg, "n_filt", default=1))
        pixels = int(_get(cfg, "in_width", "n_in", default=1)) * int(_get(cfg, "in_height", default=1))
        return (2 * chan, chan, pixels) if io_type == "io_stream" else (pixels * chan, chan, 1)
    if kind in ("depthwise1d", "depthwise2d", "pooling1d", "pooling2d"):
        pool = kind.startswith("pooling")
        kh = int(_get(cfg, "pool_height" if pool else "filt_height", default=1))
        kw = int(_get(cfg, "pool_width" if pool else "filt_width", default=1))
        chan = int(_get(cfg, "n_filt" if pool else "n_chan", default=1))
        if io_type == "io_stream":
            pixels = int(_get(cfg, "in_width", "n_in", default=1)) * int(_get(cfg, "in_height", default=1))
        else:
            pixels = int(_get(cfg, "out_width", "n_out", default=1)) * int(_get(cfg, "out_height", default=1))
            pixels = pixels if pool else int(_get(cfg, "n_partitions", default=pixels))
        return kh * kw * chan, chan, pixels
    if kind in ("conv1d", "conv2d"):
        kernel = int(_get(cfg, "filt_width", default=1)) * int(_get(cfg, "filt_height", default=1))
        pixels = int(_get(cfg, "out_width", default=1)) * int(_get(cfg, "out_height", default=1))
        if io_type != "io_stream":
            pixels = int(_get(cfg, "n_partitions", default=pixels))
        return kernel * int(_get(cfg, "n_chan", default=1)), int(_get(cfg, "n_filt", default=1)), pixels
    if kind.startswith("zeropad") and io_type == "io_stream":   # one n_chan pack per padded output pixel
        chan = int(_get(cfg, "n_chan", default=1))
        return chan, chan, int(_get(cfg, "out_width", default=1)) * int(_get(cfg, "out_height", default=1))
    if kind == "dense":
        return n_in, int(_get(cfg, "n_out", default=n_in)), 1
    if kind == "resize_nearest":   # nnet::resize_config; io_stream: a row of packs in, one output pixel a cycle
        chan = int(_get(cfg, "n_chan", default=1))
        width = int(_get(cfg, "width", default=1))
        if io_type == "io_stream":
            return width * chan, chan, int(_get(cfg, "new_height", default=1)) * int(_get(cfg, "new_width", default=1))
        n = int(_get(cfg, "new_height", default=1)) * int(_get(cfg, "new_width", default=1)) * chan
        return n, n, 1
    if kind == "embedding":       # nnet::embed_config: n_in tokens, n_out values each
        return n_in, n_in * int(_get(cfg, "n_out", default=1)), 1
    if kind == "layernorm":       # nnet::layernorm_config: n_in values in seq_len rows
        n, rows = int(_get(cfg, "n_in", default=0) or 0), max(int(_get(cfg, "seq_len", default=1) or 1), 1)
        return n // rows, n // rows, rows
    if kind == "einsum":          # nnet_einsum.h: n_inplace x n_free0 x n_free1 outputs of n_contract products each
        outs = (int(_get(cfg, "n_inplace", default=1)) * int(_get(cfg, "n_free0", default=1))
                * int(_get(cfg, "n_free1", default=1)))
        return outs * int(_get(cfg, "n_contract", default=1)), outs, 1
    if kind == "dot1d":                                          # nnet::dot_config: n_in pairs, one output
        return n_in, int(_get(cfg, "n_out", default=1)), 1
    if kind in ("add", "subtract", "multiply", "average", "maximum", "minimum"):   # nnet::merge_config
        n_elem = int(_get(cfg, "n_elem", "n_elem1", default=0) or 0)
        return n_elem, n_elem, 1
    if kind in ("lstm", "gru"):  # n_in per time step; every returned h
        n_state = int(_get(cfg, "n_state", "n_out", default=0))
        return n_in, n_state * int(_get(cfg, "n_sequence_out", default=1)), 1
    return n_in, n_in, 1


def _recurrent_fields(cfg: Any, wnames: list[str], weights: Any) -> dict[str, Any]:
    """The :class:`LayerSpec` fields of an ``lstm_stack``/``gru_stack`` call: weights ``(W, W_r, b, b_r)``,
    the two products' reuse factors and strategy (``mult_config1``/``mult_config2``), the two tables
    (``ACT_CONFIG_LSTM``/``ACT_CONFIG_GRU`` for ``activation_recr``, ``ACT_CONFIG_T`` for ``activation``)."""
    def arr(i: int) -> np.ndarray | None:
        w = weights.get(wnames[i]) if len(wnames) > i else None
        return np.asarray(w.values, dtype=np.float64) if w is not None else None

    mult1, mult2 = _get(cfg, "mult_config1", default={}), _get(cfg, "mult_config2", default={})
    recr = _get(cfg, "ACT_CONFIG_LSTM", "ACT_CONFIG_GRU", default={})
    act = _get(cfg, "ACT_CONFIG_T", default={})
    rw = weights.get(wnames[1]) if len(wnames) > 1 else None
    return dict(
        weights=arr(0), recurrent_weights=arr(1), bias=arr(2), recurrent_bias=arr(3),
        recurrent_weight_t=_get(cfg, "recurrent_weight_t") or _get(mult2, "weight_t")
        or (rw.type if rw is not None else None),
        bias_t=_get(cfg, "bias_t") or _get(mult1, "bias_t"),
        accum_t=_get(cfg, "accum_t") or _get(mult1, "accum_t"),
        reuse_factor=int(_get(mult1, "reuse_factor", default=_get(cfg, "reuse_factor", default=1))),
        recurrent_reuse_factor=int(_get(mult2, "reuse_factor", default=_get(cfg, "reuse_factor", default=1))),
        strategy=str(_get(mult1, "strategy", default=_get(cfg, "strategy", default="latency"))),
        n_state=int(_get(cfg, "n_state", default=0)), n_sequence=int(_get(cfg, "n_sequence", default=1)),
        use_static=bool(_get(cfg, "use_static", default=RECURRENT_STATIC_DEFAULT)),
        table_size=int(_get(act, "table_size", default=_get(cfg, "table_size", default=1024))),
        table_t=_get(act, "table_t"),
        recr_table_size=int(_get(recr, "table_size", default=_get(cfg, "table_size", default=1024))),
        recr_table_t=_get(recr, "table_t"),
    )


def binary_weights(product: str, w: Any, weight_t: FixedType | None) -> tuple[np.ndarray | None,
                                                                           FixedType | None]:
    """The weights as the product sees them (``nnet_mult.h``): ``weight_binary``/``both_binary`` store an
    XNOR bit, ``0`` meaning -1 and ``1`` meaning +1 (``w == 0 ? -a : a``), so the estimator reads them as
    +-1 (a sign folded into the adder tree, no multiplier); every other product keeps the stored values.

    >>> class W: values = np.array([0.0, 1.0, 1.0]); type = FixedType.parse("ap_uint<1>")
    >>> v, t = binary_weights("weight_binary", W(), W.type)
    >>> v.tolist(), str(t)
    ([-1.0, 1.0, 1.0], 'ap_int<2>')
    """
    if w is None:
        return None, weight_t
    values = np.asarray(w.values, dtype=np.float64)
    if product in ("weight_binary", "both_binary"):
        return np.where(values == 0, -1.0, 1.0), FixedType.parse("ap_int<2>")
    return values, weight_t


def layers_from_project(project: Any, mul_binding: str | None = None) -> list[LayerSpec]:
    """One :class:`LayerSpec` per nnet call of the project's top function, in call order, as HLS keeps them
    (:func:`fxsim.estimate.liveness.prune_dead_elements`: what HGQ quantizers zero out is removed).

    ``mul_binding`` (``'auto'``/``'dsp'``/``'fabric'``) defaults to what the build scripts pin.
    """
    io_type = getattr(project, "io_type", None) or "io_parallel"
    weights = getattr(project, "weights", None) or {}
    binding = mul_binding or project_mul_binding(project) or "auto"
    specs: list[LayerSpec] = []
    arrays: list[tuple[str | None, str | None] | None] = []
    for call in project.calls:
        made = call_specs(project, call, weights, binding, io_type)
        specs += made
        ins, outs = tuple(getattr(call, "inputs", ()) or ()), tuple(getattr(call, "outputs", ()) or ())
        one = len(made) == 1 and len(ins) == 1 and len(outs) == 1
        arrays += [(ins[0], outs[0])] if one else [None] * len(made)
    top_outputs = [getattr(port, "name", port) for port in getattr(project, "outputs", ()) or ()]
    return prune_dead_elements(specs, arrays, top_outputs)


def call_specs(project: Any, call: Any, weights: Any, binding: str, io_type: str) -> list[LayerSpec]:
    """The :class:`LayerSpec` s of one nnet call (two for a ``bidirectional_stack``, one otherwise)."""
    specs: list[LayerSpec] = []
    cfg = project.configs[call.config] if call.config is not None else {}
    in_arr = call.inputs[0] if getattr(call, "inputs", ()) else None
    out_arr = call.outputs[0] if getattr(call, "outputs", ()) else None
    program = generated_program(project, call, cfg)
    if program is not None:
        n_in = program.params[0].size or (project.size_of(in_arr) if in_arr else 0) or 0
        n_out = program.params[-1].size or program.n_outputs
        layer_io = str(_get(cfg, "io_type", default=io_type)) if cfg else io_type
        specs.append(LayerSpec(
            kind="generated", name=getattr(call, "layer", None) or call.function, n_in=int(n_in),
            n_out=int(n_out), input_t=_type_of(project, in_arr) or DEFAULT_T,
            result_t=_type_of(project, out_arr) or DEFAULT_T, mul_binding=binding,
            io_type=layer_io if layer_io in ("io_parallel", "io_stream") else io_type, program=program,
            fifo_depth=_fifo_depth(project, out_arr) if io_type == "io_stream" else 1))
        return specs
    kind = kind_of(call.function)
    wnames = list(getattr(call, "weights", ()) or ())
    w = weights.get(wnames[0]) if wnames else None
    b = weights.get(wnames[1]) if len(wnames) > 1 else None
    layer_io = str(_get(cfg, "io_type", default=io_type))
    n_in, n_out, n_pixels = _sizes(kind, cfg, layer_io)
    if kind == "bidirectional_stack" and len(wnames) == 8:
        # nnet_recurrent.h bidirectional_stack: a forward and a backward recurrent stack, one after the other
        for half, names in (("forward", wnames[:4]), ("backward", wnames[4:])):
            sub = _get(cfg, "FORWARD_CONFIG" if half == "forward" else "BACKWARD_CONFIG") or {}
            func = str(_get(cfg, f"RNNfunc_{half}", default="lstm"))
            cell = "gru" if "gru" in func.lower() else "lstm"
            w0 = weights.get(names[0])
            specs.append(LayerSpec(
                kind=cell, name=f"{getattr(call, 'layer', None) or call.config}:{half}", n_in=int(_get(sub, "n_in",
                                                                                                   default=0)),
                n_out=int(_get(sub, "n_state", default=0)) * int(_get(sub, "n_sequence_out", default=1)),
                input_t=_type_of(project, in_arr) or DEFAULT_T,
                weight_t=_get(sub, "weight_t") or (w0.type if w0 is not None else None),
                result_t=_type_of(project, out_arr) or DEFAULT_T, mul_binding=binding, io_type=io_type,
                reads_top_port=half == "forward" and in_arr in {p.name for p in getattr(project, "inputs", ())},
                **_recurrent_fields(sub, names, weights)))
        return specs
    if kind in ("lstm", "gru"):
        specs.append(LayerSpec(
            kind=kind, name=getattr(call, "layer", None) or call.config, n_in=n_in, n_out=n_out,
            input_t=_type_of(project, in_arr) or DEFAULT_T,
            weight_t=_get(cfg, "weight_t") or (w.type if w is not None else None),
            result_t=_type_of(project, out_arr) or DEFAULT_T, mul_binding=binding,
            # the recurrent config's own io_type member is the dense kernel's (``latency``)
            io_type=layer_io if layer_io in ("io_parallel", "io_stream") else io_type,
            reads_top_port=in_arr in {port.name for port in getattr(project, "inputs", ()) or ()},
            **_recurrent_fields(cfg, wnames, weights)))
        return specs
    da_kernel = _get(cfg, "da_kernel") if kind == "einsum_dense" else None
    if isinstance(da_kernel, str) and getattr(project, "generated", None) is not None:
        spec = einsum_dense_da_spec(project, cfg, da_kernel, binding, getattr(call, "layer", None) or call.config,
                                    _type_of(project, in_arr) or DEFAULT_T, _type_of(project, out_arr) or DEFAULT_T)
        if spec is not None:
            specs.append(spec)
            return specs
    if kind == "einsum_dense" and len(wnames) == 2 and w is not None:
        einsum = einsum_dense_spec(cfg, w, b, binding, getattr(call, "layer", None) or call.config,
                                   _type_of(project, in_arr) or DEFAULT_T, _type_of(project, out_arr) or DEFAULT_T,
                                   layer_io)
        if einsum is not None:
            specs.append(einsum)
            return specs
    n_pixels, (lb_regs, lb_words), pool_op = _stream_pack(project, kind, cfg, layer_io, n_in, n_pixels,
                                                          out_arr)
    if kind in ELEMENTWISE_KINDS and n_pixels > 1:
        n_in = n_out = n_in // n_pixels
    values, weight_t = binary_weights(str(_get(cfg, "product", default="mult")), w,
                                      _weight_type(_get(cfg, "weight_t", "scale_t"), w))
    bias = np.asarray(b.values, dtype=np.float64) if b is not None else None
    unrolled = conv_as_one_matrix(kind, cfg, layer_io, values)
    if unrolled is not None:          # hls4ml <= 0.6: every output pixel in parallel, one instance
        if bias is not None:          # one bias per filter, for every output pixel
            bias = np.tile(bias, unrolled.shape[1] // max(bias.size, 1))
        values, (n_in, n_out), n_pixels = unrolled, unrolled.shape, 1
    specs.append(LayerSpec(
        kind=kind, name=getattr(call, "layer", None) or call.config, n_in=n_in, n_out=n_out,
        weights=values,
        bias=bias,
        input_t=_type_of(project, in_arr) or DEFAULT_T,
        weight_t=weight_t,
        bias_t=_get(cfg, "bias_t") or (b.type if b is not None else None),
        accum_t=_get(cfg, "accum_t"),
        result_t=_type_of(project, out_arr) or DEFAULT_T,
        reuse_factor=int(_get(cfg, "reuse_factor", default=1)),
        strategy=str(_get(cfg, "strategy", default="latency")),
        io_type=layer_io,
        n_pixels=n_pixels,
        table_size=int(_get(cfg, "table_size", "exp_table_size", "vocab_size", default=1024)),
        table_t=_get(cfg, "table_t", "exp_table_t"),
        mul_binding=binding,
        pool_op=pool_op,
        line_buffer_regs=lb_regs,
        line_buffer_words=lb_words,
        fifo_depth=_fifo_depth(project, out_arr) if layer_io == "io_stream" else 1,
        softmax_implementation=(str(_get(cfg, "implementation", default="latency")).split("::")[-1].lower()
                                if kind == "softmax" else "latency"),
        in_pixels=_stream_in_pixels(kind, cfg, layer_io),
        in_packs=_stream_in_packs(project, kind, layer_io, n_in, in_arr),
    ))
    return specs


def generated_program(project: Any, call: Any, cfg: Any) -> Any:
    """The generated function (``nnet_code_gen.h``) a call runs: the call's own function (io_parallel
    distributed arithmetic ``nnet::dense_da_2``, HGQ2 quantizers), or an io_stream ``nnet::dense``'s
    ``CONFIG_T::dense_da``; None for a template call."""
    generated = getattr(project, "generated", None)
    if generated is None:
        return None
    name = call.function
    if call.function == "dense" and cfg and isinstance(_get(cfg, "dense_da"), str):
        name = str(_get(cfg, "dense_da")).split("::")[-1]
    try:
        return generated.function(name)
    except Exception:  # noqa: BLE001 - a function it could not read: the call is costed as unknown
        return None


def einsum_dense_da_spec(project: Any, cfg: Any, da_kernel: str, binding: str, name: str, input_t: FixedType,
                         result_t: FixedType) -> LayerSpec | None:
    """A distributed-arithmetic ``nnet::einsum_dense``: ``CONFIG_T::da_kernel(inp, out, l0)`` for each of the
    ``n_free_data`` indices ``l0`` (unrolled), each call running the adder graphs its body names, then one bias add
    per output (``accum_t``). None when the kernel is not a readable generated function."""
    try:
        wrapper = project.generated.function(da_kernel.split("::")[-1])
    except Exception:  # noqa: BLE001 - unreadable: the layer stays not costed, with its note
        return None
    if wrapper is None:
        return None
    from fxsim.project.codegen import SubCall

    l0 = int(_get(cfg, "n_free_data", default=1))
    calls = [st for st in wrapper.body if isinstance(st, SubCall)]
    parts = []
    for sc in calls:
        fn = project.generated.function(sc.callee)
        if fn is None:
            return None
        parts.append((fn, l0))
    if not parts:
        parts = [(wrapper, l0)]
    n_out = l0 * int(_get(cfg, "n_free_kernel", default=1)) * int(_get(cfg, "n_inplace", default=1))
    n_in = l0 * int(_get(cfg, "n_contract", default=1)) * int(_get(cfg, "n_inplace", default=1))
    accum = _get(cfg, "accum_t")
    return LayerSpec(kind="generated", name=name, n_in=n_in, n_out=n_out, input_t=input_t, result_t=result_t,
                     mul_binding=binding, program=tuple(parts),
                     extra_adder_bits=float(n_out * (accum.width if accum is not None else result_t.width)))


def einsum_dense_spec(cfg: Any, w: Any, b: Any, binding: str, name: str, input_t: FixedType, result_t: FixedType,
                      io_type: str) -> LayerSpec | None:
    """``nnet::einsum_dense`` (``nnet_einsum_dense.h``, Keras 3 ``EinsumDense``, io_parallel) as the dense layer it
    unrolls into: for every in-place index ``i`` and free data index ``l0`` the ``dense`` of ``CONFIG_T::dense_conf``
    (``n_contract`` inputs, ``n_free_kernel`` outputs, the ``i``-th kernel slice) runs in parallel, so the cost is one
    block-diagonal matrix of ``n_inplace x n_free_data`` such blocks (every input element times one weight is one
    product, as the kernel writes it). None when the matrix would be too large to build
    (:data:`CONV_MATRIX_MAX_ENTRIES`): the layer is then not costed (a note says so)."""
    dense = _get(cfg, "dense_conf") or {}
    l0, l1 = int(_get(cfg, "n_free_data", default=1)), int(_get(cfg, "n_free_kernel", default=1))
    c, n_i = int(_get(cfg, "n_contract", default=1)), int(_get(cfg, "n_inplace", default=1))
    blocks = l0 * n_i
    if blocks * c * blocks * l1 > CONV_MATRIX_MAX_ENTRIES:
        return None
    values, weight_t = binary_weights("mult", w, _weight_type(_get(dense, "weight_t") or _get(cfg, "weight_t"), w))
    if values is None:
        return None
    kernel = np.asarray(values, dtype=np.float64).reshape(n_i, c, l1)
    matrix = np.zeros((blocks * c, blocks * l1))
    for i in range(n_i):
        for j in range(l0):
            k = i * l0 + j
            matrix[k * c:(k + 1) * c, k * l1:(k + 1) * l1] = kernel[i]
    return LayerSpec(
        kind="dense", name=name, n_in=blocks * c, n_out=blocks * l1, weights=matrix,
        bias=np.asarray(b.values, dtype=np.float64).ravel() if b is not None else None, input_t=input_t,
        weight_t=weight_t, bias_t=_get(cfg, "bias_t") or (b.type if b is not None else None),
        accum_t=_get(cfg, "accum_t") or _get(dense, "accum_t"), result_t=result_t,
        reuse_factor=int(_get(dense, "reuse_factor", "reuse_factor", default=1) or 1),
        strategy=str(_get(dense, "strategy", default=_get(cfg, "strategy", default="latency"))),
        io_type=io_type, mul_binding=binding)


#: Largest ``inputs x outputs`` matrix :func:`conv_as_one_matrix` builds (beyond it HLS's unroll limit is long passed).
CONV_MATRIX_MAX_ENTRIES = 1 << 22


def conv_as_one_matrix(kind: str, cfg: Any, io_type: str, values: np.ndarray | None) -> np.ndarray | None:
    """hls4ml <= 0.6's io_parallel ``conv_1d_latency_cl``/``conv_2d_latency_cl`` (``nnet_conv1d_latency.h``,
    ``nnet_conv2d_latency.h``: no ``n_partitions`` in the config) compute every output pixel in one pipelined
    instance, each product ``data[index_data] * weights[index_weight]`` of the same input element: the layer is one
    constant matrix of ``in_width x in_height x n_chan`` inputs and ``out_width x out_height x n_filt`` outputs
    (zero where a window does not reach; padding reads nothing), ``None`` for any other call. Products of one input
    element by one weight value are then shared, as HLS shares them.

    Hand-worked: a Conv1D of 4 inputs, 1 channel, width-2 filter, stride 2, 1 filter, weights (a, b): outputs
    a*x0 + b*x1 and a*x2 + b*x3.

    >>> cfg = {"in_width": 4, "n_chan": 1, "filt_width": 2, "n_filt": 1, "out_width": 2, "stride_width": 2,
    ...        "strategy": "latency"}
    >>> conv_as_one_matrix("conv1d", cfg, "io_parallel", np.array([3.0, 5.0])).tolist()
    [[3.0, 0.0], [5.0, 0.0], [0.0, 3.0], [0.0, 5.0]]
    """
    if (kind not in ("conv1d", "conv2d") or io_type == "io_stream" or values is None
            or _get(cfg, "n_partitions") is not None
            or str(_get(cfg, "strategy", default="latency")).split("::")[-1].lower() != "latency"):
        return None
    fh, fw = int(_get(cfg, "filt_height", default=1)), int(_get(cfg, "filt_width", default=1))
    ih, iw = int(_get(cfg, "in_height", default=1)), int(_get(cfg, "in_width", default=1))
    oh, ow = int(_get(cfg, "out_height", default=1)), int(_get(cfg, "out_width", default=1))
    sh, sw = int(_get(cfg, "stride_height", default=1)), int(_get(cfg, "stride_width", default=1))
    pt, pl = int(_get(cfg, "pad_top", default=0)), int(_get(cfg, "pad_left", default=0))
    chan, filt = int(_get(cfg, "n_chan", default=1)), int(_get(cfg, "n_filt", default=1))
    w = np.asarray(values, dtype=np.float64)
    if w.size != fh * fw * chan * filt or ih * iw * chan * oh * ow * filt > CONV_MATRIX_MAX_ENTRIES:
        return None
    w = w.reshape(fh, fw, chan, filt)
    out = np.zeros((ih * iw * chan, oh * ow * filt))
    for oy in range(oh):
        for ox in range(ow):
            col = (oy * ow + ox) * filt
            for ky in range(fh):
                y = oy * sh + ky - pt
                for kx in range(fw):
                    x = ox * sw + kx - pl
                    if 0 <= y < ih and 0 <= x < iw:
                        row = (y * iw + x) * chan
                        out[row:row + chan, col:col + filt] = w[ky, kx]
    return out


def _stream_in_pixels(kind: str, cfg: Any, io_type: str) -> int:
    """Input pixels an io_stream convolution reads per frame (``conv_{1d,2d}_buffer_cl`` and the depthwise
    ones loop over ``in_height x in_width``, the padded input: hls4ml writes the padding as its own
    ``zeropad`` layer); 0 for any other call."""
    if io_type != "io_stream" or kind not in ("conv1d", "conv2d", "depthwise1d", "depthwise2d"):
        return 0
    return int(_get(cfg, "in_width", "n_in", default=1)) * int(_get(cfg, "in_height", default=1))


def _stream_in_packs(project: Any, kind: str, io_type: str, n_in: int, in_arr: str | None) -> int:
    """Input packs an io_stream dense reads per frame (``n_in / data_T::size``, its ``DataPrepare`` trip
    count); 0 for any other call or when the input's pack size is not known."""
    fn = getattr(project, "pack_of", None)
    if io_type != "io_stream" or kind != "dense" or in_arr is None or not callable(fn):
        return 0
    try:
        pack = fn(in_arr)
    except Exception:  # noqa: BLE001 - a top port or an unknown array: not known
        return 0
    return n_in // pack if pack else 0


def _fifo_depth(project: Any, array: str | None) -> int:
    """The ``#pragma HLS STREAM variable=ARRAY depth=N`` of an output stream (the reader's ``ArrayDecl.depth``),
    1 when none is given."""
    fn = getattr(project, "declaration", None)
    if array is None or not callable(fn):
        return 1
    try:
        return int(getattr(fn(array), "depth", None) or 1)
    except Exception:  # noqa: BLE001 - a top port or an unknown array: no FIFO of its own
        return 1


def _stream_pack(project: Any, kind: str, cfg: Any, io_type: str, n_in: int, n_pixels: int,
                 out_arr: str | None) -> tuple[int, tuple[int, int], str]:
    """``(n_pixels, (line_buffer_regs, line_buffer_words), pool_op)`` of one call.

    An io_stream element-wise process (activations, ``normalize``) reads one ``nnet::array`` pack per
    cycle: its hardware is one pack (the output's pack size, ``project.pack_of``) and it runs
    ``n_in / pack`` times a frame. A 2-D stream pooling keeps ``(pool_height - 1) x in_width`` words per
    channel in its ``ap_shift_reg`` line buffer (``nnet_pooling_stream.h``); a 2-D stream convolution
    (``conv_2d_buffer_cl``, ``depthwise_conv_2d_buffer_cl``) ``(filt_height - 1) x n_chan`` of them.
    """
    pool_op = str(_get(cfg, "pool_op", default="max")).split("::")[-1].lower()
    if io_type != "io_stream":
        return n_pixels, (0, 0), pool_op
    if kind in ("pooling2d", "conv2d", "depthwise2d") and _get(cfg, "in_width") is not None:
        pool = kind == "pooling2d"
        rows = max(int(_get(cfg, "pool_height" if pool else "filt_height", default=1)) - 1, 1)
        chans = int(_get(cfg, "n_filt" if pool else "n_chan", default=1))
        encoded = "encoded" in str(_get(cfg, "implementation", default="linebuffer")).lower()
        if not encoded:
            return n_pixels, (rows * chans, int(_get(cfg, "in_width", default=1))), pool_op
    if kind not in ELEMENTWISE_KINDS:
        return n_pixels, (0, 0), pool_op
    pack_of = getattr(project, "pack_of", None)
    pack = None
    if callable(pack_of) and out_arr is not None:
        try:
            pack = pack_of(out_arr)
        except Exception:  # noqa: BLE001 - no pack known: the whole tensor
            pack = None
    if pack and n_in and n_pixels == 1 and n_in % int(pack) == 0:
        return n_in // int(pack), (0, 0), pool_op
    return n_pixels, (0, 0), pool_op
