"""``fxsim estimate PROJECT [--part P] [--clock-ns T] [--mul-impl dsp|fabric] [--hls-tool vivado|vitis] [--json F]
[--against REPORT]``.

For the lead to wire into :mod:`fxsim.cli`: ``add_arguments(subparser)`` then ``run(args)``; or call
``main(argv)`` directly. Part, clock, clock uncertainty and the multiplier binding (Vitis
``config_op mul -impl`` in the build scripts) default to the project's own settings; an option
overrides them. A project that cannot be read or estimated exits with code 2 and one line on stderr.

>>> import argparse
>>> p = argparse.ArgumentParser(); add_arguments(p)
>>> a = p.parse_args(["prj", "--part", "xcvu13p", "--clock-ns", "4"])
>>> a.project, a.part, a.clock_ns, a.json
('prj', 'xcvu13p', 4.0, None)
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("project", help="hls4ml project directory (the one with firmware/)")
    parser.add_argument("--part", default=None,
                        help="AMD/Xilinx part, any device (default: the project's); the family's rules are "
                             "used, with a warning if the device is not known")
    parser.add_argument("--clock-ns", type=float, default=None,
                        help="clock period in ns (default: the project's)")
    parser.add_argument("--mul-impl", choices=("auto", "dsp", "fabric"), default=None,
                        help="bind every true multiplier to DSPs or LUTs (like Vitis config_op mul -impl); "
                             "default: what the project's build script pins, else 'auto' (width rule)")
    parser.add_argument("--clock-uncertainty", type=float, default=None, metavar="FRACTION",
                        help="fraction of the period the scheduler keeps free (default: the project's)")
    parser.add_argument("--hls-tool", choices=("vivado", "vitis"), default=None,
                        help="the HLS tool that synthesizes the project (default: the project's backend; a "
                             "project of hls4ml <= 0.6 is taken as Vivado HLS, with a note)")
    parser.add_argument("--dsp-full-reg", choices=("true", "false"), default=None,
                        help="Vitis config_schedule -enable_dsp_full_reg (default: the project's, else the "
                             "tool's default: true for Vitis HLS; false for hls4ml's Vitis backend, whose "
                             "build_prj.tcl always sets it)")
    parser.add_argument("--json", default=None, metavar="FILE",
                        help="also write the estimate as JSON ('-' = stdout)")
    parser.add_argument("--against", default=None, metavar="REPORT",
                        help="set the estimate beside a Vivado/Vitis HLS C-synthesis report of this project "
                             "(<top>_csynth.rpt or Vitis's csynth.rpt): each figure, its error, and whether "
                             "the 80%% band holds the report's")


#: What a bad project or option raises: reported in one line, exit code :data:`EXIT_BAD_INPUT`.
EXIT_BAD_INPUT = 2


def run(args: argparse.Namespace) -> int:
    """Estimate ``args.project``; print the table (and write JSON). Returns the exit code."""
    from fxsim.config import ConfigError
    from fxsim.estimate import estimate
    from fxsim.estimate.csynth import comparison_dict, comparison_table, read_csynth_report
    from fxsim.project import ProjectError, read_project  # the project reader (fxsim/project)

    try:
        full_reg = None if args.dsp_full_reg is None else args.dsp_full_reg == "true"
        not_amd = intel_or_catapult_project(Path(args.project))
        if not_amd:
            raise ValueError(f"{args.project}: {not_amd}")
        # the hardware of a project whose firmware reads an array no call writes still exists: estimated, warned
        project = read_project(Path(args.project), allow_undefined_reads=True)
        est = estimate(project, part=args.part, clock_ns=args.clock_ns,
                       mul_binding=args.mul_impl, clock_uncertainty=args.clock_uncertainty,
                       hls_tool=args.hls_tool, dsp_full_reg=full_reg)
        report = read_csynth_report(args.against) if getattr(args, "against", None) else None
    except (ProjectError, ConfigError, ValueError, KeyError, OSError) as e:
        msg = " ".join(str(e).split()) or type(e).__name__
        print(f"fxsim estimate: error: {msg}", file=sys.stderr)
        return EXIT_BAD_INPUT
    for warning in (*project.warnings, *est.part.warnings):
        print(f"fxsim estimate: warning: {warning}", file=sys.stderr)
    data = est.to_dict()
    if report is not None:
        data["against"] = comparison_dict(est, report)
    if args.json == "-":
        print(json.dumps(data, indent=2))
        return 0
    print(est.table())
    if report is not None:
        print()
        print(comparison_table(est, report))
    if args.json:
        Path(args.json).write_text(json.dumps(data, indent=2) + "\n")
    return 0


def intel_or_catapult_project(path: Path) -> str | None:
    """Why ``path`` is not a project ``fxsim estimate`` costs (a Quartus/oneAPI or Catapult project: ``ac_fixed``
    types, a part fxsim has no rules for), or None.

    >>> intel_or_catapult_project(Path("no/such/project")) is None
    True
    """
    defines = path / "firmware" / "defines.h"
    try:
        text = defines.read_text(errors="replace")
    except OSError:
        return None
    if "ac_fixed<" in text or "ac_int<" in text:
        return ("an ac_fixed project (hls4ml's Quartus, oneAPI or Catapult backend): fxsim estimate costs AMD/Xilinx "
                "(Vivado/Vitis HLS) projects; fxsim verify reads this one")
    return None


def main(argv: list[str] | None = None) -> int:
    """Entry point: ``python -m fxsim.estimate.cli PROJECT [options]``."""
    parser = argparse.ArgumentParser(prog="fxsim estimate", description=__doc__.splitlines()[0])
    add_arguments(parser)
    return run(parser.parse_args(argv))


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
