"""Read the figures of a Vivado HLS / Vitis HLS C-synthesis report, to set ``fxsim estimate`` beside them.

Two layouts are read, both as the tools write them:

* ``<top>_csynth.rpt`` (Vivado HLS, and Vitis HLS's per-module reports): a "Latency" summary table
  (``min | max`` latency, optionally the absolute latency, ``min | max`` interval, pipeline type) and the
  "Utilization Estimates" summary whose ``Total`` row holds ``BRAM_18K | DSP48E (or DSP) | FF | LUT | URAM``;
* ``csynth.rpt`` (Vitis HLS 2021.1 and later, "Synthesis Summary Report"): one table of modules whose first row
  is the top, with ``Latency (cycles)``, ``Interval``, ``BRAM``, ``DSP``, ``FF`` and ``LUT`` columns
  (``657 (995%)``: the count, then the share of the device).

>>> text = '''== Vivado HLS Report for 'myproject'
... * Version:        2019.1 (Build 2552052 on Fri May 24 15:28:33 MDT 2019)
... * Target device:  xcvu9p-flgb2104-2-i
... + Timing (ns):
...     |  Clock | Target| Estimated| Uncertainty|
...     |ap_clk  |   5.00|     4.123|        0.62|
... + Latency (clock cycles):
...     * Summary:
...     |  Latency  |  Interval | Pipeline |
...     | min | max | min | max |   Type   |
...     +-----+-----+-----+-----+----------+
...     |   14|   14|    3|    3| function |
... == Utilization Estimates
... |         Name        | BRAM_18K| DSP48E|    FF   |   LUT   | URAM|
... |Total                |        1|   2014|    23955|   139249|    0|
... '''
>>> r = parse_csynth_report(text)
>>> r.tool, r.part, r.clock_ns, r.latency_cycles, r.ii, r.dsp, r.lut, r.ff, r.bram_18k
('Vivado HLS 2019.1', 'xcvu9p-flgb2104-2-i', 5.0, 14, 3, 2014, 139249, 23955, 1)
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from fxsim.estimate.report import Estimate

#: Figures a report gives, in :class:`CsynthReport`'s field names.
FIGURES = ("dsp", "lut", "ff", "bram_18k", "latency_cycles", "ii")


@dataclass(frozen=True)
class CsynthReport:
    """The top function's figures in an HLS C-synthesis report (``None``: not printed, or ``?``).

    ``latency_cycles`` and ``ii`` are the maxima the report prints."""

    source: str
    tool: str
    part: str | None
    clock_ns: float | None
    latency_cycles: int | None
    ii: int | None
    dsp: int | None
    lut: int | None
    ff: int | None
    bram_18k: int | None

    def figures(self) -> dict[str, int | None]:
        """The figures by name (:data:`FIGURES`)."""
        return {k: getattr(self, k) for k in FIGURES}


def read_csynth_report(path: str | Path) -> CsynthReport:
    """Read ``path`` (a ``*_csynth.rpt`` or a Vitis ``csynth.rpt``). Raises ``ValueError`` naming the file
    when it is not such a report, ``OSError`` when it cannot be read.

    >>> r = read_csynth_report("my_prj/myproject_prj/solution1/syn/report/myproject_csynth.rpt")  # doctest: +SKIP
    >>> r.dsp, r.latency_cycles                                                                   # doctest: +SKIP
    (2014, 14)
    """
    p = Path(path)
    return parse_csynth_report(p.read_text(errors="replace"), str(p))


def parse_csynth_report(text: str, source: str = "<report>") -> CsynthReport:
    """The figures of a report's text (see the module docstring for the layouts)."""
    version = re.search(r"\*\s*Version:\s*(\S+)", text)
    if "Vitis HLS" in text or "Synthesis Summary Report" in text:     # the summary is Vitis HLS's alone
        tool = "Vitis HLS"
    elif "Vivado HLS" in text:
        tool = "Vivado HLS"
    else:
        tool = "HLS"
    if version:
        tool = f"{tool} {version.group(1)}"
    part = re.search(r"\*\s*Target device:\s*(\S+)", text)
    clock = _clock_ns(text)
    if "Synthesis Summary Report" in text:
        figs = _summary_table(text, source)
    else:
        figs = {**_latency_summary(text, source), **_utilization_total(text, source)}
    return CsynthReport(source, tool, part.group(1) if part else None, clock, figs.get("latency_cycles"),
                        figs.get("ii"), figs.get("dsp"), figs.get("lut"), figs.get("ff"), figs.get("bram_18k"))


def _clock_ns(text: str) -> float | None:
    """The target period: the ``ap_clk`` row of the timing summary (``5.00`` or ``5.00 ns``)."""
    m = re.search(r"\|\s*ap_clk\s*\|\s*([0-9.]+)", text)
    return float(m.group(1)) if m else None


def _cells(line: str) -> list[str]:
    return [c.strip() for c in line.strip().strip("|").split("|")]


def _count(cell: str) -> int | None:
    """``'657 (995%)'`` -> 657, ``'12 ~ 14'`` -> 14 (the maximum), ``'-'``/``'?'``/``'~0'`` -> None/0."""
    cell = cell.strip()
    if cell in ("-", "?", ""):
        return None
    if cell.startswith("~"):
        return 0
    nums = re.findall(r"\d+", cell.split("(")[0])
    return int(nums[-1]) if nums else None


def _latency_summary(text: str, source: str) -> dict[str, int | None]:
    """The first data row after the ``+ Latency`` summary's ``min | max`` header."""
    start = re.search(r"^\+ Latency", text, re.M)
    if not start:
        raise ValueError(f"{source}: no '+ Latency' summary: not a Vivado/Vitis HLS csynth report")
    lines = text[start.end():].splitlines()
    for i, line in enumerate(lines):
        if line.strip().startswith("|") and "min" in line and "max" in line:
            for row in lines[i + 1:]:
                if row.strip().startswith("|"):
                    cells = _cells(row)
                    # min, max[, abs min, abs max], interval min, interval max, pipeline type
                    ii_max = cells[-2] if len(cells) >= 5 else "?"
                    return {"latency_cycles": _count(cells[1]), "ii": _count(ii_max)}
            break
    raise ValueError(f"{source}: the '+ Latency' summary has no data row")


def _utilization_total(text: str, source: str) -> dict[str, int | None]:
    """The ``Total`` row of the "Utilization Estimates" summary, by its header's column names."""
    start = text.find("Utilization Estimates")
    if start < 0:
        raise ValueError(f"{source}: no 'Utilization Estimates' section: not a top-level csynth report")
    header: list[str] | None = None
    for line in text[start:].splitlines():
        if header is None and "Name" in line and "FF" in line and "LUT" in line:
            header = [c.upper() for c in _cells(line)]
        elif header is not None and line.startswith("|Total"):
            return _by_name(header, _cells(line))
    raise ValueError(f"{source}: the 'Utilization Estimates' summary has no Total row")


def _by_name(header: list[str], cells: list[str]) -> dict[str, int | None]:
    out: dict[str, int | None] = {}
    for name, cell in zip(header, cells, strict=False):
        key = {"BRAM_18K": "bram_18k", "BRAM": "bram_18k", "FF": "ff", "LUT": "lut"}.get(name)
        if key is None and name.startswith("DSP"):
            key = "dsp"
        if key is not None:
            out[key] = _count(cell)
    return out


def _summary_table(text: str, source: str) -> dict[str, int | None]:
    """Vitis HLS 2021.1+ ``csynth.rpt``: column names are the header rows' cells joined top to bottom; the
    first row starting ``|+ `` is the top function."""
    lines = text.splitlines()
    head_rows: list[list[str]] = []
    for line in lines:
        s = line.strip()
        if s.startswith("|+ "):
            if not head_rows:
                break
            names = [" ".join(filter(None, col)).upper() for col in zip(*head_rows, strict=False)]
            cells = _cells(s)
            out = _by_name(names, cells)
            for name, cell in zip(names, cells, strict=False):
                if name.startswith("LATENCY") and "CYCLES" in name:
                    out["latency_cycles"] = _count(cell)
                elif name == "INTERVAL":
                    out["ii"] = _count(cell)
            return out
        if s.startswith("|") and ("Modules" in s or head_rows):
            head_rows.append(_cells(s))
    raise ValueError(f"{source}: the Synthesis Summary Report has no '+ <top>' row")


# ------------------------------------------------------------------------------------- the estimate beside it

_LABELS = {"dsp": "DSP", "lut": "LUT", "ff": "FF", "bram_18k": "BRAM18", "latency_cycles": "latency", "ii": "II"}


@dataclass(frozen=True)
class FigureComparison:
    """One figure of the estimate (its HLS-report view) beside the report's, with the estimate's 80 % band.

    >>> c = FigureComparison("lut", 1200, 1000, (900, 1500))
    >>> round(c.error, 3), c.in_band, FigureComparison("latency_cycles", 12, 14, (10, 16)).error
    (0.2, True, -2)
    """

    figure: str
    estimate: int
    report: int | None
    band: tuple[int, int]

    @property
    def error(self) -> float | int | None:
        """Relative error of a resource ((estimate - report) / report; 0 when both are 0, ``None`` when only
        the report is 0 or it has nothing), cycles for latency and II."""
        if self.report is None:
            return None
        if self.figure in ("latency_cycles", "ii"):
            return self.estimate - self.report
        if not self.report:
            return 0.0 if self.estimate == 0 else None
        return (self.estimate - self.report) / self.report

    @property
    def in_band(self) -> bool | None:
        """Whether the report's figure lies in the estimate's band (``None``: the report has no figure)."""
        return None if self.report is None else self.band[0] <= self.report <= self.band[1]


def compare(est: Estimate, report: CsynthReport) -> list[FigureComparison]:
    """The estimate's HLS-report figures (``est.hls_total``, latency and II) beside ``report``'s.

    >>> from fxsim.estimate import estimate                                                      # doctest: +SKIP
    >>> from fxsim.project import read_project                                                   # doctest: +SKIP
    >>> rows = compare(estimate(read_project("my_prj")), read_csynth_report("my_prj/csynth.rpt"))  # doctest: +SKIP
    >>> [(c.figure, c.estimate, c.report, c.in_band) for c in rows][0]                            # doctest: +SKIP
    ('dsp', 413, 413, True)
    """
    bands = est.bands()["csynth"]
    ours = {**est.hls_total, "latency_cycles": est.total["latency_cycles"], "ii": est.total["ii"]}
    return [FigureComparison(k, int(ours[k]), getattr(report, k), (int(bands[k][0]), int(bands[k][1])))
            for k in FIGURES]


def setting_differences(est: Estimate, report: CsynthReport) -> list[str]:
    """Where the report was made for another part or clock than the estimate (then the two differ for that
    reason too: ``--part``/``--clock-ns`` set the estimate's)."""
    out = []
    if report.part and not report.part.lower().startswith(est.part.device.lower()):
        out.append(f"the report is for part {report.part}, the estimate for {est.part.device} (use --part)")
    if report.clock_ns is not None and abs(report.clock_ns - est.clock_ns) > 1e-6:
        out.append(f"the report is at {report.clock_ns:g} ns, the estimate at {est.clock_ns:g} ns (use --clock-ns)")
    return out


def comparison_table(est: Estimate, report: CsynthReport) -> str:
    """Text: each figure of the estimate beside the report's, its error and whether the band holds it."""
    lines = [f"against {report.source} ({report.tool}"
             + (f", {report.part}" if report.part else "")
             + (f", {report.clock_ns:g} ns" if report.clock_ns is not None else "") + "):",
             f"{'figure':<10}{'fxsim':>10}{'report':>10}{'error':>9}  80% band"]
    for c in compare(est, report):
        err = c.error
        shown = ("-" if err is None else f"{err:+d}" if isinstance(err, int) else f"{100 * err:+.0f}%")
        where = "-" if c.in_band is None else "inside" if c.in_band else "outside"
        rep = "-" if c.report is None else str(c.report)
        lines.append(f"{_LABELS[c.figure]:<10}{c.estimate:>10}{rep:>10}{shown:>9}  {c.band[0]}-{c.band[1]} "
                     f"({where})")
    lines += [f"note: {n}" for n in setting_differences(est, report)]
    return "\n".join(lines)


def comparison_dict(est: Estimate, report: CsynthReport) -> dict[str, Any]:
    """JSON form of :func:`comparison_table`."""
    return {"report": report.source, "tool": report.tool, "part": report.part, "clock_ns": report.clock_ns,
            "figures": {c.figure: {"fxsim": c.estimate, "report": c.report, "error": c.error,
                                   "band": list(c.band), "in_band": c.in_band} for c in compare(est, report)},
            "notes": setting_differences(est, report)}
