"""What was done and what it cost, as dated events: percent complete and actual cost per task.

A progress or timesheet date alone means the end of that day. Actual cost comes, per task,
from the first of these that has data on or before the status date: progress entries'
``actual_cost`` (cumulative to date), timesheets (work × standard rate, overtime × overtime
rate, plus per-use once per person), or an estimate: percent complete × planned cost.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from headway.engine.progress import end_of
from headway.model import Project, Resource, TimesheetLine

MINUTES_PER_HOUR = 60.0

Event = tuple[dt.datetime, float]  # (when, change of a cumulative value)


@dataclass(frozen=True, slots=True)
class TaskActuals:
    """One task's history: changes of percent complete (0..1) and of actual cost, by date."""

    done: tuple[Event, ...] = ()
    cost: tuple[Event, ...] = ()
    source: str = "none"  # "progress", "timesheets", "estimate" or "none"


def _steps(values: list[tuple[dt.datetime, float]]) -> tuple[Event, ...]:
    """Dated cumulative values (later entries win on a tie) as dated changes."""
    out: list[Event] = []
    level = 0.0
    for when, value in sorted(values, key=lambda v: v[0]):
        if value != level:
            out.append((when, value - level))
            level = value
    return tuple(out)


def done_history(project: Project, status: dt.datetime) -> dict[str, list[tuple[dt.datetime, float]]]:
    """Per task, (when, fraction done) of its entries on or before ``status``; a finish means 100%."""
    out: dict[str, list[tuple[dt.datetime, float]]] = {}
    for entry in project.progress:
        when = end_of(entry.date)
        if when > status:
            continue
        done = 1.0 if entry.actual_finish is not None else entry.done
        if done is not None:
            out.setdefault(entry.task, []).append((when, min(max(done, 0.0), 1.0)))
    return out


def task_actuals(project: Project, planned: Mapping[str, float], status: dt.datetime) -> dict[str, TaskActuals]:
    """Every leaf task's history up to ``status``; ``planned`` is the planned cost per leaf task."""
    done = done_history(project, status)
    reported: dict[str, list[tuple[dt.datetime, float]]] = {}
    for entry in project.progress:
        if entry.actual_cost is not None and end_of(entry.date) <= status:
            reported.setdefault(entry.task, []).append((end_of(entry.date), entry.actual_cost))
    sheets = _timesheet_costs(project, status)
    out: dict[str, TaskActuals] = {}
    for tid, cost in planned.items():
        steps = _steps(done.get(tid, []))
        if tid in reported:
            out[tid] = TaskActuals(steps, _steps(reported[tid]), "progress")
        elif tid in sheets:
            out[tid] = TaskActuals(steps, tuple(sorted(sheets[tid])), "timesheets")
        elif steps:
            out[tid] = TaskActuals(steps, tuple((when, change * cost) for when, change in steps), "estimate")
    return out


def _timesheet_costs(project: Project, status: dt.datetime) -> dict[str, list[Event]]:
    """Per task, the cost of each timesheet line on or before ``status`` (per use on a person's first)."""
    people = project.resources_by_id()
    out: dict[str, list[Event]] = {}
    seen: set[tuple[str, str]] = set()
    for line in sorted(project.timesheets, key=lambda x: x.date):
        when = end_of(line.date)
        if when > status:
            continue
        cost = _line_cost(line, people.get(line.resource), project)
        if (line.task, line.resource) not in seen and line.resource in people:
            seen.add((line.task, line.resource))
            cost += people[line.resource].rates.per_use
        out.setdefault(line.task, []).append((when, cost))
    return out


def _line_cost(line: TimesheetLine, person: Resource | None, project: Project) -> float:
    if person is None:
        return 0.0
    settings = project.working_time
    hours = settings.unit_minutes(line.work.unit) * line.work.amount / MINUTES_PER_HOUR
    extra = line.overtime
    overtime = settings.unit_minutes(extra.unit) * extra.amount / MINUTES_PER_HOUR if extra is not None else 0.0
    return hours * person.rates.standard + overtime * person.rates.overtime


def value_at(events: tuple[Event, ...], when: dt.datetime) -> float:
    """The cumulative value of ``events`` at instant ``when``."""
    return sum(change for at, change in events if at <= when)
