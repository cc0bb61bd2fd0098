"""``fxsim profile``: each layer's exact firmware values against its type's range and LSB.

The numbers come from :meth:`fxsim.network.Network.trace` (the firmware's exact per-layer outputs
and its per-layer cast counts), so no compiler and no framework is needed. For every layer: the
distribution of its output values (min, quartiles, max), the type's representable range and LSB,
the share of values the layer's casts rounded, saturated or wrapped, lookups clamped to a table's
ends, and the narrowest type that holds the observed values (integer bits so nothing overflows,
fraction bits so nothing is rounded away). It also says plainly when the firmware cannot be right
(an output constant over all inputs). The plot (matplotlib, optional: ``pip install fxsim[plot]``)
shows one box per layer against its type's range, as hls4ml's ``profiling.numerical`` does.

>>> from fxsim.examples import example_project
>>> from fxsim.network import load_hls4ml
>>> net = load_hls4ml(example_project())
>>> x = list(net.project.testbench_inputs().values())
>>> p = profile(net, x)
>>> row = p.layers[1]; row.layer, row.type, row.min >= row.type_min
('fc1_relu', 'ap_fixed<16,6>', True)
>>> print(p.text())                                             # doctest: +SKIP
"""

from __future__ import annotations

import functools
import json
import operator
from dataclasses import asdict, dataclass, field
from pathlib import Path

import numpy as np

from fxsim.findings import Finding, findings_json, warning_lines
from fxsim.firmware_checks import cannot_be_right
from fxsim.network import Network, Trace
from fxsim.types import FixedType

COUNT_FIELDS = ("values", "rounded", "saturated", "wrapped", "table_clamped")


@dataclass(frozen=True)
class LayerProfile:
    """One layer's output values (``n`` of them) against its output type.

    ``rounded``/``saturated``/``wrapped``/``table_clamped`` sum the trace counts of every cast the
    layer made (``casts``: how many), all types together (recurrent time steps included).
    ``integer_bits``/``frac_bits``: the narrowest ``ap_[u]fixed<integer + frac_bits, integer>`` holding
    every observed value exactly (``frac_bits`` is None when all values are 0); when the layer
    saturated or wrapped the observed range is already clipped, so ``integer_bits`` is a lower bound
    (``range_clipped``).
    """

    layer: str
    function: str
    type: str
    n: int
    min: float
    q1: float
    median: float
    q3: float
    max: float
    type_min: float
    type_max: float
    lsb: float
    casts: int
    rounded: int
    saturated: int
    wrapped: int
    table_clamped: int
    integer_bits: int
    frac_bits: int | None
    narrowest: str
    range_clipped: bool
    constant: bool
    notes: tuple[str, ...] = ()

    def share(self, what: str) -> float:
        """``rounded``/``saturated``/``wrapped``/``table_clamped`` as a share of the layer's casts."""
        return getattr(self, what) / self.casts if self.casts else 0.0


@dataclass(frozen=True)
class Profile:
    """Per-layer profiles (input ports first, then the layers in firmware order) and warnings."""

    layers: tuple[LayerProfile, ...]
    n_events: int
    #: firmware that cannot be right (:func:`fxsim.firmware_checks.cannot_be_right`)
    findings: tuple[Finding, ...] = field(default=())

    @property
    def warnings(self) -> list[str]:
        """The findings as the warning lines the text prints."""
        return warning_lines(self.findings)

    def records(self) -> list[dict]:
        """One plain dict per layer (``pandas.DataFrame(p.records())`` shows it as a table)."""
        return [asdict(r) | {"notes": list(r.notes)} for r in self.layers]

    def to_dict(self) -> dict:
        return {"n_events": self.n_events, "layers": self.records(), "warnings": findings_json(self.findings)}

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), indent=1)

    def text(self) -> str:
        """A table: layer, type, observed range against the type's, shares, narrowest type."""
        head = (f"{'layer':<24} {'type':<30} {'min':>10} {'max':>10} {'type range':>23} "
                f"{'rounded':>8} {'sat':>6} {'wrap':>6} {'clamp':>6}  narrowest on this data")
        lines = [f"profile of {self.n_events} events", head]
        for r in self.layers:
            rng = f"[{r.type_min:.4g}, {r.type_max:.4g}]"
            narrow = ("≥" if r.range_clipped else "") + r.narrowest
            lines.append(f"{r.layer:<24} {r.type:<30} {r.min:>10.4g} {r.max:>10.4g} {rng:>23} "
                         f"{r.share('rounded'):>8.1%} {r.share('saturated'):>6.1%} {r.share('wrapped'):>6.1%} "
                         f"{r.table_clamped:>6}  {narrow}")
        lines.extend(self.warnings)
        return "\n".join(lines)

    def plot(self, path: str | Path | None = None):
        """Box plots of each layer's values against its type's range (grey bar) and LSB; saved to
        ``path`` (.png/.pdf/.svg; .html embeds a PNG) when given. Returns the matplotlib figure."""
        return _plot(self, path)


def _bits(raw: np.ndarray, t: FixedType) -> tuple[int, int | None]:
    """(integer bits, fraction bits) of the narrowest type of ``t``'s signedness holding ``raw``."""
    flat = np.asarray(raw).reshape(-1)
    lo, hi = int(flat.min()), int(flat.max())
    if t.signed:
        width = 1 + max(max(hi, 0).bit_length(), max(-lo - 1, 0).bit_length())
    else:
        width = max(hi.bit_length(), 1)
    ored = int(np.bitwise_or.reduce(flat)) if flat.dtype != object else functools.reduce(operator.or_, map(int, flat))
    if ored == 0:
        return width - t.frac, None
    frac = t.frac - ((ored & -ored).bit_length() - 1)  # minus the trailing zero bits of every value
    return width - t.frac, frac


def _narrowest(t: FixedType, integer: int, frac: int | None) -> str:
    f = 0 if frac is None else frac
    u = "" if t.signed else "u"
    return f"ap_{u}fixed<{max(integer + f, 1)},{integer}>"


def _layer_counts(trace: Trace, name: str) -> dict[str, int]:
    total = dict.fromkeys(COUNT_FIELDS, 0)
    for (lay, _typ), c in trace.counts.items():
        if lay.split("[t=")[0].split(":")[0] == name.split(":")[0]:
            for f in COUNT_FIELDS:
                total[f] += getattr(c, f)
    return total


def _row(name: str, function: str, raw: np.ndarray, t: FixedType, counts: dict[str, int]) -> LayerProfile:
    v = t.to_float(raw).reshape(raw.shape[0], -1) if raw.ndim else t.to_float(raw).reshape(1, -1)
    flat = v.reshape(-1)
    integer, frac = _bits(raw, t)
    q1, med, q3 = (float(q) for q in np.quantile(flat, [0.25, 0.5, 0.75])) if flat.size else (0.0,) * 3
    clipped = counts["saturated"] + counts["wrapped"] > 0
    constant = v.shape[0] > 1 and bool(np.all(v == v[:1]))
    notes = []
    if constant:
        notes.append(f"output constant over all {v.shape[0]} inputs")
    if counts["table_clamped"]:
        notes.append(f"{counts['table_clamped']} table lookups outside the table's range (clamped to its ends)")
    if counts["wrapped"]:
        notes.append(f"{counts['wrapped']} values wrapped around (AP_WRAP): the observed range is not the true one")
    return LayerProfile(
        layer=name, function=function, type=str(t), n=int(flat.size),
        min=float(flat.min()) if flat.size else 0.0, q1=q1, median=med, q3=q3,
        max=float(flat.max()) if flat.size else 0.0, type_min=t.min_value, type_max=t.max_value, lsb=t.lsb,
        casts=counts["values"], rounded=counts["rounded"], saturated=counts["saturated"], wrapped=counts["wrapped"],
        table_clamped=counts["table_clamped"], integer_bits=integer, frac_bits=frac,
        narrowest=_narrowest(t, integer, frac), range_clipped=clipped, constant=constant, notes=tuple(notes))


def profile(net: Network, x) -> Profile:
    """Trace ``net`` on ``x`` (one array ``(n, size)`` or a list per input) and profile every layer.

    >>> p = profile(net, x)                                   # doctest: +SKIP
    >>> import pandas as pd; pd.DataFrame(p.records())        # doctest: +SKIP
    """
    trace = net.trace(x)
    xs = x if isinstance(x, (list, tuple)) else [x]
    rows: list[LayerProfile] = []
    for port, a in zip(net.inputs, xs):
        a = np.asarray(a, dtype=np.float64).reshape(np.shape(a)[0], -1)
        rows.append(_row(port.name, "input", port.type.quantize(a), port.type, _layer_counts(trace, port.name)))
    functions = {lay.name: lay.function for lay in net.layers}
    for name, arr in trace.outputs.items():
        base = name.split(":")[0]
        rows.append(_row(name, functions.get(base, "?"), np.asarray(arr.raw), arr.type, _layer_counts(trace, base)))
    n = int(np.shape(xs[0])[0]) if xs else 0
    found = cannot_be_right(net, [np.asarray(a) for a in xs], trace=trace)
    return Profile(layers=tuple(rows), n_events=n, findings=tuple(found))


def _plot(p: Profile, path: str | Path | None):
    try:
        import matplotlib

        if path is not None:
            matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        raise ValueError("plotting needs matplotlib: pip install 'fxsim[plot]'") from None
    rows = list(p.layers)
    fig, ax = plt.subplots(figsize=(11, 0.45 * len(rows) + 1.8))
    ys = np.arange(len(rows))[::-1]
    for y, r in zip(ys, rows):
        ax.barh(y, r.type_max - r.type_min, left=r.type_min, height=0.8, color="0.85", zorder=0)
        ax.plot([r.min, r.max], [y, y], color="k", lw=1, zorder=1)
        ax.barh(y, max(r.q3 - r.q1, r.lsb), left=r.q1, height=0.5, color="tab:blue" if not
                (r.saturated or r.wrapped) else "tab:red", zorder=2)
        ax.plot([r.median, r.median], [y - 0.25, y + 0.25], color="orange", lw=2, zorder=3)
    ax.set_yticks(ys)
    ax.set_yticklabels([f"{r.layer}  {r.type}" for r in rows], fontsize=7)
    linthresh = max(min(r.lsb for r in rows), 1e-12)
    ax.set_xscale("symlog", linthresh=linthresh)
    lo, hi = ax.get_xlim()
    top = int(np.ceil(np.log10(max(abs(lo), abs(hi), 10 * linthresh))))
    bottom = int(np.floor(np.log10(linthresh)))
    step = max(1, (top - bottom) // 4)  # at most ~5 decades labelled on each side
    decades = [10.0 ** e for e in range(top, bottom + 1, -step)]  # none inside the linear part
    ax.set_xticks([-d for d in decades] + [0.0] + decades[::-1])
    ax.set_xticklabels([f"-1e{int(np.log10(d))}" for d in decades] + ["0"]
                       + [f"1e{int(np.log10(d))}" for d in decades[::-1]], fontsize=7)
    ax.set_xlabel("value")
    ax.set_title(f"fxsim profile ({p.n_events} events)\ngrey: type range; box: quartiles; line: min..max; "
                 "red: saturated/wrapped", fontsize=9)
    fig.tight_layout()
    if path is not None:
        path = Path(path)
        if path.suffix.lower() == ".html":
            import base64
            import io

            buf = io.BytesIO()
            fig.savefig(buf, format="png", dpi=110, bbox_inches="tight")
            img = base64.b64encode(buf.getvalue()).decode()
            body = f"<pre>{_html_escape(p.text())}</pre>"
            path.write_text(f"<html><body><img src='data:image/png;base64,{img}'/>{body}</body></html>")
        else:
            fig.savefig(path, dpi=110, bbox_inches="tight")
    return fig


def _html_escape(s: str) -> str:
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


# ------------------------------------------------------------------------------------- command line
def add_arguments(p) -> None:
    """``fxsim profile PRJ [--inputs X] [--events N] [--plot F] [--json F]``."""
    p.add_argument("project", help="hls4ml project directory (contains firmware/)")
    p.add_argument("--inputs", help="default: the project's tb_data inputs")
    p.add_argument("--events", type=int, help="profile only the first N events")
    p.add_argument("--plot", help="write the box-plot figure here (.png, .pdf, .svg or .html; needs matplotlib)")
    p.add_argument("--json", help="write the per-layer profile as JSON here")


def run(args) -> int:
    """The ``fxsim profile`` command: prints the table; 0 on success (2 on a user error)."""
    from fxsim.network import load_hls4ml
    from fxsim.verify import load_inputs

    net = load_hls4ml(args.project)
    x = list(net.project.testbench_inputs().values()) if args.inputs is None else load_inputs(net, args.inputs)
    if args.events is not None:
        x = [a[: args.events] for a in x]
    prof = profile(net, x)
    print(prof.text())
    if args.json:
        Path(args.json).write_text(prof.to_json())
    if args.plot:
        prof.plot(args.plot)
        print(f"figure -> {args.plot}")
    return 0


__all__ = ["LayerProfile", "Profile", "profile", "add_arguments", "run"]
