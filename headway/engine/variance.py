"""Variance against a baseline: start and finish slip in working days, work and cost per task."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from headway.engine.clock import ProjectClock
from headway.engine.results import Schedule
from headway.model import Baseline, Project


@dataclass(frozen=True, slots=True)
class TaskVariance:
    """One task now against the baseline; slips are positive when later than promised.

    ``change`` is "" for a task in both, "added" for one the baseline lacks (no slips),
    "removed" for one no longer in the plan.
    """

    id: str
    name: str
    milestone: bool
    summary: bool
    baseline_start: dt.datetime | None
    baseline_finish: dt.datetime | None
    start: dt.datetime | None
    finish: dt.datetime | None
    start_slip_minutes: int | None
    finish_slip_minutes: int | None
    start_slip_days: float | None
    finish_slip_days: float | None
    work_variance_minutes: int | None
    cost_variance: float | None
    change: str = ""


@dataclass(frozen=True, slots=True)
class Variance:
    """A schedule against baseline ``baseline``: the project finish and every task, worst slip first."""

    baseline: str
    saved: dt.datetime
    baseline_finish: dt.datetime | None
    finish: dt.datetime
    finish_slip_days: float | None
    cost_variance: float | None
    minutes_per_day: int
    tasks: tuple[TaskVariance, ...]

    def task(self, task_id: str) -> TaskVariance:
        return next(t for t in self.tasks if t.id == task_id)


def clock_for(project: Project, *whens: dt.datetime | None) -> ProjectClock:
    """A project clock that covers every instant given."""
    latest = max((w.date() for w in whens if w is not None), default=dt.date.today())
    return ProjectClock(project, latest + dt.timedelta(days=31))


def compare(project: Project, schedule: Schedule, baseline: Baseline,
            costs: Mapping[str, float] | None = None, clock: ProjectClock | None = None) -> Variance:
    """Every task of ``schedule`` and ``baseline`` with its variance; ``costs`` are current planned
    costs (None: cost variance unknown)."""
    base = baseline.tasks
    latest = [schedule.finish, baseline.finish, *(b.finish for b in base.values())]
    clock = clock or clock_for(project, *latest)
    per_day = schedule.minutes_per_day
    tasks = list(schedule.tasks)
    both = [(t, base[t.id]) for t in tasks if t.id in base]
    now = clock.minutes_of([x for t, _ in both for x in (t.start, t.finish)]).reshape(-1, 2)
    then = clock.minutes_of([x for _, b in both for x in (b.start, b.finish)]).reshape(-1, 2)
    slips = dict(zip((t.id for t, _ in both), (now - then).tolist(), strict=True))

    def days(minutes: int | None) -> float | None:
        return round(minutes / per_day, 4) if minutes is not None else None

    out = []
    for t in tasks:
        b = base.get(t.id)
        s_slip, f_slip = slips.get(t.id, (None, None))
        cost = costs.get(t.id, 0.0) - b.cost if costs is not None and b is not None else None
        out.append(TaskVariance(t.id, t.name, t.milestone, t.summary, b.start if b else None, b.finish if b else None,
                                t.start, t.finish, s_slip, f_slip, days(s_slip), days(f_slip),
                                t.work_minutes - b.work_minutes if b else None, cost, "" if b else "added"))
    present = set(schedule.task_ids or [t.id for t in schedule.tasks])
    for tid, b in base.items():
        if tid not in present:
            out.append(TaskVariance(tid, tid, False, False, b.start, b.finish, None, None, None, None, None, None,
                                    None, None, "removed"))
    out.sort(key=lambda v: (v.finish_slip_minutes is None, -(v.finish_slip_minutes or 0)))
    total_cost = None
    if costs is not None:
        total_cost = sum(costs.get(t.id, 0.0) for t in schedule.tasks if not t.summary) - baseline.cost
    finish_slip = None
    if baseline.finish is not None:
        finish_slip = days(clock.minutes(schedule.finish) - clock.minutes(baseline.finish))
    return Variance(baseline.name, baseline.saved, baseline.finish, schedule.finish, finish_slip, total_cost,
                    per_day, tuple(out))
