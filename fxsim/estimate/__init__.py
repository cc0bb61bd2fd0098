"""Resource, latency, II and energy estimates of hls4ml firmware, decided weight by weight.

``estimate(layers_or_project, part=..., clock_ns=...)`` takes a list of
:class:`~fxsim.estimate.layers.LayerSpec` (or an ``fxsim.project`` Project) and returns an
:class:`~fxsim.estimate.report.Estimate` with per-layer and total DSP, LUT, FF, BRAM_18K, latency
and II (post-synthesis figures; ``.hls_total`` for what the HLS report would show), percentages of
the part, QTools energy, ``.to_json()`` and ``.table()``. Model constants and their sources:
:mod:`fxsim.estimate.constants`.

>>> import numpy as np
>>> from fxsim.types import FixedType
>>> t = FixedType(14, 6)
>>> rng = np.random.default_rng(0)
>>> net = [LayerSpec("dense", "fc1", 16, 8, weights=rng.normal(0, 0.5, (16, 8)), input_t=t, weight_t=t,
...                  accum_t=t, result_t=t),
...        LayerSpec("relu", "relu1", 8, 8, input_t=t, result_t=t)]
>>> e = estimate(net, part="xcvu9p", clock_ns=5.0)
>>> e.total["ii"], e.to_dict()["part"], len(e.to_dict()["layers"])
(1, 'xcvu9p', 2)
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from fxsim.estimate import constants, memory
from fxsim.estimate.adapter import (
    layers_from_project,
    project_clock_ns,
    project_clock_uncertainty,
    project_dsp_full_reg,
    project_hls_tool,
    project_mul_binding,
    project_part,
)
from fxsim.estimate.csynth import CsynthReport, read_csynth_report
from fxsim.estimate.energy import EnergyReport, qtools_energy
from fxsim.estimate.layers import LayerEstimate, LayerSpec, dsp_mul_delay_ns, estimate_layer, fsm_cost
from fxsim.estimate.parts import DecodedPart, decode_part
from fxsim.estimate.pipeline import schedule
from fxsim.estimate.report import Estimate

__all__ = ["Estimate", "LayerEstimate", "LayerSpec", "estimate", "layers_from_project", "decode_part",
           "DecodedPart", "EnergyReport", "qtools_energy", "CsynthReport", "read_csynth_report"]

DEFAULT_PART = "xcvu9p"
DEFAULT_CLOCK_NS = 5.0


def estimate(layers_or_network: Sequence[LayerSpec] | Any, part: str | None = None,
             clock_ns: float | None = None, mul_binding: str | None = None,
             energy_source_bits: int | None = None, clock_uncertainty: float | None = None,
             hls_tool: str | None = None, dsp_full_reg: bool | None = None) -> Estimate:
    """Estimate resources, latency, II and QTools energy of an hls4ml network.

    ``layers_or_network`` is a list of :class:`LayerSpec` or a Project from ``fxsim.project``; part,
    clock, clock uncertainty and multiplier binding default to the project's own (else ``xcvu9p`` at
    5 ns, 12.5 %, width rule). Any part string is accepted (:func:`decode_part`: the family's rules,
    a warning when the device or the family is not known); only an empty one is a ``ValueError``.
    ``mul_binding`` (``'auto'``/``'dsp'``/``'fabric'``) overrides every layer's binding, like Vitis
    ``config_op mul -impl``. ``hls_tool`` (``'vitis'``/``'vivado'``, default: the project's, see
    :func:`~fxsim.estimate.adapter.project_hls_tool`, else Vitis) decides how a DATAFLOW top's II is
    reported and the default clock uncertainty. ``dsp_full_reg`` is Vitis ``config_schedule
    -enable_dsp_full_reg`` (DSP products take :data:`constants.DSP_FULL_REG_CYCLES` cycles of the slices' own
    registers); default: the project's setting, else false for hls4ml's Vitis backend (its ``build_prj.tcl``
    always sets ``enable_dsp_full_reg=false``), true under Vitis HLS otherwise (the tool's default) and false
    under Vivado HLS; a list of layer specs defaults to false. When the tool is known to be Vitis HLS, its
    UltraScale+/Versal operator library is faster (:data:`constants.VITIS_LIBRARY_FACTOR`); when it is known to be
    Vivado HLS, its 7-series library is slower (:data:`constants.VIVADO_LIBRARY_FACTOR`).
    """
    uncertainty = clock_uncertainty
    notes: list[str] = []
    from_project = not (isinstance(layers_or_network, Sequence) and all(
        isinstance(s, LayerSpec) for s in layers_or_network))
    if not from_project:
        specs = list(layers_or_network)
    else:
        specs = layers_from_project(layers_or_network, mul_binding=mul_binding)
        part = project_part(layers_or_network) if part is None else part
        clock_ns = clock_ns or project_clock_ns(layers_or_network)
        if uncertainty is None:
            uncertainty = project_clock_uncertainty(layers_or_network)
        mul_binding = mul_binding or project_mul_binding(layers_or_network)
        if hls_tool is None:
            hls_tool, tool_note = project_hls_tool(layers_or_network)
            notes += [tool_note] if tool_note else []
        if dsp_full_reg is None:
            dsp_full_reg = project_dsp_full_reg(layers_or_network)
            if dsp_full_reg is None:            # the tool's own default (Vitis HLS: true); AMD backends only
                backend = str(getattr(layers_or_network, "backend", None) or "").lower()
                # hls4ml's Vitis backend (>= 0.8) always writes enable_dsp_full_reg=false: a copy of such a
                # project without its build scripts keeps that setting
                dsp_full_reg = hls_tool == "vitis" and (not backend or backend.startswith("vivado"))
    dev = decode_part(DEFAULT_PART if part is None else part)
    clk = float(clock_ns or DEFAULT_CLOCK_NS)
    if clk <= 0:
        raise ValueError(f"clock period must be positive, got {clk} ns")
    tool = hls_tool or constants.DEFAULT_HLS_TOOL
    if uncertainty is None:   # the tool's own default when the scripts set none (a project, or a named tool)
        uncertainty = constants.TOOL_CLOCK_UNCERTAINTY.get(tool) if (hls_tool or from_project) else None
    unc = constants.CLOCK_UNCERTAINTY if uncertainty is None else float(uncertainty)
    spec_tool = tool if (hls_tool or from_project) else ""    # a bare list of specs keeps the tool-free rules
    if mul_binding or dsp_full_reg is not None or spec_tool:
        from dataclasses import replace

        specs = [replace(s, mul_binding=mul_binding or s.mul_binding,
                         dsp_full_reg=s.dsp_full_reg if dsp_full_reg is None else bool(dsp_full_reg),
                         hls_tool=spec_tool or s.hls_tool)
                 for s in specs]
    # the scheduler sees operator delays scaled by the family's speed (and, when the tool is known, by its
    # library: Vitis HLS's faster UltraScale+/Versal one, Vivado HLS's slower 7-series one): equivalently a
    # shorter (or longer) period
    library = {"vitis": constants.VITIS_LIBRARY_FACTOR,
               "vivado": constants.VIVADO_LIBRARY_FACTOR}.get(spec_tool, {}).get(dev.family.dsp_slice, 1.0)
    sched_clk = clk / (dev.delay_scale * library)
    layers = [_estimate_or_note(s, sched_clk, dev.family.dsp_slice, unc, lenient=from_project) for s in specs]
    io_type = "io_stream" if any(s.io_type == "io_stream" for s in specs) else "io_parallel"
    energy = qtools_energy(specs, source_bits=energy_source_bits)
    est = Estimate(dev, clk, layers, io_type=io_type, energy=energy, clock_uncertainty=unc,
                   mul_binding=mul_binding or next((s.mul_binding for s in specs if s.mul_binding != "auto"), "auto"),
                   hls_tool=tool, notes=notes,
                   dsp_full_reg=any(s.dsp_full_reg for s in specs), library_factor=library)
    if est.pipelined:
        register_pipeline(est)
        if spec_tool:               # the tool is known (a project, or hls_tool given): its FSM
            add_top_fsm(est)
    elif est.io_type == "io_stream":
        register_stream(est)
    elif est.dataflow and est.hls_tool in constants.DATAFLOW_ELEMENT_FIFO_TOOLS:
        add_dataflow_element_fifos(est)
    est.notes.extend(over_capacity_notes(est))
    est.notes.extend(timing_violation_notes(est))
    return est


def timing_violation_notes(est: Estimate) -> list[str]:
    """One note per layer whose LUT multiplies, kept in one state (Vitis HLS under ``config_op mul -impl fabric``:
    :func:`fxsim.estimate.layers.fabric_products_one_state`), take longer than the usable clock period: the tool
    reports the negative slack and the design does not close timing at that clock (the ArgyKokk ``LUT_*`` builds:
    slack -2.37 to -5.24 ns at 3.33 ns)."""
    budget = est.clock_ns * (1.0 - est.clock_uncertainty)
    notes = []
    for layer in est.layers:
        slow = [s.delay_ns * est.delay_scale for s in layer.steps if s.one_state]
        if slow and max(slow) > budget + 1e-9:
            notes.append(f"layer {layer.name}: its LUT multiplies take ~{max(slow):.2f} ns, over the {budget:.2f} ns "
                         f"a {est.clock_ns:g} ns clock leaves; Vitis HLS keeps them in one state (config_op mul "
                         f"-impl fabric) and reports negative slack: the latency is the tool's schedule, but the "
                         f"design will not close timing at this clock")
    return notes


def over_capacity_notes(est: Estimate) -> list[str]:
    """One note per resource the estimate needs more of than the device has (capacity table known).

    Synthesis does not fail on DSPs: Vivado caps them at the device and builds the other products in LUTs
    (held-out round 10: a KERAS_3layer needing 184 % of a ZU7EV's DSPs synthesized to 1,728 DSP and 136k LUT); the
    post-synthesis totals do the same (:meth:`Estimate.dsp_overflow`), the HLS-report figures keep the request.

    >>> from fxsim.estimate.parts import decode_part
    >>> from fxsim.estimate.layers import LayerEstimate
    >>> e = Estimate(decode_part("xc7z020clg400-1"), 5.0, [LayerEstimate("d", "dense", dsp=300)])
    >>> over_capacity_notes(e)[0].split(":")[0]
    'the design needs 300 DSP, 136 % of xc7z020 (220)'
    """
    cap = est.part.capacity
    if cap is None:
        return []
    total = est.layer_sums()
    out = []
    for key, label, have in (("dsp", "DSP", cap.dsp), ("lut", "LUT", cap.lut), ("ff", "FF", cap.ff),
                             ("bram_18k", "BRAM_18K", cap.bram_18k)):
        need = int(total[key])
        if have and need > have:
            what = ("synthesis caps them at the device and builds the other products in LUTs (the synthesis "
                    "figures do so; the HLS-report figures keep the request)" if key == "dsp" else
                    "the design does not fit the device")
            out.append(f"the design needs {need} {label}, {100 * need / have:.0f} % of {cap.name} ({have}): {what}")
    return out


def register_stream(est: Estimate) -> None:
    """Registers of an io_stream design (a DATAFLOW top: every layer a process joined by FIFOs).

    Each process is its own pipeline: its FF are the live bits at its own cuts (its steps packed alone,
    :func:`pipeline.schedule`). Between two processes hls4ml declares ``#pragma HLS STREAM variable=...
    depth=N`` (1 between dense layers, a frame of pixels after a CNN layer: :func:`memory.fifo_cost` decides
    SRL or block RAM for N > 2); the FIFO carries one ``nnet::array`` pack (``n_out x result_t`` bits). Vitis HLS builds
    such a shallow FIFO as a 2-entry register FIFO (:data:`constants.STREAM_FIFO_REGISTER_ENTRIES`:
    2 x pack bits of FF); Vivado HLS as one FIFO per element of the pack (:func:`memory.vivado_fifo_cost`: a
    depth-1 one is an SRL with its flags). Counted as csynth figures (``/ HLS_OVER_SYNTH``)."""
    clk = est.clock_ns * (1.0 - est.clock_uncertainty) / est.delay_scale
    ff_scale, lut_scale = constants.HLS_OVER_SYNTH["ff"], constants.HLS_OVER_SYNTH["lut"]
    for i, layer in enumerate(est.layers):
        if layer.steps and layer.modelled:
            layer.ff = int(round(schedule([layer.steps], clk).layer_bits[0] / ff_scale))
            if layer.registered_bits is not None:   # a Latency kernel at II > 1: its held values
                layer.ff = max(layer.ff, int(round(layer.registered_bits / ff_scale)))
        layer.ff += int(round(layer.process_bits / ff_scale))   # an unpipelined Resource process's arrays
        if i == len(est.layers) - 1 or not layer.pack_bits:
            continue                                     # the last process writes the top's output port
        kind, cost = memory.fifo_cost(layer.fifo_depth, layer.pack_bits)
        if est.hls_tool == "vivado" and layer.pack_elems:
            # Vivado HLS: one FIFO per element of the pack (memory.vivado_fifo_cost), csynth figures, the
            # shallow depth-1 FIFOs between dense layers too (each an SRL with its flags: 5 FF)
            n, width = layer.pack_elems, layer.pack_bits // layer.pack_elems
            bram, lut, ff = (n * x for x in memory.vivado_fifo_cost(layer.fifo_depth, width))
            synth_bram = n * memory.synth_fifo_bram(layer.fifo_depth, width)
            layer.details["fifo"] = {"depth": layer.fifo_depth, "width": width, "fifos": n,
                                     "bram": bram, "lut": lut, "ff": ff, "bram_after_synthesis": synth_bram}
            layer.add_bram(synth_bram, bram)
            layer.add_report_lut(lut)
            layer.ff += int(round(ff / ff_scale))
        elif kind != "shallow":        # a frame-deep FIFO (hls4ml's CNN depths): SRL LUTs or block RAM
            layer.details["fifo"] = {"depth": layer.fifo_depth, "width": layer.pack_bits, kind: cost}
            if kind == "bram":
                layer.bram_18k += cost
            else:
                layer.lut += int(round(cost / lut_scale))
                if layer.hls_lut is not None:
                    layer.hls_lut += cost
        else:
            layer.ff += int(round(constants.STREAM_FIFO_REGISTER_ENTRIES * layer.pack_bits / ff_scale))


def add_dataflow_element_fifos(est: Estimate) -> None:
    """The channels of a Vivado HLS io_parallel DATAFLOW top (:data:`constants.DATAFLOW_ELEMENT_FIFO_TOOLS`): one
    FIFO of depth :data:`constants.DATAFLOW_ELEMENT_FIFO_DEPTH` per element of every array between two processes
    (each layer's output but the last, which is the top's port) and one for the reshaped input port
    (:func:`memory.vivado_fifo_cost`), csynth figures charged to the producing layer (the input's to the first).

    Hand-worked (round 14 row 3): 64 + 64 + 32 + 32 + 32 + 32 + 5 element FIFOs of 16 or 6 bits and the 256-bit
    input: 262 FIFOs, 5 FF each (1,310, the report's FIFO row), 12 + width LUTs each. Synthesis builds each as
    its two entries in registers plus the flags (``2 x width + 5`` FF: the FIFOs' 3,152 bits make the round-14 and
    round-5 autoencoder syntheses' FF exceed their reports'), so the post-synthesis FF are those."""
    if not est.layers:
        return
    ff_scale = constants.HLS_OVER_SYNTH["ff"]
    depth = constants.DATAFLOW_ELEMENT_FIFO_DEPTH

    def charge(layer, n: int, width: int, key: str) -> None:
        bram, lut, ff = (n * x for x in memory.vivado_fifo_cost(depth, width))
        synth_ff = n * (depth * width) + ff                  # the entries in registers, plus the flags
        layer.details[key] = {"depth": depth, "width": width, "fifos": n, "lut": lut, "ff": ff,
                              "ff_after_synthesis": synth_ff}
        layer.add_report_lut(lut)
        layer.ff += synth_ff
        layer.hls_ff_extra += ff - int(round(synth_ff * ff_scale))   # the report counts only the flags

    first = est.layers[0]
    if first.in_bits:
        charge(first, 1, first.in_bits, "input_fifo")
    for layer in est.layers[:-1]:
        if layer.pack_elems and layer.pack_bits:
            width = layer.pack_bits // layer.pack_elems
            charge(layer, layer.out_bits // width, width, "dataflow_fifos")


def register_pipeline(est: Estimate) -> None:
    """FF of a pipelined top (io_parallel, every layer Latency): the bits registered at each cut of
    :meth:`Estimate.pipeline_schedule`, charged to the layer before the cut. They are csynth "Register"
    figures; the layers keep post-synthesis figures (``/ HLS_OVER_SYNTH['ff']``), so ``hls_total['ff']``
    is the count itself.
    hls4ml's io_parallel ports are ``ap_vld``/``ap_none`` wires: no port registers; the top's control adds
    :data:`constants.CSYNTH_TOP_CONTROL_FF` to the report (a top that fits in one period reports 18 FF)."""
    sched = est.pipeline_schedule()
    scale = constants.HLS_OVER_SYNTH["ff"]
    budget = est.clock_ns * (1.0 - est.clock_uncertainty) / est.delay_scale
    # a DSP multiply longer than a stage is a pipelined `mul` core whose own registers the report charges
    # (unless the slices are fully registered: their registers are the slice's, Step(internal=True); or the
    # products are pinned to DSP slices, ``config_op mul -impl dsp``: the report's ``mul_*_1_0`` cores then
    # have 0 FF, Vitis HLS 2021.1 round-6 reports, IN-SAMPLE: constants.PINNED_DSP_MUL_CORE_FF)
    piped_mul = (dsp_mul_delay_ns(est.hls_tool, est.part.family.dsp_slice) > budget and not est.dsp_full_reg
                 and not (est.mul_binding == "dsp" and constants.PINNED_DSP_MUL_CORE_FF == 0))
    for layer, bits in zip(est.layers, sched.layer_bits, strict=True):
        wide = "wide_products" in layer.details          # a multi-slice product: always a pipelined core
        if (piped_mul or (wide and not est.dsp_full_reg)) and layer.modelled:
            layer.hls_ff_extra += constants.CSYNTH_FF_PER_PIPELINED_MUL * layer.dsp
        if layer.modelled:
            own = layer.registered_bits      # II > 1 (Latency RF > 1): ceil(lifetime / II) registers a value
            if own is not None:
                ii = int(layer.details.get("allocation", {}).get("ii", 1))
                bits = max(-(-bits // max(ii, 1)), own)
            layer.ff = int(round(bits / scale))
    est.top_control_ff = constants.CSYNTH_TOP_CONTROL_FF if est.layers else 0   # report figure only


def add_top_fsm(est: Estimate) -> None:
    """A pipelined Vitis HLS top of II k > 1 (Latency layers at RF > 1: :func:`layers.latency_instance_ii`) is a
    k-state FSM (:func:`layers.fsm_cost`: ``ap_CS_fsm``, ``ap_NS_fsm``) plus two enable muxes
    (:data:`constants.TOP_FSM_ENABLE_MUX_LUT`); report figures, charged to the slowest layer.
    IN-SAMPLE (read off the round-6 RF-100 reports after round 6 was evaluated)."""
    ii = est.ii
    if est.hls_tool not in constants.LATENCY_INSTANCE_II_TOOLS or ii <= 1 or not est.layers:
        return
    slowest = max(est.layers, key=lambda layer: layer.ii)
    lut, ff = fsm_cost(ii)
    lut += constants.TOP_FSM_ENABLE_MUX_LUT
    slowest.details["top_fsm"] = {"states": ii, "lut": lut, "ff": ff}
    slowest.add_report_lut(lut)
    slowest.hls_ff_extra += ff


def _estimate_or_note(spec: LayerSpec, clock_ns: float, slice_name: str, uncertainty: float,
                      lenient: bool) -> LayerEstimate:
    """:func:`estimate_layer`; for a project (``lenient``), a layer the estimator cannot cost (e.g. weights
    the reader could not give) becomes an empty, flagged estimate with a note instead of an error: a
    project hls4ml wrote is always estimated (issue 14), and the bands become the uncalibrated ones."""
    try:
        return estimate_layer(spec, clock_ns, slice_name, uncertainty)
    except ValueError as e:
        if not lenient:
            raise
        est = LayerEstimate(spec.name, spec.kind, reuse_factor=spec.reuse_factor, strategy=spec.strategy)
        est.modelled = False           # the bands become the uncalibrated ones
        est.notes.append(f"{spec.name}: not estimated ({' '.join(str(e).split())}); counted as 0")
        return est
