"""The project aggregate: settings plus calendars, resources and the task tree."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from typing import Any

from headway.model.calendar import Calendar
from headway.model.duration import WorkingTimeSettings
from headway.model.objectives import Objective, Stakeholder
from headway.model.problems import SourceLocation
from headway.model.resource import Resource
from headway.model.risk import Correlation, Risk
from headway.model.task import Task
from headway.model.tracking import Baseline, Issue, ProgressEntry, TimesheetLine

DEFAULT_CALENDAR_ID = "standard"


@dataclass(frozen=True, slots=True)
class Project:
    """A whole plan. Tasks are listed in WBS order (parents before their children).

    ``start`` is the earliest date work may begin; ``status_date`` is the date progress is
    known up to; ``calendar`` names the project calendar (None: Mon-Fri 08:00-17:00 with a
    lunch hour, no holidays); ``timezone`` is an IANA name for the plan's local times.
    ``priority`` (0..1000, higher first) ranks the project in a portfolio: when projects
    compete for people, the higher one is served first.
    """

    name: str
    start: dt.date | dt.datetime
    status_date: dt.date | dt.datetime | None = None
    calendar: str | None = None
    currency: str = "USD"
    timezone: str | None = None
    working_time: WorkingTimeSettings = field(default_factory=WorkingTimeSettings)
    description: str = ""
    priority: int = 500
    calendars: tuple[Calendar, ...] = ()
    resources: tuple[Resource, ...] = ()
    tasks: tuple[Task, ...] = ()
    budget: float | None = None  # the project's budget in its currency (BAC when set)
    # forecast range of a task without an estimate, as fractions of its duration: (-0.1, 0.3) is -10%..+30%
    default_uncertainty: tuple[float, float] | None = None
    progress: tuple[ProgressEntry, ...] = ()
    timesheets: tuple[TimesheetLine, ...] = ()
    baselines: tuple[Baseline, ...] = ()
    issues: tuple[Issue, ...] = ()
    risks: tuple[Risk, ...] = ()
    correlations: tuple[Correlation, ...] = ()  # groups of tasks whose durations err together
    objectives: tuple[Objective, ...] = ()
    stakeholders: tuple[Stakeholder, ...] = ()
    scope: tuple[str, ...] = ()  # what the project delivers, in plain statements
    out_of_scope: tuple[str, ...] = ()  # what it deliberately does not
    assumptions: tuple[str, ...] = ()
    origin: SourceLocation | None = field(default=None, compare=False)

    def task(self, task_id: str) -> Task:
        """The task with ``task_id``; KeyError if there is none."""
        for task in self.tasks:
            if task.id == task_id:
                return task
        raise KeyError(task_id)

    def tasks_by_id(self) -> dict[str, Task]:
        return {t.id: t for t in self.tasks}

    def resources_by_id(self) -> dict[str, Resource]:
        return {r.id: r for r in self.resources}

    def calendars_by_id(self) -> dict[str, Calendar]:
        return {c.id: c for c in self.calendars}

    def children(self) -> dict[str, list[str]]:
        """Child ids of every task that has any, in WBS order."""
        out: dict[str, list[str]] = {}
        for task in self.tasks:
            if task.parent is not None:
                out.setdefault(task.parent, []).append(task.id)
        return out

    def summary_ids(self) -> set[str]:
        return {t.parent for t in self.tasks if t.parent is not None}

    def replace(self, **changes: Any) -> Project:
        """A copy with ``changes`` applied; plans are never edited in place."""
        return replace(self, **changes)
