"""The :class:`Estimate` result: per-layer and total figures, JSON and a readable table."""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from typing import Any

from fxsim.estimate import constants as C
from fxsim.estimate.energy import EnergyReport
from fxsim.estimate.layers import LayerEstimate
from fxsim.estimate.parts import DecodedPart
from fxsim.estimate.pipeline import Schedule, Step, schedule

RESOURCES = ("dsp", "lut", "ff", "bram_18k")


@dataclass
class Estimate:
    """Result of :func:`fxsim.estimate.estimate`. Figures are post-synthesis; ``hls`` = HLS report.

    >>> from fxsim.estimate.layers import LayerEstimate
    >>> from fxsim.estimate.parts import decode_part
    >>> e = Estimate(decode_part("xcvu9p"), 5.0, [LayerEstimate("fc1", "dense", dsp=10, lut=100,
    ...              delay_ns=7.0, latency_cycles=1)], io_type="io_parallel")
    >>> e.total["dsp"], e.total["latency_cycles"], e.total["ii"]   # a 2-stage module, then the output write
    (10, 2, 1)

    Resource strategy: hls4ml's DATAFLOW top runs the layers one after the other (one hand-off cycle
    between them) and II = latency; wa-hls4ml's 80-24-120 at RF 960/960 reports 1925 / 1925:

    >>> rl = [LayerEstimate(n, "dense", latency_cycles=960 + 2, strategy="resource") for n in ("d1", "d2")]
    >>> d = Estimate(decode_part("xcu250"), 5.0, rl)
    >>> d.dataflow, d.total["latency_cycles"], d.total["ii"]
    (True, 1925, 1925)
    """

    part: DecodedPart
    clock_ns: float
    layers: list[LayerEstimate]
    io_type: str = "io_parallel"
    energy: EnergyReport | None = None
    notes: list[str] = field(default_factory=list)
    clock_uncertainty: float = C.CLOCK_UNCERTAINTY
    mul_binding: str = "auto"
    #: ``'vitis'``/``'vivado'``: how a DATAFLOW top's II is reported (:data:`constants.DATAFLOW_II_IS_LATENCY_TOOLS`)
    hls_tool: str = C.DEFAULT_HLS_TOOL
    #: Vitis ``config_schedule -enable_dsp_full_reg`` was in effect (:data:`constants.DSP_FULL_REG_CYCLES`)
    dsp_full_reg: bool = False
    #: the HLS tool's operator library relative to the tool-free delays (:data:`constants.VITIS_LIBRARY_FACTOR`)
    library_factor: float = 1.0
    #: FF the HLS report charges to the top function's own control, outside any layer
    #: (:data:`constants.CSYNTH_TOP_CONTROL_FF`; report only)
    top_control_ff: int = 0

    @property
    def delay_scale(self) -> float:
        """Operator delays relative to the UltraScale+ -2 constants: the part's speed times the tool's library.

        >>> from fxsim.estimate.parts import decode_part
        >>> Estimate(decode_part("xcu250-figd2104-2L-e"), 5.0, [], library_factor=0.81).delay_scale
        0.81
        """
        return self.part.delay_scale * self.library_factor

    @property
    def timing_model(self) -> str:
        """The part's timing model, plus the tool's library factor when one applies (text and JSON outputs)."""
        if self.library_factor == 1.0:
            return self.part.timing_model
        tool = "Vivado HLS" if self.hls_tool == "vivado" else "Vitis HLS"
        return f"{self.part.timing_model}; {tool} operator library x{self.library_factor:g}"

    # ----------------------------------------------------------------- totals
    @property
    def latency_cycles(self) -> int:
        if self.io_type == "io_stream" and self.hls_tool in C.STREAM_LATENCY_SLOWEST_PLUS_PROCESSES_TOOLS:
            # Vivado HLS: the slowest process, plus a cycle per process (constants.STREAM_LATENCY_SLOWEST_PLUS_...)
            return max((layer.latency_cycles for layer in self.layers), default=0) + len(self.layers)
        if self.io_type == "io_stream":
            # DATAFLOW processes joined by FIFOs overlap the frame's pixels: the slowest process's pixel
            # cycles once, plus every process's own depth (its fill, its pipeline)
            return (sum(layer.latency_cycles - layer.stream_cycles for layer in self.layers)
                    + max((layer.stream_cycles for layer in self.layers), default=0))
        if self.dataflow:   # processes one after the other, one hand-off cycle per channel between them
            return (C.DATAFLOW_IO_REGISTER_CYCLES + sum(layer.latency_cycles for layer in self.layers)
                    + C.DATAFLOW_CHANNEL_CYCLES * max(len(self.layers) - 1, 0))
        stages = self.pipeline_schedule().stages
        rest = sum(layer.sequential_cycles for layer in self.layers if "allocation" not in layer.details)
        return max(stages + C.PIPELINE_LATENCY_OFFSET, 0) + rest + self.shared_issue_cycles()

    def shared_issue_cycles(self) -> int:
        """Cycles the Latency layers with shared multipliers (RF > 1, ``ALLOCATION``) add to the top.

        **Vivado HLS** (:data:`constants.SHARED_ISSUE_SUMMED_TOOLS`): each ``dense_latency`` instance is a
        pipelined sub-function of interval ``ii`` whose adds run while its shared multipliers issue: it
        spans ``max(ii, stages)`` stages (``stages``: its RF = 1 data path alone), so it adds
        ``max(0, ii - stages)``, and the top adds every layer's (they run one after the other). Read off
        the public Vivado HLS 2019.2 report of a 75 %-pruned 6-bit jet tagger at RF 64 on xc7z020-1
        (``Hector-Plata/hls4ml-tutorial@4ac4f07``, ``model_3/hls4ml_prj_pynq``): its four instances have
        II 10, 10, 15, 3 (not 64) and latency 9, 9, 14, 2 = II - 1; the top's latency 54 = the sum of
        (instance latency + 1) over the four layers, the softmax (13) and the three ReLUs, minus 1.

        **Vitis HLS** (same sum): each instance spans its own latency + 1 states, the latency being its
        issue cycles plus the shared core's (:func:`fxsim.estimate.layers.shared_instance_latency`; the Vitis
        HLS 2021.1 round-6 RF-100 reports, IN-SAMPLE: ARRYTHMIA 16 + 2 + 24 + 21 - 1 = 62).

        Hand-worked: two Vivado layers of II 10 and 3 whose RF = 1 data paths take 4 and 5 stages:
        (10 - 4) + 0 = 6 cycles; the same as Vitis instances of latency 12 and 3: (13 - 4) + 0 = 9.
        """
        shared = [layer for layer in self.layers if "allocation" in layer.details and layer.sequential_cycles > 0]
        if self.hls_tool not in C.SHARED_ISSUE_SUMMED_TOOLS:
            return max((layer.sequential_cycles for layer in shared), default=0)
        clk = self.clock_ns * (1.0 - self.clock_uncertainty) / self.delay_scale
        extra = 0
        for layer in shared:
            alone = schedule([layer.steps], clk).stages if layer.steps else 1
            # Vitis: the instance's own latency (layers.shared_instance_latency); Vivado: its II - 1
            spans = layer.details["allocation"].get("instance_latency", layer.sequential_cycles)
            extra += max(0, spans + 1 - alone)
        return extra

    def pipeline_schedule(self) -> Schedule:
        """The layers' steps packed into clock stages of the usable period (:func:`pipeline.schedule`);
        a layer without steps is one level of its ``delay_ns``."""
        clk = self.clock_ns * (1.0 - self.clock_uncertainty) / self.delay_scale
        steps = [layer.steps or ([Step(layer.delay_ns, layer.out_bits)] if layer.delay_ns > 0 else [])
                 for layer in self.layers]
        return schedule(steps, clk, modules=[layer.kind not in C.INLINED_KINDS for layer in self.layers])

    @property
    def pipelined(self) -> bool:
        """hls4ml's ``#pragma HLS PIPELINE`` top: io_parallel with every weighted layer Latency."""
        return self.io_type != "io_stream" and not self.dataflow

    @property
    def dataflow(self) -> bool:
        """hls4ml's top-level DATAFLOW for io_parallel: some weighted layer uses the Resource strategy."""
        return self.io_type != "io_stream" and any(
            layer.kind in ("dense", "conv1d", "conv2d", "depthwise1d", "depthwise2d")
            and layer.strategy.lower() == "resource"
            for layer in self.layers)

    @property
    def ii(self) -> int:
        """Top-level II: the slowest layer's, except that Vitis HLS reports a Resource io_parallel DATAFLOW
        top's interval as its latency, and an io_stream top's as the slowest process's interval + 1 (an
        activation or frame-loop process: its latency; a dense process: its II).

        Hand-worked: a dense process (latency 2, II 1) and a ReLU process (latency 1): Vitis max(1, 1) + 1 = 2;
        Vivado the slowest pipelined process's II, 1.

        >>> from fxsim.estimate.parts import decode_part
        >>> ls = [LayerEstimate("d", "dense", latency_cycles=2), LayerEstimate("a", "relu", latency_cycles=1)]
        >>> [Estimate(decode_part("xcvu9p"), 5.0, ls, io_type="io_stream", hls_tool=t).ii for t in ("vitis", "vivado")]
        [2, 1]
        """
        if self.io_type == "io_stream" and self.hls_tool in C.STREAM_II_SLOWEST_PROCESS_PLUS_ONE_TOOLS:
            # Vitis HLS: the slowest process's interval + 1; a frame loop or an activation process is not a
            # pipelined function (its interval is its latency), a dense process is (its II)
            return 1 + max((layer.latency_cycles if layer.stream_cycles or layer.kind not in C.STREAM_PIPELINED_KINDS
                            else layer.ii for layer in self.layers), default=0)
        if self.dataflow and self.hls_tool in C.DATAFLOW_II_IS_LATENCY_TOOLS:
            return self.latency_cycles
        if self.io_type == "io_stream":
            # Vivado HLS: a process that loops over a frame, or a Resource dense's reuse loop (neither a pipelined
            # function: round 14 row 5's RF-64 dense processes report interval = latency, the top 70), starts again
            # one cycle after it finishes: its interval is its latency + 1 (C.DATAFLOW_FRAME_PROCESS_RESTART_CYCLES)
            return max((layer.latency_cycles + C.DATAFLOW_FRAME_PROCESS_RESTART_CYCLES
                        if layer.stream_cycles or (layer.strategy.lower() == "resource" and layer.reuse_factor > 1)
                        else layer.ii for layer in self.layers), default=1)
        return max((layer.ii for layer in self.layers), default=1)

    @property
    def regime(self) -> str:
        """Which calibration the bands come from (:data:`constants.BANDS`): ``'resource'`` (io_parallel,
        DATAFLOW top), ``'latency'`` (io_parallel, PIPELINE top) or ``'uncalibrated'`` (io_stream, a layer
        over the unroll limit or not costed, recurrent layers, generated (distributed-arithmetic) layers)."""
        if self.io_type == "io_stream" or any(layer.over_unroll_limit or not layer.modelled
                                              for layer in self.layers) or any(
                layer.kind in ("lstm", "gru", "generated") for layer in self.layers):
            return "uncalibrated"
        if self.dataflow:   # the resource band's rows chain their DSPs (hls4ml >= 0.7: enable_dsp_full_reg=false)
            return "uncalibrated" if self.dsp_full_reg and any(layer.dsp for layer in self.layers) else "resource"
        return "latency_unvalidated" if self.latency_conditions_unvalidated() else "latency"

    def latency_conditions_unvalidated(self) -> bool:
        """A PIPELINE top outside what the ``latency`` band was calibrated on (UltraScale/UltraScale+ DSP48E2
        parts, RF 1, the width rule for binding, DSPs chained): a 7-series/Versal/older part, a Latency layer
        with RF > 1 (``ALLOCATION``), a forced ``config_op mul -impl`` binding, or fully registered DSPs
        (Vitis ``enable_dsp_full_reg``). No public report of these conditions was found (issue 14)."""
        shared = any("allocation" in layer.details or (layer.strategy.lower() == "latency" and layer.reuse_factor > 1)
                     for layer in self.layers)
        uses_dsp = any(layer.dsp for layer in self.layers)
        return (self.part.family.dsp_slice != "DSP48E2" or shared or self.mul_binding in ("dsp", "fabric")
                or (self.dsp_full_reg and uses_dsp))

    def bands(self) -> dict[str, dict[str, list[float]]]:
        """80 % bands (:data:`constants.BAND_COVERAGE`) of the csynth and post-synthesis figures.

        >>> from fxsim.estimate.parts import decode_part
        >>> e = Estimate(decode_part("xcvu9p"), 5.0, [LayerEstimate("fc1", "dense", dsp=100, lut=1000,
        ...              ff=500, delay_ns=7.0, latency_cycles=1)])
        >>> b = e.bands()
        >>> e.regime, b["post_synthesis"]["dsp"], b["post_synthesis"]["latency_cycles"], b["csynth"]["lut"]
        ('latency', [74, 105], [0, 3], [1280, 2820])
        """
        band = C.BANDS[self.regime]
        t, h = self.total, self.hls_total
        out: dict[str, dict[str, list[float]]] = {}
        for view, figs in (("post_synthesis", t), ("csynth", h)):
            d: dict[str, list[float]] = {}
            for k in RESOURCES:
                lo, hi = getattr(band, k)
                d[k] = [int(math.floor(figs[k] * lo)), int(math.ceil(figs[k] * hi))]
            d["ff"][1] = max(d["ff"][1], band.ff_floor)
            lat = t["latency_cycles"]
            if band.latency_cycles is not None:
                c_lo, c_hi = band.latency_cycles
                d["latency_cycles"] = [max(lat + c_lo, 0), lat + c_hi]
            elif band.latency_ratio is not None:
                lo, hi = band.latency_ratio
                d["latency_cycles"] = [int(math.floor(lat * lo)), int(math.ceil(lat * hi))]
            follows = self.ii == lat and (self.dataflow or self.io_type == "io_stream")
            d["ii"] = list(d["latency_cycles"]) if follows else [t["ii"], t["ii"]]
            if self.regime == "latency_unvalidated" and t["ii"] > 1:    # the ALLOCATION rule, unvalidated
                d["ii"] = [max(int(math.floor(t["ii"] * 0.25)), 1), int(math.ceil(t["ii"] * 1.5))]
            if self.regime == "uncalibrated":
                d["ii"] = [int(math.floor(t["ii"] * 0.5)) or 1, int(math.ceil(t["ii"] * 2.0))]
            out[view] = d
        return out

    @property
    def total(self) -> dict[str, Any]:
        """Post-synthesis totals. A design that needs more DSP slices than the device has is synthesized with
        the DSPs capped at the device and the other products built in LUTs (:meth:`dsp_overflow`)."""
        t: dict[str, Any] = dict(self.layer_sums())
        moved = self.dsp_overflow()
        if moved:
            t["dsp"] -= moved["dsp"]
            t["lut"] += moved["lut"]
        t["latency_cycles"] = self.latency_cycles
        t["latency_ns"] = round(self.latency_cycles * self.clock_ns, 3)
        t["ii"] = self.ii
        return t

    def layer_sums(self) -> dict[str, int]:
        """DSP/LUT/FF/BRAM summed over the layers, before any device cap (what the HLS report asks for)."""
        return {k: sum(getattr(layer, k) for layer in self.layers) for k in RESOURCES}

    def dsp_overflow(self) -> dict[str, int] | None:
        """``{'dsp': d, 'lut': l}`` when the layers need ``d`` more DSP slices than the device has (capacity
        table known): synthesis (Vivado) caps the DSPs at the device and builds the rest of the products in LUTs,
        ``l`` being that share of the DSP-bound constant products' shift-add cost (``dsp_products_as_fabric_lut``;
        the layers' mean per slice for DSPs without it). Post-synthesis only: the HLS report keeps the request.
        Evidence (held-out round 10, read after it was evaluated, IN-SAMPLE): taitashaw's KERAS_3layer on
        xczu7ev needs 3,334 DSP in its Vitis HLS 2025.2 report (192 %); Vivado 2025.2 synthesized it with all
        1,728 DSP48E2 and 136,463 LUT.

        Hand-worked: 300 DSP on an xc7z020 (220): 80 move; the layer's DSP products would cost 6,000 LUTs as
        shift-adds, so 80/300 of that, 1,600 LUTs, go to fabric.

        >>> from fxsim.estimate.parts import decode_part
        >>> from fxsim.estimate.layers import LayerEstimate
        >>> d = LayerEstimate("d", "dense", dsp=300, lut=1000, details={"dsp_products_as_fabric_lut": 6000})
        >>> e = Estimate(decode_part("xc7z020clg400-1"), 5.0, [d])
        >>> e.dsp_overflow(), e.total["dsp"], e.total["lut"], e.hls_total["dsp"]
        ({'dsp': 80, 'lut': 1600}, 220, 2600, 300)
        """
        cap = self.part.capacity
        need = sum(layer.dsp for layer in self.layers)
        if cap is None or not cap.dsp or need <= cap.dsp:
            return None
        known = [layer for layer in self.layers if layer.dsp and "dsp_products_as_fabric_lut" in layer.details]
        per_dsp = (sum(layer.details["dsp_products_as_fabric_lut"] for layer in known)
                   / max(sum(layer.dsp for layer in known), 1)) if known else C.LUT_PER_GENERIC_MULT_BIT2 * 16 * 16
        fabric = sum(layer.details.get("dsp_products_as_fabric_lut", per_dsp * layer.dsp)
                     for layer in self.layers if layer.dsp)
        moved = need - cap.dsp
        return {"dsp": moved, "lut": int(round(fabric * moved / need))}

    @property
    def percent(self) -> dict[str, float | None]:
        """Utilisation of the part in %, ``None`` when the device's capacity is not known."""
        t, cap = self.total, self.part.capacity
        return {k: (round(100.0 * t[k] / getattr(cap, k), 3) if cap is not None else None) for k in RESOURCES}

    @property
    def hls_total(self) -> dict[str, int]:
        """What the HLS csynth report would show (LUT ~2x, FF ~1.3x the synthesized figures; FF of a
        DATAFLOW (Resource) design further x :data:`constants.CSYNTH_FF_SCALE_RESOURCE`)."""
        t = self.layer_sums()     # the report keeps every DSP the design asks for (no device cap)
        out = {k: int(round(t[k] * C.HLS_OVER_SYNTH[k])) for k in RESOURCES}
        out["lut"] = sum(layer.hls()["lut"] for layer in self.layers)   # counted ones where a rule counts
        out["bram_18k"] = sum(layer.hls()["bram_18k"] for layer in self.layers)  # csynth's own memory binding
        if self.regime == "resource":
            out["ff"] = int(round(t["ff"] * C.HLS_OVER_SYNTH["ff"] * C.CSYNTH_FF_SCALE_RESOURCE))
        out["ff"] += sum(layer.hls_ff_extra for layer in self.layers)   # pipelined multiplier cores
        out["ff"] += self.top_control_ff
        return out

    # ----------------------------------------------------------------- output
    def to_dict(self) -> dict[str, Any]:
        layers = []
        energy = {e.name: e for e in self.energy.layers} if self.energy else {}
        for layer in self.layers:
            d: dict[str, Any] = {
                "name": layer.name, "kind": layer.kind, "dsp": layer.dsp, "lut": layer.lut, "ff": layer.ff,
                "bram_18k": layer.bram_18k, "latency_cycles": layer.latency_cycles,
                "latency_ns": round(layer.latency_cycles * self.clock_ns, 3), "ii": layer.ii,
                "reuse_factor": layer.reuse_factor, "strategy": layer.strategy,
                "multiplications": dict(layer.mults), "hls": layer.hls(), "notes": list(layer.notes),
                "modelled": layer.modelled, "over_unroll_limit": layer.over_unroll_limit,
            }
            if layer.details:
                d["details"] = layer.details
            if layer.name in energy:
                d["energy_pj"] = round(energy[layer.name].total_pj, 3)
            layers.append(d)
        out: dict[str, Any] = {
            "part": self.part.device, "family": self.part.family.name,
            "timing_model": self.timing_model, "part_info": self.part.to_dict(),
            "clock_ns": self.clock_ns, "io_type": self.io_type,
            "clock_uncertainty": self.clock_uncertainty, "mul_binding": self.mul_binding,
            "hls_tool": self.hls_tool, "dsp_full_reg": self.dsp_full_reg,
            "total": self.total, "percent": self.percent, "hls_estimate": self.hls_total,
            "bands": {"coverage": C.BAND_COVERAGE, "regime": self.regime,
                      "calibrated_on": C.BANDS[self.regime].source, **self.bands()},
            "layers": layers,
            "notes": list(self.part.warnings) + self.notes + [n for layer in self.layers for n in layer.notes],
        }
        if self.energy:
            out["energy"] = {"total_pj": round(self.energy.total_pj, 3),
                             "total_bits": self.energy.total_bits, "model": "QTools, Horowitz 45 nm"}
        return out

    def to_json(self, indent: int | None = 2) -> str:
        return json.dumps(self.to_dict(), indent=indent)

    def table(self) -> str:
        """A fixed-width text table, one row per layer plus totals and % of the part."""
        head = (f"{'layer':<18}{'kind':<10}{'DSP':>7}{'LUT':>9}{'FF':>9}{'BRAM18':>8}{'lat':>5}{'II':>5}"
                f"{'RF':>5}")
        if self.energy:
            head += f"{'pJ':>9}"
        a, b = C.DSP_SLICES[self.part.family.dsp_slice]
        rows = [f"fxsim estimate: {self.part.device} @ {self.clock_ns:g} ns ({self.io_type}); "
                "post-synthesis figures",
                f"family {self.part.family.label} ({self.part.family.dsp_slice} {a}x{b}); "
                f"timing model {self.timing_model}", head, "-" * len(head)]
        energy = {e.name: e for e in self.energy.layers} if self.energy else {}
        for layer in self.layers:
            r = (f"{layer.name[:17]:<18}{layer.kind[:9]:<10}{layer.dsp:>7}{layer.lut:>9}{layer.ff:>9}"
                 f"{layer.bram_18k:>8}{layer.latency_cycles:>5}{layer.ii:>5}{layer.reuse_factor:>5}")
            if self.energy:
                r += f"{energy[layer.name].total_pj:>9.1f}" if layer.name in energy else f"{'':>9}"
            rows.append(r)
        t, p, h = self.total, self.percent, self.hls_total
        rows.append("-" * len(head))
        tot = (f"{'total':<28}{t['dsp']:>7}{t['lut']:>9}{t['ff']:>9}{t['bram_18k']:>8}"
               f"{t['latency_cycles']:>5}{t['ii']:>5}")
        if self.energy:
            tot += f"{'':>5}{self.energy.total_pj:>9.1f}"
        rows.append(tot)
        if self.part.capacity is not None:
            rows.append(f"{'% of ' + self.part.device:<28}{p['dsp']:>7.2f}{p['lut']:>9.2f}{p['ff']:>9.2f}"
                        f"{p['bram_18k']:>8.2f}")
        rows.append(f"{'HLS report (est.)':<28}{h['dsp']:>7}{h['lut']:>9}{h['ff']:>9}{h['bram_18k']:>8}")
        bands = self.bands()
        pct = int(round(100 * C.BAND_COVERAGE))
        for view, label in (("post_synthesis", "synthesis"), ("csynth", "HLS report")):
            band = bands[view]
            rows.append(f"{f'{pct}% band, {label}':<28}" + "".join(
                f"{f'{band[k][0]}-{band[k][1]}':>{w}}" for k, w in (("dsp", 12), ("lut", 14), ("ff", 14),
                                                              ("bram_18k", 8))))
        lb = bands["post_synthesis"]["latency_cycles"]
        rows.append(f"{pct}% band: latency {lb[0]}-{lb[1]} cycles; regime {self.regime} "
                    f"(calibrated on {C.BANDS[self.regime].source})")
        rows.append(f"latency {t['latency_cycles']} cycles = {t['latency_ns']:g} ns, II = {t['ii']}; "
                    f"{'Vitis' if self.hls_tool == 'vitis' else 'Vivado'} HLS, clock uncertainty "
                    f"{100 * self.clock_uncertainty:g} %" + (", fully registered DSPs" if self.dsp_full_reg else ""))
        for note in self.to_dict()["notes"]:
            rows.append(f"note: {note}")
        return "\n".join(rows)
