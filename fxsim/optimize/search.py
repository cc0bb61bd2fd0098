"""The search driver of ``fxsim optimize``: Optuna proposes per-knob types, fxsim evaluates them
bit-exactly, locally or on a Dask cluster.

A trial is a pure function of a :class:`Problem` (the project *path*, metric, cost, limits: small
and picklable), the data (inputs, reference outputs, labels) and a :class:`~fxsim.optimize.retype.
Retyping`: :func:`evaluate` reads the project (cached per process), retypes it, runs the network
and estimates its cost. Nothing else in the process matters, so the same trial gives the same
numbers on any worker.

Trials are asked from Optuna in batches (``batch`` trials, asked in order, evaluated anywhere, told
back in order), so a run is deterministic for a given seed and batch size, whether the batch runs
in this process or on a cluster. Multi-objective samplers (NSGA-II by default, or TPE) optimise
``(metric, cost)``; the metric's loss against the start network must stay within ``max_loss``
(Optuna's constraint). A trial whose loss on the first ``prune_events`` events is already beyond
``max_loss + prune_margin`` is pruned without running the rest (it is told to Optuna with its
subset metric, so the sampler still learns from it, and never enters the front). ``storage`` (an Optuna storage URL,
``sqlite:///study.db``, or ``journal:FILE``) makes a study resumable: a rerun with the same study name continues it.
"""

from __future__ import annotations

import dataclasses
import functools
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from fxsim.optimize.costs import Cost, figures, forgiving_factor
from fxsim.optimize.metrics import Metric
from fxsim.optimize.retype import Retyping, retype_project
from fxsim.optimize.space import SearchSpace


class SearchError(ValueError):
    """The search cannot run as asked (no Optuna, bad sampler, empty data...)."""


@dataclass(frozen=True)
class Problem:
    """What every trial needs besides the data: the start project's directory, the metric, the
    cost expression, the tolerated loss and the pruning subset."""

    project: str
    metric: Metric
    cost: Cost
    max_loss: float
    prune_events: int = 0
    prune_margin: float = 0.02
    float_weights: tuple[tuple[str, np.ndarray], ...] = ()


@dataclass(frozen=True)
class Data:
    """The events trials run on: ``x`` (inputs, list per port), ``reference`` (outputs to compare
    with: the start network's unless the user gave some), ``labels`` (or ``None``), ``baseline``
    (the metric of the start network on these events)."""

    x: tuple[np.ndarray, ...]
    reference: np.ndarray
    labels: np.ndarray | None
    baseline: float


@dataclass(frozen=True)
class TrialResult:
    """One evaluated retyping: metric value, its loss against the baseline, cost, every figure,
    whether it meets ``max_loss`` (``feasible``) or was pruned on the subset, and the seconds it took."""

    number: int
    block: int
    retyping: dict[str, str | int]
    value: float
    loss: float
    cost: float
    figures: dict[str, float]
    feasible: bool
    pruned: bool
    seconds: float

    def as_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


@functools.lru_cache(maxsize=4)
def _start_project(path: str):
    from fxsim.project import read_project

    return read_project(path)


def _predict(project, x: Sequence[np.ndarray]) -> np.ndarray:
    from fxsim.network import Network

    net = Network(project)
    y = net.predict(list(x) if len(x) > 1 else x[0])
    y = np.concatenate([np.asarray(a).reshape(len(x[0]), -1) for a in y], axis=1) if isinstance(y, list) else y
    return np.asarray(y, dtype=np.float64).reshape(len(x[0]), -1)


def evaluate(problem: Problem, data: Data, retyping: Retyping, number: int = -1, block: int = 0) -> TrialResult:
    """Run one trial: retype the start project, predict ``data``, score and cost it."""
    t0 = time.perf_counter()
    base = _start_project(problem.project)
    proj = retype_project(base, retyping, dict(problem.float_weights) or None)
    n = len(data.x[0])
    labels = data.labels
    if problem.prune_events and n > problem.prune_events:
        k = problem.prune_events
        y = _predict(proj, [a[:k] for a in data.x])
        v = problem.metric(y, data.reference[:k], None if labels is None else labels[:k])
        loss = problem.metric.loss(v, data.baseline)
        if loss > problem.max_loss + problem.prune_margin:
            figs = figures(proj)  # the sampler still learns where cost and loss go (ms, not a rerun)
            return TrialResult(number, block, retyping.as_strings(), v, loss, problem.cost.value(figs), figs,
                               False, True, time.perf_counter() - t0)
    y = _predict(proj, data.x)
    v = problem.metric(y, data.reference, labels)
    loss = problem.metric.loss(v, data.baseline)
    figs = figures(proj)
    return TrialResult(number, block, retyping.as_strings(), v, loss, problem.cost.value(figs), figs,
                       bool(loss <= problem.max_loss), False, time.perf_counter() - t0)


# ------------------------------------------------------------------------------------ optuna


def _optuna():
    try:
        import optuna
    except ImportError:
        raise SearchError("fxsim optimize needs Optuna (pip install 'fxsim[optimize]')") from None
    optuna.logging.set_verbosity(optuna.logging.WARNING)
    return optuna


def _native_constraints() -> bool:
    """Optuna >= 5 takes constraints from ``Trial.set_constraint`` (``constraints_func`` is deprecated)."""
    return hasattr(_optuna().trial.Trial, "set_constraint")


def _sampler(name: str, seed: int, population: int):
    optuna = _optuna()

    def user_constraints(frozen) -> list[float]:
        return list(frozen.user_attrs.get("constraint", [1.0]))

    constraints = None if _native_constraints() else user_constraints

    if name == "nsga2":
        return optuna.samplers.NSGAIISampler(seed=seed, population_size=population, constraints_func=constraints)
    if name == "tpe":
        # constant_liar: the trials of one batch are asked before any is told; without it they coincide
        return optuna.samplers.TPESampler(seed=seed, constraints_func=constraints, multivariate=True,
                                          constant_liar=True)
    if name == "random":
        return optuna.samplers.RandomSampler(seed=seed)
    raise SearchError(f"unknown sampler {name!r} (nsga2, tpe, random)")


def suggest(trial, space: SearchSpace, groups: Sequence[str], base: Retyping) -> Retyping:
    """The retyping an Optuna trial proposes for ``groups`` (other knobs: ``base``)."""
    choice: dict[str, Any] = dict(base)
    for g in groups:
        r = space.group_range(g)
        if r.sizes:
            value: Any = trial.suggest_categorical(f"{g}.size", list(r.sizes))
        else:
            i = trial.suggest_int(f"{g}.int", r.integer[0], r.integer[1])
            f = trial.suggest_int(f"{g}.frac", r.fraction[0], r.fraction[1])
            m = trial.suggest_categorical(f"{g}.mode", list(r.modes)) if len(r.modes) > 1 else r.modes[0]
            value = r.types(f, i, r.modes.index(m))
        for knob in space.groups[g]:
            choice[knob] = value
    return Retyping.of(choice)


def uniform_starts(space: SearchSpace, groups: Sequence[str], n: int) -> list[dict[str, Any]]:
    """``n`` first points of a block: every group in the middle of its integer range with the same
    fractional bits, from the most to the fewest (feasible parents for the sampler to improve on)."""
    ranges = [space.group_range(g) for g in groups]
    f_hi = max((r.fraction[1] for r in ranges if not r.sizes), default=0)
    f_lo = min((r.fraction[0] for r in ranges if not r.sizes), default=0)
    levels = sorted({int(round(v)) for v in np.linspace(f_hi, f_lo, max(1, n))}, reverse=True)
    out = []
    for f in levels:
        params: dict[str, Any] = {}
        for g, r in zip(groups, ranges):
            if r.sizes:
                params[f"{g}.size"] = r.sizes[-1]
                continue
            params[f"{g}.int"] = (r.integer[0] + r.integer[1] + 1) // 2
            params[f"{g}.frac"] = min(max(f, r.fraction[0]), r.fraction[1])
            if len(r.modes) > 1:
                params[f"{g}.mode"] = r.modes[0]
        out.append(params)
    return out


Evaluator = Callable[[list[Retyping], int, int], list[TrialResult]]


def local_evaluator(problem: Problem, data: Data) -> Evaluator:
    """Evaluate a batch in this process, one trial after another."""
    def run(batch: list[Retyping], first: int, block: int) -> list[TrialResult]:
        return [evaluate(problem, data, r, first + i, block) for i, r in enumerate(batch)]
    return run


def dask_evaluator(problem: Problem, data: Data, address: Any) -> tuple[Evaluator, Callable[[], None]]:
    """Evaluate a batch on a Dask cluster (``address``: ``tcp://...``, ``'local'`` for a local
    cluster of this machine's cores, or a ``distributed.Client``); the data is scattered to every
    worker once. Returns the evaluator and a function that closes what it opened."""
    from fxsim.distributed import Cluster

    local = None
    if address == "local":
        from distributed import LocalCluster

        local = LocalCluster(processes=True, threads_per_worker=1)
        address = local.scheduler_address
    owned = isinstance(address, str)  # a Client passed in stays open for its owner
    cluster = Cluster(address, problem.project)
    client = cluster.client
    data_future = client.scatter(data, broadcast=True)

    def run(batch: list[Retyping], first: int, block: int) -> list[TrialResult]:
        futures = [client.submit(evaluate, problem, data_future, r, first + i, block, pure=False)
                   for i, r in enumerate(batch)]
        return client.gather(futures)

    def close() -> None:
        if owned:
            cluster.close()
        if local is not None:
            local.close()

    return run, close


@dataclass
class SearchResult:
    """Every trial (in the order told), the start network's figures, and the chosen retyping of
    each block (``chosen``: the last one is the search's pick)."""

    trials: list[TrialResult]
    start: TrialResult
    chosen: list[Retyping]
    seconds: float
    problem: Problem

    def front(self) -> list[TrialResult]:
        """Feasible, non-dominated trials (metric better-or-equal and cost lower-or-equal), by cost;
        equal points appear once (the first trial that reached them)."""
        ok = [t for t in self.trials if t.feasible and not t.pruned]
        sign = 1.0 if self.problem.metric.maximize else -1.0
        out: list[TrialResult] = []
        seen: set[tuple[float, float]] = set()
        for t in sorted(ok, key=lambda t: (t.cost, -sign * t.value, t.number)):
            if (t.cost, t.value) in seen:
                continue
            if any(o.cost <= t.cost and sign * o.value >= sign * t.value for o in out):
                continue
            seen.add((t.cost, t.value))
            out.append(t)
        return out


def pick(trials: Sequence[TrialResult], start: TrialResult, by: str, metric: Metric) -> TrialResult | None:
    """The best feasible trial: lowest cost (``by='cost'``) or highest forgiving-factor score
    (``by='ff'``, seeds/004 Eq. 1, cost reference: the start network)."""
    ok = [t for t in trials if t.feasible and not t.pruned]
    if not ok:
        return None
    if by == "cost":
        sign = 1.0 if metric.maximize else -1.0
        return min(ok, key=lambda t: (t.cost, -sign * t.value, t.number))
    if by == "ff":
        def score(t: TrialResult) -> float:
            v = t.value if metric.maximize else -t.value
            return forgiving_factor(v, start.cost, t.cost)
        return max(ok, key=lambda t: (score(t), -t.number))
    raise SearchError(f"unknown choice {by!r} (cost, ff)")


def run_search(problem: Problem, data: Data, space: SearchSpace, *, n_trials: int = 100, seed: int = 0,
               sampler: str = "nsga2", batch: int = 16, choose: str = "cost", storage: str | None = None,
               study_name: str = "fxsim-optimize", evaluator: Evaluator | None = None,
               time_budget: float | None = None, progress: Callable[[str], None] | None = None) -> SearchResult:
    """Search ``space`` block by block, ``n_trials`` per block (see the module docstring)."""
    optuna = _optuna()
    from optuna.trial import TrialState

    t0 = time.perf_counter()
    ev = evaluator or local_evaluator(problem, data)
    start = evaluate(dataclasses.replace(problem, prune_events=0), data, Retyping(), -1, -1)  # never pruned
    current = Retyping()
    trials: list[TrialResult] = []
    chosen: list[Retyping] = []
    directions = ["maximize" if problem.metric.maximize else "minimize", "minimize"]
    number = 0
    native = _native_constraints()
    for b, groups in enumerate(space.blocks):
        name = study_name if len(space.blocks) == 1 else f"{study_name}-block{b}"
        study = optuna.create_study(directions=directions, sampler=_sampler(sampler, seed + b, batch),
                                    storage=_storage(storage), study_name=name, load_if_exists=storage is not None)
        done = [t for t in study.trials if t.state in (TrialState.COMPLETE, TrialState.PRUNED)]
        if not study.trials:
            for params in uniform_starts(space, groups, min(batch, n_trials)):
                study.enqueue_trial(params)
        for t in done:  # resumed: the stored trials count
            if "result" in t.user_attrs:
                trials.append(TrialResult(**t.user_attrs["result"]))
        number = max([number, *[t.number + 1 for t in trials]])
        block_trials = [t for t in trials if t.block == b]
        remaining = n_trials - len(done)
        while remaining > 0:
            if time_budget is not None and time.perf_counter() - t0 > time_budget:
                break
            asked = [study.ask() for _ in range(min(batch, remaining))]
            retypings = [suggest(t, space, groups, current) for t in asked]
            results = ev(retypings, number, b)
            for t, r in zip(asked, results):
                c = [r.loss - problem.max_loss if np.isfinite(r.loss) else 1.0]
                if native:
                    t.set_constraint("max_loss", c[0])
                t.set_user_attr("constraint", c)
                t.set_user_attr("result", _jsonable(r.as_dict()))
                # a pruned trial is told with its subset metric (and its constraint violation), so
                # the sampler learns from it; it never enters the front
                study.tell(t, [r.value, r.cost])
            trials.extend(results)
            block_trials.extend(results)
            number += len(results)
            remaining -= len(results)
            if progress:
                best = pick(block_trials, start, choose, problem.metric)
                progress(f"block {b + 1}/{len(space.blocks)}: {len(block_trials)} trials, "
                         f"best {problem.cost.text} {best.cost:.0f}" if best else
                         f"block {b + 1}/{len(space.blocks)}: {len(block_trials)} trials, none feasible yet")
        best = pick(block_trials, start, choose, problem.metric)
        if best is not None:
            current = Retyping.of(best.retyping)
        chosen.append(current)
    return SearchResult(trials=trials, start=start, chosen=chosen, seconds=time.perf_counter() - t0,
                        problem=problem)


def _storage(url: str | None):
    """An Optuna storage: a database URL (``sqlite:///study.db``), or ``journal:FILE`` (Optuna's
    append-only journal file, no database needed)."""
    if url is None or not url.startswith("journal:"):
        return url
    from optuna.storages import JournalStorage

    try:
        from optuna.storages.journal import JournalFileBackend
    except ImportError:  # Optuna 3
        from optuna.storages import JournalFileStorage as JournalFileBackend  # type: ignore[attr-defined]
    return JournalStorage(JournalFileBackend(url[len("journal:"):]))


def _jsonable(d: dict[str, Any]) -> dict[str, Any]:
    out = {}
    for k, v in d.items():
        if isinstance(v, float) and not np.isfinite(v):
            v = None if np.isnan(v) else v
        out[k] = v
    return out


def prepare_data(project: str | Path, x: Any, reference: np.ndarray | None = None,
                 labels: np.ndarray | None = None, metric: Metric | None = None,
                 threshold: float | None = None) -> Data:
    """The :class:`Data` of a search: inputs as the network takes them, the reference outputs (the
    start network's when not given) and the baseline metric: the start network's, or ``threshold``
    (an absolute target: with ``max_loss=0`` a trial is feasible when its metric reaches it)."""
    from fxsim.network import Network

    net = Network(_start_project(str(Path(project).resolve())))
    xs = tuple(np.ascontiguousarray(a, dtype=np.float64) for a in net._as_inputs(x))
    if len(xs[0]) == 0:
        raise SearchError("no events to search on")
    n = len(xs[0])
    ref = _predict(net.project, xs) if reference is None else np.asarray(reference, dtype=np.float64).reshape(n, -1)
    if labels is not None and len(labels) != len(xs[0]):
        raise SearchError(f"{len(labels)} labels for {len(xs[0])} events")
    start_out = _predict(net.project, xs) if reference is not None else ref
    baseline = metric(start_out, ref, labels) if metric is not None else float("nan")
    if threshold is not None:
        baseline = float(threshold)
    return Data(x=xs, reference=ref, labels=labels, baseline=baseline)
