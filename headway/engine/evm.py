"""Earned value and earned schedule of a plan at its status date, per project and summary task.

PV: each leaf task's budget at completion (BAC) accrues evenly over its working time as
the baseline has it (the one named ``baseline``, else the latest saved), or, for a plan or
task without one, as the current plan schedules it before progress moves anything. EV:
percent complete × BAC. AC: see ``actuals``. Time is in working minutes of the project calendar from the project start;
for a summary task, from its planned start. ES interpolates linearly within each day.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from headway.engine.actuals import TaskActuals, done_history, task_actuals
from headway.engine.baselines import DEFAULT_NAME, find
from headway.engine.budget import budgets_at_completion
from headway.engine.cashflow import CashFlow
from headway.engine.clock import ProjectClock
from headway.engine.completion import status_instant
from headway.engine.cost import leaf_costs
from headway.engine.cpm import schedule
from headway.engine.evm_formulas import Indicators, ScheduleIndicators, earned_schedule
from headway.engine.network import as_datetime
from headway.engine.periods import Granularity, Period, periods
from headway.engine.results import Schedule
from headway.model import Baseline, Project

FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True, slots=True)
class CurvePoint:
    """Cumulative PV, EV and AC at the end of a period (EV and AC None after the status date);
    ``cost`` is the current plan's cost falling in the period (the cash flow)."""

    period: Period
    pv: float
    ev: float | None
    ac: float | None
    cost: float


@dataclass(frozen=True, slots=True)
class TaskValue:
    """One leaf task at the status date; ``ac_source`` says where its AC came from."""

    id: str
    bac: float
    planned_cost: float
    pv: float
    ev: float
    ac: float
    done: float
    ac_source: str


@dataclass(frozen=True, slots=True)
class Measures:
    """EVM and earned schedule of the project (``id`` None) or of one summary task."""

    id: str | None
    name: str
    budget: float | None  # as written on the summary or project
    planned_cost: float  # the current plan's cost
    cost: Indicators
    time: ScheduleIndicators  # minutes from ``origin_minutes``
    origin_minutes: int  # working minutes from the project start to where time is counted from
    s_curve: tuple[CurvePoint, ...]

    @property
    def spi(self) -> float | None:
        return self.cost.spi

    @property
    def cpi(self) -> float | None:
        return self.cost.cpi

    @property
    def spi_t(self) -> float | None:
        return self.time.spi_t


@dataclass(frozen=True, slots=True)
class EarnedValue:
    """The whole picture at ``status``: the project, each summary task and each leaf task."""

    status: dt.datetime
    currency: str
    baseline: str | None
    by: Granularity
    project: Measures
    summaries: tuple[Measures, ...]
    tasks: tuple[TaskValue, ...]
    within: dict[str, frozenset[str]] = field(default_factory=dict)  # summary -> every task beneath it

    @property
    def spi(self) -> float | None:
        return self.project.spi

    @property
    def cpi(self) -> float | None:
        return self.project.cpi

    @property
    def spi_t(self) -> float | None:
        return self.project.spi_t


def pv_baseline(project: Project) -> Baseline | None:
    """The baseline PV is measured against: ``baseline`` by name, else the latest saved."""
    return find(project, DEFAULT_NAME) or find(project, None)


@dataclass(frozen=True, eq=False)
class _Grid:
    """Per-leaf figures and per-day curves shared by every scope."""

    ids: list[str]
    bac: FloatArray
    finish: list[dt.datetime]
    start: list[dt.datetime]
    pv_daily: FloatArray  # leaf × day
    cost_daily: FloatArray
    pv_now: FloatArray
    day_minutes: FloatArray  # project minutes at the end of each day, with the grid's start first
    spans: tuple[Period, ...]
    period_day: npt.NDArray[np.int64]  # index of each period's last day
    clock: ProjectClock


def earned_value(project: Project, result: Schedule, *, status: dt.datetime | None = None,
                 by: Granularity = "week") -> EarnedValue:
    """EVM, earned schedule and S-curves of ``project`` (scheduled as ``result``) at ``status``.

    ``status`` defaults to the end of the plan's status date (the project start without one).
    """
    when = status if status is not None else status_instant(project)
    baseline = pv_baseline(project)
    # without a baseline the plan is the schedule as planned: progress moves work, not the plan
    plan = schedule(project.replace(progress=())) if project.progress else result
    costs = {tid: c.total for tid, c in leaf_costs(project, result).items()}
    planned = {tid: baseline.tasks[tid].cost if baseline and tid in baseline.tasks else cost
               for tid, cost in costs.items()}
    weight = {tid: float(result.task(tid).duration_minutes) for tid in costs}
    bac_by_id = budgets_at_completion(project, planned, weight)
    actuals = task_actuals(project, costs, when)
    grid = _grid(project, result, plan, baseline, bac_by_id, costs, when, by)
    clock = grid.clock
    values = _task_values(grid, costs, done_history(project, when), actuals)
    scope = _Scope(grid, values, actuals, clock, when)
    whole = scope.measure(None, project.name, project.budget, np.arange(len(grid.ids)), 0)
    leaves_of = _leaves(project, grid.ids)
    parts = []
    for task in project.tasks:
        if task.id in leaves_of and leaves_of[task.id].size:
            idx = leaves_of[task.id]
            origin = clock.minutes(min(grid.start[i] for i in idx.tolist()))
            parts.append(scope.measure(task.id, task.name or task.id, task.budget, idx, origin))
    return EarnedValue(when, project.currency, baseline.name if baseline else None, by, whole, tuple(parts), values,
                       _descendants(project))


def _task_values(grid: _Grid, costs: dict[str, float], done: dict[str, list[tuple[dt.datetime, float]]],
                 actuals: dict[str, TaskActuals]) -> tuple[TaskValue, ...]:
    out = []
    for i, tid in enumerate(grid.ids):
        bac, part = float(grid.bac[i]), _latest(done.get(tid))
        mine = actuals.get(tid, TaskActuals())
        out.append(TaskValue(tid, bac, costs[tid], float(grid.pv_now[i]), part * bac,
                             float(sum(c for _, c in mine.cost)), part, mine.source))
    return tuple(out)


def _descendants(project: Project) -> dict[str, frozenset[str]]:
    out: dict[str, set[str]] = {}
    parents = {t.id: t.parent for t in project.tasks}
    for task in project.tasks:
        parent = task.parent
        while parent is not None:
            out.setdefault(parent, set()).add(task.id)
            parent = parents.get(parent)
    return {k: frozenset(v) for k, v in out.items()}


def _latest(history: list[tuple[dt.datetime, float]] | None) -> float:
    """The value of the latest entry (the later one in the file on a tie)."""
    return sorted(history, key=lambda h: h[0])[-1][1] if history else 0.0


def _leaves(project: Project, leaf_ids: Sequence[str]) -> dict[str, npt.NDArray[np.int64]]:
    """Leaf positions under each summary task."""
    position = {tid: i for i, tid in enumerate(leaf_ids)}
    parents = {t.id: t.parent for t in project.tasks}
    out: dict[str, list[int]] = {s: [] for s in project.summary_ids()}
    for tid, i in position.items():
        parent = parents.get(tid)
        while parent is not None:
            out[parent].append(i)
            parent = parents.get(parent)
    return {s: np.array(v, np.int64) for s, v in out.items()}


def _grid(project: Project, result: Schedule, plan: Schedule, baseline: Baseline | None,
          bac_by_id: dict[str, float], costs: dict[str, float], when: dt.datetime, by: Granularity) -> _Grid:
    tasks = project.tasks_by_id()
    ids = list(costs)
    spans = [(baseline.tasks[t].start, baseline.tasks[t].finish) if baseline and t in baseline.tasks
             else (plan.task(t).start, plan.task(t).finish) for t in ids]
    now = [(result.task(t).start, result.task(t).finish) for t in ids]
    begin = as_datetime(project.start).date()
    instants = [s for pair in spans + now for s in pair]
    first = min([begin, when.date(), *(s.date() for s in instants)])
    last = max([(when - dt.timedelta(minutes=1)).date(), *(s.date() for s in instants)])
    frames = periods(first, last, by)
    first, last = frames[0].start, frames[-1].end - dt.timedelta(days=1)
    leaf_tasks = [tasks[t] for t in ids]
    bac = np.array([bac_by_id.get(t, 0.0) for t in ids], np.float64)
    flow = CashFlow(project, first, last)
    pv = flow.spread(leaf_tasks, [s for s, _ in spans], [f for _, f in spans], bac, until=when)
    pv_daily, pv_now = pv.amount, pv.accrued if pv.accrued is not None else np.zeros(len(ids))
    cost = np.array([costs[t] for t in ids], np.float64)
    if spans == now and not np.any((bac <= 0) & (cost > 0)):  # same spans: scale PV's spread
        cost_daily = pv_daily * np.divide(cost, bac, out=np.zeros(len(ids)), where=bac > 0)[:, None]
    else:
        cost_daily = flow.spread(leaf_tasks, [s for s, _ in now], [f for _, f in now], cost).amount
    clock = ProjectClock(project, frames[-1].end)
    ends = [dt.datetime.combine(first, dt.time()) + dt.timedelta(days=k) for k in range(pv_daily.shape[1] + 1)]
    day_minutes = clock.minutes_of(ends).astype(np.float64)
    period_day = np.cumsum([p.days for p in frames]) - 1
    return _Grid(ids, bac, [f for _, f in spans], [s for s, _ in spans], pv_daily, cost_daily, pv_now,
                 day_minutes, frames, period_day.astype(np.int64), clock)


@dataclass(frozen=True, eq=False)
class _Scope:
    grid: _Grid
    values: tuple[TaskValue, ...]
    actuals: dict[str, TaskActuals]
    clock: ProjectClock
    when: dt.datetime

    def measure(self, sid: str | None, name: str, budget: float | None, idx: npt.NDArray[np.int64],
                origin: int) -> Measures:
        g = self.grid
        picked = [self.values[i] for i in idx.tolist()]
        bac = float(g.bac[idx].sum())
        ev = float(sum(v.ev for v in picked))
        ac = float(sum(v.ac for v in picked))
        cost = Indicators(bac, float(g.pv_now[idx].sum()), ev, ac)
        cum = np.concatenate(([0.0], np.cumsum(g.pv_daily[idx].sum(axis=0))))
        es = earned_schedule(g.day_minutes.tolist(), cum.tolist(), ev)
        finish = max((g.finish[i] for i in idx.tolist()), default=None)
        pd = self.clock.minutes(finish) - origin if finish is not None else 0
        at = self.clock.minutes(self.when)
        time = ScheduleIndicators(max(es - origin, 0.0), float(at - origin), float(pd))
        return Measures(sid, name, budget, sum(v.planned_cost for v in picked), cost, time, origin,
                        self._curve(idx, picked, cum))

    def _curve(self, idx: npt.NDArray[np.int64], picked: list[TaskValue], cum: FloatArray) -> tuple[CurvePoint, ...]:
        g = self.grid
        done_events = [(when, change * v.bac) for v in picked for when, change in
                       self.actuals.get(v.id, TaskActuals()).done]
        cost_events = [e for v in picked for e in self.actuals.get(v.id, TaskActuals()).cost]
        cash = np.add.reduceat(g.cost_daily[idx].sum(axis=0), g.period_day - np.array([p.days for p in g.spans]) + 1)
        at = [min(dt.datetime.combine(p.end, dt.time()), self.when) for p in g.spans]
        evs, acs = _cumulative(done_events, at), _cumulative(cost_events, at)
        out = []
        for k, period in enumerate(g.spans):
            shown = dt.datetime.combine(period.start, dt.time()) < self.when
            out.append(CurvePoint(period, float(cum[int(g.period_day[k]) + 1]), evs[k] if shown else None,
                                  acs[k] if shown else None, float(cash[k])))
        return tuple(out)


def _cumulative(events: list[tuple[dt.datetime, float]], instants: list[dt.datetime]) -> list[float]:
    """The running total of dated ``events`` at each of ``instants``."""
    if not events:
        return [0.0] * len(instants)
    events = sorted(events, key=lambda e: e[0])
    when = np.array([at for at, _ in events], "datetime64[m]")
    total = np.concatenate(([0.0], np.cumsum([c for _, c in events])))
    found = np.searchsorted(when, np.array(instants, "datetime64[m]"), side="right")
    out: list[float] = total[found].tolist()
    return out

