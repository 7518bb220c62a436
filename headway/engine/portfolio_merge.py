"""A portfolio as one project: every plan under a summary task, task ids qualified by project key.

The merged project starts with the earliest plan; a plan that starts later holds its tasks
back with start-no-earlier-than (on its summary task, and on its leaf tasks without a
constraint of their own, so leveling sees the release too). Calendars, resources and
durations keep their meaning: the first plan's calendar is the merged project calendar, and
a plan with another calendar gets it on its tasks and people; durations of a plan whose
``hours_per_day`` etc. differ become minutes.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import TypeVar

from headway.engine.network import as_datetime
from headway.model import (
    DEFAULT_CALENDAR_ID,
    Calendar,
    Constraint,
    ConstraintType,
    Duration,
    Estimate,
    Link,
    Problem,
    Project,
    Resource,
    Task,
    TimeUnit,
    WorkingTimeSettings,
)
from headway.model.graph import find_cycles
from headway.model.portfolio import Member, Portfolio, qualified
from headway.model.portfolio_validate import validate_portfolio


def portfolio_problems(portfolio: Portfolio) -> list[Problem]:
    """Every problem of the portfolio as a whole, including dependency cycles across projects."""
    problems = validate_portfolio(portfolio)
    if any(p.is_error for p in problems):
        return problems
    merged = merge(portfolio)
    by_id = merged.tasks_by_id()
    for cycle in find_cycles(merged):
        first = by_id[cycle[0]]
        problems.append(Problem("link_cycle", "dependency cycle across projects: " + " -> ".join(cycle),
                                entity_id=cycle[0], location=first.origin,
                                hint="remove or reverse one of these links"))
    return problems


def merge(portfolio: Portfolio) -> Project:
    """One project holding every plan of ``portfolio`` (which must pass ``validate_portfolio``)."""
    members = portfolio.members
    if not members:
        raise ValueError("a portfolio needs at least one plan")
    lead = members[0].project
    calendars = _union(portfolio.pool.calendars, *(m.project.calendars for m in members))
    own = {m.key: _calendar_id(m.project, calendars, lead.calendar) for m in members}
    for cal_id in sorted({c for c in own.values() if c is not None} - {c.id for c in calendars}):
        calendars += (Calendar(cal_id, "Standard week"),)  # a plan on the built-in week, named
    resources = _union(portfolio.pool.resources, *(_people(m, own[m.key]) for m in members))
    start = min((m.project.start for m in members), key=as_datetime)
    tasks: list[Task] = []
    for member in members:
        tasks += _tasks(member, start, own[member.key], lead.working_time)
    timezone = next((m.project.timezone for m in members if m.project.timezone is not None), None)
    return Project(name=portfolio.name, start=start, calendar=lead.calendar, currency=lead.currency,
                   timezone=timezone, working_time=lead.working_time, calendars=calendars,
                   resources=resources, tasks=tuple(tasks))


T = TypeVar("T", Calendar, Resource)


def _union(*groups: tuple[T, ...]) -> tuple[T, ...]:
    """Items by id, the first definition winning (differing ones are ``*_conflict`` errors)."""
    seen: dict[str, T] = {}
    for group in groups:
        for item in group:
            seen.setdefault(item.id, item)
    return tuple(seen.values())


def _calendar_id(project: Project, calendars: tuple[Calendar, ...], merged: str | None) -> str | None:
    """The calendar a plan's tasks must name explicitly (None: the merged project calendar is theirs)."""
    if project.calendar == merged:
        return None
    if project.calendar is not None:
        return project.calendar
    taken = {c.id for c in calendars}
    return next(name for n in range(len(taken) + 1)
                if (name := DEFAULT_CALENDAR_ID + (f"-{n}" if n else "")) not in taken)


def _people(member: Member, calendar: str | None) -> tuple[Resource, ...]:
    if calendar is None:
        return member.project.resources
    return tuple(replace(r, calendar=calendar) if r.calendar is None else r for r in member.project.resources)


def _tasks(member: Member, start: dt.date | dt.datetime, calendar: str | None,
           settings: WorkingTimeSettings) -> list[Task]:
    key, project = member.key, member.project
    later = as_datetime(project.start) > as_datetime(start)
    floor = Constraint(ConstraintType.SNET, project.start) if later else None
    summaries = project.summary_ids()
    top = Task(key, project.name or key, constraint=floor, milestone=not project.tasks, origin=project.origin)
    out = [top]
    scale = project.working_time if project.working_time != settings else None
    for task in project.tasks:
        new = replace(task, id=qualified(key, task.id),
                      parent=qualified(key, task.parent) if task.parent is not None else key,
                      links=tuple(_link(link, key, scale) for link in task.links))
        if floor is not None and task.id not in summaries and _released_by(task.constraint, project.start):
            new = replace(new, constraint=floor)
        if calendar is not None and task.calendar is None and not task.assignments:
            new = replace(new, calendar=calendar)
        if scale is not None:
            new = replace(new, duration=_maybe_minutes(task.duration, scale),
                          effort=_maybe_minutes(task.effort, scale), estimate=_estimate(task.estimate, scale),
                          leveling_delay=_maybe_minutes(task.leveling_delay, scale))
        out.append(new)
    return out


def _released_by(own: Constraint | None, start: dt.date | dt.datetime) -> bool:
    """Whether the project start may replace a task's own constraint (none, ASAP or an earlier SNET)."""
    if own is None or own.type is ConstraintType.ASAP:
        return True
    return (own.type is ConstraintType.SNET and own.date is not None
            and as_datetime(own.date) <= as_datetime(start))


def _link(link: Link, key: str, scale: WorkingTimeSettings | None) -> Link:
    lag = _minutes(link.lag, scale) if scale is not None else link.lag
    return Link(qualified(link.project or key, link.predecessor), link.type, lag, link.origin)


def _minutes(value: Duration, scale: WorkingTimeSettings) -> Duration:
    """Working time written for other ``hours_per_day`` etc., as minutes (elapsed time unchanged)."""
    return value if value.elapsed else Duration(value.minutes(scale), TimeUnit.MINUTE)


def _maybe_minutes(value: Duration | None, scale: WorkingTimeSettings) -> Duration | None:
    return _minutes(value, scale) if value is not None else None


def _estimate(value: Estimate | None, scale: WorkingTimeSettings) -> Estimate | None:
    if value is None:
        return None
    low, likely, high = (_minutes(d, scale) for d in (value.optimistic, value.most_likely, value.pessimistic))
    return Estimate(low, likely, high, value.distribution)
