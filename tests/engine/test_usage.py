"""Over-allocation findings and time-phased usage on hand-made plans, checked by hand."""

from __future__ import annotations

import datetime as dt

import pytest

from headway.engine.cpm import schedule
from headway.engine.leveling.plan import level_plan
from headway.engine.usage import Usage, assignment_spans, overallocations, resource_usage
from headway.io.plan import loads

PLAN = """
project: {name: p, start: 2027-01-04}
resources: [{id: alice}, {id: bob, units: 50%}]
tasks:
  - {id: a, duration: 2d, assign: [alice]}
  - {id: b, duration: 1d, assign: [{resource: alice, units: 50%}]}
  - {id: c, duration: 1d, assign: [bob], after: [a]}
  - {id: d, duration: 1d, assign: [bob], after: [a]}
  - {id: e, duration: 1d, assign: [alice], after: [b]}
"""


def test_over_allocations_name_the_person_peak_and_tasks() -> None:
    project = loads(PLAN).project
    found = {p.entity_id: p for p in overallocations(project, schedule(project))}
    assert set(found) == {"alice", "bob"}
    # a runs Mon-Tue; b (half time) Mon, then e Tue beside a: the worst moment is Tue, 200%
    assert "200% of 100% at 2027-01-05 08:00 (a, e)" in found["alice"].message
    assert "100% of 50%" in found["bob"].message and "(c, d)" in found["bob"].message


def test_back_to_back_tasks_are_not_over_allocated() -> None:
    project = loads("""
project: {name: p, start: 2027-01-04}
resources: [{id: alice}]
tasks:
  - {id: a, duration: 2d, assign: [alice]}
  - {id: b, duration: 1d, assign: [alice], after: [a]}
""").project
    result = schedule(project)
    assert overallocations(project, result) == []
    assert [s[3] for s in assignment_spans(project, result)["alice"]] == ["a", "b"]


def test_leveling_leaves_no_over_allocation() -> None:
    project = loads(PLAN).project
    assert overallocations(project, level_plan(project).schedule) == []


def daily(plan: str, **kwargs: object) -> Usage:
    project = loads(plan).project
    return resource_usage(project, schedule(project), **kwargs)  # type: ignore[arg-type]


def by_day(usage: Usage, rid: str, what: str = "work") -> dict[str, float]:
    """Non-zero values of one person's ``work``, ``available`` or ``load`` by day label."""
    person = usage.resource(rid)
    values = getattr(person, what)
    return {p.label: float(v) for p, v in zip(person.periods, values, strict=True) if v}


MON = "2027-01-04"


def test_a_five_day_task_gives_a_full_day_of_work_each_weekday() -> None:
    usage = daily("""
project: {name: p, start: 2027-01-04}
resources: [{id: alice}]
tasks: [{id: a, duration: 5d, assign: [alice]}]
""")
    week = {f"2027-01-0{d}": 480.0 for d in range(4, 9)}
    assert by_day(usage, "alice") == week
    assert by_day(usage, "alice", "available") == week
    assert by_day(usage, "alice", "load") == {d: 1.0 for d in week}
    alice = usage.resource("alice")
    assert alice.total_work == 2400 and not alice.over_allocated
    assert alice.peak == (1.0, usage.periods[0])


def test_part_time_personal_week_vacation_and_holiday() -> None:
    usage = daily("""
project: {name: p, start: 2027-01-14, calendar: us}
calendars: [{id: us, holidays: US}]
resources:
  - {id: half, units: 50%}
  - {id: mornings, week: {weekdays: ["09:00-13:00"], fri: []}}
  - {id: away, vacations: [2027-01-20]}
tasks:
  - {id: a, duration: 2d, assign: [half]}
  - {id: b, duration: 1d, assign: [mornings]}
  - {id: c, duration: 3d, assign: [away], constraint: {type: start-no-earlier-than, date: 2027-01-19}}
""")
    # Thu 14, Fri 15, then Mon 18 is Martin Luther King Day
    assert by_day(usage, "half") == {"2027-01-14": 240, "2027-01-15": 240}
    assert by_day(usage, "half", "available")["2027-01-19"] == 240
    assert "2027-01-18" not in by_day(usage, "half", "available")
    # four hours a day, Monday to Thursday: 1d (8h) takes Thu 14 and, after Fri, a holiday, Tue 19
    assert by_day(usage, "mornings") == {"2027-01-14": 240, "2027-01-19": 240}
    assert by_day(usage, "mornings", "available") == {d: 240 for d in ("2027-01-14", "2027-01-19", "2027-01-20",
                                                                       "2027-01-21")}
    # Tue 19, vacation Wed 20, Thu 21, Fri 22
    assert by_day(usage, "away") == {"2027-01-19": 480, "2027-01-21": 480, "2027-01-22": 480}
    assert "2027-01-20" not in by_day(usage, "away", "available")
    assert not any(r.over_allocated for r in usage.resources)


def test_two_overlapping_tasks_make_a_200_percent_day() -> None:
    usage = daily("""
project: {name: p, start: 2027-01-04}
resources: [{id: alice}]
tasks:
  - {id: a, duration: 2d, assign: [alice]}
  - {id: b, duration: 1d, assign: [alice]}
""")
    alice = usage.resource("alice")
    assert by_day(usage, "alice", "load") == {MON: 2.0, "2027-01-05": 1.0}
    assert alice.over.tolist() == [True, False] and alice.over_allocated
    assert alice.peak == (2.0, usage.periods[0])
    assert usage.contributions("alice", 0) == [("a", 480.0), ("b", 480.0)]
    assert usage.contributions("alice", 1) == [("a", 480.0)]


def test_a_task_shared_by_people_runs_when_both_work() -> None:
    usage = daily("""
project: {name: p, start: 2027-01-04}
resources:
  - {id: alice}
  - {id: carol, units: 50%, week: {weekdays: ["09:00-13:00"]}}
tasks: [{id: a, duration: 1d, assign: [alice, carol]}]
""")
    # both work 09:00-12:00: 480 minutes take Mon, Tue (180 each) and 120 on Wed
    assert by_day(usage, "alice") == {MON: 180, "2027-01-05": 180, "2027-01-06": 120}
    assert by_day(usage, "carol") == {MON: 90, "2027-01-05": 90, "2027-01-06": 60}
    assert by_day(usage, "carol", "available")[MON] == 120
    assert by_day(usage, "carol", "load")[MON] == pytest.approx(0.75)


def test_an_elapsed_task_works_on_days_off() -> None:
    usage = daily("""
project: {name: p, start: 2027-01-08}
resources: [{id: alice}]
tasks: [{id: a, duration: 2ed, assign: [{resource: alice, units: 50%}]}]
""")
    # from Fri 08:00 round the clock: 16h Fri, 24h Sat (no working time), 8h Sun
    assert by_day(usage, "alice") == {"2027-01-08": 480, "2027-01-09": 720, "2027-01-10": 240}
    load = by_day(usage, "alice", "load")
    assert load["2027-01-08"] == 1.0 and load["2027-01-09"] == float("inf")
    assert usage.resource("alice").over_allocated


def test_weeks_months_and_a_range() -> None:
    plan = """
project: {name: p, start: 2027-01-27}
resources: [{id: alice}, {id: idle}]
tasks: [{id: a, duration: 6d, assign: [alice]}]
"""
    # Wed 27 Jan to Wed 3 Feb
    weeks = daily(plan, by="week")
    assert [p.label for p in weeks.periods] == ["2027-W04", "2027-W05"]
    assert weeks.periods[0].start == dt.date(2027, 1, 25)
    assert weeks.resource("alice").work.tolist() == [3 * 480, 3 * 480]
    assert weeks.resource("alice").available.tolist() == [5 * 480, 5 * 480]
    assert weeks.resource("idle").work.tolist() == [0, 0] and weeks.resource("idle").peak == (0.0, None)
    months = daily(plan, by="month")
    assert [p.label for p in months.periods] == ["2027-01", "2027-02"]
    assert months.resource("alice").work.tolist() == [3 * 480, 3 * 480]
    assert months.resource("alice").available.tolist() == [21 * 480, 20 * 480]
    part = daily(plan, first=dt.date(2027, 2, 1), last=dt.date(2027, 2, 2), resources=["alice"])
    assert [r.id for r in part.resources] == ["alice"]
    assert by_day(part, "alice") == {"2027-02-01": 480, "2027-02-02": 480}
    later = daily(plan, first=dt.date(2027, 3, 1))  # after all the work: the range is that day
    assert [p.label for p in later.periods] == ["2027-03-01"] and later.resource("alice").total_work == 0
    earlier = daily(plan, last=dt.date(2027, 1, 1))
    assert [p.label for p in earlier.periods] == ["2027-01-01"]
    with pytest.raises(KeyError):
        daily(plan, resources=["nobody"])
    with pytest.raises(ValueError, match="before it starts"):
        daily(plan, first=dt.date(2027, 2, 2), last=dt.date(2027, 2, 1))
