"""Run a Catapult project (read by :mod:`fxsim.project.catapult`) with the Catapult layer twins, and
verify it against its own testbench log (``tb_data/csim_results.log``, exact AC decimals).

Layers: ``dense`` (latency, resource), ``conv_1d_cl``/
``conv_2d_cl``, ``pooling1d_cl``/``pooling2d_cl``, ``normalize``, ``relu``, ``linear``, ``sigmoid``,
``tanh``, ``softmax``, ``elu``, ``selu``, ``softsign``, ``softplus`` (AC Math PWL), ``leaky_relu``, ``hard_sigmoid``,
``prelu``, ``embedding``, ``pointwise_conv_1d_cl``/``2d_cl``, global pooling, ``zeropad1d_cl``/``zeropad2d_cl``,
``transpose_2d``/``3d``, the merges
``add``/``subtract``/``multiply``/``average``/``maximum``/``minimum``/``concatenate1d``, ``clone_stream``
and Flatten/Reshape aliases; io_parallel and io_stream (``ac_channel`` of
``nnet::array``: the same arithmetic, one array per event). Anything else is a one-line
:class:`~fxsim.project.errors.ProjectError` naming the call.

>>> predict  # doctest: +ELLIPSIS
<function predict at ...>
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from fxsim.acarray import AcArray
from fxsim.findings import hazard_lines
from fxsim.layers import catapult_activation, catapult_batchnorm, catapult_conv, catapult_dense, catapult_pooling
from fxsim.project.calls import Call
from fxsim.project.catapult import AVERAGE_FACTOR_T, CatapultProject, load_catapult, size
from fxsim.project.errors import ProjectError
from fxsim.project.testbench import read_dat

SUPPORTED = ("dense", "conv_1d_cl", "conv_2d_cl", "pooling1d_cl", "pooling2d_cl", "normalize", "relu", "linear",
             "sigmoid", "tanh", "softmax", "elu", "selu", "softsign", "softplus", "leaky_relu", "hard_sigmoid",
             "add", "subtract", "multiply", "average", "maximum", "minimum", "concatenate1d", "clone_stream",
             "global_pooling1d_cl", "global_pooling2d_cl", "zeropad1d_cl", "zeropad2d_cl", "prelu", "transpose_2d",
             "transpose_3d", "pointwise_conv_1d_cl", "pointwise_conv_2d_cl", "embedding")


def _int(cfg: dict[str, str], key: str, default: int | None = None) -> int:
    v = cfg.get(key)
    if v is None:
        if default is None:
            raise KeyError(key)
        return default
    return size(v)


def _run(prj: CatapultProject, c: Call, env: dict[str, AcArray]) -> AcArray | dict[str, AcArray]:
    ins = []
    for name in c.inputs:
        if prj.base(name) not in env:
            raise ProjectError(prj.source, c.line, f"nnet::{c.function} reads {name!r}, which no earlier layer wrote")
        ins.append(env[prj.base(name)])
    if c.function == "clone_stream":  # nnet::clone_stream<data_T, res_T, N>(in, out1, out2[, out3])
        return {o: ins[0].cast(prj.type_of(c.template_args[1], c)) for o in c.outputs}
    if len(c.outputs) != 1 or not ins:
        raise ProjectError(prj.source, c.line, f"nnet::{c.function} with {len(ins)} inputs and {len(c.outputs)} "
                                               "outputs is not simulated")
    data = ins[0]
    with_param = c.function in ("leaky_relu", "elu", "prelu")  # <data_T, param_T, res_T, CONFIG_T>(x, alpha, res)
    res_t = prj.type_of(c.template_args[2 if with_param else len(ins)], c)
    if c.function in ("add", "subtract", "multiply", "average", "maximum", "minimum", "concatenate1d"):
        a, b = ins
        if c.function == "average":
            r = (a + b) * AcArray.from_float([0.5], AVERAGE_FACTOR_T)[0]
        elif c.function in ("maximum", "minimum"):  # res = d1 > d2 ? (res_T)d1 : (res_T)d2 (< for minimum)
            pick = np.asarray(a > b) if c.function == "maximum" else np.asarray(a < b)
            return AcArray._trusted(np.where(pick, a.cast(res_t).raw, b.cast(res_t).raw), res_t)
        elif c.function == "concatenate1d":
            if prj.io_stream:
                raise ProjectError(prj.source, c.line, "io_stream nnet::concatenate1d reads past its input arrays "
                                                       "and desynchronises the stream: the firmware cannot be right")
            return AcArray._trusted(np.concatenate([np.asarray(a.cast(res_t).raw), np.asarray(b.cast(res_t).raw)],
                                                   axis=1), res_t)
        else:
            r = a + b if c.function == "add" else (a - b if c.function == "subtract" else a * b)
        return r.cast(res_t)
    if c.function in ("relu", "linear", "sigmoid", "tanh", "softmax", "selu", "softsign", "softplus",
                      "hard_sigmoid", "leaky_relu", "elu"):
        try:
            if with_param:
                if len(c.constants) != 1:
                    raise ProjectError(prj.source, c.line, f"nnet::{c.function}: expected one literal alpha")
                alpha = AcArray.from_float([float(c.constants[0])], prj.type_of(c.template_args[1], c))[0]
                return getattr(catapult_activation, c.function)(data, alpha, res_t)
            return getattr(catapult_activation, c.function)(data, res_t)
        except ValueError as e:
            raise ProjectError(prj.source, c.line, f"{c.layer or c.outputs[0]}: {e}") from None
    cfg = prj.config(c)
    try:
        if c.function == "normalize":
            nf = cfg.get("n_filt", "-1").strip()
            n_filt = None if nf in ("-1", str(2**32 - 1)) else size(nf)
            if prj.io_stream and n_filt is not None and prj.sizes.get(c.template_args[0], n_filt) % n_filt:
                raise ProjectError(prj.source, c.line, "io_stream normalize with an array size that is not a "
                                                       "multiple of n_filt is not simulated")
            return catapult_batchnorm.normalize(data, prj.weights[c.weights[0]], prj.weights[c.weights[1]], n_filt,
                                                res_t)
        if c.function in ("dense", "conv_1d_cl", "conv_2d_cl", "pointwise_conv_1d_cl", "pointwise_conv_2d_cl"):
            w, b = prj.weights[c.weights[0]], prj.weights[c.weights[1]]
            accum_t = prj.type_of(cfg["accum_t"], c)
            resource = "latency" not in cfg.get("strategy", "nnet::latency")
            if c.function == "dense":
                n_in, n_out = _int(cfg, "n_in"), _int(cfg, "n_out")
                if resource:
                    rf = _int(cfg, "reuse_factor")
                    return catapult_dense.dense_resource(data, w, b, n_in, n_out, rf, accum_t, res_t)
                return catapult_dense.dense_latency(data, w, b, n_in, n_out, accum_t, res_t)
            two = c.function in ("conv_2d_cl", "pointwise_conv_2d_cl")
            cc = catapult_conv.ConvConfig(  # pointwise_conv_{1,2}d_cl: conv_{1,2}d_cl's loops with 1-wide filters
                _int(cfg, "in_height") if two else 1, _int(cfg, "in_width"), _int(cfg, "n_chan"), _int(cfg, "n_filt"),
                _int(cfg, "filt_height") if two else 1, _int(cfg, "filt_width"),
                _int(cfg, "stride_height") if two else 1, _int(cfg, "stride_width"),
                _int(cfg, "pad_top") if two else 0, _int(cfg, "pad_bottom") if two else 0,
                _int(cfg, "pad_left"), _int(cfg, "pad_right"), _int(cfg, "out_height") if two else 1,
                _int(cfg, "out_width"))
            for d in ("dilation_height", "dilation_width"):
                if _int(cfg, d, 1) != 1:
                    raise ProjectError(prj.source, c.line, f"nnet::{c.function} with {d} != 1 is not simulated yet")
            if not resource and not prj.io_stream:
                return catapult_conv.conv_latency_cl(data, w, b, cc, accum_t, res_t)
            mult = prj.configs.get(f"{c.config}_mult", {})  # the dense each window runs through
            m_accum = prj.type_of(mult["accum_t"], c) if "accum_t" in mult else accum_t
            rf = _int(mult, "reuse_factor") if resource else None
            return catapult_conv.conv_window_dense(data, w, b, cc, m_accum, res_t, rf)
        if c.function in ("global_pooling1d_cl", "global_pooling2d_cl"):
            n_pix = _int(cfg, "n_in") if c.function == "global_pooling1d_cl" else \
                _int(cfg, "in_height") * _int(cfg, "in_width")
            op = cfg.get("pool_op", "nnet::Max").rsplit("::", 1)[-1]
            if op not in ("Max", "Average"):
                raise ProjectError(prj.source, c.line, f"pool_op {op} is not simulated")
            if prj.io_stream:
                if prj.sizes.get(c.template_args[0]) != _int(cfg, "n_filt"):
                    raise ProjectError(prj.source, c.line, "io_stream global pooling of arrays holding several "
                                                           "pixels is not simulated")
                return catapult_pooling.global_pooling_stream(data, n_pix, _int(cfg, "n_filt"), op,
                                                              prj.type_of(cfg["accum_t"], c), res_t)
            return catapult_pooling.global_pooling_cl(data, n_pix, _int(cfg, "n_filt"), op, res_t)
        if c.function in ("zeropad1d_cl", "zeropad2d_cl"):
            two = c.function == "zeropad2d_cl"
            pads = (_int(cfg, "pad_top") if two else 0, _int(cfg, "pad_bottom") if two else 0,
                    _int(cfg, "pad_left"), _int(cfg, "pad_right"))
            return catapult_pooling.zeropad_cl(data, _int(cfg, "in_height") if two else 1, _int(cfg, "in_width"),
                                               _int(cfg, "n_chan"), pads, res_t)
        if c.function in ("transpose_2d", "transpose_3d"):  # nnet_array.h: data_t[permuted index] = data[...]
            if prj.io_stream:
                raise ProjectError(prj.source, c.line, f"nnet::{c.function} has no ac_channel version in the "
                                                       "Catapult templates: this io_stream firmware does not compile")
            if c.function == "transpose_2d":
                dims, perm = (_int(cfg, "height"), _int(cfg, "width")), (1, 0)
            else:
                dims = (_int(cfg, "depth"), _int(cfg, "height"), _int(cfg, "width"))
                perm = tuple(int(v) for v in cfg["perm"].split(","))
            raw = np.asarray(data.cast(res_t).raw)
            out = raw.reshape(len(raw), *dims).transpose(0, *(p + 1 for p in perm))
            return AcArray._trusted(np.ascontiguousarray(out).reshape(len(raw), -1), res_t)
        if c.function == "embedding":  # res[j*n_out + i] = embeddings[data[j]*n_out + i]
            if not data.type.is_int:
                raise ProjectError(prj.source, c.line, f"nnet::embedding indexes with a {data.type}: this firmware "
                                                       "does not compile (the input must be an ac_int)")
            n_out, vocab = _int(cfg, "n_out"), _int(cfg, "vocab_size")
            idx = np.asarray(data.raw).astype(np.int64)
            if idx.min(initial=0) < 0 or idx.max(initial=0) >= vocab:
                raise ProjectError(prj.source, c.line, f"nnet::embedding: an input is outside 0..{vocab - 1}, the "
                                                       "firmware reads past its table (undefined)")
            e = prj.weights[c.weights[0]]
            rows = np.asarray(e.raw).reshape(vocab, n_out)[idx]
            return AcArray._trusted(rows.reshape(len(idx), -1), e.type).cast(res_t)
        if c.function == "prelu":
            return catapult_activation.prelu(data, prj.weights[c.weights[0]], res_t)
        if c.function in ("pooling1d_cl", "pooling2d_cl"):
            two = c.function == "pooling2d_cl"
            n_filt = _int(cfg, "n_filt")
            pc = catapult_pooling.PoolConfig(catapult_conv.ConvConfig(
                _int(cfg, "in_height") if two else 1, _int(cfg, "in_width") if two else _int(cfg, "n_in"),
                n_filt, n_filt, _int(cfg, "pool_height") if two else 1, _int(cfg, "pool_width"),
                _int(cfg, "stride_height") if two else 1, _int(cfg, "stride_width"),
                _int(cfg, "pad_top") if two else 0, _int(cfg, "pad_bottom") if two else 0,
                _int(cfg, "pad_left"), _int(cfg, "pad_right"), _int(cfg, "out_height") if two else 1,
                _int(cfg, "out_width") if two else _int(cfg, "n_out")), cfg.get("count_pad", "false") == "true",
                cfg.get("pool_op", "nnet::Max").rsplit("::", 1)[-1], 2 if two else 1)
            if pc.pool_op not in ("Max", "Average"):
                raise ProjectError(prj.source, c.line, f"pool_op {pc.pool_op} is not simulated")
            return catapult_pooling.pooling_cl(data, pc, res_t, stream=prj.io_stream)
    except ProjectError:
        raise
    except ValueError as e:
        raise ProjectError(prj.source, c.line, f"{c.layer or c.outputs[0]}: {e}") from None
    except KeyError as e:
        raise ProjectError(prj.source, c.line,
                           f"nnet::{c.function}: config or weights member {e.args[0]!r} is missing") from None
    raise ProjectError(prj.source, c.line, f"layer nnet::{c.function} is not simulated yet for Catapult projects "
                                           f"(supported: {', '.join(SUPPORTED)})")


def predict_raw(prj: CatapultProject, x: np.ndarray) -> list[AcArray]:
    """Float inputs (batch, n_in) -> the output arrays, as the firmware computes them."""
    return list(_forward(prj, x).values())


def _forward(prj: CatapultProject, x: np.ndarray, keep: bool = False) -> dict[str, AcArray]:
    x = np.asarray(x, dtype=np.float64).reshape(len(x), -1)
    env: dict[str, AcArray] = {}
    pos = 0
    for name, t, n in prj.inputs:
        env[name] = AcArray.from_float(x[:, pos:pos + n], t)
        pos += n
    if pos != x.shape[1]:
        raise ValueError(f"{prj.path}: the network takes {pos} inputs per sample, got {x.shape[1]}")
    for c in prj.calls:
        r = _run(prj, c, env)
        for name, value in (r.items() if isinstance(r, dict) else [(c.outputs[0], r)]):
            env[prj.base(name)] = value
    if keep:
        return env
    out = {}
    for name, _, _ in prj.outputs:
        if prj.base(name) not in env:
            raise ProjectError(prj.source, None, f"output {name} is written by no layer call")
        out[name] = env[prj.base(name)]
    return out


def predict(prj: CatapultProject, x: np.ndarray) -> np.ndarray:
    """Float inputs -> float64 outputs (exact values), concatenated over the outputs."""
    return np.concatenate([o.to_float() for o in predict_raw(prj, x)], axis=1)


def log_lines(prj: CatapultProject, x: np.ndarray) -> list[str]:
    """``tb_data/csim_results.log`` as the testbench writes it for inputs ``x``."""
    outs = predict_raw(prj, x)
    return ["".join(v + " " for o in outs for v in o[j].format()) for j in range(len(x))]


def trace_lines(prj: CatapultProject, x: np.ndarray) -> list[str]:
    """Each layer's output type and value range on ``x``, then the hazards (``WARNING:`` lines)."""
    env = _forward(prj, x, keep=True)
    lines = [f"Catapult project {prj.path}: {len(x)} events"]
    for c in prj.calls:
        out = env[prj.base(c.outputs[0])]
        v = out.to_float()
        lines.append(f"  {c.layer or c.outputs[0]:<14} nnet::{c.function:<14} {out.type}  min {v.min():.6g}  "
                     f"max {v.max():.6g}")
    lines += hazard_lines(prj.hazards())
    return lines


@dataclass(frozen=True)
class LogReport:
    """:func:`verify_log`'s result: ``identical``, the hazards found, and a human-readable ``text``."""

    identical: bool
    text: str
    hazards: tuple[str, ...] = ()


def verify_log(path: str | Path, max_report: int = 10) -> LogReport:
    """Run on ``tb_data/tb_input_features.dat`` (``atof`` -> float) and compare byte for byte with
    ``tb_data/csim_results.log``; the template hazards the project hits follow as ``WARNING:`` lines."""
    p = Path(path)
    log = p / "tb_data" / "csim_results.log"
    if not log.is_file():
        raise ProjectError(log, None, "file does not exist (run the testbench first)")
    prj = load_catapult(p)
    x = np.array(read_dat(p / "tb_data" / "tb_input_features.dat"))
    want = log.read_text().split("\n")
    if want and want[-1] == "":
        want.pop()
    if len(want) > len(x):
        raise ProjectError(log, len(x) + 1, f"{len(want)} result lines for {len(x)} input lines")
    got = log_lines(prj, x[:len(want)])
    bad = [i for i, (w, g) in enumerate(zip(want, got, strict=True)) if w != g]
    io = "io_stream" if prj.io_stream else "io_parallel"
    head = f"Catapult project {p} (ac_fixed, AC 4.8 semantics, {io}): {len(want)} events"
    hz = tuple(prj.hazards())
    notes = hazard_lines(hz)
    if not bad:
        return LogReport(True, "\n".join([f"IDENTICAL: {head}", *notes]), hz)
    lines = [f"MISMATCH: {head}; {len(bad)} events differ", *notes]
    for i in bad[:max_report]:
        lines += [f"  event {i}: expected {want[i]!r}", f"  event {i}: simulated {got[i]!r}"]
    return LogReport(False, "\n".join(lines), hz)
