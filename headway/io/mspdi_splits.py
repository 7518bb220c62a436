"""Split tasks: MS Project lets a task pause (a split); Headway tasks run in one piece.

MS Project stores a split only in the assignments' timephased work, as periods of explicit
zero work between working periods. A split task is imported as one piece spanning the split:
its duration grows by the working time of the pause (on its calendar), so its dates
stay MS Project's, with a ``split_task`` warning.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import replace

from lxml import etree

from headway.engine.calendars import resolve
from headway.io.mspdi_values import duration_from_minutes, parse_datetime, parse_minutes
from headway.model import DateRange, DayHours, Project, Task

Warn = Callable[[str, str, str | None], None]


def widen_split_tasks(project: Project, root: etree._Element, ns: str, warn: Warn) -> Project:
    """``project`` with every split task lasting from its first to its last working period."""
    pauses = _pauses(root, ns)
    if not pauses:
        return project
    people = project.resources_by_id()
    tasks: list[Task] = []
    for task in project.tasks:
        gaps = pauses.get(task.source_uid or "")
        if not gaps or task.duration is None or task.duration.elapsed:
            tasks.append(task)
            continue
        calendar = task.calendar
        crew = [people[a.resource] for a in task.assignments if a.resource in people]
        if calendar is None and len(crew) == 1:
            calendar = crew[0].calendar
        cal = resolve(project, calendar)
        week = crew[0].week if calendar is None and len(crew) == 1 and crew[0].week else cal.week
        days_off = {e.days: e.hours for e in cal.exceptions}
        extra = sum(_working_minutes(week, days_off, start, end) for start, end in gaps)
        if extra <= 0:
            tasks.append(task)
            continue
        minutes = task.duration.minutes(project.working_time) + extra
        warn("split_task", f"task {task.id!r} is split in MS Project (paused for {extra} working minutes); "
             "imported as one piece spanning the pause", task.id)
        tasks.append(replace(task, duration=duration_from_minutes(minutes, task.duration.unit, project.working_time)))
    return project.replace(tasks=tuple(tasks))


def _pauses(root: etree._Element, ns: str) -> dict[str, list[tuple[dt.datetime, dt.datetime]]]:
    """Per task UID, the zero-work periods between working periods of its first assignment."""
    out: dict[str, list[tuple[dt.datetime, dt.datetime]]] = {}
    for asg in root.iterfind(f"{ns}Assignments/{ns}Assignment"):
        uid = (asg.findtext(f"{ns}TaskUID") or "").strip()
        if uid in out:
            continue
        periods = []
        for td in asg.iterfind(f"{ns}TimephasedData"):
            if (td.findtext(f"{ns}Type") or "").strip() not in ("1", "2"):
                continue
            start, end = parse_datetime(td.findtext(f"{ns}Start")), parse_datetime(td.findtext(f"{ns}Finish"))
            text = td.findtext(f"{ns}Value")
            if start is not None and end is not None and text is not None:
                periods.append((start, end, parse_minutes(text) or 0.0))
        periods.sort()
        worked = [i for i, (_, _, value) in enumerate(periods) if value > 0]
        if len(worked) < 2:
            continue
        gaps = [(s, e) for s, e, value in periods[worked[0]:worked[-1]] if value == 0]
        if gaps:
            out[uid] = gaps
    return out


def _working_minutes(week: tuple[DayHours, ...], exceptions: dict[DateRange, DayHours],
                     start: dt.datetime, end: dt.datetime) -> int:
    """Working minutes of ``week`` with its ``exceptions`` between two instants."""
    total, day = 0, start.date()
    while day <= end.date():
        midnight = dt.datetime.combine(day, dt.time())
        hours = next((h for span, h in exceptions.items() if day in span), week[day.weekday()])
        for rng in hours:
            lo = max(midnight + dt.timedelta(minutes=rng.start), start)
            hi = min(midnight + dt.timedelta(minutes=rng.end), end)
            if hi > lo:
                total += int((hi - lo).total_seconds() // 60)
        day += dt.timedelta(days=1)
    return total
