"""What ``fxsim optimize`` hands back: the Pareto table (text and JSON), a plot of the front
(matplotlib, optional), and for each chosen point the hls4ml configuration that reproduces it.

:func:`hls4ml_config` writes an ``HLSConfig`` dict with every precision of every layer under
``LayerName`` (hls4ml's ``granularity='name'`` form: ``{'LayerName': {'fc1': {'Precision':
{'weight': 'ap_fixed<8,2>', 'bias': ..., 'result': ..., 'accum': ...}}}}``; activation tables as the
layer attributes ``'table_t'`` and ``'TableSize'``, softmax ``'exp_table_t'``/``'inv_table_t'``/
``'inv_inp_t'``), so hls4ml finds each type by layer name and nothing is left to 'auto' or defaults.

>>> cfg = {"Model": {"Precision": "ap_fixed<16,6>"}, "LayerName": {"fc1": {"Precision": {"result": "ap_fixed<8,3>"}}}}
>>> print(config_yaml(cfg).strip())                                              # doctest: +SKIP
LayerName:
  fc1:
    Precision:
      result: ap_fixed<8,3>
Model:
  Precision: ap_fixed<16,6>
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from fxsim.optimize.retype import TYPE_ROLES, layer_name
from fxsim.project import Project
from fxsim.types import FixedType

#: Config members emitted per layer (the searched roles, and softmax's ``inv_inp_t``).
EMIT_ROLES = (*TYPE_ROLES, "inv_inp")
#: Types hls4ml takes as a layer's configurable attribute (``LayerName: {<layer>: {'table_t': ...}}``,
#: ``Layer.__init__``), not from ``Precision`` (``config.get_precision`` serves result/accum/weights).
ATTRIBUTE_ROLES = frozenset({"table", "exp_table", "inv_table", "inv_inp"})


def hls4ml_config(project: Project) -> dict[str, Any]:
    """The ``HLSConfig`` dict that makes hls4ml write a project with ``project``'s types (a
    retyped project from :func:`fxsim.optimize.retype.retype_project`)."""
    layers: dict[str, dict[str, Any]] = {}
    for port in project.inputs:
        layers[port.name] = {"Precision": {"result": str(project.type_of(port.name))}}
    strategy, reuse = "Latency", 1
    for call in project.calls:
        name = layer_name(call)
        prec: dict[str, str] = {}
        entry: dict[str, Any] = {"Precision": prec}
        decl = project.declaration(call.outputs[0])
        if getattr(decl, "alias_of", None) is None:
            prec["result"] = str(project.type_of(call.outputs[0]))
        cfg = project.configs.get(call.config or "")
        if cfg is not None:
            for role in EMIT_ROLES:
                t = cfg.get(f"{role}_t")
                if isinstance(t, FixedType):
                    if role in ATTRIBUTE_ROLES:
                        entry[f"{role}_t"] = str(t)
                    else:
                        prec[role] = str(t)
            if "table_size" in cfg and "inv_table_size" not in cfg and isinstance(cfg.get("table_t"), FixedType):
                entry["TableSize"] = int(cfg.table_size)
            if "strategy" in cfg and strategy == "Latency" and str(cfg.strategy).lower() == "resource":
                strategy = "Resource"
            if isinstance(cfg.get("reuse_factor"), int):
                reuse = max(reuse, int(cfg.reuse_factor))
        layers[name] = entry
    for call in project.calls:
        # hls4ml splits a Keras layer's linear activation into '<layer>_linear' and removes it only
        # when its result type equals its input's (EliminateLinearActivation): give it that type
        name = layer_name(call)
        linear = f"{name}_linear"
        if call.weights and linear not in layers and "result" in layers[name]["Precision"]:
            layers[linear] = {"Precision": {"result": layers[name]["Precision"]["result"]}}
    default = project.types.get("model_default_t")
    model = {"Precision": str(default) if default is not None else "ap_fixed<16,6>",
             "ReuseFactor": reuse, "Strategy": strategy}
    return {"Model": model, "LayerName": layers}


def config_yaml(cfg: dict[str, Any]) -> str:
    """``cfg`` as YAML (PyYAML when installed; else JSON, which YAML 1.2 readers accept)."""
    try:
        import yaml
    except ImportError:
        return json.dumps(cfg, indent=2) + "\n"
    return yaml.safe_dump(cfg, sort_keys=True)


def pareto_table(result, limit: int | None = None) -> str:
    """The front as text: one row per point (cost, metric, loss, LUT, DSP, FF, energy, bits) and
    the start network's row first."""
    m = result.problem.metric
    head = (f"{'#':>5} {result.problem.cost.text:>14} {m.name:>12} {'loss':>9} {'LUT':>8} {'DSP':>6} "
            f"{'FF':>8} {'lat':>4} {'energy pJ':>10} {'bits':>7}")
    out = [head]

    def row(label: str, t) -> str:
        f = t.figures
        return (f"{label:>5} {t.cost:>14.1f} {t.value:>12.6g} {t.loss:>9.4g} {f['lut']:>8.0f} {f['dsp']:>6.0f} "
                f"{f['ff']:>8.0f} {f['latency']:>4.0f} {f['energy']:>10.1f} {f['bits']:>7.0f}")

    out.append(row("start", result.start))
    front = result.front()
    for t in front[:limit] if limit else front:
        out.append(row(str(t.number), t))
    n_pruned = sum(t.pruned for t in result.trials)
    n_ok = sum(t.feasible for t in result.trials)
    out.append(f"{len(result.trials)} trials ({n_ok} within max loss {result.problem.max_loss:g}, {n_pruned} pruned "
               f"on a subset) in {result.seconds:.1f} s; {len(front)} on the front")
    return "\n".join(out)


def to_json(result, base: Project | None = None) -> dict[str, Any]:
    """Everything as JSON: the problem, the start, every trial, the front (trial numbers) and, with
    ``base`` (the start project), the hls4ml config of each front point."""
    from fxsim.optimize.retype import Retyping, retype_project

    front = result.front()
    doc: dict[str, Any] = {
        "project": result.problem.project,
        "metric": result.problem.metric.name,
        "maximize": result.problem.metric.maximize,
        "cost": result.problem.cost.text,
        "max_loss": result.problem.max_loss,
        "seconds": result.seconds,
        "start": result.start.as_dict(),
        "trials": [t.as_dict() for t in result.trials],
        "front": [t.number for t in front],
    }
    if base is not None:
        doc["configs"] = {str(t.number): hls4ml_config(retype_project(base, Retyping.of(t.retyping)))
                          for t in front}
    return json.loads(json.dumps(doc, default=_plain))


def _plain(o: Any) -> Any:
    if hasattr(o, "item"):
        return o.item()
    return str(o)


def plot_front(result, path: str | Path) -> Path:
    """Every trial (grey: over the loss limit; blue: within) and the front (red), cost against the
    metric, with the start network; written to ``path`` (needs matplotlib)."""
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        raise ImportError("--plot needs matplotlib (pip install 'fxsim[plot]')") from None
    fig, ax = plt.subplots(figsize=(6.4, 4.2))
    done = [t for t in result.trials if not t.pruned]
    bad = [t for t in done if not t.feasible]
    ok = [t for t in done if t.feasible]
    ax.scatter([t.cost for t in bad], [t.value for t in bad], s=8, c="0.75", label="over the loss limit")
    ax.scatter([t.cost for t in ok], [t.value for t in ok], s=10, c="tab:blue", label="within the loss limit")
    front = result.front()
    ax.step([t.cost for t in front], [t.value for t in front], where="post", c="tab:red", lw=1.5)
    ax.scatter([t.cost for t in front], [t.value for t in front], s=22, c="tab:red", label="Pareto front")
    ax.scatter([result.start.cost], [result.start.value], marker="*", s=120, c="k", label="start")
    ax.set_xscale("log")
    ax.set_xlabel(f"cost: {result.problem.cost.text} (fxsim estimate)")
    ax.set_ylabel(result.problem.metric.name)
    ax.legend(fontsize=8, loc="center left")  # the start sits bottom right
    ax.grid(alpha=0.3)
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)
    return Path(path)
