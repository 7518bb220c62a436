"""Hypothesis strategies for plan data: small valid projects for round-trip and engine tests."""

from __future__ import annotations

import datetime as dt

from hypothesis import strategies as st

from headway.model import (
    Assignment,
    Calendar,
    CalendarException,
    Constraint,
    ConstraintType,
    DateRange,
    DayHours,
    Distribution,
    Duration,
    Estimate,
    HolidaySource,
    Link,
    LinkType,
    Project,
    Rates,
    Resource,
    Task,
    TimeRange,
    TimeUnit,
    WorkingTimeSettings,
)

ids = st.from_regex(r"[A-Za-z0-9_.-]{1,8}", fullmatch=True)
texts = st.text(st.characters(codec="utf-8", categories=("L", "N", "P", "Zs", "S"), include_characters="\n"),
                max_size=20)
amounts = st.one_of(st.integers(0, 400).map(float), st.sampled_from([0.5, 1.5, 2.25, 0.1, 12.75]))
dates = st.dates(dt.date(2025, 1, 1), dt.date(2030, 12, 31))
date_times = st.datetimes(dt.datetime(2025, 1, 1), dt.datetime(2030, 12, 31))
units = st.sampled_from([0.25, 0.5, 0.75, 1.0, 1.5, 2.0, 0.333])


def durations(min_amount: float = 0) -> st.SearchStrategy[Duration]:
    """Durations of any unit with amounts that read back exactly from text."""
    return st.builds(Duration, amounts.filter(lambda a: a >= min_amount), st.sampled_from(TimeUnit))


lags = st.builds(Duration, st.one_of(amounts, amounts.map(lambda a: -a)), st.sampled_from(TimeUnit))


@st.composite
def day_hours(draw: st.DrawFn, min_ranges: int = 0) -> DayHours:
    """Sorted, non-overlapping working times within one day (quarter hours)."""
    count = draw(st.integers(min_ranges, 3))
    points = sorted(draw(st.lists(st.integers(0, 96), min_size=2 * count, max_size=2 * count, unique=True)))
    return tuple(TimeRange(points[i] * 15, points[i + 1] * 15) for i in range(0, len(points), 2))


@st.composite
def weeks(draw: st.DrawFn) -> tuple[DayHours, ...]:
    """Seven days of hours with work on at least Monday."""
    return (draw(day_hours(min_ranges=1)), *(draw(day_hours()) for _ in range(6)))


@st.composite
def date_ranges(draw: st.DrawFn) -> DateRange:
    start = draw(dates)
    return DateRange(start, start + dt.timedelta(days=draw(st.integers(0, 10))))


@st.composite
def calendars(draw: st.DrawFn, cal_ids: list[str]) -> list[Calendar]:
    out = []
    for i, cal_id in enumerate(cal_ids):
        holidays = draw(st.lists(st.sampled_from(
            [HolidaySource("DE"), HolidaySource("US"), HolidaySource("DE", "BY"), HolidaySource("NO")]),
            max_size=2, unique=True))
        exceptions = draw(st.lists(st.builds(CalendarException, date_ranges(), day_hours(), texts), max_size=2))
        out.append(Calendar(cal_id, draw(texts), draw(st.none() | weeks()),
                            draw(st.none() | st.sampled_from(cal_ids[:i])) if i else None,
                            tuple(holidays), tuple(exceptions)))
    return out


@st.composite
def resources(draw: st.DrawFn, res_ids: list[str], cal_ids: list[str]) -> list[Resource]:
    rates = st.builds(Rates, st.sampled_from([0.0, 100.0, 120.5]), st.sampled_from([0.0, 180.0]),
                      st.sampled_from([0.0, 50.0]))
    cal_choice = st.none() | st.sampled_from(cal_ids) if cal_ids else st.none()
    return [Resource(res_id, draw(texts), draw(st.none() | texts), draw(units), draw(rates),
                     draw(cal_choice), draw(st.none() | weeks()),
                     tuple(draw(st.lists(date_ranges(), max_size=2))), draw(st.none() | texts),
                     tuple(draw(st.lists(texts, max_size=2))))
            for res_id in res_ids]


@st.composite
def task_trees(draw: st.DrawFn, task_ids: list[str], res_ids: list[str], cal_ids: list[str],
               start: dt.date) -> list[Task]:
    """Tasks in WBS order whose links cannot form cycles (each link starts after its subtree ends)."""
    depths = [0]
    for _ in task_ids[1:]:
        depths.append(draw(st.integers(0, depths[-1] + 1)))
    parents: list[int | None] = []
    ends = list(range(len(task_ids)))
    for i, depth in enumerate(depths):
        parent = next((j for j in range(i - 1, -1, -1) if depths[j] < depth), None)
        parents.append(parent)
        ancestor = parent
        while ancestor is not None:
            ends[ancestor] = i
            ancestor = parents[ancestor]
    out = []
    for i, task_id in enumerate(task_ids):
        summary = ends[i] > i
        preds = [task_ids[j] for j in range(i) if ends[j] < i]
        links = tuple(Link(pred, draw(st.sampled_from(LinkType)), draw(lags))
                      for pred in draw(st.lists(st.sampled_from(preds), max_size=3, unique=True))) if preds else ()
        assigned = draw(st.lists(st.sampled_from(res_ids), max_size=2, unique=True)) if res_ids else []
        assignments = tuple(Assignment(res, draw(st.none() | units)) for res in assigned)
        kind = "summary" if summary else draw(st.sampled_from(["duration", "milestone", "effort"]))
        if kind == "effort" and not assignments:
            kind = "duration"
        out.append(Task(
            task_id, draw(texts), task_ids[parents[i]] if parents[i] is not None else None,
            duration=draw(durations()) if kind == "duration" else None,
            effort=draw(durations()) if kind == "effort" else None,
            milestone=kind == "milestone", links=links, assignments=assignments,
            constraint=draw(st.none() | constraints(start)), deadline=draw(st.none() | dates | date_times),
            priority=draw(st.integers(0, 1000)), estimate=draw(st.none() | estimates()),
            calendar=draw(st.none() | st.sampled_from(cal_ids)) if cal_ids else None,
            owner=draw(st.none() | texts), tags=tuple(draw(st.lists(texts, max_size=2))), notes=draw(texts)))
    return out


@st.composite
def constraints(draw: st.DrawFn, start: dt.date) -> Constraint:
    kind = draw(st.sampled_from(ConstraintType))
    if not kind.needs_date:
        return Constraint(kind)
    day = start + dt.timedelta(days=draw(st.integers(0, 60)))
    when = draw(st.just(day) | st.builds(dt.datetime.combine, st.just(day), st.times()))
    return Constraint(kind, when)


@st.composite
def estimates(draw: st.DrawFn) -> Estimate:
    unit = draw(st.sampled_from(TimeUnit))
    low, likely, high = sorted(draw(st.lists(amounts, min_size=3, max_size=3)))
    return Estimate(Duration(low, unit), Duration(likely, unit), Duration(high, unit),
                    draw(st.sampled_from(Distribution)))


@st.composite
def projects(draw: st.DrawFn, max_tasks: int = 8) -> Project:
    """A small project that passes ``headway.model.validate`` with no errors."""
    names = draw(st.lists(ids, min_size=1, max_size=max_tasks + 6, unique=True))
    cal_ids = names[: draw(st.integers(0, min(2, len(names))))]
    rest = names[len(cal_ids):]
    res_ids = rest[: draw(st.integers(0, min(3, len(rest))))]
    task_ids = rest[len(res_ids):][:max_tasks]
    start = draw(dates)
    cals = draw(calendars(cal_ids))
    return Project(
        name=draw(texts), start=start, status_date=draw(st.none() | dates),
        calendar=draw(st.none() | st.sampled_from(cal_ids)) if cal_ids else None,
        currency=draw(st.sampled_from(["USD", "EUR", "NOK"])),
        timezone=draw(st.sampled_from([None, "Europe/Berlin", "America/New_York", "UTC"])),
        working_time=WorkingTimeSettings(draw(st.sampled_from([8.0, 7.5, 6.0])),
                                         draw(st.sampled_from([5.0, 4.0])),
                                         draw(st.sampled_from([20.0, 21.5]))),
        description=draw(texts), priority=draw(st.integers(0, 1000)), calendars=tuple(cals),
        resources=tuple(draw(resources(res_ids, cal_ids))),
        tasks=tuple(draw(task_trees(task_ids, res_ids, cal_ids, start)) if task_ids else ()))
