""":func:`read_project`: an exported hls4ml project directory as one :class:`Project` value."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from fxsim.config import Config
from fxsim.project.calls import ArrayDecl, Call, Port, TopFunction, WeightLoad, parse_top
from fxsim.project.codegen import CodeGen, parse_codegen
from fxsim.project.cparse import ExprError
from fxsim.project.defines import Defines, int_value, parse_defines, resolve_type
from fxsim.project.errors import ProjectError
from fxsim.project.files import project_path, read_text
from fxsim.project.parameters import Parameters, parse_parameters
from fxsim.project.settings import clock_uncertainty_fraction, project_settings
from fxsim.project.templates import template_features
from fxsim.project.testbench import Log, Testbench, parse_testbench, read_log, testbench_inputs
from fxsim.project.weights import (
    Weight,
    parse_weight_header,
    read_struct_weight_txt,
    read_struct_weights,
    read_weight_txt,
)
from fxsim.types import FixedType


@dataclass(frozen=True)
class ProjectFiles:
    """Where everything was read from (``None`` for files the project does not have)."""

    root: Path
    firmware: Path
    defines: Path
    parameters: Path
    top_source: Path
    top_header: Path | None
    weights_dir: Path
    testbench: Path | None
    tb_input: Path
    tb_predictions: Path
    csim_log: Path


@dataclass
class Project:
    """An hls4ml project, read from text only.

    * ``name`` (file stem, e.g. ``'myproject'``), ``top`` (top function name);
      ``backend`` (``'vivado'``, ``'vitis'``, lower case; ``None`` if unknown), ``part``,
      ``clock_period`` (ns), ``io_type`` (``'io_parallel'`` or ``'io_stream'``), ``settings``.
    * ``types``: typedef name -> :class:`FixedType` (element type for io_stream packs),
      ``packs``: typedef -> ``nnet::array`` pack size, ``constants``: ``#define`` s.
    * ``configs``: struct name -> :class:`Config`, ``config_bases``: struct -> nnet base struct.
    * ``inputs``/``outputs``: top-function :class:`Port` s in order; ``arrays``: intermediate
      :class:`ArrayDecl` s (aliases included); ``calls``: the :class:`Call` s in order.
    * ``weights``: name -> :class:`Weight` (float64 values, declared type, size, shape);
      ``weights_from_txt``: the C simulation loads them from ``firmware/weights/*.txt``.
    * ``testbench``: the testbench's input/output wiring (or ``None``); ``files``: paths.

    >>> p = read_project("my_hls_prj")                                   # doctest: +SKIP
    >>> for call in p.calls:                                             # doctest: +SKIP
    ...     cfg = p.configs[call.config]
    ...     print(call.function, call.inputs, "->", call.outputs, p.type_of(call.outputs[0]), cfg.n_in)
    dense ('input_1',) -> ('layer2_out',) ap_fixed<16,6> 16
    """

    name: str
    top: str
    backend: str | None
    part: str | None
    clock_period: float | None
    io_type: str
    types: dict[str, FixedType]
    packs: dict[str, int]
    constants: dict[str, int | float]
    configs: dict[str, Config]
    config_bases: dict[str, str | None]
    inputs: list[Port]
    outputs: list[Port]
    arrays: dict[str, ArrayDecl]
    calls: list[Call]
    weights: dict[str, Weight]
    weights_from_txt: bool
    testbench: Testbench | None
    files: ProjectFiles
    settings: dict[str, str] = field(default_factory=dict)
    weight_loads: list[WeightLoad] = field(default_factory=list)
    #: variants of the project's own ``nnet_utils`` copy (:mod:`fxsim.project.templates`)
    template_features: frozenset[str] = field(default_factory=frozenset)
    #: the functions hls4ml generated into ``nnet_utils/nnet_code_gen.h`` (:mod:`fxsim.project.codegen`)
    generated: CodeGen | None = None
    #: what the project does that is legal C++ but probably not meant (one line each, file:line first)
    warnings: list[str] = field(default_factory=list)

    # ------------------------------------------------------------------ lookups
    def resolve(self, name: str) -> str:
        """Follow ``auto& a = b`` aliases to the array that holds the data."""
        seen = set()
        while name in self.arrays and self.arrays[name].alias_of and name not in seen:
            seen.add(name)
            name = self.arrays[name].alias_of  # type: ignore[assignment]
        return name

    def declaration(self, name: str) -> Port | ArrayDecl:
        """The port or array declaration behind a data name (aliases followed)."""
        base = self.resolve(name)
        for p in self.inputs + self.outputs:
            if p.name == base:
                return p
        if base in self.arrays:
            return self.arrays[base]
        raise ProjectError(self.files.top_source, None, f"{name!r} is not a port or array of {self.top}")

    def type_of(self, name: str) -> FixedType:
        """Element type of a port or array (``layer2_out`` -> ``ap_fixed<16,6>``)."""
        return self.types[self.declaration(name).type_name]  # type: ignore[index]

    def pack_of(self, name: str) -> int | None:
        """``nnet::array`` pack size of an io_stream port/array, else ``None``."""
        return self.packs.get(self.declaration(name).type_name or "")

    def size_of(self, name: str) -> int | None:
        """Total elements of a port or array (aliases followed), ``None`` if the sources do not say.

        io_parallel: the declared ``[N]``. io_stream ports: the testbench's ``copy_data`` /
        ``print_result`` size. io_stream intermediates (``hls::stream<layer2_t>`` has no size): the
        producing call's output size from its config (:func:`stream_size`), checked against the
        ``nnet::array`` pack size.
        """
        d = self.declaration(name)
        if d.size is not None:
            return d.size
        if self.testbench is not None:
            for io in self.testbench.inputs + self.testbench.outputs:
                if io.port == d.name:
                    return io.size
        call = self.producer(d.name)
        if call is None or call.config not in self.configs and not call.function.endswith("_stream"):
            return None
        n = stream_size(call, self.configs.get(call.config or ""))
        pack = self.packs.get(d.type_name or "")
        if n is None or (pack and n % pack):
            return None
        return n

    def config_of(self, call: Call) -> Config:
        """The :class:`Config` a call is instantiated with."""
        if call.config is None or call.config not in self.configs:
            what = "has no config template argument" if call.config is None else \
                f"names config {call.config}, which parameters.h does not define"
            raise ProjectError(self.files.top_source, call.line, f"nnet::{call.function} {what}")
        return self.configs[call.config]

    def producer(self, name: str) -> Call | None:
        """The call that writes a data name (``None`` for top inputs)."""
        base = self.resolve(name)
        for c in self.calls:
            if any(self.resolve(o) == base for o in c.outputs):
                return c
        return None

    # ------------------------------------------------------------------ testbench data
    def testbench_inputs(self) -> dict[str, np.ndarray]:
        """Each top input's values as the generated testbench feeds them (float32-rounded, as
        float64), shape ``(n_samples, size)``."""
        if self.testbench is None:
            raise ProjectError(self.files.root, None, "the project has no testbench source")
        return testbench_inputs(self.testbench, self.files.tb_input, self.files.tb_predictions)

    def printed_sizes(self) -> dict[str, int]:
        """Output port -> how many of its elements the testbench prints (``print_result<T, N>``);
        a testbench that prints more than the port holds is refused (the C++ reads past the array)."""
        out: dict[str, int] = {}
        if self.testbench is None:
            return out
        for io in self.testbench.outputs:
            size = self.size_of(io.port) if any(p.name == io.port for p in self.outputs) else None
            if size is not None and io.size > size and self.declaration(io.port).size is not None:
                raise ProjectError(self.testbench.path, None, f"print_result<{io.type_name}, {io.size}> prints "
                                   f"{io.size} values of {io.port}, which holds {size}: the C++ reads past the array")
            if io.size <= 0:
                raise ProjectError(self.testbench.path, None, f"print_result of {io.port} prints {io.size} values")
            out[io.port] = io.size
        return out

    def csim_log(self) -> Log:
        """``tb_data/csim_results.log`` (written by the C simulation)."""
        return read_log(self.files.csim_log)


# ---------------------------------------------------------------------------------------- sizes


def stream_size(call: Call, cfg: Config | None) -> int | None:
    """Elements a call writes to its (first) output, from its config members; ``None`` if unknown.

    >>> stream_size(Call("dense", (), (), (), (), (), "c", None, 1), Config(n_in=16, n_out=64))
    64
    """
    f = call.function
    if f.startswith(("clone_stream", "repack_stream", "broadcast_stream")):
        try:
            return int(call.template_args[-1])
        except (IndexError, ValueError):
            return None
    if cfg is None:
        return None

    def get(*names: str) -> int | None:
        for n in names:
            v = cfg.get(n)
            if isinstance(v, int) and not isinstance(v, bool):
                return v
        return None

    chans = get("n_filt", "n_chan")
    if f.startswith("global_pooling"):
        return get("n_filt")
    if f.startswith("concatenate"):
        parts = [[get(f"n_elem{k}_{d}") for d in range(3)] for k in (1, 2)]
        total = 0
        for dims in parts:
            dims = [d for d in dims if d]  # unused dimensions are written as 0
            if not dims:
                return None
            total += int(np.prod(dims))
        return total
    if f.startswith("dot"):
        return 1
    if "n_elem" in cfg and get("n_elem") is not None:
        return get("n_elem")
    if get("out_height") is not None and get("out_width") is not None and chans is not None:
        return get("out_height") * get("out_width") * chans
    if get("new_height") is not None and get("new_width") is not None and chans is not None:
        return get("new_height") * get("new_width") * chans
    if get("out_width") is not None and chans is not None:
        return get("out_width") * chans
    if get("new_width") is not None and chans is not None:
        return get("new_width") * chans
    if f.startswith("pooling1d") and get("n_out") is not None and chans is not None:
        return get("n_out") * chans
    if get("n_out") is not None:
        return get("n_out")
    if get("n_in") is not None:
        return get("n_in")
    return None


# ---------------------------------------------------------------------------------------- reading


def read_project(path: str | Path, *, allow_undefined_reads: bool = False) -> Project:
    """Read an hls4ml project directory (what ``hls_model.write()`` produces).

    Raises :class:`ProjectError` naming file and line for anything it cannot read exactly. A call reading an array
    no earlier call writes (hls4ml converted a layer but wrote no call for it) is such an error, unless
    ``allow_undefined_reads``: then the project is read as written and ``Project.warnings`` says where (the hardware
    exists and can be estimated; the network it computes cannot be right).

    >>> p = read_project("my_hls_prj")                       # doctest: +SKIP
    >>> p.top, p.io_type, [c.function for c in p.calls][:2]  # doctest: +SKIP
    ('myproject', 'io_parallel', ['dense', 'relu'])
    """
    root = Path(path)
    if not root.is_dir():
        raise ProjectError(root, None, "not a directory")
    firmware = root / "firmware"
    if not firmware.is_dir():
        raise ProjectError(root, None, "no firmware/ directory: not an hls4ml project")
    settings = project_settings(root)
    name = _project_name(firmware, settings)
    files = ProjectFiles(
        root=root,
        firmware=firmware,
        defines=_need(firmware / "defines.h"),
        parameters=_need(firmware / "parameters.h"),
        top_source=_need(firmware / f"{name}.cpp"),
        top_header=(firmware / f"{name}.h") if (firmware / f"{name}.h").is_file() else None,
        weights_dir=firmware / "weights",
        testbench=(root / f"{name}_test.cpp") if (root / f"{name}_test.cpp").is_file() else None,
        tb_input=root / "tb_data" / "tb_input_features.dat",
        tb_predictions=root / "tb_data" / "tb_output_predictions.dat",
        csim_log=root / "tb_data" / "csim_results.log",
    )
    defines = parse_defines(read_text(files.defines, root), files.defines)
    params = parse_parameters(read_text(files.parameters, root), files.parameters, defines, firmware / "nnet_utils")
    macros = dict(defines.macros)
    declared = _weight_declarations(files, params, macros)
    top_name = _top_name(files)
    undefined_reads: list[str] | None = [] if allow_undefined_reads else None
    top = parse_top(
        read_text(files.top_source, root),
        files.top_source,
        set(declared),
        macros,
        config_names=set(params.configs),
        top=top_name,
        undefined_reads=undefined_reads,
    )
    _check_types(top, defines, files.top_source)
    warnings: list[str] = [f"{w} The firmware cannot compute the network: read as written."
                           for w in undefined_reads or ()]
    weights = _weights(files, declared, top, defines, warnings)
    _check_dense_weights(files, top, params, weights)
    tb = parse_testbench(files.testbench, defines.macros) if files.testbench else None
    if files.testbench is not None:
        _check_port_order(files, top)
    _check_configs(files, params)
    _check_calls(files, top, params, defines)
    io_type = settings.get("io_type") or ("io_stream" if any(p.stream for p in top.ports) else "io_parallel")
    clock_period = _clock_settings(root, settings)
    return Project(
        name=name,
        top=top.name,
        backend=settings["backend"].lower() if "backend" in settings else None,
        part=settings.get("part"),
        clock_period=clock_period,
        io_type=io_type,
        types=defines.types,
        packs=defines.packs,
        constants=defines.constants,
        configs=params.configs,
        config_bases=params.bases,
        inputs=top.inputs,
        outputs=top.outputs,
        arrays=top.arrays,
        calls=top.calls,
        weights=weights,
        weights_from_txt=bool(top.weight_loads),
        testbench=tb,
        files=files,
        settings=settings,
        weight_loads=top.weight_loads,
        template_features=template_features(firmware / "nnet_utils"),
        generated=_generated(firmware / "nnet_utils" / "nnet_code_gen.h", root),
        warnings=warnings,
    )


def _is_da_dense(cfg: Config) -> bool:
    """An io_stream ``nnet::dense`` of the ``distributed_arithmetic`` strategy: no weight arguments, its kernel a
    generated adder graph named by ``constexpr static auto dense_da = nnet::dense_da_N<…>`` (hls4ml >= 1.1)."""
    return isinstance(cfg.get("dense_da"), str)


def da_dense_function(cfg: Config) -> str | None:
    """The generated function an io_stream distributed-arithmetic dense calls (``'dense_da_2'``), else None.

    >>> da_dense_function(Config("config2", dense_da="dense_da_2"))
    'dense_da_2'
    """
    name = cfg.get("dense_da")
    return name.split("::")[-1] if isinstance(name, str) else None


def _generated(path: Path, root: Path) -> CodeGen | None:
    return parse_codegen(read_text(path, root), path) if path.is_file() else None


#: The clock periods fxsim accepts (ns): what a project file or the command line may give.
CLOCK_NS_RANGE = (1e-3, 1e6)


def _clock_settings(root: Path, settings: dict[str, str]) -> float | None:
    """The project's clock period (ns), checked with its uncertainty (``12.5%`` or ns)."""
    where = root / "project.tcl" if (root / "project.tcl").is_file() else root / "hls4ml_config.yml"
    clock = settings.get("clock_period")
    clock_period = None
    if clock is not None:
        try:
            clock_period = float(clock)
        except ValueError:
            raise ProjectError(where, None, f"clock period {clock[:40]!r} is not a number") from None
        lo, hi = CLOCK_NS_RANGE
        if not lo <= clock_period <= hi:
            raise ProjectError(where, None, f"clock period {clock[:40]} ns is outside [{lo:g}, {hi:g}] ns")
    unc = settings.get("clock_uncertainty")
    if unc is not None:
        try:
            clock_uncertainty_fraction(unc, clock_period)
        except ValueError as e:
            msg = str(e) if "must be" in str(e) else f"clock uncertainty {unc[:40]!r} is not a number or a percentage"
            raise ProjectError(where, None, msg + (" (0% <= u < 100%)" if "must be" in msg else "")) from None
    return clock_period


#: The largest lookup table (entries) fxsim builds; ``table_size`` members above it are refused.
MAX_TABLE_SIZE = 1 << 24


def _check_configs(files: ProjectFiles, params: Parameters) -> None:
    """Config values against the templates' contracts and fxsim's limits, before any work."""
    for name, cfg in params.configs.items():
        for t in ("accum_t", "bias_t", "weight_t"):
            if params.bases.get(name) in ("dense_config", "conv1d_config", "conv2d_config") and \
                    cfg.get(t) in ("float", "double"):
                raise ProjectError(files.parameters, params.lines.get(name),
                                   f"{name}::{t} is {cfg.get(t)} (the default of nnet::{params.bases[name]}, no "
                                   "typedef in the struct): fxsim simulates fixed-point types only")
        for key in cfg.as_dict():
            if key.endswith("table_size"):
                v = cfg.get(key)
                if isinstance(v, int) and not isinstance(v, bool) and not 1 <= v <= MAX_TABLE_SIZE:
                    raise ProjectError(files.parameters, params.lines.get(name),
                                       f"{name}::{key} = {v}: tables of 1 to {MAX_TABLE_SIZE} entries only "
                                       "(fxsim's limit MAX_TABLE_SIZE)")


#: nnet functions that map n_in values to n_in values (io_parallel), with the base config they take.
ELEMENTWISE = {f: ("activ_config", "softmax_config") for f in (
    "linear", "relu", "relu6", "relu1", "sigmoid", "tanh", "hard_sigmoid", "hard_tanh", "leaky_relu",
    "thresholded_relu", "elu", "selu", "prelu", "softplus", "softsign", "binary_tanh", "ternary_tanh")}
ELEMENTWISE["softmax"] = ("activ_config", "softmax_config")
#: base config structs whose layer family fxsim knows (a call given one of another family is refused)
KNOWN_BASES = ("dense_config", "activ_config", "softmax_config", "conv1d_config", "conv2d_config",
               "batchnorm_config", "pooling1d_config", "pooling2d_config", "merge_config", "concat_config")


def _check_calls(files: ProjectFiles, top: TopFunction, params: Parameters, defines: Defines) -> None:
    """Each call's config against its arrays: the base struct its function takes, and the loop bounds
    (``n_in``/``n_out``) against the arrays' sizes. Where they disagree the C++ computes a part of an
    array or reads past one; fxsim refuses rather than compute something else."""
    sizes = {p.name: p.size for p in top.ports}
    sizes.update({a.name: a.size for a in top.arrays.values() if not a.alias_of})
    types = {p.name: p.type_name for p in top.ports}
    types.update({a.name: a.type_name for a in top.arrays.values() if not a.alias_of})

    def size(name: str) -> int | None:
        seen = set()
        while name in top.arrays and top.arrays[name].alias_of and name not in seen:
            seen.add(name)
            name = top.arrays[name].alias_of  # type: ignore[assignment]
        return sizes.get(name)

    for call in top.calls:
        f = call.function
        if call.config is None or call.config not in params.configs:
            continue
        cfg, base = params.configs[call.config], params.bases.get(call.config)
        want = ("dense_config",) if f == "dense" else ELEMENTWISE.get(f)
        where = (files.top_source, call.line)
        if want and base in KNOWN_BASES and base not in want:
            raise ProjectError(*where, f"nnet::{f} is given {call.config}, a {base}; it takes a {want[0]}")
        if f == "dense" and len(call.weights) != 2 and not (len(call.weights) == 0 and _is_da_dense(cfg)):
            raise ProjectError(*where, f"nnet::dense takes weights and biases, got {len(call.weights)} weight "
                               f"argument(s) ({', '.join(call.weights) or 'none'})")
        checks = []
        if f in ELEMENTWISE and f != "prelu" and len(call.inputs) == 1 and len(call.outputs) == 1:
            checks = [("n_in", call.inputs[0]), ("n_in", call.outputs[0])]
        elif f == "dense" and len(call.inputs) == 1 and len(call.outputs) == 1:
            checks = [("n_in", call.inputs[0]), ("n_out", call.outputs[0])]
        for member, array in checks:
            n = cfg.get(member)
            pack = defines.packs.get(types.get(_base_name(top, array)) or "")
            if isinstance(n, int) and not isinstance(n, bool) and pack and n % pack:
                raise ProjectError(*where, f"{call.config}::{member} = {n} is not a multiple of the {pack} values "
                                   f"per element of {array} ({types.get(_base_name(top, array))}): the stream loop "
                                   f"covers {n // pack * pack} of them")
            have = size(array)
            if isinstance(n, int) and not isinstance(n, bool) and have is not None and n != have:
                raise ProjectError(*where, f"{call.config}::{member} = {n} but {array} holds {have} values: "
                                   f"nnet::{f} would loop over {n} (fxsim refuses to guess what the other "
                                   f"{abs(have - n)} hold)")


def _check_dense_weights(files: ProjectFiles, top: TopFunction, params: Parameters,
                         weights: dict[str, Weight]) -> None:
    """``nnet::dense`` reads ``n_in * n_out`` weights and ``n_out`` biases: arrays of other sizes
    would be read past their end or in part."""
    for call in top.calls:
        if call.function != "dense" or len(call.weights) != 2 or call.config not in params.configs:
            continue
        cfg = params.configs[call.config]
        n_in, n_out = cfg.get("n_in"), cfg.get("n_out")
        if not (isinstance(n_in, int) and isinstance(n_out, int)):
            continue
        for w, need in zip(call.weights, (n_in * n_out, n_out)):
            have = weights.get(w)
            if have is None or have.structured is not None:
                continue
            if have.size != need:
                raise ProjectError(have.header, have.line, f"{w} holds {have.size} values but nnet::dense with "
                                   f"{call.config} (n_in = {n_in}, n_out = {n_out}) reads {need} "
                                   f"({files.top_source.name}:{call.line})")


def _base_name(top: TopFunction, name: str) -> str:
    seen = set()
    while name in top.arrays and top.arrays[name].alias_of and name not in seen:
        seen.add(name)
        name = top.arrays[name].alias_of  # type: ignore[assignment]
    return name


def _check_port_order(files: ProjectFiles, top: TopFunction) -> None:
    """The testbench and the header bind the top function's ports by position: their order must be
    the definition's, or the arrays would be swapped."""
    from fxsim.project.cparse import strip_comments

    names = [p.name for p in top.ports]
    text = strip_comments(read_text(files.testbench, files.root))[0]  # type: ignore[arg-type]
    for m in re.finditer(r"(?<![\w:])" + re.escape(top.name) + r"\s*\(([^;(){}]*)\)\s*;", text):
        args = [a.strip() for a in m.group(1).split(",") if a.strip()]
        # hls4ml <= 0.6 tops end with ``unsigned short &const_size_*`` ports (not network ports: see
        # calls._SIZE_PORT), so the testbench passes two more arguments after the arrays
        if all(re.fullmatch(r"[A-Za-z_]\w*", a) for a in args) and args[: max(len(names), 1)] != names:
            line = text.count("\n", 0, m.start()) + 1
            raise ProjectError(files.testbench, line, f"calls {top.name}({', '.join(args)}) but "
                               f"{files.top_source.name}:{top.line} defines {top.name}({', '.join(names)}): "
                               "ports bind by position, so the arrays would be swapped")
    if files.top_header is not None:
        htext = strip_comments(read_text(files.top_header, files.root))[0]
        m = re.search(r"\bvoid\s+" + re.escape(top.name) + r"\s*\(([^;{]*)\)\s*;", htext)
        if m:
            hnames = [re.findall(r"(\w+)\s*(?:\[[^\]]*\]\s*)*$", a.strip()) for a in m.group(1).split(",")
                      if a.strip()]
            hnames = [h[0] for h in hnames if h]
            if len(hnames) == len(names) and hnames != names and set(hnames) == set(names):
                line = htext.count("\n", 0, m.start()) + 1
                raise ProjectError(files.top_header, line, f"declares {top.name}({', '.join(hnames)}) but "
                                   f"{files.top_source.name}:{top.line} defines {top.name}({', '.join(names)})")


def _need(p: Path) -> Path:
    if not p.is_file():
        raise ProjectError(p, None, "required project file is missing")
    return p


def _project_name(firmware: Path, settings: dict[str, str]) -> str:
    name = settings.get("project_name")
    if name and (firmware / f"{name}.cpp").is_file():
        return name
    candidates = sorted(p.stem for p in firmware.glob("*.cpp"))
    if len(candidates) == 1:
        return candidates[0]
    # a wrapper beside the network (the Pynq/VivadoAccelerator backends' ``myproject_axi.cpp``) calls the network's
    # top, not nnet:: layers: the network's source is the one .cpp that calls nnet:: functions
    networks = [c for c in candidates if "nnet::" in read_text(firmware / f"{c}.cpp", firmware.parent)]
    if len(networks) == 1:
        return networks[0]
    raise ProjectError(
        firmware,
        None,
        f"cannot tell the project's source among {candidates or 'no .cpp files'}"
        " (project.tcl / hls4ml_config.yml give no usable project name)",
    )


def _top_name(files: ProjectFiles) -> str | None:
    """The function the header prototypes (hls4ml's top function), if there is a header."""
    if files.top_header is None:
        return None
    from fxsim.project.cparse import strip_comments

    m = re.search(r"(?m)^\s*void\s+([A-Za-z_]\w*)\s*\(", strip_comments(read_text(files.top_header, files.root))[0])
    return m.group(1) if m else None


def _weight_declarations(files: ProjectFiles, params: Parameters, macros) -> dict[str, tuple[Path, object]]:
    declared: dict[str, tuple[Path, object]] = {}
    for rel in params.weight_headers:
        header = project_path(files.root, files.firmware, rel, files.parameters, None, "#include")
        if not header.is_file():
            raise ProjectError(files.parameters, None, f'#include "{rel}": file does not exist')
        for d in parse_weight_header(read_text(header, files.root), header, macros):
            if d.name in declared:
                raise ProjectError(
                    header, d.line, f"weight {d.name} declared again (first in {declared[d.name][0].name})"
                )
            declared[d.name] = (header, d)
    return declared


def _check_types(top: TopFunction, defines: Defines, path: Path) -> None:
    for d in list(top.ports) + [a for a in top.arrays.values() if not a.alias_of]:
        if d.type_name not in defines.types:
            raise ProjectError(path, d.line, f"{d.name} has type {d.type_name!r}, which defines.h does not define")


def _weights(files: ProjectFiles, declared, top: TopFunction, defines: Defines,
             warnings: list[str]) -> dict[str, Weight]:
    loads = {w.name: w for w in top.weight_loads}
    for w in top.weight_loads:
        if w.name not in declared:
            raise ProjectError(files.top_source, w.line, f"loads {w.name}, which no weights header declares")
        if w.loader not in ("load_weights_from_txt", "load_exponent_weights_from_txt",
                            "load_compressed_weights_from_txt"):
            raise ProjectError(files.top_source, w.line, f"nnet::{w.loader} is not supported")
    out: dict[str, Weight] = {}
    for name, (header, d) in declared.items():
        if d.type_name in defines.structs:  # power-of-two / compressed weights
            out[name] = _struct_weight(files, name, header, d, loads.get(name), defines.structs[d.type_name])
            continue
        try:
            t, pack = resolve_type(
                d.type_name, defines.types, defines.packs, lambda e: int_value(e, _no_names, defines.macros)
            )
        except (ValueError, ExprError) as e:
            raise ProjectError(header, d.line, f"weight {name}: {e}") from None
        if pack is not None:
            raise ProjectError(header, d.line, f"weight {name} has a packed nnet::array type")
        if name in loads:
            load = loads[name]
            if (" ".join(load.type_name.split()), load.size) != (d.type_name, d.size):
                raise ProjectError(
                    files.top_source,
                    load.line,
                    f"loads {name} as {load.type_name}[{load.size}] but {header.name} declares {d.type_name}[{d.size}]",
                )
            source = project_path(files.root, files.weights_dir, load.file, files.top_source, load.line,
                                  "weight file")
            if not source.is_file():
                raise ProjectError(source, None, f"weight file does not exist (loaded at "
                                   f"{files.top_source.relative_to(files.root)}:{load.line})")
            values = read_weight_txt(source, d.size)
        elif d.init is not None:
            source, values = header, d.init
        else:  # a global without initializer that nothing loads: the C++ zero-initializes it
            source, values = header, np.zeros(d.size)
            warnings.append(f"{header}:{d.line}: weight {name} is neither initialized nor loaded "
                            f"(no load_weights_from_txt for it in {files.top_source.name}): the C simulation "
                            "runs with all its values 0, and so does fxsim")
        values.setflags(write=False)
        out[name] = Weight(name, d.type_name, t, d.size, values, d.shape, source, header, d.line)
    return out


def _struct_weight(files: ProjectFiles, name: str, header: Path, d, load, fields) -> Weight:
    """A ``typedef struct`` weight array (hls4ml's exponent/compressed weights) from its txt file
    (``nnet::load_{exponent,compressed}_weights_from_txt``) or its ``= {{…}, …}`` initializer."""
    if load is not None:
        if load.loader == "load_weights_from_txt":
            raise ProjectError(files.top_source, load.line, f"loads struct array {name} with load_weights_from_txt")
        source = project_path(files.root, files.weights_dir, load.file, files.top_source, load.line, "weight file")
        structured = read_struct_weight_txt(source, fields, d.size)
    elif d.init_text is not None:
        source, structured = header, read_struct_weights(d.init_text, fields, d.size, header, d.line)
    else:
        raise ProjectError(header, d.line, f"weight {name} has neither an initializer nor a txt file loaded for it")
    # float64 values for consumers of plain arrays (the estimator): +-2**exponent, or the COO values
    if hasattr(structured, "exponent"):
        values = np.where(structured.sign == 1, 1.0, -1.0) * np.exp2(structured.exponent.raw.astype(np.float64))
    else:
        values = structured.weight.to_float().astype(np.float64)
    values.setflags(write=False)
    t = dict(fields)["weight"]
    return Weight(name, d.type_name, t, d.size, values, d.shape, source, header, d.line, structured)


def _no_names(name: str):
    raise KeyError(name)
