"""Time-phased usage against a day-by-day oracle written from the calendar rules, and after leveling."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

import pytest
from hypothesis import HealthCheck, given, reject, settings
from hypothesis import strategies as st

from headway.engine.cpm import schedule
from headway.engine.leveling.plan import level_plan
from headway.engine.results import Schedule
from headway.engine.usage import overallocations, resource_usage
from headway.model import (
    STANDARD_WEEK,
    Assignment,
    DateRange,
    DayHours,
    Duration,
    Link,
    PlanError,
    Project,
    Resource,
    Task,
    TimeRange,
    TimeUnit,
)

START = dt.date(2027, 1, 4)  # a Monday
MORNINGS: DayHours = (TimeRange(9 * 60, 13 * 60),)
LONG_DAY: DayHours = (TimeRange(7 * 60, 12 * 60), TimeRange(12 * 60 + 30, 18 * 60 + 30))
WEEKS: dict[str, tuple[DayHours, ...] | None] = {
    "standard": None,
    "mornings": (MORNINGS,) * 4 + ((), (), ()),
    "tue-fri": ((), *STANDARD_WEEK[1:5], (), ()),
    "long": (LONG_DAY,) * 5 + ((), ()),
}


@st.composite
def staffed_plans(draw: st.DrawFn, quirks: bool = True) -> Project:
    """A few people (part-time; with quirks: personal weeks and vacations) on a few linked tasks."""
    people = []
    for i in range(draw(st.integers(1, 3))):
        week = WEEKS[draw(st.sampled_from(sorted(WEEKS)))] if quirks else None
        vacations = tuple(DateRange(START + dt.timedelta(days=d), START + dt.timedelta(days=d + n))
                          for d, n in draw(st.lists(st.tuples(st.integers(0, 25), st.integers(0, 4)), max_size=2))
                          ) if quirks else ()
        people.append(Resource(f"p{i}", units=draw(st.sampled_from([0.5, 1.0])), week=week, vacations=vacations))
    tasks = []
    for i in range(draw(st.integers(1, 6))):
        team = draw(st.lists(st.sampled_from(people), min_size=1, max_size=2, unique_by=lambda r: r.id))
        assign = tuple(Assignment(r.id, draw(st.sampled_from([None, r.units / 2]))) for r in team)
        hours = draw(st.sampled_from([4, 8, 12, 16, 24, 40]))
        preds = draw(st.lists(st.integers(0, i - 1), max_size=2, unique=True)) if i else []
        tasks.append(Task(f"t{i}", duration=Duration(hours, TimeUnit.HOUR), assignments=assign,
                          links=tuple(Link(f"t{p}") for p in preds)))
    return Project("usage", START, resources=tuple(people), tasks=tuple(tasks))


def hours_of(person: Resource, day: dt.date) -> list[tuple[int, int]]:
    """The person's working hours that day, straight from the plan."""
    if any(v.start <= day <= v.end for v in person.vacations):
        return []
    week = person.week if person.week is not None else STANDARD_WEEK
    return [(r.start, r.end) for r in week[day.weekday()]]


def shared(a: list[tuple[int, int]], b: list[tuple[int, int]]) -> list[tuple[int, int]]:
    return [(max(x0, y0), min(x1, y1)) for x0, x1 in a for y0, y1 in b if max(x0, y0) < min(x1, y1)]


def oracle(project: Project, result: Schedule) -> tuple[dict[tuple[str, dt.date], float], float]:
    """Work per (person, day) spread over the hours all the task's people work, and the plan's total work
    (duration × units, independent of the schedule)."""
    people = project.resources_by_id()
    work: dict[tuple[str, dt.date], float] = defaultdict(float)
    total = 0.0
    for task in project.tasks:
        assert task.duration is not None
        units = {a.resource: a.units if a.units is not None else people[a.resource].units for a in task.assignments}
        total += sum(task.duration.amount * 60 * u for u in units.values())
        st_ = result.task(task.id)
        day = st_.start.date()
        while day <= st_.finish.date():
            hours = [(0, 1440)]
            for rid in units:
                hours = shared(hours, hours_of(people[rid], day))
            midnight = dt.datetime.combine(day, dt.time())
            lo = max((st_.start - midnight).total_seconds() / 60, 0)
            hi = min((st_.finish - midnight).total_seconds() / 60, 1440)
            minutes = sum(max(min(e, hi) - max(s, lo), 0) for s, e in hours)
            for rid, u in units.items():
                work[rid, day] += minutes * u
            day += dt.timedelta(days=1)
    return work, total


@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow])
@given(staffed_plans())
def test_usage_matches_the_oracle_day_by_day(project: Project) -> None:
    try:
        result = schedule(project)
    except PlanError:  # people who never work at the same time
        reject()
    usage = resource_usage(project, result)
    expected, total = oracle(project, result)
    people = project.resources_by_id()
    got_total = 0.0
    for person in usage.resources:
        for period, work, available in zip(person.periods, person.work, person.available, strict=True):
            assert work == pytest.approx(expected.get((person.id, period.start), 0.0), abs=1e-6), period.label
            hours = hours_of(people[person.id], period.start)
            assert available == pytest.approx(sum(e - s for s, e in hours) * people[person.id].units)
        got_total += person.total_work
    assert got_total == pytest.approx(total)
    # the vectorised instantaneous sweep agrees with the one `headway check` runs
    assert {r.id for r in usage.resources if r.overlapping} == {p.entity_id for p in overallocations(project, result)}
    for by in ("week", "month"):
        coarse = resource_usage(project, result, by=by)  # type: ignore[arg-type]
        for fine, wide in zip(usage.resources, coarse.resources, strict=True):
            assert wide.total_work == pytest.approx(fine.total_work)
            assert wide.total_available >= fine.total_available - 1e-6  # whole periods cover more days


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(staffed_plans(quirks=False))
def test_leveling_leaves_no_period_above_full_load(project: Project) -> None:
    leveled = level_plan(project).schedule
    usage = resource_usage(project, leveled)
    for person in usage.resources:
        assert not person.over.any(), (person.id, person.load.max())
        assert person.peak[0] <= 1 + 1e-9
        assert not person.over_allocated
    _, total = oracle(project, leveled)
    assert sum(r.total_work for r in usage.resources) == pytest.approx(total)
