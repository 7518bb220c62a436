"""Monte Carlo schedule risk: ``forecast(project) -> Forecast``, a pure function of the plan.

Every leaf task's duration is sampled for all iterations at once (``forecast_sampling``: three-point
estimates, the default uncertainty, correlation groups); open risks add their delays and costs in
the iterations where they fire (``forecast_risks``); recorded progress fixes what is done and
pins what is under way (``forecast_progress``). A forward pass over the topological levels,
vectorised over iterations, gives the project duration per iteration, a backward pass each task's
total float, hence its criticality index (``forecast_passes``).

Approximations, on purpose: time is counted in working minutes of the project calendar (task
calendars, elapsed durations and elapsed lags are scaled to it, at ``hours_per_day`` per 24 hours
for the elapsed ones); every link is a start-to-start offset (lag, + the predecessor's duration
from a finish, − the successor's to a finish); earliest starts honour the project start, start-
and finish-no-earlier-than and the status date, but not must-start-on, deadlines as constraints
or leveling; people's calendars are not sampled (an effort-driven task keeps its planned
duration unless it has an estimate).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from headway.engine.baselines import find as find_baseline
from headway.engine.calibration import Calibration, person_of
from headway.engine.clock import ProjectClock
from headway.engine.cpm import schedule as cpm_schedule
from headway.engine.forecast_cost import cost_model, cost_samples
from headway.engine.forecast_passes import criticality, schedule_runs
from headway.engine.forecast_progress import apply_to_durations, apply_to_floors, standing, without_links_into
from headway.engine.forecast_risks import RiskDraws, draw_risks
from headway.engine.forecast_sampling import SAMPLERS, Calibrated, planned_minutes, sample_durations
from headway.engine.forecast_sensitivity import sensitivity
from headway.engine.forecast_tasks import finish_percentiles
from headway.engine.network import NONE, Network, as_datetime, build_structure
from headway.engine.passes import Levels, topological_levels
from headway.engine.progress import status_instant
from headway.engine.results import Schedule
from headway.engine.worktime import IntArray
from headway.model import PlanError, Problem, Project, RiskStatus, validate
from headway.model.graph import find_cycles, summary_leaves, without_external_links

FloatArray = npt.NDArray[np.float64]
PERCENTILES = (10, 50, 80, 90)
CDF_STEP = 5  # percent between points of the cumulative distribution
MAX_BINS = 40
Progress = Callable[[int, int], None]


@dataclass(frozen=True, slots=True)
class DeadlineOdds:
    """Chance that a task finishes by its deadline, and its P50/P80 finish."""

    task: str
    deadline: dt.date | dt.datetime
    probability: float
    p50_finish: dt.datetime | None = None
    p80_finish: dt.datetime | None = None


@dataclass(frozen=True, slots=True)
class MilestoneOdds:
    """Chance that a milestone is reached by its target: the latest baseline's date, else the plan's."""

    task: str
    target: dt.datetime
    target_kind: str  # "baseline" or "plan"
    probability: float
    p50_finish: dt.datetime
    p80_finish: dt.datetime


@dataclass(frozen=True, slots=True)
class RiskEffect:
    """How often an open risk fired, and the P80 duration (working minutes) with the risk removed."""

    risk: str
    fired_share: float
    p80_without_minutes: int
    p80_delta_minutes: int  # P80 with the risk − P80 without it


@dataclass(frozen=True, slots=True)
class CostForecast:
    """Total project cost: the plan's figure, the mean and percentiles over the iterations."""

    planned: float
    mean: float
    percentiles: dict[int, float]


@dataclass(frozen=True, slots=True)
class HistogramBin:
    """Iterations finishing after working minute ``low`` up to and including ``high``."""

    low: int
    high: int
    count: int
    low_finish: dt.datetime
    high_finish: dt.datetime


@dataclass(frozen=True, slots=True)
class CdfPoint:
    """``percent`` of the iterations finish within ``minutes`` (at ``finish``)."""

    percent: int
    minutes: int
    finish: dt.datetime


@dataclass(frozen=True, slots=True)
class Forecast:
    """Project duration percentiles (working minutes from the start), their finish dates, odds."""

    iterations: int
    mean_minutes: float
    percentile_minutes: dict[int, int]
    percentile_finish: dict[int, dt.datetime]
    criticality: dict[str, float]  # leaf task id -> share of iterations on a longest path
    deadlines: tuple[DeadlineOdds, ...]
    minutes_per_day: int
    sensitivity: dict[str, float] = field(default_factory=dict)  # leaf task id -> Spearman ρ with the finish
    risks: tuple[RiskEffect, ...] = ()
    milestones: tuple[MilestoneOdds, ...] = ()
    cost: CostForecast | None = None
    histogram: tuple[HistogramBin, ...] = ()
    cdf: tuple[CdfPoint, ...] = ()
    planned_minutes: int = 0  # the plan's own duration (every task at its planned duration)
    status_date: dt.datetime | None = None  # progress is known up to here; None without progress
    task_finish: dict[str, tuple[dt.datetime, dt.datetime]] = field(default_factory=dict)  # id -> P50, P80


def forecast(project: Project, *, iterations: int = 10_000, seed: int = 0,
             on_progress: Progress | None = None, calibration: Calibration | None = None,
             plan: Schedule | None = None, details: bool = True, task_percentiles: bool = False) -> Forecast:
    """Sample ``iterations`` schedules of ``project`` (reproducible for a given ``seed``).

    ``on_progress(done, total)`` is called after each stage, for a progress bar. With a
    ``calibration`` (the team's estimate history), every task with a duration draws its likely
    duration times a multiplier from its person's history instead of its own range. ``plan`` is
    ``project``'s schedule when the caller has it already; ``details=False`` skips what only the
    full report shows (criticality, sensitivity, cost, milestones, histogram and CDF);
    ``task_percentiles`` adds every task's P50 and P80 finish (``task_finish``).
    """
    if iterations < 1:
        raise ValueError("iterations must be at least 1")
    problems = validate(project, cycles=False)
    if any(p.is_error for p in problems):
        raise PlanError(problems)
    project = without_external_links(project)
    leaves = summary_leaves(project)
    net = build_structure(project, leaves)
    levels = topological_levels(len(net.ids), net.src, net.dst)
    if levels is None:
        raise PlanError([Problem("link_cycle", "dependency cycle: " + " -> ".join(c), entity_id=c[0],
                                 location=project.task(c[0]).origin, hint="remove or reverse one of these links")
                         for c in find_cycles(project)])
    per_day = round(project.working_time.hours_per_day * 60)
    stages = _Stages(on_progress, 5 + sum(1 for r in project.risks if r.status is RiskStatus.OPEN))
    base = planned_minutes(project, net)
    own = _own_calendars(project)
    if plan is None and (project.progress or own or (details and _has_cost(project))):
        plan = cpm_schedule(project)
    clock = _clock(project, net, 0, per_day)
    st = standing(project, net, plan, clock) if plan is not None else None
    span = _spans(net, plan, clock, base) if plan is not None and own else base
    dur = sample_durations(project, net, iterations, np.random.default_rng(seed),
                           correlation_rows(project, net, leaves),
                           np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(2,))),
                           calibrated_rows(project, net, base, calibration) if calibration is not None else None)
    _stretch(dur, span, base)
    stages.step()
    risks = draw_risks(project, net, iterations, seed, SAMPLERS, frozen=set(st.complete_rows().tolist()) if st else ())
    floor, fnet = _floors(net, clock)
    planned = span[:, None].copy()
    if st is not None:
        apply_to_durations(st, dur, base)
        apply_to_durations(st, planned, base)
        floor, fnet = apply_to_floors(st, floor, fnet)
        net = without_links_into(net, st.rows)
        levels = topological_levels(len(net.ids), net.src, net.dst) or levels
    if risks.impacts:
        dur = _with_risks(dur, risks, net)
    offset = _offsets(net, per_day)
    es, finish = schedule_runs(net, levels, offset, floor, fnet, dur)
    stages.step()
    planned_es, planned_finish = schedule_runs(net, levels, offset, floor, fnet, planned)
    clock = _clock(project, net, max(int(finish.max(initial=0)), int(planned_finish[0])), per_day)
    pct = {p: _percentile(finish, p) for p in PERCENTILES}
    crit = criticality(net, levels, offset, dur, es, finish) if details else np.zeros(len(net.ids))
    if st is not None:
        crit[st.complete_rows()] = 0.0
    stages.step()
    sens = sensitivity(dur, finish) if details else np.zeros(len(net.ids))
    stages.step()
    effects = []
    for k in range(len(risks.ids)):
        effects.append(_effect(net, levels, offset, floor, fnet, dur, risks, k, pct[80]))
        stages.step()
    cost = None
    if plan is not None and details:
        model = cost_model(project, net, plan, span, st.actual_cost if st else None)
        if model.planned or risks.cost.any():
            cost = _cost(model.constant.sum() + float(model.per_minute @ planned[:, 0]),
                         cost_samples(model, dur, risks.cost))
    stages.step()
    return Forecast(
        iterations=iterations, mean_minutes=float(finish.mean()), percentile_minutes=pct,
        percentile_finish={p: _finish_at(clock, m) for p, m in pct.items()},
        criticality=dict(zip(net.ids, crit.tolist(), strict=True)),
        deadlines=_deadlines(project, net, leaves, clock, es, dur), minutes_per_day=per_day,
        sensitivity=dict(zip(net.ids, sens.tolist(), strict=True)), risks=tuple(effects),
        milestones=_milestones(project, net, clock, es + dur, planned_es[:, 0] + planned[:, 0]) if details else (),
        cost=cost, histogram=_histogram(clock, finish, per_day) if details else (),
        cdf=_cdf(clock, finish) if details else (), planned_minutes=int(planned_finish[0]),
        status_date=st.status if st is not None else (status_instant(project) if project.progress else None),
        task_finish=finish_percentiles(net.ids, leaves, es + dur, clock) if task_percentiles else {})


class _Stages:
    """Counts finished stages for ``on_progress``."""

    def __init__(self, callback: Progress | None, total: int) -> None:
        self.callback, self.total, self.done = callback, total, 0

    def step(self) -> None:
        self.done = min(self.done + 1, self.total)
        if self.callback is not None:
            self.callback(self.done, self.total)


def _own_calendars(project: Project) -> bool:
    """Whether some task works on another calendar than the project's (its own, or its people's)."""
    return (any(t.calendar is not None for t in project.tasks)
            or any(r.calendar not in (None, project.calendar) or r.week is not None or r.vacations
                   for r in project.resources))


def _spans(net: Network, plan: Schedule, clock: ProjectClock, base: IntArray) -> IntArray:
    """Each leaf's planned start-to-finish in project working minutes: its duration stretched over
    the days its calendar (or its people's: vacations, part-time weeks) does not work."""
    rows = np.flatnonzero(base > 0)
    tasks = [plan.task(net.ids[i]) for i in rows.tolist()]
    out = base.copy()
    if tasks:
        out[rows] = np.maximum(clock.minutes_of([t.finish for t in tasks]) - clock.minutes_of([t.start for t in tasks]),
                               1)
    return out


def _stretch(dur: IntArray, span: IntArray, base: IntArray) -> None:
    """Scale sampled durations, in place, by each task's span over its planned duration."""
    rows = np.flatnonzero((span != base) & (base > 0))
    if len(rows):
        ratio = span[rows] / base[rows]
        dur[rows] = np.rint(dur[rows] * ratio[:, None]).astype(dur.dtype)


def _has_cost(project: Project) -> bool:
    """Whether any task, person or risk carries a cost."""
    return (any(t.cost for t in project.tasks)
            or any(r.rates.standard or r.rates.per_use for r in project.resources)
            or any(i.cost for r in project.risks for i in r.impacts))


def calibrated_rows(project: Project, net: Network, base: IntArray, calibration: Calibration) -> Calibrated:
    """Every leaf with a planned duration, its likely minutes and its person (first assignment, else
    owner, else the pool); none when the calibration has no history at all (estimates then stand)."""
    settings = project.working_time
    per_day = round(settings.hours_per_day * 60)
    rows = np.flatnonzero(base > 0) if calibration.pool.size else np.zeros(0, np.int64)
    likely = []
    people: list[str | None] = []
    for i in rows.tolist():
        task = net.tasks[i]
        m = task.estimate.most_likely if task.estimate is not None else None
        likely.append(m.minutes(settings) * (per_day if m.elapsed else 1440) // 1440 if m is not None else base[i])
        people.append(person_of(task))
    return Calibrated(rows, np.array(likely, np.float64), people, calibration.quantile, calibration.correlation)


def correlation_rows(project: Project, net: Network, leaves: dict[str, list[str]]) -> list[tuple[IntArray, float]]:
    """Each correlation group as leaf rows of ``net`` with its coefficient."""
    index = {tid: i for i, tid in enumerate(net.ids)}
    out = []
    for group in project.correlations:
        rows = sorted({index[leaf] for tid in group.tasks for leaf in leaves.get(tid, [tid]) if leaf in index})
        if rows:
            out.append((np.array(rows, np.int64), group.coefficient))
    return out


def _percentile(finish: IntArray, p: int) -> int:
    return int(np.percentile(finish, p, method="inverted_cdf"))


def _cost(planned: float, samples: FloatArray) -> CostForecast:
    return CostForecast(round(float(planned), 2), round(float(samples.mean()), 2),
                        {p: round(float(np.percentile(samples, p, method="inverted_cdf")), 2) for p in PERCENTILES})


def _histogram(clock: ProjectClock, finish: IntArray, per_day: int) -> tuple[HistogramBin, ...]:
    """Finishes counted per working day (or per few days, at most ``MAX_BINS`` bins)."""
    last = np.maximum(finish.astype(np.int64) - 1, 0)  # the working minute each iteration ends in
    day = max(per_day, 1)
    low, high = int(last.min()) // day * day, (int(last.max()) // day + 1) * day
    width = math.ceil((high - low) / day / MAX_BINS) * day
    edges = np.arange(low, high + width, width)
    counts = np.histogram(last, edges)[0]
    return tuple(HistogramBin(int(a), int(b), int(c), _finish_at(clock, int(a)), _finish_at(clock, int(b)))
                 for a, b, c in zip(edges[:-1], edges[1:], counts, strict=True))


def _cdf(clock: ProjectClock, finish: IntArray) -> tuple[CdfPoint, ...]:
    """The finish at every ``CDF_STEP`` percent, from the earliest (0) to the latest (100) iteration."""
    out = []
    for p in range(0, 101, CDF_STEP):
        minutes = int(finish.min()) if p == 0 else _percentile(finish, p)
        out.append(CdfPoint(p, minutes, _finish_at(clock, minutes)))
    return tuple(out)


def _milestones(project: Project, net: Network, clock: ProjectClock, done: IntArray,
                planned: IntArray) -> tuple[MilestoneOdds, ...]:
    """Each milestone's chance to be reached by its baseline date, else by its planned date."""
    baseline = find_baseline(project, None)
    out = []
    for i, task in enumerate(net.tasks):
        if not task.milestone:
            continue
        saved = baseline.tasks.get(task.id) if baseline is not None else None
        if saved is not None:
            target, kind, limit = saved.finish, "baseline", clock.minutes(saved.finish)
        else:
            limit = int(planned[i])
            target, kind = _finish_at(clock, limit), "plan"
        out.append(MilestoneOdds(task.id, target, kind, float((done[i] <= limit).mean()),
                                 _finish_at(clock, _percentile(done[i], 50)),
                                 _finish_at(clock, _percentile(done[i], 80))))
    return tuple(out)


def _with_risks(dur: IntArray, risks: RiskDraws, net: Network) -> IntArray:
    """``dur`` plus every fired risk's delays (64-bit if 32 could overflow on some path)."""
    bound = int(np.abs(dur).max(axis=1).sum(dtype=np.int64)) + risks.longest()
    if dur.dtype == np.int32 and bound + int(np.abs(net.wlag).sum() + np.abs(net.elag).sum()) >= 2**31 - 1:
        dur = dur.astype(np.int64)
    risks.add(dur)
    return dur


def _effect(net: Network, levels: Levels, offset: IntArray, floor: IntArray, fnet: IntArray, dur: IntArray,
            risks: RiskDraws, k: int, p80: int) -> RiskEffect:
    """Risk ``k``'s share of firing iterations, and P80 re-run on the same draws with its delays removed."""
    without = p80
    if any(risk == k for risk, _, _ in risks.impacts):
        risks.add(dur, -1, k)
        try:
            without = _percentile(schedule_runs(net, levels, offset, floor, fnet, dur)[1], 80)
        finally:
            risks.add(dur, 1, k)
    return RiskEffect(risks.ids[k], float(risks.fired[k].mean()), without, p80 - without)


def _clock(project: Project, net: Network, minutes: int, per_day: int) -> ProjectClock:
    """A project clock reaching every date constraint, deadline, baseline, the status date and
    ``minutes`` of work past the start."""
    start = as_datetime(project.start).date()
    dates = [(net.origin + dt.timedelta(minutes=int(t))).date() for t in (net.floor_abs.max(initial=0),
                                                                          net.fnet_abs.max(initial=NONE)) if t > 0]
    known = [as_datetime(t.deadline).date() for t in project.tasks if t.deadline is not None]
    known += [b.finish.date() for b in project.baselines if b.finish is not None]
    status = status_instant(project) if project.progress else None
    latest = max(known + dates + [start] + ([status.date()] if status is not None else []))
    days = math.ceil(minutes / max(per_day, 1) * 7 / 5) + 60
    while True:
        clock = ProjectClock(project, max(start + dt.timedelta(days=days), latest))
        if not clock.axis.beyond(np.zeros(1, np.int64), np.array([clock.base + minutes])):
            return clock
        days *= 2


def _floors(net: Network, clock: ProjectClock) -> tuple[IntArray, IntArray]:
    """Earliest start and finish-no-earlier-than (or NONE) in project working minutes."""
    def minutes(instants: IntArray) -> IntArray:
        whens = [net.origin + dt.timedelta(minutes=int(t)) for t in instants]
        out: IntArray = np.maximum(clock.minutes_of(whens), 0)
        return out

    floor = minutes(net.floor_abs)
    fnet = np.full(len(net.ids), NONE)
    has = net.fnet_abs != NONE
    if has.any():
        fnet[has] = minutes(net.fnet_abs[has])
    return floor, fnet


def _offsets(net: Network, per_day: int) -> IntArray:
    """Each link's lag in project working minutes (elapsed lags scaled)."""
    out: IntArray = net.wlag + net.elag * per_day // 1440
    return out


def _finish_at(clock: ProjectClock, minutes: int) -> dt.datetime:
    """The end instant of working minute ``minutes`` − 1 (the project start for no work)."""
    if minutes <= 0:
        return clock.start_at(0)
    return clock.start_at(minutes - 1) + dt.timedelta(minutes=1)


def _deadlines(project: Project, net: Network, leaves: dict[str, list[str]], clock: ProjectClock,
               es: IntArray, dur: IntArray) -> tuple[DeadlineOdds, ...]:
    """Share of iterations in which each task with a deadline (its leaves, for a summary) finishes by it."""
    index = {tid: i for i, tid in enumerate(net.ids)}
    out = []
    for task in project.tasks:
        rows = [index[leaf] for leaf in leaves.get(task.id, [task.id]) if leaf in index]
        if task.deadline is None or not rows:
            continue
        limit = clock.minutes(as_datetime(task.deadline, end_of_day=True))
        done = (es[rows] + dur[rows]).max(axis=0)
        out.append(DeadlineOdds(task.id, task.deadline, float((done <= limit).mean()),
                                _finish_at(clock, _percentile(done, 50)), _finish_at(clock, _percentile(done, 80))))
    return tuple(out)
