"""Leveling whole plans: nobody over-allocated at any instant, links kept, delays explained."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from headway.engine.leveling.plan import level_plan
from headway.engine.results import DriverKind, Schedule
from headway.io.plan import load, loads
from headway.model import Project

EXAMPLES = sorted((Path(__file__).parents[3] / "examples").glob("*.yaml"))


def peak_overload(project: Project, result: Schedule) -> list[str]:
    """Independent check: sweep every assignment's [start, finish) and sum units per person."""
    people = project.resources_by_id()
    events: dict[str, list[tuple[dt.datetime, float]]] = {}
    for task in project.tasks:
        st = result.task(task.id)
        if st.summary or st.finish <= st.start:
            continue
        for a in task.assignments:
            units = a.units if a.units is not None else people[a.resource].units
            events.setdefault(a.resource, []).extend([(st.start, units), (st.finish, -units)])
    found = []
    for rid, items in events.items():
        load_now = 0.0
        for when, change in sorted(items, key=lambda e: (e[0], e[1])):
            load_now += change
            if load_now > people[rid].units + 1e-9:
                found.append(f"{rid} at {when}: {load_now:.0%} of {people[rid].units:.0%}")
    return found


@pytest.mark.parametrize("path", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_examples_level_without_overload(path: Path) -> None:
    project = load(path).project
    plan = level_plan(project)
    assert plan.result.lower_bound <= plan.result.makespan
    assert peak_overload(project, plan.schedule) == []
    for task in plan.schedule.tasks:
        if task.driver is not None and task.driver.kind is DriverKind.LEVELING:
            assert plan.delay_minutes[task.id] > 0 and task.driver.waited_for


def test_two_tasks_for_one_person_are_serialised_and_explained() -> None:
    project = loads("""
project: {name: p, start: 2027-01-04}
resources: [{id: alice}]
tasks:
  - {id: a, duration: 3d, assign: [alice], priority: 900}
  - {id: b, duration: 2d, assign: [alice]}
""").project
    plan = level_plan(project)
    a, b = plan.schedule.task("a"), plan.schedule.task("b")
    assert max(a.start, b.start) >= min(a.finish, b.finish)
    assert plan.schedule.finish == dt.datetime(2027, 1, 8, 17, 0)
    late = b if b.start > a.start else a
    assert late.driver is not None and late.driver.kind is DriverKind.LEVELING
    assert "alice" in (late.driver.waited_for or "")
    assert peak_overload(project, plan.schedule) == []


def test_half_time_people_can_share_a_slot() -> None:
    project = loads("""
project: {name: p, start: 2027-01-04}
resources: [{id: bob}]
tasks:
  - {id: a, duration: 2d, assign: [{resource: bob, units: 50%}]}
  - {id: b, duration: 2d, assign: [{resource: bob, units: 50%}]}
""").project
    plan = level_plan(project)
    assert plan.schedule.task("a").start == plan.schedule.task("b").start
    assert all(d == 0 for d in plan.delay_minutes.values())
