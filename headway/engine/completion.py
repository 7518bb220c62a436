"""The status date as an instant, and how much of the work is done by then."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from headway.engine.network import as_datetime
from headway.engine.progress import TaskProgress, end_of
from headway.engine.results import Schedule
from headway.model import Project, WorkingTimeSettings


def status_instant(project: Project) -> dt.datetime:
    """The status date as an instant (its end); the project start when the plan has none."""
    if project.status_date is not None:
        return end_of(project.status_date)
    return as_datetime(project.start)


def fraction_done(state: TaskProgress | None, duration_minutes: int, settings: WorkingTimeSettings) -> float:
    """0..1: 1 when complete, else ``done``, else what a ``remaining`` duration leaves of the task."""
    if state is None:
        return 0.0
    if state.complete:
        return 1.0
    if state.done is not None:
        return min(max(state.done, 0.0), 1.0)
    if state.remaining is not None and duration_minutes > 0:
        return min(max(1.0 - state.remaining.minutes(settings) / duration_minutes, 0.0), 1.0)
    return 0.0


def percent_complete(project: Project, schedule: Schedule, states: Mapping[str, TaskProgress]) -> float:
    """Work-weighted fraction done over leaf tasks (duration-weighted where a task has no work)."""
    total = done = 0.0
    for task in schedule.tasks:
        if task.summary:
            continue
        weight = task.work_minutes or task.duration_minutes
        total += weight
        done += weight * fraction_done(states.get(task.id), task.duration_minutes, project.working_time)
    return done / total if total else 0.0
