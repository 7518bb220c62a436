"""Reading plan files into the model: the contract plans, calendars, YAML traps and JSON."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from headway.io.plan import load, loads
from headway.model import (
    STANDARD_WEEK,
    Assignment,
    CalendarException,
    Constraint,
    ConstraintType,
    DateRange,
    Duration,
    Estimate,
    HolidaySource,
    Link,
    LinkType,
    PlanError,
    Rates,
    TimeRange,
    TimeUnit,
)

VALID = Path(__file__).parents[1] / "plans" / "valid"
HEADER = "project:\n  name: Demo\n  start: 2027-01-04\n"

CONTRACT_TASKS = """\
project:
  name: Demo
  start: 2027-01-04
tasks:
  - id: design
    duration: 3d
  - id: build
    duration: 5d
    after: [design]
  - id: docs
    duration: 2d
    after: [{task: design, type: SS, lag: 1d}]
  - id: release
    milestone: true
    after: [build, docs]
    deadline: 2027-01-29
"""

CONTRACT_RESOURCES = """\
resources:
  - {id: alice, name: Alice Liu, role: backend}
  - {id: bob, name: Bob Ng, role: backend, units: 50%}
tasks:
  - {id: api, effort: 5d, assign: [alice]}
  - {id: jobs, effort: 4d, assign: [{resource: bob, units: 50%}]}
"""


def test_contract_tasks() -> None:
    result = loads(CONTRACT_TASKS, "demo.yaml")
    project = result.project
    assert result.problems == ()
    assert (project.name, project.start) == ("Demo", dt.date(2027, 1, 4))
    assert [t.id for t in project.tasks] == ["design", "build", "docs", "release"]
    design, build, docs, release = project.tasks
    assert design.duration == Duration(3, TimeUnit.DAY)
    assert build.links == (Link("design"),)
    assert docs.links == (Link("design", LinkType.SS, Duration(1, TimeUnit.DAY)),)
    assert release.milestone and release.duration is None
    assert release.links == (Link("build"), Link("docs"))
    assert release.deadline == dt.date(2027, 1, 29)
    assert docs.origin is not None and (docs.origin.path, docs.origin.line) == ("demo.yaml", 10)
    assert docs.links[0].origin is not None and docs.links[0].origin.line == 12


def test_contract_resources() -> None:
    project = loads(HEADER + CONTRACT_RESOURCES).project
    alice, bob = project.resources
    assert (alice.id, alice.name, alice.role, alice.units) == ("alice", "Alice Liu", "backend", 1.0)
    assert (bob.name, bob.units) == ("Bob Ng", 0.5)
    api, jobs = project.tasks
    assert api.effort == Duration(5) and api.assignments == (Assignment("alice"),)
    assert api.assignments[0].units is None
    assert jobs.assignments == (Assignment("bob", 0.5),)


def test_contract_resources_alone_need_a_project() -> None:
    with pytest.raises(PlanError) as info:
        loads(CONTRACT_RESOURCES)
    assert [p.code for p in info.value.problems] == ["missing_key"]


def test_full_plan() -> None:
    project = load(VALID / "full.yaml").project
    assert project.working_time.hours_per_day == 7.5 and project.working_time.days_per_month == 21
    assert (project.currency, project.timezone, project.calendar) == ("EUR", "Europe/Berlin", "standard")
    standard, night = project.calendars
    day = (TimeRange(480, 720), TimeRange(780, 990))
    assert standard.week == (day, day, day, day, (TimeRange(480, 720),), (), ())
    assert standard.holidays == (HolidaySource("DE", "BY"),)
    assert standard.exceptions == (
        CalendarException(DateRange(dt.date(2027, 12, 24), dt.date(2027, 12, 24)), (), "Christmas Eve"),
        CalendarException(DateRange(dt.date(2027, 12, 27), dt.date(2027, 12, 31)), (), "Shutdown"),
        CalendarException(DateRange(dt.date(2027, 3, 6), dt.date(2027, 3, 6)), (TimeRange(540, 780),),
                          "Release day"))
    assert night.week == ((TimeRange(1320, 1440),),) * 5 + ((), ())
    assert night.holidays == (HolidaySource("DE"), HolidaySource("US"))
    alice, bob = project.resources
    assert alice.rates == Rates(120) and bob.rates == Rates(100, 150, 50)
    assert alice.week == (*standard.week[:4], (), *standard.week[5:])
    assert alice.vacations == (DateRange(dt.date(2027, 2, 1), dt.date(2027, 2, 5)),
                               DateRange(dt.date(2027, 3, 1), dt.date(2027, 3, 1)))
    tasks = project.tasks_by_id()
    assert [t.id for t in project.tasks] == ["api", "design", "build", "docs", "launch"]
    assert tasks["design"].parent == "api" and tasks["api"].parent is None
    assert tasks["design"].estimate == Estimate(Duration(2), Duration(3), Duration(6))
    assert tasks["build"].estimate == Estimate(Duration(4), Duration(5), Duration(9))
    assert tasks["design"].notes == "First draft with the team.\nThen review.\n"
    assert tasks["build"].assignments == (Assignment("alice"), Assignment("bob", 0.5))
    assert tasks["docs"].links[1] == Link("build", LinkType.FF, Duration(-4, TimeUnit.HOUR))
    assert tasks["docs"].constraint == Constraint(ConstraintType.SNET, dt.date(2027, 1, 11))
    assert tasks["launch"].links[0].lag == Duration(5, TimeUnit.ELAPSED_DAY)
    assert tasks["launch"].constraint == Constraint(ConstraintType.ALAP)
    assert tasks["launch"].deadline == dt.datetime(2027, 2, 26, 17, 0)


def test_nested_ids_and_datetime_start() -> None:
    result = load(VALID / "nested.yaml")
    project = result.project
    assert project.start == dt.datetime(2027, 1, 4, 8, 0)
    assert [(t.id, t.parent) for t in project.tasks] == [
        ("phase-1", None), ("1.1", "phase-1"), ("1.2", "phase-1"), ("phase-2", None),
        ("2.1", "phase-2"), ("2.1.1", "2.1"), ("2.1.2", "2.1")]
    assert [p.code for p in result.problems] == ["summary_with_work"]


def test_yaml_traps_are_read_as_written() -> None:
    text = HEADER + """\
calendars:
  - id: cal
    week: {sat: off, sun: no, mon: "13:00-17:00"}
    holidays: NO
tasks:
  - {id: 1, name: yes, duration: 2}
  - {id: on, after: [1], duration: 1.5, tags: [no, 2027-01-04]}
"""
    project = loads(text).project
    (cal,) = project.calendars
    assert cal.week == ((TimeRange(780, 1020),), *STANDARD_WEEK[1:])
    assert cal.holidays == (HolidaySource("NO"),)
    first, second = project.tasks
    assert (first.id, first.name, first.duration) == ("1", "yes", Duration(2))
    assert (second.id, second.links, second.duration) == ("on", (Link("1"),), Duration(1.5))
    assert second.tags == ("no", "2027-01-04")


def test_week_inherits_from_base_calendar() -> None:
    text = HEADER + """\
  calendar: short
calendars:
  - id: short
    week: {weekdays: [09:00-15:00]}
  - id: shorter
    base: short
    week: {fri: [], sat: [10:00-12:00]}
resources:
  - {id: pat, week: {mon: []}}
"""
    project = loads(text).project
    six = (TimeRange(540, 900),)
    short, shorter = project.calendars
    assert short.week == (six,) * 5 + ((), ())
    assert shorter.week == (six,) * 4 + ((), (TimeRange(600, 720),), ())
    assert project.resources[0].week == ((),) + (six,) * 4 + ((), ())


def test_json_plan_reads_like_yaml(tmp_path: Path) -> None:
    yaml_project = loads(CONTRACT_TASKS).project
    data = {"project": {"name": "Demo", "start": "2027-01-04"}, "tasks": [
        {"id": "design", "duration": "3d"}, {"id": "build", "duration": 5, "after": ["design"]},
        {"id": "docs", "duration": "2d", "after": [{"task": "design", "type": "SS", "lag": "1d"}]},
        {"id": "release", "milestone": True, "after": ["build", "docs"], "deadline": "2027-01-29"}]}
    path = tmp_path / "plan.json"
    path.write_text(json.dumps(data, indent=2))
    assert load(path).project == yaml_project
    bad = tmp_path / "bad.json"
    bad.write_text('{\n  "project": {"name": "X", "start": "2027-01-04"},\n  "tasks": [{"id": "a", "durat": 1}]\n}')
    with pytest.raises(PlanError) as info:
        load(bad)
    assert {(p.code, p.location.line if p.location else 0) for p in info.value.problems} == {
        ("unknown_key", 3), ("no_estimate", 3)}


def test_missing_file_raises_os_error(tmp_path: Path) -> None:
    with pytest.raises(OSError):
        load(tmp_path / "nope.yaml")


@pytest.mark.parametrize("text", ["", "[", "{a: [}", "- 1\n- 2", "project: 3", "tasks: 3", "\t\x00",
                                  "project: {name: [], start: {}}", "a: &x [*x]", "? [a]\n: b"])
def test_garbage_raises_plan_error_only(text: str) -> None:
    with pytest.raises(PlanError) as info:
        loads(text)
    assert info.value.errors
