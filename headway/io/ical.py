"""iCalendar (.ics) feeds of a schedule: the project's milestones and deadlines, one person's tasks,
or one person's agenda (``headway agenda --ics``: an event per item, the reason in its description).

Milestones, deadlines and tasks spanning several days are all-day events (calendar apps show them
as a bar above the hours, and a multi-day timed event would block whole nights); a task within one
day is a timed event in the project's time zone (floating local time when the plan has none).
Each event's UID is made of the project name and task id, so importing a newer file updates the
events of the last one instead of adding copies.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from pathlib import Path

from icalendar import Calendar, Event

from headway.engine.agenda import Agenda, AgendaItem, find_person
from headway.engine.results import Schedule, ScheduledTask
from headway.io.import_ids import slug
from headway.model import Project, Task

__all__ = ["agenda_calendar", "calendar", "write", "write_agenda"]

PRODID = "-//Headway//Headway schedule//EN"


def write(project: Project, schedule: Schedule, path: str | Path, person: str | None = None, *,
          stamp: dt.datetime | None = None) -> None:
    """Milestones and deadlines, or with ``person`` (a resource id or name) that person's tasks.

    ``stamp`` is the DTSTAMP (default: now, UTC). ValueError names the resources when
    ``person`` is not one of them.
    """
    Path(path).write_bytes(calendar(project, schedule, person, stamp=stamp).to_ical())


def calendar(project: Project, schedule: Schedule, person: str | None = None, *,
             stamp: dt.datetime | None = None) -> Calendar:
    """The feed as an ``icalendar.Calendar``."""
    when = stamp or dt.datetime.now(dt.UTC)
    if when.tzinfo is None:
        raise ValueError("the DTSTAMP must be a UTC date-time")
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    tasks = project.tasks_by_id()
    zone = zoneinfo.ZoneInfo(project.timezone) if project.timezone else None
    if person is None:
        cal.add("x-wr-calname", f"{project.name}: milestones")
        events = [_milestone(project, schedule, st, tasks[st.id]) for st in schedule.tasks
                  if st.milestone and not st.summary]
        events += [_deadline(project, st) for st in schedule.tasks if st.deadline is not None]
    else:
        who = find_person(project, person)
        cal.add("x-wr-calname", f"{project.name}: {who.name or who.id}")
        events = [_task(project, schedule, st, tasks[st.id], zone) for st in schedule.tasks
                  if not st.summary and who.id in st.resources]
    for event in events:
        event.add("dtstamp", when.astimezone(dt.UTC))
        cal.add_component(event)
    if zone is not None:  # the rules of the years the project spans, not of 1970-2038
        cal.add_missing_timezones(dt.date(schedule.start.year, 1, 1), dt.date(schedule.finish.year + 2, 1, 1))
    return cal


def write_agenda(project: Project, agenda: Agenda, path: str | Path, *, stamp: dt.datetime | None = None) -> None:
    """The agenda as an .ics file: one event per item, in the agenda's order."""
    Path(path).write_bytes(agenda_calendar(project, agenda, stamp=stamp).to_ical())


def agenda_calendar(project: Project, agenda: Agenda, *, stamp: dt.datetime | None = None) -> Calendar:
    """The agenda as an ``icalendar.Calendar``: each item an event (all-day when it spans days, as
    in the person feed) whose description starts with why it is on the agenda and where."""
    when = stamp or dt.datetime.now(dt.UTC)
    if when.tzinfo is None:
        raise ValueError("the DTSTAMP must be a UTC date-time")
    cal = Calendar()
    for key, value in (("prodid", PRODID), ("version", "2.0"), ("calscale", "GREGORIAN"), ("method", "PUBLISH"),
                       ("x-wr-calname", f"{project.name}: agenda of {agenda.person_name}")):
        cal.add(key, value)
    zone = zoneinfo.ZoneInfo(project.timezone) if project.timezone else None
    for rank, item in enumerate(agenda.items, start=1):
        event = _agenda_event(project, agenda, item, rank, zone)
        event.add("dtstamp", when.astimezone(dt.UTC))
        cal.add_component(event)
    if zone is not None and agenda.items:
        first = min(item.start for item in agenda.items)
        last = max(item.finish for item in agenda.items)
        cal.add_missing_timezones(dt.date(first.year, 1, 1), dt.date(last.year + 2, 1, 1))
    return cal


def _agenda_event(project: Project, agenda: Agenda, item: AgendaItem, rank: int,
                  zone: zoneinfo.ZoneInfo | None) -> Event:
    event = Event()
    event.add("uid", _uid(project, item.task, f".agenda.{agenda.person}"))
    event.add("summary", f"{rank}. {item.name or item.task}")
    lines = [item.reason[0].upper() + item.reason[1:] if item.reason else "Open task",
             f"{project.name}, WBS {item.wbs}", f"{_show(item.start)} to {_show(item.finish)}",
             f"Due {_show(item.due)}"]
    event.add("description", "\n".join(lines))
    first, last = item.start.date(), _last_day(item.finish)
    if first != last or item.finish <= item.start:
        _all_day(event, min(first, last), last)
        event.add("transp", "TRANSPARENT")
    else:
        event.add("dtstart", item.start.replace(tzinfo=zone))
        event.add("dtend", item.finish.replace(tzinfo=zone))
    event.add("categories", ["Agenda", *(["Critical"] if item.critical else [])])
    event.add("priority", min(rank, 9))  # RFC 5545: 1 highest .. 9 lowest
    return event


def _uid(project: Project, task_id: str, kind: str = "") -> str:
    return f"{slug(project.name) or 'project'}.{task_id}{kind}@headway"


def _milestone(project: Project, schedule: Schedule, st: ScheduledTask, task: Task) -> Event:
    event = _event(project, schedule, st, task)
    _all_day(event, _last_day(st.finish), _last_day(st.finish))
    event.add("transp", "TRANSPARENT")
    event.add("categories", ["Milestone", *(["Critical"] if st.critical else [])])
    return event


def _deadline(project: Project, st: ScheduledTask) -> Event:
    assert st.deadline is not None
    event = Event()
    event.add("uid", _uid(project, st.id, ".deadline"))
    event.add("summary", f"Deadline: {st.name}")
    late = (st.finish - st.deadline) if st.finish > st.deadline else None
    status = (f"finishes {_show(st.finish)}, {_late(late)} after the deadline" if late is not None
              else f"finishes {_show(st.finish)}, in time")
    event.add("description", f"{project.name}, WBS {st.wbs}: {st.name} {status}.")
    day = _last_day(st.deadline)
    _all_day(event, day, day)
    event.add("transp", "TRANSPARENT")
    event.add("categories", ["Deadline", *(["Late"] if late is not None else [])])
    return event


def _task(project: Project, schedule: Schedule, st: ScheduledTask, task: Task,
          zone: zoneinfo.ZoneInfo | None) -> Event:
    event = _event(project, schedule, st, task)
    first, last = st.start.date(), _last_day(st.finish)
    if st.milestone or first != last or st.finish <= st.start:
        _all_day(event, min(first, last), last)
        event.add("transp", "TRANSPARENT")
    else:
        event.add("dtstart", st.start.replace(tzinfo=zone))
        event.add("dtend", st.finish.replace(tzinfo=zone))
    event.add("categories", ["Milestone" if st.milestone else "Task", *(["Critical"] if st.critical else [])])
    return event


def _event(project: Project, schedule: Schedule, st: ScheduledTask, task: Task) -> Event:
    event = Event()
    event.add("uid", _uid(project, st.id))
    event.add("summary", st.name)
    event.add("description", _description(project, schedule, st, task))
    return event


def _description(project: Project, schedule: Schedule, st: ScheduledTask, task: Task) -> str:
    """Where the task sits, its dates, its float (critical or not), people, progress, notes."""
    float_days = round(st.total_float_minutes / schedule.minutes_per_day, 2)
    if st.critical:
        slack = ("critical: no float" if st.total_float_minutes == 0
                 else f"critical: {-float_days:g} working days behind its deadline or constraint")
    else:
        slack = f"total float {float_days:g} working days"
    dates = f"At {_show(st.finish)}" if st.milestone else f"{_show(st.start)} to {_show(st.finish)}"
    lines = [f"{project.name}, WBS {st.wbs}", dates, slack[0].upper() + slack[1:]]
    if st.resources:
        lines.append("Resources: " + ", ".join(st.resources))
    if st.percent_complete:
        lines.append(f"{st.percent_complete:.0%} complete")
    if task.deadline is not None:
        lines.append(f"Deadline {_show(task.deadline)}")
    if task.notes:
        lines.append(task.notes)
    return "\n".join(lines)


def _all_day(event: Event, first: dt.date, last: dt.date) -> None:
    event.add("dtstart", first)
    event.add("dtend", last + dt.timedelta(days=1))  # DTEND of an all-day event is exclusive


def _last_day(when: dt.datetime) -> dt.date:
    """The day an instant ends: midnight closes the day before."""
    return (when - dt.timedelta(minutes=1)).date() if when.time() == dt.time() else when.date()


def _show(when: dt.date | dt.datetime) -> str:
    return when.strftime("%a %Y-%m-%d %H:%M" if isinstance(when, dt.datetime) else "%a %Y-%m-%d")


def _late(delta: dt.timedelta) -> str:
    hours = delta.total_seconds() / 3600
    return f"{hours:g} hours" if hours < 24 else f"{hours / 24:.1f} days"
