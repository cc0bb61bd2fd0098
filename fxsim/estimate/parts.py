"""Decode any AMD/Xilinx part string into what the estimator needs: family, DSP slice, speed, package.

The estimator never refuses a part. A part number is read the way AMD's ordering guides spell it
(``xc`` + device + package + ``-`` speed grade [+ voltage letter] [+ ``-`` temperature]), e.g.
``xcvu9p-flga2104-2L-e``, ``xc7z020clg400-1``, ``xczu9eg-ffvb1156-2-e``, ``xcvc1902-vsva2197-2MP-e-S``:

* the **family** fixes the DSP slice (7 series DSP48E1 25x18, UltraScale/UltraScale+ DSP48E2 27x18,
  Versal DSP58 27x24) and the **timing model** (operator delays scaled by the family's speed);
* the **capacity** (DSP/LUT/FF/BRAM counts) is looked up in :data:`fxsim.estimate.constants.CAPACITY`
  only to print utilisation percentages; a device missing from it gets no percentages and a warning;
* a string that matches no AMD/Xilinx family gets the UltraScale+ rules and a warning.

Only an empty string is refused (a usage error: there is nothing to decode).

>>> p = decode_part("xc7z007s-clg225-2")
>>> p.family.name, p.family.dsp_slice, p.device, p.package, p.speed_grade
('zynq7', 'DSP48E1', 'xc7z007s', 'clg225', '-2')
>>> p = decode_part("xcvu9p-flga2104-2L-e")
>>> p.family.name, p.speed_grade, p.temperature, p.capacity.dsp
('virtexuplus', '-2L', 'e', 6840)
>>> decode_part("xcvc1902-vsva2197-2MP-e-S").family.dsp_slice
'DSP58'
>>> q = decode_part("xc7a12ti-csg325-1L")          # not in the capacity table: rules, no percentages
>>> q.family.name, q.capacity is None, len(q.warnings)
('artix7', True, 1)
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from fxsim.estimate import constants as C


@dataclass(frozen=True)
class Family:
    """One AMD/Xilinx device family: its DSP slice and its speed (DSP Fmax per speed grade, MHz).

    ``dsp_fmax`` is the fully pipelined DSP-slice Fmax of the family's data sheet (DS181/DS182/DS187
    7 series, DS892 UltraScale, DS922/DS925 UltraScale+, DS957 Versal), used only as a relative speed:
    operator delays are scaled by ``fmax(UltraScale+, -2) / fmax(family, grade)``, times ``library``:
    how much slower the HLS tool's own operator library is on this family than that ratio says
    (:data:`constants.HLS_LIBRARY_FACTOR`; 1 where no report of the family's schedule was read).
    """

    name: str
    label: str
    dsp_slice: str
    dsp_fmax: dict[str, float]
    default_grade: str = "-2"
    library: float = 1.0

    def delay_scale(self, speed_grade: str | None) -> float:
        """Delay of an operator relative to UltraScale+ -2 (the grade the delays were set on).

        Hand-worked: Zynq-7000 -1: 891 / 464 = 1.92 from the data sheets, x 1.172 (the 7-series HLS
        library, :data:`constants.HLS_LIBRARY_FACTOR`) = 2.25; -2: 891 / 550 x 1.172 = 1.90.

        >>> z7, usp = FAMILIES["zynq7"], FAMILIES["virtexuplus"]
        >>> z7.delay_scale("-1"), z7.delay_scale("-2"), usp.delay_scale("-2L")
        (2.25, 1.9, 1.0)
        """
        grade = _grade_digit(speed_grade) or self.default_grade
        fmax = self.dsp_fmax.get(grade) or self.dsp_fmax[self.default_grade]
        return round(REFERENCE_DSP_FMAX / fmax * self.library, 2)


#: UltraScale+ -2 DSP48E2 Fmax (DS922/DS925), the speed every delay constant is expressed at.
REFERENCE_DSP_FMAX = 891.0

_LOW7 = {"-1": 464.0, "-2": 550.0, "-3": 628.0}      # Artix-7 / Spartan-7 / Zynq-7000 7010-7020 (DS181, DS187)
_MID7 = {"-1": 540.0, "-2": 650.0, "-3": 741.0}      # Kintex-7 / Virtex-7 / Zynq-7000 7030+ (DS182, DS183)
_US = {"-1": 600.0, "-2": 661.0, "-3": 741.0}        # UltraScale (DS892)
_USP = {"-1": 775.0, "-2": 891.0, "-3": 891.0}       # UltraScale+ (DS922/DS923/DS925)
_VERSAL = {"-1": 750.0, "-2": 891.0, "-3": 1000.0}   # Versal DSP58 (DS957)
#: the 7-series operator library of Vivado/Vitis HLS is slower than the DSP-Fmax ratio (constants.HLS_LIBRARY_FACTOR)
_LIB7 = C.HLS_LIBRARY_FACTOR["7series"]
_OLD = {"-1": 400.0, "-2": 450.0, "-3": 500.0}       # Virtex-6/-5, Spartan-6 (DS152, DS162): rough

#: Every family the decoder knows, in the order the patterns are tried.
FAMILIES: dict[str, Family] = {f.name: f for f in (
    Family("versal", "Versal", "DSP58", _VERSAL),
    Family("zynquplus", "Zynq UltraScale+", "DSP48E2", _USP),
    Family("kria", "Kria (Zynq UltraScale+)", "DSP48E2", _USP),
    Family("alveo", "Alveo (UltraScale+)", "DSP48E2", _USP),
    Family("virtexuplus", "Virtex UltraScale+", "DSP48E2", _USP),
    Family("kintexuplus", "Kintex UltraScale+", "DSP48E2", _USP),
    Family("artixuplus", "Artix UltraScale+", "DSP48E2", _USP),
    Family("spartanuplus", "Spartan UltraScale+", "DSP48E2", _USP),
    Family("virtexu", "Virtex UltraScale", "DSP48E2", _US),
    Family("kintexu", "Kintex UltraScale", "DSP48E2", _US),
    Family("zynq7", "Zynq-7000", "DSP48E1", _LOW7, library=_LIB7),
    Family("artix7", "Artix-7", "DSP48E1", _LOW7, default_grade="-1", library=_LIB7),
    Family("spartan7", "Spartan-7", "DSP48E1", _LOW7, default_grade="-1", library=_LIB7),
    Family("kintex7", "Kintex-7", "DSP48E1", _MID7, library=_LIB7),
    Family("virtex7", "Virtex-7", "DSP48E1", _MID7, library=_LIB7),
    Family("virtex6", "Virtex-6", "DSP48E1", _OLD),
    Family("virtex5", "Virtex-5", "DSP48E", _OLD),
    Family("spartan6", "Spartan-6", "DSP48A1", _OLD),
)}

#: (family, device pattern) in matching order; ``x`` + ``c``/``a``/``q`` (commercial, automotive,
#: defence) prefixes are accepted for every family.
_DEVICE_PATTERNS: tuple[tuple[str, str], ...] = (
    ("versal", r"v[cmpeh]\d{4}[a-z]*"),
    ("zynquplus", r"zu\d+[a-z]*"),
    ("kria", r"k2\d[a-z]*"),
    ("alveo", r"u\d+[a-z]*"),
    ("virtexuplus", r"vu\d+p"),
    ("kintexuplus", r"ku\d+p"),
    ("artixuplus", r"au\d+p"),
    ("spartanuplus", r"su\d+p"),
    ("virtexu", r"vu\d+"),
    ("kintexu", r"ku\d+"),
    ("zynq7", r"7z\d+s?"),
    ("artix7", r"7a\d+t?"),
    ("spartan7", r"7s\d+"),
    ("kintex7", r"7k\d+t?"),
    ("virtex7", r"7v[a-z]*\d+t?"),
    ("virtex6", r"6v[a-z]*\d+t?"),
    ("virtex5", r"5v[a-z]*\d+t?"),
    ("spartan6", r"6s[a-z]*\d+t?"),
)
_PART_RE = [(fam, re.compile(
    rf"^(?P<device>x[acq]?{pat})(?P<temp1>i?)"
    # today's order: package, -speed grade, -temperature (xcvu9p-flga2104-2L-e, xc7z020clg400-1) ...
    rf"(?:-?(?P<package>[a-z]{{1,4}}\d{{3,4}}[a-z]?)?(?:-(?P<speed>\d[a-z]{{0,2}}))?(?:-(?P<temp>[a-z]))?"
    # ... or the older -speed grade, package, temperature (XC7K325T-2FFG900C, xc6slx45-2csg324)
    rf"|-(?P<speed2>\d)(?P<package2>[a-z]{{2,4}}\d{{3,4}})(?P<temp2>[a-z])?)"
    rf"(?:-(?P<rev>[a-z]))?$"))
    for fam, pat in _DEVICE_PATTERNS]
_DEFAULT_FAMILY = "virtexuplus"


def _grade_digit(speed_grade: str | None) -> str | None:
    m = re.match(r"-?(\d)", speed_grade or "")
    return f"-{m.group(1)}" if m else None


@dataclass(frozen=True)
class DecodedPart:
    """What a part string says: family (DSP slice, timing model), device, package, speed grade.

    ``capacity`` is ``None`` when the device is not in :data:`constants.CAPACITY` (no percentages).
    ``warnings`` say what was assumed.
    """

    text: str
    device: str
    family: Family
    package: str | None = None
    speed_grade: str | None = None
    temperature: str | None = None
    capacity: C.Capacity | None = None
    warnings: tuple[str, ...] = field(default_factory=tuple)

    @property
    def delay_scale(self) -> float:
        """Operator delays relative to UltraScale+ -2 (:meth:`Family.delay_scale`)."""
        return self.family.delay_scale(self.speed_grade)

    @property
    def timing_model(self) -> str:
        """A one-line name of the timing model used, for the text and JSON outputs.

        >>> decode_part("xc7z020clg400-1").timing_model
        'Zynq-7000 -1 (operator delays x2.25 of UltraScale+ -2)'
        """
        grade = self.speed_grade or f"{self.family.default_grade} (assumed)"
        return f"{self.family.label} {grade} (operator delays x{self.delay_scale:g} of UltraScale+ -2)"

    def to_dict(self) -> dict[str, object]:
        """The JSON form (``part`` block of ``fxsim estimate --json``)."""
        return {"text": self.text, "device": self.device, "family": self.family.name,
                "family_label": self.family.label, "dsp_slice": self.family.dsp_slice,
                "dsp_ports": list(C.DSP_SLICES[self.family.dsp_slice]), "package": self.package,
                "speed_grade": self.speed_grade, "temperature": self.temperature,
                "timing_model": self.timing_model, "delay_scale": self.delay_scale,
                "capacity_known": self.capacity is not None, "warnings": list(self.warnings)}


def decode_part(text: str) -> DecodedPart:
    """Decode ``text``; never fails except on an empty string (``ValueError``).

    >>> decode_part("xcku115-flvb2104-2-i").family.name, decode_part("xczu7ev-ffvc1156-2-e").family.name
    ('kintexu', 'zynquplus')
    >>> decode_part("xcu250-figd2104-2L-e").capacity.dsp, decode_part("XC7VX690T-FFG1761-2").family.label
    (12288, 'Virtex-7')
    >>> r = decode_part("10AX115N2F40E2LG")           # an Intel part: UltraScale+ rules and a warning
    >>> r.family.name, r.warnings[0].split(":")[0]
    ('virtexuplus', "part '10AX115N2F40E2LG' is not an AMD/Xilinx part number")
    """
    s = (text or "").strip()
    if not s:
        raise ValueError("empty part string: give an AMD/Xilinx part such as xcvu9p-flga2104-2L-e")
    key = s.lower()
    for fam, rx in _PART_RE:
        m = rx.match(key)
        if m is None:
            continue
        device = m.group("device")
        family = FAMILIES[fam]
        cap = _capacity(device)
        warnings = []
        if cap is None:
            warnings.append(f"part {s!r}: device {device} ({family.label}) is not in fxsim's capacity table; "
                            f"{family.label} rules used, no utilisation percentages")
        temp = m.group("temp") or m.group("temp2") or m.group("temp1") or None
        speed = m.group("speed") or m.group("speed2")
        return DecodedPart(s, device, family, m.group("package") or m.group("package2"),
                           f"-{speed.upper()}" if speed else None, temp, cap, tuple(warnings))
    # not a full part number: try the device prefix alone (e.g. "xcvu9p_custom", "xc7z020-foo")
    for fam, pat in _DEVICE_PATTERNS:
        m = re.match(rf"x[acq]?{pat}", key)
        if m:
            cap = _capacity(m.group(0))
            return DecodedPart(s, m.group(0), FAMILIES[fam], capacity=cap, warnings=(
                f"part {s!r}: only the device {m.group(0)} ({FAMILIES[fam].label}) could be read; "
                "package and speed grade unknown" + ("" if cap else ", no utilisation percentages"),))
    family = FAMILIES[_DEFAULT_FAMILY]
    return DecodedPart(s, key, family, warnings=(
        f"part {s!r} is not an AMD/Xilinx part number: {family.label} rules used, "
        "no utilisation percentages",))


def _capacity(device: str) -> C.Capacity | None:
    """The capacity entry of ``device`` (the ``xa``/``xq`` variants share the ``xc`` die), or ``None``."""
    d = "xc" + device[2:] if device.startswith(("xa", "xq")) else device
    d = d if d.startswith("xc") else "xc" + d[1:]
    if d in C.CAPACITY:
        return C.CAPACITY[d]
    for name in C.CAPACITY:   # one trailing letter: xc7a35ti (industrial) -> xc7a35t
        if d.startswith(name) and len(d) == len(name) + 1:
            return C.CAPACITY[name]
    return None
