"""Calibration from history: each person's distribution of actual/estimate, for the forecast.

The model works on log ratios ``log(actual / estimate)``, in three steps:

1. Size effect: ``log ratio = slope · (log estimate − center) + residual``, fitted once on the
   pool by weighted least squares (small tasks overrun more, in ratio, than large ones; without
   it, independent draws over-forecast a sum of tasks).
2. A person's residual distribution is a mixture of their own (weighted) empirical distribution
   and the pooled one of everybody: ``F = λ · F_own + (1 − λ) · F_pool``, ``λ = n / (n + k)``,
   with ``n`` the person's effective number of history tasks and ``k`` (``shrinkage``) a
   pseudo-count: a newcomer gets the pool, a person with ``k`` tasks half-and-half, a veteran
   mostly their own record. Older tasks weigh less (``half_life_days`` on the finish date; ``n``
   is then Kish's effective sample size).
3. The quantile function is smoothed by linear interpolation between the atoms' mid-cumulative
   weights (Hazen plotting positions), which keeps ties at round numbers (actual = estimate) as
   flat steps instead of smearing them.

``correlation`` is the intra-class correlation, within project and week, of the tasks' normal
scores Φ⁻¹(F(ratio)): the ρ of a one-factor Gaussian copula (``correlated_uniforms``). It is
computed in sample here; ``calibration_replay.out_of_sample_correlation`` scores each task with the
model known when it was estimated instead (the replay uses that; on the public datasets the two
agree closely: 0.051 vs 0.041 on SiP, 0.038 vs 0.038 on CESAW).
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from headway.engine.clock import ProjectClock
from headway.engine.network import as_datetime
from headway.engine.progress import end_of, progress_as_of
from headway.model import EstimateRecord, Project, Task

FloatArray = npt.NDArray[np.float64]

DEFAULT_SHRINKAGE = 30.0  # pseudo-count k, chosen on SiP's early history (docs/calibration.md)
DEFAULT_HALF_LIFE_DAYS: float | None = 180.0  # likewise
MAX_CORRELATION = 0.95
DEFAULT_WINDOW_DAYS: int | None = 7  # correlation among tasks finished in the same project and week
MIN_PROJECT_TASKS = 5  # projects with fewer finished tasks do not inform the correlation


@dataclass(frozen=True)
class Sample:
    """A weighted sample of log ratios, sorted by value; weights sum to 1."""

    values: FloatArray
    weights: FloatArray

    @property
    def size(self) -> int:
        return len(self.values)

    @property
    def effective_size(self) -> float:
        """Kish's effective sample size (the count itself when weights are equal)."""
        return 1.0 / float(np.sum(self.weights**2)) if self.size else 0.0

    @classmethod
    def of(cls, values: FloatArray, weights: FloatArray | None = None) -> Sample:
        order = np.argsort(values, kind="stable")
        w = np.ones(len(values)) if weights is None else np.asarray(weights, np.float64)
        total = float(w.sum())
        return cls(np.asarray(values, np.float64)[order], (w[order] / total) if total > 0 else w[order])


@dataclass(frozen=True)
class Table:
    """A distribution ready to invert: atom values and their mid-cumulative probabilities."""

    values: FloatArray
    mids: FloatArray
    cums: FloatArray  # cumulative probability up to and including each atom

    def quantile(self, u: FloatArray) -> FloatArray:
        out: FloatArray = np.interp(u, self.mids, self.values)
        return out

    def mid_cdf(self, x: FloatArray) -> FloatArray:
        """(F(x−) + F(x)) / 2: ties get their mid-rank."""
        cum = np.concatenate(([0.0], self.cums))
        lo = cum[np.searchsorted(self.values, x, side="left")]
        hi = cum[np.searchsorted(self.values, x, side="right")]
        out: FloatArray = (lo + hi) / 2
        return out


def mixture_table(own: Sample, pool: Sample, weight: float) -> Table:
    """The table of ``weight`` · own + (1 − weight) · pool, merging two sorted samples in O(n)."""
    if own.size == 0 or weight <= 0:
        return _table(pool.values, pool.weights)
    if pool.size == 0 or weight >= 1:
        return _table(own.values, own.weights)
    at_own = np.searchsorted(pool.values, own.values, side="right") + np.arange(own.size)
    at_pool = np.searchsorted(own.values, pool.values, side="left") + np.arange(pool.size)
    values = np.empty(own.size + pool.size)
    weights = np.empty_like(values)
    values[at_own], weights[at_own] = own.values, own.weights * weight
    values[at_pool], weights[at_pool] = pool.values, pool.weights * (1 - weight)
    return _table(values, weights)


def _table(values: FloatArray, weights: FloatArray) -> Table:
    cums = np.cumsum(weights)
    return Table(values, cums - weights / 2, cums)


@dataclass(frozen=True)
class SizeEffect:
    """log ratio = slope · (log estimate − center) + residual: small tasks overrun more, in ratio,
    than large ones. Fitted once on the pool (weighted least squares); slope 0 switches it off."""

    slope: float = 0.0
    center: float = 0.0

    def shift(self, estimate: FloatArray | float | None) -> FloatArray | float:
        if estimate is None or self.slope == 0:
            return 0.0
        out: FloatArray = self.slope * (np.log(np.asarray(estimate, np.float64)) - self.center)
        return out

    @classmethod
    def fit(cls, log_estimates: FloatArray, log_ratios: FloatArray, weights: FloatArray) -> SizeEffect:
        total = float(weights.sum())
        if len(log_estimates) < 2 or total <= 0:
            return cls()
        center = float(np.dot(weights, log_estimates)) / total
        dx = log_estimates - center
        spread = float(np.dot(weights, dx * dx))
        if spread <= 0:
            return cls(0.0, center)
        return cls(float(np.dot(weights, dx * (log_ratios - np.dot(weights, log_ratios) / total))) / spread, center)


@dataclass(frozen=True)
class Calibration:
    """Each person's actual/estimate multiplier distribution, and the within-project correlation.

    ``quantile(person, u, estimate)`` is the inverse CDF of the multiplier at probabilities ``u``
    (any shape) for a task of ``estimate`` working hours (None: a task of typical size). A person
    without history (or None) gets the pooled distribution; with no history at all the multiplier
    is 1 (trust the estimate).
    """

    pool: Sample
    people: Mapping[str, Sample]
    correlation: float = 0.0
    shrinkage: float = DEFAULT_SHRINKAGE
    size: SizeEffect = SizeEffect()
    _tables: dict[str | None, Table] = field(default_factory=dict, repr=False, compare=False)

    def points(self, person: str | None) -> int:
        """How many history tasks stand behind ``person``'s own part of the distribution."""
        sample = self.people.get(person) if person is not None else None
        return sample.size if sample is not None else 0

    def weight(self, person: str | None) -> float:
        """λ: the share of ``person``'s distribution that is their own history (0 for the pool)."""
        sample = self.people.get(person) if person is not None else None
        return shrink_weight(sample, self.shrinkage) if sample is not None else 0.0

    def table(self, person: str | None) -> Table | None:
        """The residual log-ratio distribution of ``person`` (None when there is no history)."""
        if person not in self._tables:
            sample = self.people.get(person) if person is not None else None
            own = sample if sample is not None else Sample(np.zeros(0), np.zeros(0))
            self._tables[person] = mixture_table(own, self.pool, self.weight(person))
        table = self._tables[person]
        return table if len(table.values) else None

    def quantile(self, person: str | None, u: FloatArray, estimate: FloatArray | float | None = None) -> FloatArray:
        """Multipliers (actual/estimate) at probabilities ``u`` (``estimate`` broadcasts against ``u``)."""
        table = self.table(person)
        u = np.asarray(u, np.float64)
        if table is None:
            return np.ones_like(u)
        out: FloatArray = np.exp(table.quantile(u) + self.size.shift(estimate))
        return out

    def cdf(self, person: str | None, ratio: FloatArray, estimate: FloatArray | float | None = None) -> FloatArray:
        """Mid-CDF of the multiplier at ``ratio`` (> 0): the probability integral transform."""
        table = self.table(person)
        ratio = np.asarray(ratio, np.float64)
        if table is None:
            return np.where(ratio < 1, 0.0, np.where(ratio > 1, 1.0, 0.5))
        return table.mid_cdf(np.log(ratio) - self.size.shift(estimate))


def shrink_weight(own: Sample, shrinkage: float) -> float:
    """λ = n / (n + k) with n the effective size of ``own``."""
    n = own.effective_size
    return n / (n + shrinkage) if n + shrinkage > 0 else 1.0


def calibrate(records: Iterable[EstimateRecord], *, as_of: dt.date | None = None,
              shrinkage: float = DEFAULT_SHRINKAGE, half_life_days: float | None = DEFAULT_HALF_LIFE_DAYS,
              size_effect: bool = True, correlation: float | None = None,
              window_days: int | None = DEFAULT_WINDOW_DAYS) -> Calibration:
    """A Calibration from the records finished on or before ``as_of`` (all finished ones if None).

    Records without a positive estimate and actual are ignored. ``correlation`` overrides the
    within-project correlation estimated from the records.
    """
    used = [r for r in records if r.finished_on is not None and r.actual is not None and r.actual > 0
            and r.estimate > 0 and (as_of is None or r.finished_on <= as_of)]
    log_estimates = np.log(np.array([r.estimate for r in used], np.float64))
    logs = np.log(np.array([r.actual or 1.0 for r in used], np.float64)) - log_estimates
    weights = _recency([r.finished_on for r in used if r.finished_on is not None], half_life_days)
    size = SizeEffect.fit(log_estimates, logs, weights) if size_effect else SizeEffect()
    residuals = logs - size.shift(np.exp(log_estimates))
    by_person: dict[str, list[int]] = defaultdict(list)
    for i, record in enumerate(used):
        by_person[record.person].append(i)
    people = {p: Sample.of(residuals[idx], weights[idx]) for p, idx in by_person.items()}
    result = Calibration(Sample.of(residuals, weights), people, 0.0, shrinkage, size)
    if correlation is None:
        correlation = _project_correlation(result, used, residuals, by_person, window_days)
    return Calibration(result.pool, people, correlation, shrinkage, size)


def _project_correlation(calibration: Calibration, used: list[EstimateRecord], residuals: FloatArray,
                         by_person: Mapping[str, list[int]], window_days: int | None) -> float:
    """ICC by project of the normal scores of every record under its person's distribution."""
    if not used:
        return 0.0
    scores = np.empty(len(used))
    for person, idx in by_person.items():
        table = calibration.table(person)
        if table is not None:
            scores[idx] = normal_ppf(np.clip(table.mid_cdf(residuals[idx]), 1e-4, 1 - 1e-4))
    codes: dict[tuple[str, int], int] = {}
    groups = np.array([codes.setdefault((r.project, _window(r.finished_on, window_days)), len(codes))
                       for r in used], np.int64)
    return intraclass_correlation(scores, groups)


def _window(day: dt.date | None, window_days: int | None) -> int:
    return day.toordinal() // window_days if day is not None and window_days else 0


def _recency(finished: list[dt.date], half_life_days: float | None) -> FloatArray:
    if not finished or half_life_days is None:
        return np.ones(len(finished))
    days = np.array([d.toordinal() for d in finished], np.float64)
    out: FloatArray = np.exp2((days - days.max()) / half_life_days)
    return out


def intraclass_correlation(scores: FloatArray, groups: npt.NDArray[np.int64],
                           min_group: int = MIN_PROJECT_TASKS) -> float:
    """One-way random-effects ICC (ANOVA estimator, unbalanced groups) of ``scores`` by group,
    clipped to [0, MAX_CORRELATION]; groups smaller than ``min_group`` are left out."""
    if len(scores) == 0:
        return 0.0
    _, inverse, counts = np.unique(groups, return_inverse=True, return_counts=True)
    keep = counts[inverse] >= min_group
    if not np.any(keep):
        return 0.0
    _, g, n = np.unique(inverse[keep], return_inverse=True, return_counts=True)
    z = scores[keep]
    k, total = len(n), len(z)
    if k < 2 or total <= k:
        return 0.0
    means = np.bincount(g, weights=z) / n
    grand = float(z.mean())
    msb = float(np.sum(n * (means - grand) ** 2)) / (k - 1)
    msw = float(np.sum((z - means[g]) ** 2)) / (total - k)
    n0 = (total - float(np.sum(n.astype(np.float64) ** 2)) / total) / (k - 1)
    denominator = msb + (n0 - 1) * msw
    if denominator <= 0:
        return 0.0
    return float(min(max((msb - msw) / denominator, 0.0), MAX_CORRELATION))


def correlated_uniforms(rng: np.random.Generator, iterations: int, groups: npt.NDArray[np.int64],
                        correlation: float) -> FloatArray:
    """Uniforms of shape (iterations, len(groups)) from a one-factor Gaussian copula: tasks in the
    same group share a factor, so their normal scores correlate at ``correlation``."""
    n_groups = int(groups.max()) + 1 if len(groups) else 0
    common = rng.standard_normal((iterations, n_groups))[:, groups]
    own = rng.standard_normal((iterations, len(groups)))
    rho = min(max(correlation, 0.0), 1.0)
    return normal_cdf(math.sqrt(rho) * common + math.sqrt(1 - rho) * own)


def normal_cdf(x: FloatArray) -> FloatArray:
    """Standard normal CDF (Numerical Recipes' erfc, relative error < 1.2e-7)."""
    z = np.abs(np.asarray(x, np.float64)) / math.sqrt(2)
    t = 1 / (1 + 0.5 * z)
    poly = -z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (
        -0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277))))))))
    erfc = t * np.exp(poly)
    out: FloatArray = np.where(np.asarray(x) >= 0, 1 - erfc / 2, erfc / 2)
    return out


_A = (-3.969683028665376e01, 2.209460984245205e02, -2.759285104469687e02, 1.383577518672690e02,
      -3.066479806614716e01, 2.506628277459239e00)
_B = (-5.447609879822406e01, 1.615858368580409e02, -1.556989798598866e02, 6.680131188771972e01,
      -1.328068155288572e01)
_C = (-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e00, -2.549732539343734e00,
      4.374664141464968e00, 2.938163982698783e00)
_D = (7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e00, 3.754408661907416e00)


def normal_ppf(p: FloatArray) -> FloatArray:
    """Standard normal quantile for p in (0, 1) (Acklam's rational approximation, rel. error < 1.2e-9)."""
    p = np.asarray(p, np.float64)
    low = np.minimum(p, 1 - p)
    q = np.sqrt(-2 * np.log(np.where(low > 0, low, 1e-300)))
    tail = (((((_C[0] * q + _C[1]) * q + _C[2]) * q + _C[3]) * q + _C[4]) * q + _C[5]) / (
        (((_D[0] * q + _D[1]) * q + _D[2]) * q + _D[3]) * q + 1)
    tail = np.where(p < 0.5, tail, -tail)
    r = (p - 0.5) ** 2
    central = (((((_A[0] * r + _A[1]) * r + _A[2]) * r + _A[3]) * r + _A[4]) * r + _A[5]) * (p - 0.5) / (
        ((((_B[0] * r + _B[1]) * r + _B[2]) * r + _B[3]) * r + _B[4]) * r + 1)
    out: FloatArray = np.where(low < 0.02425, tail, central)
    return out


def person_of(task: Task) -> str | None:
    """Whose estimate history a task draws on: its first assignment's person, else its owner."""
    return task.assignments[0].resource if task.assignments else task.owner


def records_from_project(project: Project) -> list[EstimateRecord]:
    """This plan's finished leaf tasks as history, in working hours.

    Estimate: the planned effort (or duration × assigned units) when timesheets book the task,
    compared with the booked work; otherwise the planned duration (or effort ÷ units) compared
    with the working time from actual start to actual finish on the project calendar. The
    person is the first assignment's resource, else the task owner, else "" (the pool).
    """
    standing = progress_as_of(project)
    booked: dict[str, float] = defaultdict(float)
    settings = project.working_time
    for line in project.timesheets:
        extra = line.overtime.minutes(settings) if line.overtime is not None else 0
        booked[line.task] += (line.work.minutes(settings) + extra) / 60
    summaries = project.summary_ids()
    done = [(t, standing[t.id]) for t in project.tasks
            if t.id in standing and t.id not in summaries and not t.milestone and standing[t.id].complete
            and standing[t.id].actual_start is not None and standing[t.id].actual_finish is not None]
    if not done:
        return []
    last = max(end_of(s.actual_finish) for _, s in done if s.actual_finish is not None)
    clock = ProjectClock(project, last.date())
    estimated_on = as_datetime(project.start).date()
    out: list[EstimateRecord] = []
    for task, state in done:
        if state.actual_start is None or state.actual_finish is None:
            continue
        finish = end_of(state.actual_finish)
        finished_on = finish.date() if isinstance(state.actual_finish, dt.datetime) else state.actual_finish
        units = sum(a.units if a.units is not None else 1.0 for a in task.assignments) or 1.0
        planned = _planned_hours(task, project, units, effort=task.id in booked)
        if task.id in booked:
            actual = booked[task.id]
        else:
            actual = (clock.minutes(finish) - clock.minutes(as_datetime(state.actual_start))) / 60
        if planned is None or planned <= 0 or actual <= 0:
            continue
        person = person_of(task) or ""
        out.append(EstimateRecord(person, project.name, task.id, planned, actual, estimated_on, finished_on))
    return out


def _planned_hours(task: Task, project: Project, units: float, *, effort: bool) -> float | None:
    settings = project.working_time
    if effort:
        if task.effort is not None:
            return task.effort.minutes(settings) / 60
        return task.duration.minutes(settings) / 60 * units if task.duration is not None else None
    if task.duration is not None:
        return task.duration.minutes(settings) / 60
    return task.effort.minutes(settings) / 60 / units if task.effort is not None else None


@dataclass(frozen=True, slots=True)
class PersonCalibration:
    """What the forecast uses for one person: their history tasks, λ (the share of their own
    history in their distribution) and the median and P80 multiplier of a typical-size estimate."""

    person: str
    points: int
    weight: float
    p50: float
    p80: float


def people_summary(calibration: Calibration, project: Project) -> list[PersonCalibration]:
    """One row per person the plan's tasks draw on (``person_of``), in plan order."""
    at = np.array([0.5, 0.8])
    people = [p for p in (person_of(t) for t in project.tasks) if p is not None]
    return [PersonCalibration(p, calibration.points(p), calibration.weight(p),
                              *(float(x) for x in calibration.quantile(p, at)))
            for p in dict.fromkeys(people)]
