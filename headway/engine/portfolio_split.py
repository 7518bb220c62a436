"""From the merged schedule of a portfolio back to one schedule per plan, with the plan's own ids.

Tasks of the plan keep their ids; a task of another project (a cross-project predecessor, a
driver) keeps its qualified ``project/task`` id. Dates stay as scheduled; the project's start,
duration and deadline misses are measured on the plan's own calendar.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import replace
from typing import TypeVar

from headway.engine.clock import ProjectClock
from headway.engine.network import as_datetime
from headway.engine.results import Driver, DriverKind, Schedule, ScheduledLink, ScheduledTask
from headway.model import DEFAULT_CALENDAR_ID, Calendar, ConstraintType, Project, Resource
from headway.model.portfolio import SEPARATOR, qualified

V = TypeVar("V")


class Localizer:
    """Turns the merged ids of one project back into the plan's ids."""

    def __init__(self, key: str, project: Project) -> None:
        self.key, self.project = key, project
        self.prefix = key + SEPARATOR
        # the label the network gives the start-no-earlier-than a later project start becomes
        self.start_label = f"{ConstraintType.SNET.value} {project.start}"

    def owns(self, task_id: str | None) -> bool:
        return task_id is not None and (task_id == self.key or task_id.startswith(self.prefix))

    def id(self, task_id: str) -> str:
        return task_id[len(self.prefix):] if task_id.startswith(self.prefix) else task_id

    def optional(self, task_id: str | None) -> str | None:
        return self.id(task_id) if task_id is not None else None

    def task(self, task: ScheduledTask, label: str, clock: ProjectClock) -> ScheduledTask:
        """A merged task as the plan names it (a summary's duration on the plan's calendar)."""
        local = replace(task, id=self.id(task.id), name=label, parent=self._parent(task.parent),
                        wbs=_wbs(task.wbs), level=task.level - 1, driver=self.driver(task.driver))
        if not task.summary:
            return local
        return replace(local, calendar=self.project.calendar or DEFAULT_CALENDAR_ID,
                       duration_minutes=clock.minutes(task.finish) - clock.minutes(task.start))

    def _parent(self, parent: str | None) -> str | None:
        return None if parent is None or parent == self.key else self.id(parent)

    def driver(self, driver: Driver | None) -> Driver | None:
        if driver is None:
            return None
        if driver.kind is DriverKind.CONSTRAINT and driver.constraint == self.start_label:
            return replace(driver, kind=DriverKind.PROJECT_START, constraint=None)
        return replace(driver, predecessor=self.optional(driver.predecessor), via=self.optional(driver.via))

    def keyed(self, values: Mapping[str, V]) -> dict[str, V]:
        """The entries of a mapping by merged task id that belong to this project, by plan id."""
        return {self.id(k): v for k, v in values.items() if self.owns(k)}


def _wbs(number: str) -> str:
    return number.split(".", 1)[1]


def split_schedule(key: str, project: Project, clock: ProjectClock, merged: Schedule) -> Schedule:
    """The part of ``merged`` that is the plan ``project`` (key ``key``), in the plan's own ids."""
    local = Localizer(key, project)
    tasks = tuple(local.task(merged.task(qualified(key, t.id)), t.label, clock) for t in project.tasks)
    links = tuple(ScheduledLink(local.id(link.predecessor), local.id(link.successor), link.type, link.lag,
                                link.driving) for link in merged.links if local.owns(link.successor))
    problems = tuple(replace(p, entity_id=local.optional(p.entity_id)) for p in merged.problems
                     if local.owns(p.entity_id) and p.entity_id != key)
    start = clock.start_at(0)
    finish = max(merged.task(key).finish, start)
    status = as_datetime(project.status_date) if project.status_date is not None else None
    return Schedule(
        project_name=project.name, start=start, finish=finish, duration_minutes=max(clock.minutes(finish), 0),
        tasks=tasks, links=links, critical_path=_critical_path(local, merged), status_date=status,
        days_off=merged.days_off, minutes_per_day=round(project.working_time.hours_per_day * 60),
        problems=problems, task_ids=[t.id for t in tasks])


def _critical_path(local: Localizer, merged: Schedule) -> tuple[str, ...]:
    """The driving chain back from the plan's last-finishing task (through other projects too)."""
    leaves = [merged.task(qualified(local.key, t.id)) for t in local.project.tasks]
    leaves = [t for t in leaves if not t.summary]
    if not leaves:
        return ()
    last = max(reversed(leaves), key=lambda t: t.finish)  # ties: the last in WBS order
    chain = [last]
    while (d := chain[-1].driver) is not None and d.kind is DriverKind.LINK and d.via is not None:
        if len(chain) > len(merged.tasks):
            break
        chain.append(merged.task(d.via))
    return tuple(local.id(t.id) for t in reversed(chain))


def planned(key: str, project: Project, pool_people: tuple[Resource, ...], pool_calendars: tuple[Calendar, ...],
            chosen: Project) -> Project:
    """The plan as scheduled in the portfolio, in its own ids: with the pool's calendars and the pool
    people it uses, and each assignment given to the person leveling picked (``chosen``, merged)."""
    tasks = tuple(replace(t, assignments=chosen.task(qualified(key, t.id)).assignments) for t in project.tasks)
    used = {a.resource for t in tasks for a in t.assignments}
    own = {r.id for r in project.resources}
    return project.replace(
        tasks=tasks, calendars=project.calendars + tuple(c for c in pool_calendars
                                                         if c.id not in {x.id for x in project.calendars}),
        resources=project.resources + tuple(r for r in pool_people if r.id in used and r.id not in own))


def minutes_late(clock: ProjectClock, schedule: Schedule) -> tuple[tuple[str, int], ...]:
    """Tasks finishing after their deadline, with how late (working minutes of the plan's calendar)."""
    return tuple((t.id, max(clock.minutes(t.finish) - clock.minutes(t.deadline), 1)) for t in schedule.tasks
                 if t.deadline is not None and t.finish > t.deadline)


def clock_for(project: Project, finish: dt.datetime) -> ProjectClock:
    """The plan's own working-time clock, long enough for its schedule."""
    return ProjectClock(project, max(finish.date(), as_datetime(project.start).date()) + dt.timedelta(days=60))
