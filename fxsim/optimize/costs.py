"""Costs of a retyped project: fxsim's estimate (LUT, DSP, FF, BRAM, latency), QTools-style energy,
bit size, weighted sums of them, and seeds/004's forgiving factor.

A cost expression is a sum of terms ``[coef*]name`` over :data:`FIGURES` (``"lut+55*dsp"``, the
HGQ papers' conversion of DSPs into LUTs; ``"energy"``; ``"bits"``).

>>> c = Cost.parse("lut + 55*dsp")
>>> c.value({"lut": 1000.0, "dsp": 10.0})
1550.0
>>> round(forgiving_factor(0.99, c_ref=100.0, c_trial=25.0), 4)   # Δ 8 %, R 2, S 1: 2 halvings
1.1484
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from fxsim.project import Project

#: Figures a cost may use: the estimate's totals, QTools energy (pJ per inference) and parameter bits.
FIGURES = ("lut", "dsp", "ff", "bram", "latency", "latency_ns", "energy", "bits")
_TERM = re.compile(r"^\s*(?:(?P<coef>[0-9.eE+-]+)\s*\*\s*)?(?P<name>[a-z_]+)\s*$")


class CostError(ValueError):
    """A cost expression that does not parse."""


@dataclass(frozen=True)
class Cost:
    """A weighted sum of figures: ``terms`` = ((coef, name), ...)."""

    terms: tuple[tuple[float, str], ...]
    text: str

    @classmethod
    def parse(cls, text: str) -> Cost:
        terms = []
        for part in text.split("+"):
            m = _TERM.match(part)
            if not m or m.group("name") not in FIGURES:
                raise CostError(f"cost {text!r}: cannot read term {part.strip()!r} "
                                f"(terms are [coef*]name, names: {', '.join(FIGURES)})")
            try:
                coef = float(m.group("coef") or 1.0)
            except ValueError:
                raise CostError(f"cost {text!r}: {m.group('coef')!r} is not a number") from None
            terms.append((coef, m.group("name")))
        return cls(tuple(terms), text.replace(" ", ""))

    def value(self, figures: dict[str, float]) -> float:
        return float(sum(c * figures[n] for c, n in self.terms))


def figures(project: Project) -> dict[str, float]:
    """Every figure of :data:`FIGURES` for a project (fxsim's post-synthesis estimate, its QTools
    energy, and the bits of every weight array)."""
    from fxsim.estimate import estimate

    e = estimate(project)
    t = e.total
    return {
        "lut": float(t["lut"]), "dsp": float(t["dsp"]), "ff": float(t["ff"]), "bram": float(t["bram_18k"]),
        "latency": float(t["latency_cycles"]), "latency_ns": float(t["latency_ns"]),
        "energy": float(e.energy.total_pj),
        "bits": float(sum(w.size * w.type.width for w in project.weights.values())),
    }


def forgiving_factor(metric_value: float, c_ref: float, c_trial: float, delta: float = 8.0, rate: float = 2.0,
                     stress: float = 1.0) -> float:
    """seeds/004 (AutoQKeras) Eq. 1 as a score to maximise: ``metric · FF`` with
    ``FF = 1 + Δ/100 · log_R(S · C_ref / C_trial)`` (Δ: tolerated metric drop in percent per
    factor ``R`` of cost reduction; ``S`` shrinks the reference to push towards smaller designs)."""
    if c_trial <= 0 or c_ref <= 0:
        return metric_value
    return metric_value * (1.0 + delta / 100.0 * math.log(stress * c_ref / c_trial) / math.log(rate))
