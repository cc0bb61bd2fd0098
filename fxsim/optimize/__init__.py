"""``fxsim optimize``: heterogeneous precision search on an exported hls4ml project, bit-exact.

Start from a project (wide types are the usual post-training start), give events, a metric and the
loss it may lose, and a cost; Optuna proposes per-layer ``result``/``accum``/``weight``/``bias``
types and table sizes, fxsim evaluates each proposal bit-exactly (no C++ compile: the project's
description is retyped, :mod:`~fxsim.optimize.retype`) and estimates its cost
(:mod:`fxsim.estimate`). The result is the Pareto front of (metric, cost) and, per point, the hls4ml
configuration that reproduces it (:mod:`~fxsim.optimize.report`).

Modules: :mod:`~fxsim.optimize.retype` (retyping a project), :mod:`~fxsim.optimize.space` (knobs,
ranges from traced values, groups, blocks), :mod:`~fxsim.optimize.metrics`,
:mod:`~fxsim.optimize.costs` (estimate figures, forgiving factor), :mod:`~fxsim.optimize.search`
(Optuna driver, local or Dask), :mod:`~fxsim.optimize.report` (tables, JSON, plot, hls4ml config).

>>> import fxsim.optimize as fo                                                   # doctest: +SKIP
>>> res = fo.optimize("wide_prj", x, metric="agreement", max_loss=0.01,
...                   cost="lut+55*dsp", n_trials=200, seed=1)                    # doctest: +SKIP
>>> print(fo.pareto_table(res))                                                   # doctest: +SKIP
>>> cfg = fo.config_of(res, res.front()[0])        # hls4ml HLSConfig dict        # doctest: +SKIP
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from fxsim.optimize import metrics as _metrics
from fxsim.optimize.costs import Cost, figures, forgiving_factor
from fxsim.optimize.metrics import Metric, custom, metric
from fxsim.optimize.report import config_yaml, hls4ml_config, pareto_table, plot_front, to_json
from fxsim.optimize.retype import RetypeError, Retyping, project_knobs, retype_project
from fxsim.optimize.search import Problem, SearchResult, TrialResult, prepare_data, run_search
from fxsim.optimize.space import DEFAULT_ROLES, SearchSpace, build_space

__all__ = ["Cost", "Metric", "Problem", "Retyping", "RetypeError", "SearchResult", "SearchSpace", "TrialResult",
           "build_space", "config_of", "config_yaml", "custom", "figures", "forgiving_factor", "hls4ml_config",
           "metric", "optimize", "pareto_table", "plot_front", "project_knobs", "retype_project",
           "retyped_network", "to_json"]


def retyped_network(project: str | Path | Any, retyping: Mapping[str, Any]):
    """The :class:`~fxsim.network.Network` of ``project`` (a directory or a read Project) with
    ``retyping`` applied (``{"fc1/weight": "ap_fixed<8,2>", ...}``)."""
    from fxsim.network import Network
    from fxsim.project import Project, read_project

    p = project if isinstance(project, Project) else read_project(project)
    return Network(retype_project(p, Retyping.of(dict(retyping))))


def config_of(result: SearchResult, trial: TrialResult) -> dict[str, Any]:
    """The hls4ml ``HLSConfig`` dict of one trial of a search (see :func:`hls4ml_config`)."""
    from fxsim.project import read_project

    return hls4ml_config(retype_project(read_project(result.problem.project), Retyping.of(trial.retyping)))


def optimize(project: str | Path, x: Any, *, labels: np.ndarray | None = None,
             reference: np.ndarray | None = None, metric: str | Metric | Callable = "agreement",
             max_loss: float = 0.01, min_metric: float | None = None, cost: str = "lut+55*dsp",
             n_trials: int = 100, seed: int = 0,
             sampler: str = "nsga2", batch: int = 16, choose: str = "cost",
             roles: Sequence[str] = DEFAULT_ROLES, include: str | None = None,
             groups: Mapping[str, str] | None = None, blocks: Sequence[str] | None = None,
             fraction: tuple[int, int] = (0, 12), integer_slack: tuple[int, int] = (-1, 1),
             modes: Sequence[str] = ("TRN",), table_sizes: Sequence[int] = (256, 512, 1024),
             prune_events: int = 0, prune_margin: float = 0.02, scheduler: Any = None, storage: str | None = None,
             study_name: str = "fxsim-optimize", time_budget: float | None = None,
             float_weights: Mapping[str, np.ndarray] | None = None,
             progress: Callable[[str], None] | None = None, **space_options: Any) -> SearchResult:
    """Search per-layer types of ``project`` on events ``x`` (see the package docstring).

    ``metric``: a name of :mod:`fxsim.optimize.metrics`, a :class:`Metric`, or a callable
    ``f(y, reference, labels) -> float`` (larger is better); ``max_loss``: how much worse than the
    start network it may get, or ``min_metric``: the value it must reach (at most, for metrics to
    minimise); ``cost``: a :class:`Cost` expression; ``groups``/``blocks``: regexes
    of layer names (shared parameters / sequential blocks); ``scheduler``: a Dask address,
    ``'local'`` or a ``distributed.Client`` (default: this process); ``storage``: an Optuna storage
    URL to resume from; ``time_budget``: seconds from this call after which no new batch is asked
    (loading and tracing included). Deterministic for a given ``seed`` and ``batch`` (and no budget).
    """
    import time

    from fxsim.network import Network
    from fxsim.optimize import search

    started = time.perf_counter()
    path = str(Path(project).resolve())
    m = metric if isinstance(metric, Metric) else (
        _metrics.metric(metric) if isinstance(metric, str) else custom(metric))
    data = prepare_data(path, x, reference=reference, labels=labels, metric=m, threshold=min_metric)
    if min_metric is not None:
        max_loss = 0.0
    base = search._start_project(path)
    net = Network(base)
    space = build_space(base, net, data.x if len(data.x) > 1 else data.x[0], roles=roles, include=include,
                        groups=groups, blocks=blocks, fraction=fraction, integer_slack=integer_slack, modes=modes,
                        table_sizes=table_sizes, **space_options)
    fw = tuple(sorted((k, np.asarray(v, dtype=np.float64)) for k, v in (float_weights or {}).items()))
    problem = Problem(project=path, metric=m, cost=Cost.parse(cost), max_loss=float(max_loss),
                      prune_events=int(prune_events), prune_margin=float(prune_margin), float_weights=fw)
    close = None
    evaluator = None
    if scheduler is not None:
        evaluator, close = search.dask_evaluator(problem, data, scheduler)
    try:
        return run_search(problem, data, space, n_trials=n_trials, seed=seed, sampler=sampler, batch=batch,
                          choose=choose, storage=storage, study_name=study_name, evaluator=evaluator,
                          time_budget=None if time_budget is None else time_budget - (time.perf_counter() - started),
                          progress=progress)
    finally:
        if close is not None:
            close()
