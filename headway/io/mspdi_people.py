"""Tasks whose people work different weeks: MS Project's rule, as a task calendar.

MS Project schedules each assignment on its own resource's calendar, so a task with people
on different weeks works whenever any of them works. Headway schedules a task with people on
the hours all of them work; an imported task whose people's weeks differ therefore gets a
calendar with the union of their weekly hours, which reproduces MS Project's dates.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from headway.engine.calendars import resolve
from headway.model import Calendar, DayHours, Project, Resource, Task, TimeRange

Warn = Callable[[str, str, str | None], None]


def union_calendars(project: Project, warn: Warn) -> Project:
    """``project`` with a union-of-hours calendar on every task whose people work different weeks."""
    people = project.resources_by_id()
    made: dict[tuple[DayHours, ...], str] = {}
    calendars = list(project.calendars)
    tasks: list[Task] = []
    for task in project.tasks:
        crew = [people[a.resource] for a in task.assignments if a.resource in people]
        weeks = {_week(project, r) for r in crew}
        if task.calendar is not None or len(weeks) < 2:
            tasks.append(task)
            continue
        week = _union(list(weeks))
        if week not in made:
            made[week] = _free_id(f"shared-hours-{len(made) + 1}", {c.id for c in calendars})
            calendars.append(Calendar(made[week], "Hours when any of its people work", week))
        ignored = [r.id for r in crew if resolve(project, r.calendar).exceptions or r.vacations]
        warn("union_calendar", f"task {task.id!r}: its people ({', '.join(r.id for r in crew)}) work different "
             f"weeks; as in MS Project it works whenever any of them does (calendar {made[week]!r})"
             + (f"; days off of {', '.join(ignored)} are not part of it" if ignored else ""), task.id)
        tasks.append(replace(task, calendar=made[week]))
    return project.replace(calendars=tuple(calendars), tasks=tuple(tasks))


def _week(project: Project, person: Resource) -> tuple[DayHours, ...]:
    return person.week if person.week is not None else resolve(project, person.calendar).week


def _union(weeks: list[tuple[DayHours, ...]]) -> tuple[DayHours, ...]:
    out = []
    for day in range(7):
        ranges = sorted(rng for week in weeks for rng in week[day])
        merged: list[TimeRange] = []
        for rng in ranges:
            if merged and rng.start <= merged[-1].end:
                merged[-1] = TimeRange(merged[-1].start, max(merged[-1].end, rng.end))
            else:
                merged.append(rng)
        out.append(tuple(merged))
    return tuple(out)


def _free_id(wanted: str, taken: set[str]) -> str:
    candidate, n = wanted, 1
    while candidate in taken:
        n += 1
        candidate = f"{wanted}-{n}"
    return candidate
