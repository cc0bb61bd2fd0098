"""Metrics of a trial's outputs: how well a retyped network still does its job.

A :class:`Metric` scores ``(y, reference, labels)`` (``y``: the trial network's float outputs,
``reference``: the start network's, ``labels``: the user's, or ``None``) and says whether larger is
better. :func:`metric` builds one from a name: ``agreement`` (argmax equal to the reference's),
``accuracy`` (argmax equal to the labels, integer classes or one-hot), ``auc`` (mean one-vs-rest ROC
AUC against the labels), ``tpr@fpr=F`` (true-positive rate of class 0 … n at the working point
where the reference's false-positive rate is ``F``, averaged over classes), ``mse`` and
``max_abs_err`` (against the labels when given, else the reference); a Python callable
``f(y, reference, labels) -> float`` goes through :func:`custom`.

>>> import numpy as np
>>> ref = np.array([[0.1, 0.9], [0.8, 0.2], [0.4, 0.6]])
>>> y = np.array([[0.2, 0.8], [0.3, 0.7], [0.4, 0.6]])
>>> metric("agreement")(y, ref, None)
0.6666666666666666
>>> metric("max_abs_err")(y, ref, None)
0.5
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np


class MetricError(ValueError):
    """A metric cannot be computed on these outputs (no labels, wrong shape, unknown name)."""


@dataclass(frozen=True)
class Metric:
    """A named score of ``(y, reference, labels)``; ``maximize`` says which way is better."""

    name: str
    fn: Callable[[np.ndarray, np.ndarray, np.ndarray | None], float]
    maximize: bool = True
    needs_labels: bool = False

    def __call__(self, y: np.ndarray, reference: np.ndarray, labels: np.ndarray | None) -> float:
        if self.needs_labels and labels is None:
            raise MetricError(f"metric {self.name} needs --labels")
        return float(self.fn(np.asarray(y, dtype=np.float64), np.asarray(reference, dtype=np.float64), labels))

    def loss(self, value: float, baseline: float) -> float:
        """How much worse ``value`` is than ``baseline`` (>= 0 when worse)."""
        return baseline - value if self.maximize else value - baseline


def _classes(labels: np.ndarray, n: int) -> np.ndarray:
    lab = np.asarray(labels)
    if lab.ndim == 2 and lab.shape[1] == n and n > 1:
        return np.argmax(lab, axis=1)
    return lab.reshape(-1).astype(np.int64)


def _2d(a: np.ndarray) -> np.ndarray:
    return a.reshape(a.shape[0], -1)


def agreement(y: np.ndarray, ref: np.ndarray, labels: np.ndarray | None = None) -> float:
    """Fraction of events whose argmax equals the reference's."""
    return float(np.mean(np.argmax(_2d(y), axis=1) == np.argmax(_2d(ref), axis=1)))


def accuracy(y: np.ndarray, ref: np.ndarray, labels: np.ndarray | None) -> float:
    """Fraction of events whose argmax equals the label (integer classes or one-hot)."""
    y2 = _2d(y)
    assert labels is not None
    cls = _classes(labels, y2.shape[1])
    if cls.shape[0] != y2.shape[0]:
        raise MetricError(f"{cls.shape[0]} labels for {y2.shape[0]} events")
    return float(np.mean(np.argmax(y2, axis=1) == cls))


def roc_auc(scores: np.ndarray, positive: np.ndarray) -> float:
    """Area under the ROC curve of ``scores`` for the boolean ``positive`` (ties count one half).

    >>> roc_auc(np.array([0.1, 0.4, 0.35, 0.8]), np.array([False, False, True, True]))
    0.75
    """
    pos = np.asarray(positive, dtype=bool)
    n_pos, n_neg = int(pos.sum()), int((~pos).sum())
    if n_pos == 0 or n_neg == 0:
        return float("nan")
    order = np.argsort(scores, kind="mergesort")
    s = np.asarray(scores)[order]
    ranks = np.empty(len(s), dtype=np.float64)
    _, first, counts = np.unique(s, return_index=True, return_counts=True)
    avg = first + (counts + 1) / 2.0  # 1-based average rank of each tie run
    ranks[order] = np.repeat(avg, counts)
    return float((ranks[pos].sum() - n_pos * (n_pos + 1) / 2.0) / (n_pos * n_neg))


def auc(y: np.ndarray, ref: np.ndarray, labels: np.ndarray | None) -> float:
    """Mean one-vs-rest ROC AUC over the classes (one output: that output vs label != 0)."""
    y2 = _2d(y)
    assert labels is not None
    if y2.shape[1] == 1:
        return roc_auc(y2[:, 0], np.asarray(labels).reshape(-1) != 0)
    cls = _classes(labels, y2.shape[1])
    vals = [roc_auc(y2[:, c], cls == c) for c in range(y2.shape[1])]
    return float(np.nanmean(vals))


def tpr_at_fpr(fpr: float) -> Callable[[np.ndarray, np.ndarray, np.ndarray | None], float]:
    """True-positive rate at the working point (threshold) where the *reference* scores give a
    false-positive rate ``fpr``, averaged over classes (one-vs-rest)."""
    def fn(y: np.ndarray, ref: np.ndarray, labels: np.ndarray | None) -> float:
        y2, r2 = _2d(y), _2d(ref)
        assert labels is not None
        cls = _classes(labels, y2.shape[1]) if y2.shape[1] > 1 else (np.asarray(labels).reshape(-1) != 0)
        out = []
        for c in range(y2.shape[1]):
            pos = cls == c if y2.shape[1] > 1 else cls.astype(bool)
            if pos.all() or not pos.any():
                continue
            thr = np.quantile(r2[~pos, c], 1.0 - fpr)
            out.append(float(np.mean(y2[pos, c] > thr)))
        return float(np.mean(out)) if out else float("nan")
    return fn


def _target(ref: np.ndarray, labels: np.ndarray | None, n: int) -> np.ndarray:
    t = _2d(ref) if labels is None else np.asarray(labels, dtype=np.float64).reshape(n, -1)
    return t


def mse(y: np.ndarray, ref: np.ndarray, labels: np.ndarray | None) -> float:
    """Mean squared error against the labels, else the reference."""
    y2 = _2d(y)
    return float(np.mean((y2 - _target(ref, labels, y2.shape[0])) ** 2))


def max_abs_err(y: np.ndarray, ref: np.ndarray, labels: np.ndarray | None) -> float:
    """Largest |error| against the labels, else the reference."""
    y2 = _2d(y)
    return float(np.max(np.abs(y2 - _target(ref, labels, y2.shape[0])))) if y2.size else 0.0


METRICS: dict[str, Metric] = {
    "agreement": Metric("agreement", agreement),
    "accuracy": Metric("accuracy", accuracy, needs_labels=True),
    "auc": Metric("auc", auc, needs_labels=True),
    "mse": Metric("mse", mse, maximize=False),
    "max_abs_err": Metric("max_abs_err", max_abs_err, maximize=False),
}


def metric(name: str) -> Metric:
    """The metric called ``name`` (:data:`METRICS`, or ``tpr@fpr=F``)."""
    if name.startswith("tpr@fpr="):
        try:
            f = float(name.split("=", 1)[1])
        except ValueError:
            raise MetricError(f"metric {name!r}: the working point must be a number, e.g. tpr@fpr=0.01") from None
        if not 0.0 < f < 1.0:
            raise MetricError(f"metric {name!r}: the false-positive rate must be in (0, 1)")
        return Metric(name, tpr_at_fpr(f), needs_labels=True)
    if name not in METRICS:
        raise MetricError(f"unknown metric {name!r} (metrics: {', '.join(METRICS)}, tpr@fpr=F)")
    return METRICS[name]


def custom(fn: Callable[[np.ndarray, np.ndarray, np.ndarray | None], float], name: str | None = None,
           maximize: bool = True) -> Metric:
    """A metric from a Python callable ``fn(y, reference, labels) -> float`` (API only)."""
    return Metric(name or getattr(fn, "__name__", "custom"), fn, maximize=maximize)
