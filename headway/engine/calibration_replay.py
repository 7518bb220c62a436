"""Replaying history in time order to prove the calibration: task level and project level.

Task level: every task gets the P50 and P80 of its actual from the history finished strictly
before the day it was estimated, by three methods: ``naive`` (the estimate), ``bootstrap`` (the
plain per-person empirical ratio quantile, the pool under 10 history tasks: the README's
reference) and ``headway`` (``calibration.Calibration``). Tasks are processed in batches of one
estimate date: every task estimated that day sees the same history, so the pool is sorted once
per date and only the people estimating that day get a table; each person's history is a prefix
of their tasks in finish order, found by binary search.

Project level: at status dates spread over each project's span, the P80 of the project's open
work (tasks estimated by then, unfinished) by Monte Carlo, with independent task multipliers and
with multipliers correlated within the project (one-factor Gaussian copula), against the sum of
those tasks' actuals.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from headway.engine.calibration import (
    DEFAULT_HALF_LIFE_DAYS,
    DEFAULT_SHRINKAGE,
    DEFAULT_WINDOW_DAYS,
    Calibration,
    FloatArray,
    Sample,
    SizeEffect,
    calibrate,
    correlated_uniforms,
    intraclass_correlation,
    mixture_table,
    normal_ppf,
    shrink_weight,
)
from headway.model import EstimateRecord

IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]
METHODS = ("naive", "bootstrap", "headway")
LEVELS = np.array([0.5, 0.8])
PLAIN_MIN_HISTORY = 10


@dataclass(frozen=True)
class TaskReplay:
    """Per task (in the records' order): the data and each method's P50/P80 forecast of the actual.

    ``tested`` marks tasks estimated on or after the replay's start with some history before them.
    """

    people: tuple[str, ...]
    person: IntArray
    estimate: FloatArray
    actual: FloatArray
    tested: BoolArray
    p50: dict[str, FloatArray]
    p80: dict[str, FloatArray]
    pit: FloatArray  # the headway model's mid-CDF at the actual (out of sample); NaN if untested

    def coverage(self, method: str, level: int, *, strict: bool = False, mask: BoolArray | None = None) -> float:
        """Share of tested tasks (within ``mask``) whose actual is ≤ (or < if strict) the forecast."""
        forecast = (self.p50 if level == 50 else self.p80)[method]
        chosen = self.tested if mask is None else self.tested & mask
        if not np.any(chosen):
            return float("nan")
        hit = self.actual[chosen] < forecast[chosen] if strict else self.actual[chosen] <= forecast[chosen]
        return float(np.mean(hit))

    def pinball(self, method: str) -> float:
        """Mean quantile (pinball) loss of log actual vs the log P50 and P80 over tested tasks: a
        proper score (lower is better) for choosing parameters without looking at coverage."""
        y = np.log(self.actual[self.tested])
        loss = 0.0
        for level, forecast in ((0.5, self.p50[method]), (0.8, self.p80[method])):
            gap = y - np.log(forecast[self.tested])
            loss += float(np.mean(np.maximum(level * gap, (level - 1) * gap)))
        return loss / 2

    def per_person(self, method: str, level: int = 80, min_tasks: int = 20) -> dict[str, float]:
        """Coverage per person with at least ``min_tasks`` tested tasks."""
        counts = np.bincount(self.person[self.tested], minlength=len(self.people))
        return {self.people[p]: self.coverage(method, level, mask=self.person == p)
                for p in np.flatnonzero(counts >= min_tasks)}


def spread(coverages: Sequence[float]) -> tuple[float, float]:
    """(interquartile range, mean absolute deviation from 80%) of per-person P80 coverages."""
    if not coverages:
        return float("nan"), float("nan")
    values = np.asarray(coverages, np.float64)
    q1, q3 = np.quantile(values, [0.25, 0.75])
    return float(q3 - q1), float(np.mean(np.abs(values - 0.8)))


def cutoff_date(records: Sequence[EstimateRecord], share: float = 0.7) -> dt.date:
    """The ``share`` quantile of estimate dates (the README's backtest cut-off)."""
    days = np.array([r.estimated_on.toordinal() for r in records], np.float64)
    return dt.date.fromordinal(int(np.quantile(days, share)))


def replay_tasks(records: Sequence[EstimateRecord], *, start: dt.date | None = None, until: dt.date | None = None,
                 shrinkage: float = DEFAULT_SHRINKAGE,
                 half_life_days: float | None = DEFAULT_HALF_LIFE_DAYS, size_effect: bool = True) -> TaskReplay:
    """Rolling replay of every finished task estimated on or after ``start`` (default: the cut-off)
    and before ``until`` (default: no end)."""
    done = [r for r in records if r.finished_on is not None and r.actual is not None and r.actual > 0
            and r.estimate > 0]
    start = start if start is not None else cutoff_date(done)
    people = tuple(dict.fromkeys(r.person for r in done))
    code = {p: i for i, p in enumerate(people)}
    person = np.array([code[r.person] for r in done], np.int64)
    estimate = np.array([r.estimate for r in done], np.float64)
    actual = np.array([r.actual or 0.0 for r in done], np.float64)
    estimated = np.array([r.estimated_on.toordinal() for r in done], np.int64)
    finished = np.array([r.finished_on.toordinal() if r.finished_on else 0 for r in done], np.int64)
    history = _History(np.log(estimate), np.log(actual / estimate), person, finished, len(people), half_life_days)
    p50 = {m: np.full(len(done), np.nan) for m in METHODS}
    p80 = {m: np.full(len(done), np.nan) for m in METHODS}
    p50["naive"], p80["naive"] = estimate.copy(), estimate.copy()
    tested = np.zeros(len(done), bool)
    pit = np.full(len(done), np.nan)
    end = until.toordinal() if until is not None else np.iinfo(np.int64).max
    candidates = np.flatnonzero((estimated >= start.toordinal()) & (estimated < end))
    days, first = np.unique(estimated[candidates], return_index=True)
    for day, batch in zip(days, np.split(candidates, first[1:]), strict=True):
        prefix = history.prefix(int(day))
        if prefix == 0:
            continue
        tested[batch] = True
        weights = history.weights(prefix, int(day))
        size = SizeEffect.fit(history.log_estimates[:prefix], history.logs[:prefix], weights) if size_effect \
            else SizeEffect()
        residuals = history.logs[:prefix] - size.shift(np.exp(history.log_estimates[:prefix]))
        pool = Sample.of(residuals, weights)
        pooled_plain = np.quantile(np.exp(history.logs[:prefix]), LEVELS)
        for p in np.unique(person[batch]):
            rows = batch[person[batch] == p]
            mine = history.own(int(p), prefix)
            own = Sample.of(residuals[mine], weights[mine])
            table = mixture_table(own, pool, shrink_weight(own, shrinkage))
            levels = table.quantile(LEVELS)
            shift = size.shift(estimate[rows])
            pit[rows] = table.mid_cdf(np.log(actual[rows] / estimate[rows]) - shift)
            p50["headway"][rows] = estimate[rows] * np.exp(levels[0] + shift)
            p80["headway"][rows] = estimate[rows] * np.exp(levels[1] + shift)
            plain = np.quantile(np.exp(history.logs[mine]), LEVELS) if len(mine) >= PLAIN_MIN_HISTORY \
                else pooled_plain
            p50["bootstrap"][rows] = estimate[rows] * plain[0]
            p80["bootstrap"][rows] = estimate[rows] * plain[1]
    return TaskReplay(people, person, estimate, actual, tested, p50, p80, pit)


class _History:
    """Finished tasks in finish order, with each person's positions, for prefix look-ups."""

    def __init__(self, log_estimates: FloatArray, logs: FloatArray, person: IntArray, finished: IntArray,
                 people: int, half_life_days: float | None) -> None:
        order = np.argsort(finished, kind="stable")
        self.log_estimates = log_estimates[order]
        self.logs = logs[order]
        self.finished = finished[order]
        self.half_life = half_life_days
        by_person = np.argsort(person[order], kind="stable")
        bounds = np.searchsorted(person[order][by_person], np.arange(people + 1))
        self.positions = [by_person[bounds[p]:bounds[p + 1]] for p in range(people)]

    def prefix(self, day: int) -> int:
        """How many tasks finished strictly before ``day``."""
        return int(np.searchsorted(self.finished, day, side="left"))

    def weights(self, prefix: int, day: int) -> FloatArray:
        """Recency weights of the first ``prefix`` tasks as seen on ``day``."""
        if self.half_life is None:
            return np.ones(prefix)
        out: FloatArray = np.exp2((self.finished[:prefix] - day) / self.half_life)
        return out

    def own(self, person: int, prefix: int) -> IntArray:
        """Positions of ``person``'s tasks among the first ``prefix``."""
        rows = self.positions[person]
        return rows[: int(np.searchsorted(rows, prefix))]


@dataclass(frozen=True)
class ProjectCase:
    """One project at one status date: its open work, the truth and both P80 forecasts (hours)."""

    project: str
    status: dt.date
    share: float
    open_tasks: int
    estimate: float
    actual: float
    p80_independent: float
    p80_correlated: float
    correlation: float


def replay_projects(records: Sequence[EstimateRecord], *, shares: Sequence[float] = (0.25, 0.5, 0.75),
                    iterations: int = 2000, min_tasks: int = 10, seed: int = 0,
                    projects: Sequence[str] | None = None, shrinkage: float = DEFAULT_SHRINKAGE,
                    half_life_days: float | None = DEFAULT_HALF_LIFE_DAYS,
                    size_effect: bool = True, window_days: int | None = DEFAULT_WINDOW_DAYS) -> list[ProjectCase]:
    """Project-level replay: for each project with ≥ ``min_tasks`` finished tasks and each share of
    its span (first estimate to last finish), the P80 of its open work from the history finished
    by that status date, independent and correlated, against what the open tasks actually took."""
    done = [r for r in records if r.finished_on is not None and r.actual is not None and r.actual > 0
            and r.estimate > 0]
    rng = np.random.default_rng(seed)
    scores = _out_of_sample_scores(done, shrinkage, half_life_days, size_effect)
    finished = np.array([r.finished_on.toordinal() if r.finished_on else 0 for r in done], np.int64)
    groups = _week_groups(done, window_days)
    by_project: dict[str, list[EstimateRecord]] = {}
    for record in done:
        by_project.setdefault(record.project, []).append(record)
    chosen = [p for p in (projects if projects is not None else by_project) if len(by_project.get(p, ())) >= min_tasks]
    out: list[ProjectCase] = []
    for name in chosen:
        tasks = by_project[name]
        first = min(r.estimated_on for r in tasks).toordinal()
        last = max(r.finished_on for r in tasks if r.finished_on is not None).toordinal()
        for share in shares:
            status = dt.date.fromordinal(first + round(share * (last - first)))
            known = (finished <= status.toordinal()) & ~np.isnan(scores)
            rho = intraclass_correlation(scores[known], groups[known])
            calibration = calibrate(done, as_of=status, shrinkage=shrinkage, half_life_days=half_life_days,
                                    size_effect=size_effect, correlation=rho)
            case = _project_case(calibration, tasks, name, status, share, iterations, rng)
            if case is not None:
                out.append(case)
    return out


def out_of_sample_correlation(records: Sequence[EstimateRecord], *, as_of: dt.date | None = None,
                              shrinkage: float = DEFAULT_SHRINKAGE,
                              half_life_days: float | None = DEFAULT_HALF_LIFE_DAYS, size_effect: bool = True,
                              window_days: int | None = DEFAULT_WINDOW_DAYS) -> float:
    """The copula's ρ as the project replay measures it: the intra-class correlation, by project and
    ``window_days`` window of finish, of each finished task's normal score under the model known when
    it was estimated: free of look-ahead, for the replay (``calibrate``'s in-sample value is close)."""
    done = [r for r in records if r.finished_on is not None and r.actual is not None and r.actual > 0
            and r.estimate > 0 and (as_of is None or r.finished_on <= as_of)]
    if not done:
        return 0.0
    scores = _out_of_sample_scores(done, shrinkage, half_life_days, size_effect)
    known = ~np.isnan(scores)
    return intraclass_correlation(scores[known], _week_groups(done, window_days)[known])


def _week_groups(done: Sequence[EstimateRecord], window_days: int | None) -> IntArray:
    codes: dict[tuple[str, int], int] = {}
    return np.array([codes.setdefault((r.project, r.finished_on.toordinal() // window_days
                                       if window_days and r.finished_on else 0), len(codes)) for r in done], np.int64)


def _out_of_sample_scores(done: Sequence[EstimateRecord], shrinkage: float, half_life_days: float | None,
                          size_effect: bool) -> FloatArray:
    """Normal scores Φ⁻¹(PIT) of every task under the model known when it was estimated (NaN: no
    history yet): out-of-sample errors, whose within-project correlation the copula needs."""
    first = min(r.estimated_on for r in done)
    replay = replay_tasks(done, start=first, shrinkage=shrinkage, half_life_days=half_life_days,
                          size_effect=size_effect)
    out: FloatArray = np.where(replay.tested, normal_ppf(np.clip(np.nan_to_num(replay.pit, nan=0.5), 1e-4, 1 - 1e-4)),
                               np.nan)
    return out


def _project_case(calibration: Calibration, tasks: Sequence[EstimateRecord], name: str, status: dt.date,
                  share: float, iterations: int, rng: np.random.Generator) -> ProjectCase | None:
    open_work = [r for r in tasks if r.finished_on is not None and r.finished_on > status]
    if not open_work or calibration.pool.size == 0:
        return None
    estimate = np.array([r.estimate for r in open_work], np.float64)
    names, code = np.unique(np.array([r.person for r in open_work], dtype=object), return_inverse=True)
    groups = np.zeros(len(open_work), np.int64)
    totals = []
    for rho in (0.0, calibration.correlation):
        u = correlated_uniforms(rng, iterations, groups, rho)
        hours = np.empty_like(u)
        for i, person in enumerate(names):
            cols = np.flatnonzero(code == i)
            hours[:, cols] = calibration.quantile(str(person), u[:, cols], estimate[cols]) * estimate[cols]
        totals.append(float(np.quantile(hours.sum(axis=1), 0.8)))
    return ProjectCase(name, status, share, len(open_work), float(estimate.sum()),
                       float(sum(r.actual or 0.0 for r in open_work)), totals[0], totals[1], calibration.correlation)


def project_coverage(cases: Sequence[ProjectCase]) -> tuple[float, float, float]:
    """Shares of cases whose actual open work is ≤ the naive sum, the independent P80, the correlated P80."""
    if not cases:
        return float("nan"), float("nan"), float("nan")
    n = len(cases)
    return (sum(c.actual <= c.estimate for c in cases) / n, sum(c.actual <= c.p80_independent for c in cases) / n,
            sum(c.actual <= c.p80_correlated for c in cases) / n)
