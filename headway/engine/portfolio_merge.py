"""A portfolio as one project: every plan under a summary task, task ids qualified by project key.

The merged project starts with the earliest plan; a plan that starts later holds its tasks
back with start-no-earlier-than (on its summary task, and on its leaf tasks without a
constraint of their own, so leveling sees the release too). Calendars, resources and
durations keep their meaning: the first plan's calendar is the merged project calendar, and
a plan with another calendar gets it on its tasks and people; durations of a plan whose
``hours_per_day`` etc. differ become minutes. Forecast inputs come along: each plan's risks (ids
and impacted tasks qualified like task ids), correlation groups and default uncertainty (the
merged project's own when every plan has the same, else written out as each task's estimate).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import TypeVar

from headway.engine.network import as_datetime, build_structure
from headway.model import (
    DEFAULT_CALENDAR_ID,
    Calendar,
    Constraint,
    ConstraintType,
    Correlation,
    Duration,
    Estimate,
    Link,
    Problem,
    Project,
    Resource,
    Risk,
    Task,
    TimeUnit,
    WorkingTimeSettings,
)
from headway.model.graph import find_cycles, summary_leaves
from headway.model.portfolio import SEPARATOR, Member, Portfolio, qualified
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
    risks: list[Risk] = []
    correlations: list[Correlation] = []
    for member in members:
        scale = member.project.working_time if member.project.working_time != lead.working_time else None
        tasks += _tasks(member, start, own[member.key], scale)
        risks += _risks(member, scale)
        correlations += [replace(c, tasks=tuple(qualified(member.key, t) for t in c.tasks))
                         for c in member.project.correlations]
    timezone = next((m.project.timezone for m in members if m.project.timezone is not None), None)
    merged = Project(name=portfolio.name, start=start, calendar=lead.calendar, currency=lead.currency,
                     timezone=timezone, working_time=lead.working_time, calendars=calendars,
                     resources=resources, tasks=tuple(tasks), risks=tuple(risks), correlations=tuple(correlations))
    return _with_uncertainty(merged, {m.key: m.project.default_uncertainty for m in members})


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
           scale: WorkingTimeSettings | None) -> list[Task]:
    """The plan's tasks under a summary task named by its key; ``scale``: the plan's working time when
    it differs from the merged project's."""
    key, project = member.key, member.project
    later = as_datetime(project.start) > as_datetime(start)
    floor = Constraint(ConstraintType.SNET, project.start) if later else None
    summaries = project.summary_ids()
    top = Task(key, project.name or key, constraint=floor, milestone=not project.tasks, origin=project.origin)
    out = [top]
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


def _risks(member: Member, scale: WorkingTimeSettings | None) -> list[Risk]:
    """The plan's risks, their ids and impacted tasks qualified by its key."""
    key = member.key
    return [replace(risk, id=qualified(key, risk.id), impacts=tuple(
        replace(i, task=qualified(key, i.task), delay=_delay(i.delay, scale)) for i in risk.impacts))
        for risk in member.project.risks]


def _delay(value: Estimate | Duration | None, scale: WorkingTimeSettings | None) -> Estimate | Duration | None:
    if scale is None or value is None:
        return value
    return _minutes(value, scale) if isinstance(value, Duration) else _estimate(value, scale)


def _with_uncertainty(merged: Project, spreads: dict[str, tuple[float, float] | None]) -> Project:
    """``merged`` with the plans' default uncertainty: its own when all plans agree, else each plan's
    written out as a triangular estimate on its tasks without one, as the forecast would sample them
    (duration × (1 + low), duration, duration × (1 + high), in working minutes)."""
    if len(set(spreads.values())) == 1:
        return merged.replace(default_uncertainty=next(iter(spreads.values())))
    net = build_structure(merged, summary_leaves(merged))
    per_day = round(merged.working_time.hours_per_day * 60)
    planned = dict(zip(net.ids, (d * per_day // 1440 if e else d for d, e in
                                 zip(net.dur.tolist(), net.elapsed.tolist(), strict=True)), strict=True))
    tasks = []
    for task in merged.tasks:
        spread = spreads.get(task.id.split(SEPARATOR, 1)[0])
        minutes = planned.get(task.id, 0)
        if spread is not None and task.estimate is None and minutes > 0:
            low, high = (Duration(round(minutes * (1 + f)), TimeUnit.MINUTE) for f in spread)
            task = replace(task, estimate=Estimate(low, Duration(minutes, TimeUnit.MINUTE), high))
        tasks.append(task)
    return merged.replace(tasks=tuple(tasks))


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
