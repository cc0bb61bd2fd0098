"""Findings: what fxsim noticed about a firmware besides its outputs, one plain line each.

A finding is not an error (the command still runs and its exit code still says only whether the
firmware's outputs differ): it is a warning line that ``verify``, ``trace``, ``compare`` and
``profile`` print the same way, in text (``WARNING: <kind>: <message>``) and in JSON (a
``"warnings"`` list of plain dicts). Detectors live where their knowledge is (firmware that
cannot be right: :mod:`fxsim.firmware_checks`; template hazards: the backends' readers); this
module only holds the record and its two renderings, so every command prints them alike.

>>> f = Finding("cannot be right", "the output layer13 is the same for all 100 inputs", layer="layer13")
>>> warning_lines([f])
['WARNING: cannot be right: the output layer13 is the same for all 100 inputs']
>>> findings_json([f])[0]["layer"]
'layer13'
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass

#: The kinds in use (a new detector adds its own): firmware whose outputs cannot be the model's,
#: and a configuration that hits a known hls4ml template hazard.
CANNOT_BE_RIGHT = "cannot be right"
TEMPLATE_HAZARD = "template hazard"


@dataclass(frozen=True)
class Finding:
    """One thing the firmware does that is probably not meant: ``kind`` (e.g. :data:`CANNOT_BE_RIGHT`),
    a one-line ``message``, and where (``layer``, ``source`` as ``file:line``) when known."""

    kind: str
    message: str
    layer: str | None = None
    source: str | None = None

    def line(self) -> str:
        """``WARNING: <kind>: <message> [<source>]``: how every command prints it."""
        where = f" [{self.source}]" if self.source else ""
        return f"WARNING: {self.kind}: {self.message}{where}"

    def as_dict(self) -> dict:
        """A plain dict (JSON-ready)."""
        return asdict(self)


def warning_lines(findings: Iterable[Finding]) -> list[str]:
    """The text lines of ``findings``, in order, without repeats."""
    return list(dict.fromkeys(f.line() for f in findings))


def hazard_lines(hazards: Iterable[str]) -> list[str]:
    """The ``WARNING: template hazard: ...`` lines of a backend's hazard messages.

    >>> hazard_lines(["Average merge multiplies by 0"])
    ['WARNING: template hazard: Average merge multiplies by 0']
    """
    return warning_lines(Finding(TEMPLATE_HAZARD, h) for h in hazards)


def findings_json(findings: Iterable[Finding]) -> list[dict]:
    """The JSON form of ``findings`` (a list of plain dicts), without repeats."""
    seen: dict[str, dict] = {}
    for f in findings:
        seen.setdefault(f.line(), f.as_dict())
    return list(seen.values())


__all__ = ["Finding", "CANNOT_BE_RIGHT", "TEMPLATE_HAZARD", "warning_lines", "hazard_lines", "findings_json"]
