"""The forecast section of the status report: finish P50/P80, each deadline's odds, the risks that move P80.

A reading of ``forecast(project)`` for ``status``: seeded, so a report is reproducible, and with
fewer iterations than ``headway forecast`` so status stays fast. Open blockers hold their tasks
as in the status schedule (each task not yet started starts no earlier than its blocker's end).
A forecast that fails where scheduling did not (it should not happen) becomes a value with its
reason, so status still reports.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from headway.engine.blockers import Hold
from headway.engine.network import as_datetime
from headway.engine.results import Schedule
from headway.model import Constraint, ConstraintType, DateOrTime, PlanError, Project

if TYPE_CHECKING:
    from headway.engine.forecast import Forecast

# bench/status.py, 1,000 tasks: the forecast part takes about 0.34 s at 2,000 iterations, 1.05 s at 10,000
STATUS_ITERATIONS = 2_000


@dataclass(frozen=True, slots=True)
class DeadlineOutlook:
    """A task with a deadline: its finish now (``planned_finish``, the status schedule), its forecast
    P50/P80 finish and the chance to meet it."""

    task: str
    name: str
    deadline: DateOrTime
    planned_finish: dt.datetime | None
    p50_finish: dt.datetime | None
    p80_finish: dt.datetime | None
    probability: float


@dataclass(frozen=True, slots=True)
class RiskOutlook:
    """An open risk and how much the forecast P80 moves if it is removed (working minutes and days)."""

    id: str
    title: str
    fired_share: float
    p80_without_minutes: int
    p80_delta_minutes: int
    p80_delta_days: float


@dataclass(frozen=True, slots=True)
class StatusForecast:
    """Forecast finish percentiles, deadlines in plan order and risks by effect on P80 (largest first).

    ``error`` says why there is no forecast (the other fields are then empty)."""

    iterations: int
    seed: int
    minutes_per_day: int
    percentile_minutes: dict[int, int]
    percentile_finish: dict[int, dt.datetime]
    deadlines: tuple[DeadlineOutlook, ...] = ()
    risks: tuple[RiskOutlook, ...] = ()
    error: str | None = None


def status_forecast(project: Project, current: Schedule, *, holds: tuple[Hold, ...] = (),
                    iterations: int = STATUS_ITERATIONS, seed: int = 0) -> StatusForecast:
    """The forecast of ``project`` as status shows it: ``current`` is the status schedule, ``holds``
    what the open blockers hold."""
    from headway.engine.forecast import forecast  # here, so `status --no-forecast` does not load it (~0.05 s)

    per_day = round(project.working_time.hours_per_day * 60)
    try:
        result = forecast(held(project, holds), iterations=iterations, seed=seed, plan=current, details=False)
    except PlanError as err:
        reason = "; ".join(f"{p.code}: {p.message}" for p in err.problems if p.is_error) or str(err)
        return StatusForecast(iterations, seed, per_day, {}, {}, error=reason)
    except Exception as err:  # the forecast is one section of the report: status must still report
        return StatusForecast(iterations, seed, per_day, {}, {}, error=f"{type(err).__name__}: {err}")
    return _outlook(project, current, result, seed)


def held(project: Project, holds: tuple[Hold, ...]) -> Project:
    """``project`` with each held task not yet started constrained to start no earlier than its blocker's
    end (a task's own later start-no-earlier-than, or another kind of constraint, is kept)."""
    until: dict[str, dt.datetime] = {}
    for hold in holds:
        if hold.until is not None:
            for tid in set(hold.tasks) - set(hold.in_progress):
                until[tid] = max(until.get(tid, hold.until), hold.until)
    if not until:
        return project
    tasks = []
    for task in project.tasks:
        own = task.constraint
        if task.id in until and (own is None or own.type is ConstraintType.ASAP or (
                own.type is ConstraintType.SNET and own.date is not None and as_datetime(own.date) < until[task.id])):
            task = replace(task, constraint=Constraint(ConstraintType.SNET, until[task.id]))
        tasks.append(task)
    return project.replace(tasks=tuple(tasks))


def _outlook(project: Project, current: Schedule, result: Forecast, seed: int) -> StatusForecast:
    per_day = result.minutes_per_day
    tasks = project.tasks_by_id()
    finishes = {t.id: t.finish for t in current.tasks}
    deadlines = []
    for odds in result.deadlines:
        deadlines.append(DeadlineOutlook(odds.task, tasks[odds.task].label if odds.task in tasks else odds.task,
                                         odds.deadline, finishes.get(odds.task), odds.p50_finish, odds.p80_finish,
                                         odds.probability))
    titles = {r.id: r.title for r in project.risks}
    risks = sorted((RiskOutlook(r.risk, titles.get(r.risk, ""), r.fired_share, r.p80_without_minutes,
                                r.p80_delta_minutes, round(r.p80_delta_minutes / per_day, 2))
                    for r in result.risks), key=lambda r: -r.p80_delta_minutes)
    return StatusForecast(result.iterations, seed, per_day, dict(result.percentile_minutes),
                          dict(result.percentile_finish), tuple(deadlines), tuple(risks))

