"""Project-level settings (part, clock, backend, io type) from ``project.tcl``, ``build_prj.tcl``
and ``hls4ml_config.yml``, read as plain text (no YAML library needed: only top-level scalars).

>>> read_tcl_settings('set part "xcvu13p-flga2577-2-e"\\nset clock_period 5\\n')
{'part': 'xcvu13p-flga2577-2-e', 'clock_period': '5'}
>>> read_yaml_scalars("Backend: Vivado\\nHLSConfig:\\n  Model:\\n    Precision: x\\nIOType: io_stream\\n")
{'Backend': 'Vivado', 'IOType': 'io_stream'}
"""

from __future__ import annotations

import re
from pathlib import Path

from fxsim.project.files import read_text

_SET = re.compile(r'^set\s+(?P<key>\w+)\s+(?:"(?P<q>[^"]*)"|\{(?P<b>[^}]*)\}|(?P<w>\S+))\s*$')
_SET_PART = re.compile(r"^\s*set_part\s+(?:\{(?P<b>[^}]*)\}|(?P<w>\S+))", re.MULTILINE)
_CLOCK = re.compile(r"^\s*create_clock\s+.*-period\s+(?P<p>[\d.]+)", re.MULTILINE)
_MUL_IMPL = re.compile(r"^\s*config_op\s+mul\b[^\n#]*?-impl\s+\{?(\w+)\}?", re.MULTILINE)
# Vitis ``config_schedule -enable_dsp_full_reg[=| ]true|false`` (issue 14: hls4ml >= 0.7 writes =false)
_DSP_FULL_REG = re.compile(r"^\s*config_schedule\b[^\n#]*?-enable_dsp_full_reg(?:\s*=\s*|\s+)?(\w*)", re.MULTILINE)
_YAML = re.compile(r"^(?P<key>[A-Za-z_]\w*):\s*(?P<value>.*?)\s*$")


def read_tcl_settings(text: str) -> dict[str, str]:
    """``set name value`` lines of a Tcl file (later ones win); also ``set_part``/``create_clock``,
    ``config_op mul -impl X`` (``mul_impl``) and ``config_schedule -enable_dsp_full_reg=X``
    (``dsp_full_reg``: ``'true'``/``'false'``).

    >>> read_tcl_settings("config_op mul -impl fabric -latency 2\\n")
    {'mul_impl': 'fabric'}
    >>> read_tcl_settings("config_schedule -enable_dsp_full_reg=false\\n")
    {'dsp_full_reg': 'false'}
    """
    out: dict[str, str] = {}
    for line in text.splitlines():
        m = _SET.match(line)
        if m:
            out[m.group("key")] = next(v for v in (m.group("q"), m.group("b"), m.group("w")) if v is not None)
    m = _SET_PART.search(text)
    if m and "part" not in out:
        out["part"] = (m.group("b") or m.group("w")).strip()
    m = _CLOCK.search(text)
    if m and "clock_period" not in out:
        out["clock_period"] = m.group("p")
    impl = _MUL_IMPL.findall(text)  # Vitis ``config_op mul -impl dsp|fabric|...`` (last one wins)
    if impl:
        out["mul_impl"] = impl[-1].lower()
    full = _DSP_FULL_REG.findall(text)   # a bare flag means true (last one wins)
    if full:
        out["dsp_full_reg"] = "false" if full[-1].lower() in ("false", "0", "no") else "true"
    return out


def clock_uncertainty_fraction(text: str, clock_ns: float | None) -> float:
    """``set_clock_uncertainty`` / ``ClockUncertainty`` as a fraction of the period: ``'12.5%'``, or an
    absolute value in ns divided by ``clock_ns`` (0 when the period is unknown). ``ValueError`` when it
    is not a number or a percentage, or not in ``[0, 1)`` of the period. The one parser of this setting:
    the project reader checks it with it, the estimator schedules with it.

    >>> clock_uncertainty_fraction("12.5%", 5.0), clock_uncertainty_fraction("27%", None)
    (0.125, 0.27)
    >>> clock_uncertainty_fraction("1.0", 4.0)
    0.25
    """
    t = str(text).strip()
    value = float(t[:-1] if t.endswith("%") else t)       # ValueError: not a number
    frac = value / 100 if t.endswith("%") else (value / clock_ns if clock_ns else 0.0)
    if not (value >= 0 and 0 <= frac < 1):
        raise ValueError(f"clock uncertainty {t[:40]} must be at least 0 and less than the clock period")
    return frac


def read_yaml_scalars(text: str) -> dict[str, str]:
    """Top-level ``Key: value`` pairs with a non-empty scalar value (quotes removed)."""
    out = {}
    for line in text.splitlines():
        m = _YAML.match(line)
        if m and m.group("value") and not m.group("value").startswith(("|", ">", "#")):
            v = m.group("value")
            if len(v) >= 2 and v[0] == v[-1] and v[0] in "'\"":
                v = v[1:-1]
            out[m.group("key")] = v
    return out


def project_settings(root: Path) -> dict[str, str]:
    """Merged settings, keyed as in ``project.tcl`` (``project_name``, ``backend``, ``part``,
    ``clock_period``, ``clock_uncertainty``) plus ``io_type`` from the YAML when present. ``project.tcl`` wins,
    except that a YAML ``Backend: Vitis`` is kept over a ``project.tcl`` that says ``vivado``."""
    out: dict[str, str] = {}
    asked = ""                                    # hls4ml_config.yml's Backend
    yml = root / "hls4ml_config.yml"
    if yml.is_file():
        y = read_yaml_scalars(read_text(yml, root))
        for ykey, key in (
            ("ProjectName", "project_name"),
            ("Backend", "backend"),
            ("XilinxPart", "part"),           # hls4ml <= 0.6 (and its Pynq backend) writes this key
            ("Part", "part"),
            ("ClockPeriod", "clock_period"),
            ("ClockUncertainty", "clock_uncertainty"),
            ("IOType", "io_type"),
        ):
            if ykey in y and y[ykey] not in ("null", "~"):
                out[key] = y[ykey]
        asked = out.get("backend", "")
    for name in ("build_prj.tcl", "project.tcl"):  # project.tcl is what build_prj.tcl sources
        f = root / name
        if f.is_file():
            tcl = read_tcl_settings(read_text(f, root))
            out.update({k: v for k, v in tcl.items() if k in KNOWN and "$" not in v and "[" not in v})
    if asked.lower() == "vitis" and out.get("backend", "").lower() == "vivado":
        # the conversion asked for Vitis, project.tcl says "vivado": Lrozzy/hls4ml-tutorial model_3.1 (hls4ml
        # 1.0.0) is such a project, and its csynth report is Vitis HLS 2024.1's
        out["backend"] = asked
    return out


#: The settings :func:`project_settings` reports.
KNOWN = ("project_name", "backend", "part", "clock_period", "clock_uncertainty", "version", "io_type",
         "mul_impl", "dsp_full_reg")
