"""Tasks with several people, written so MS Project keeps Headway's dates.

Headway schedules a task with several people on the hours all of them work; MS Project
schedules each assignment on its own resource's calendar (the task works whenever any of them
does), but honours a task calendar for every assignment. So such a task is exported with a task
calendar holding exactly the hours its people share: the most common hours per weekday as the
week, and every other day (holidays, vacations, exceptions) as an exception day, over the span
the schedule covers plus a year.

MS Project counts a working lag on its successor's task calendar, Headway on the project
calendar when the plan gives the task none; so a working lag into such a task is written as
the elapsed time it spans in the schedule (``crew_lag_minutes``), which keeps the dates.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from headway.engine.calendars import DayPlan, DayPlanBuilder, intersect, resource_plan
from headway.engine.clock import ProjectClock
from headway.engine.results import Schedule, ScheduledTask
from headway.model import Calendar, CalendarException, DateRange, DayHours, Link, Project

MARGIN_BEFORE, MARGIN_AFTER = 31, 366  # days around the schedule the shared hours are spelled out for


@dataclass(frozen=True)
class Crew:
    """A shared-hours calendar and the tasks that use it."""

    calendar: Calendar
    tasks: tuple[str, ...]


def crew_calendars(project: Project, schedule: Schedule, taken: set[str]) -> list[Crew]:
    """One calendar per set of people who share a task and whose working days differ."""
    people = project.resources_by_id()
    crews: dict[tuple[str, ...], list[str]] = {}
    for task in project.tasks:
        names = tuple(sorted({a.resource for a in task.assignments if a.resource in people}))
        if task.calendar is None and len(names) > 1:
            crews.setdefault(names, []).append(task.id)
    if not crews:
        return []
    day0 = schedule.start.date() - dt.timedelta(days=MARGIN_BEFORE)
    days = (schedule.finish.date() - day0).days + MARGIN_AFTER
    builder = DayPlanBuilder.spanning(day0, days)
    plans = {rid: resource_plan(builder, project, people[rid]) for names in crews for rid in names}
    out = []
    for names, tasks in crews.items():
        shared = intersect([plans[rid] for rid in names])
        if all(_same(plans[names[0]], plans[rid]) for rid in names[1:]):
            continue  # everyone works the same hours: their own calendars say it already
        cid = _free(f"shared-{'-'.join(names)}"[:60], taken)
        taken.add(cid)
        out.append(Crew(_as_calendar(cid, f"Hours shared by {', '.join(names)}", shared), tuple(tasks)))
    return out


def crew_lag_minutes(project: Project, clock: ProjectClock, link: Link, pred: ScheduledTask) -> int:
    """Elapsed minutes from ``pred``'s date to where ``link``'s working lag puts it on the project
    calendar (the end of that working minute, as the engine shifts a lag)."""
    ref = pred.early_finish if link.type.from_finish else pred.early_start
    done = clock.minutes(ref) + round(link.lag.minutes(project.working_time))
    shifted = clock.start_at(done - 1) + dt.timedelta(minutes=1)
    return (shifted - ref) // dt.timedelta(minutes=1)


def _same(a: DayPlan, b: DayPlan) -> bool:
    return bool(all(a.patterns[i] == b.patterns[j] for i, j in zip(a.index.tolist(), b.index.tolist(), strict=True)))


def _as_calendar(cid: str, name: str, plan: DayPlan) -> Calendar:
    hours = [plan.patterns[i] for i in plan.index.tolist()]
    dates = [plan.day0 + dt.timedelta(days=k) for k in range(len(hours))]
    by_weekday: list[Counter[DayHours]] = [Counter() for _ in range(7)]
    for day, h in zip(dates, hours, strict=True):
        by_weekday[day.weekday()][h] += 1
    week = tuple(c.most_common(1)[0][0] if c else () for c in by_weekday)
    exceptions = tuple(CalendarException(DateRange(day, day), h) for day, h in zip(dates, hours, strict=True)
                       if h != week[day.weekday()])
    return Calendar(cid, name, week, exceptions=exceptions)


def _free(wanted: str, taken: set[str]) -> str:
    candidate, n = wanted, 1
    while candidate in taken:
        n += 1
        candidate = f"{wanted}-{n}"
    return candidate
