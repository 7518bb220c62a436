"""Leveling plans with people's own calendars, choices of people, and the user's leveling controls.

Checked against independent sweeps over the leveled dates: nobody above their units at any
instant, every link kept, nothing earlier than the unleveled schedule allows.
"""

from __future__ import annotations

import datetime as dt
import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from headway.engine.clock import ProjectClock
from headway.engine.cpm import schedule
from headway.engine.leveling.plan import level_plan
from headway.engine.results import Schedule
from headway.io import schedule_json
from headway.io.plan import loads
from headway.model import Project
from tests.engine.leveling.test_plan import peak_overload

SLOW = settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def broken_links(project: Project, result: Schedule) -> list[str]:
    """Links without lag: the predecessor's start or finish is not after the successor's (compared
    in project working minutes, so Friday 17:00 and Monday 08:00 are the same moment)."""
    clock = ProjectClock(project, result.finish.date() + dt.timedelta(days=30))
    out = []
    for task in project.tasks:
        for link in task.links:
            pred, succ = result.task(link.predecessor), result.task(task.id)
            before = pred.finish if link.type.from_finish else pred.start
            after = succ.finish if link.type.to_finish else succ.start
            if clock.minutes(after) < clock.minutes(before):
                out.append(f"{link.predecessor} -{link.type.value}-> {task.id}")
    return out


@st.composite
def staffed_plans(draw: st.DrawFn) -> str:
    """A plan of up to 25 tasks on 2-4 people: part-timers, personal weeks, vacations, pairs."""
    people = draw(st.integers(2, 4))
    lines = ["project: {name: Random, start: 2027-01-04}", "resources:"]
    for k in range(people):
        extra = []
        if draw(st.booleans()):
            first = dt.date(2027, 1, 4) + dt.timedelta(days=draw(st.integers(0, 40)))
            extra.append(f"vacations: [{{from: {first}, to: {first + dt.timedelta(days=draw(st.integers(0, 6)))}}}]")
        week = draw(st.sampled_from([None, "{mon: 09:00-13:00, tue: 09:00-13:00, wed: 09:00-13:00}",
                                     "{mon: 08:00-12:00, wed: 13:00-17:00, fri: 08:00-17:00}"]))
        if week:
            extra.append(f"week: {week}")
        if draw(st.integers(0, 3)) == 0:
            extra.append("units: 50%")
        lines.append(f"  - {{id: p{k}{', ' if extra else ''}{', '.join(extra)}}}")
    lines.append("tasks:")
    n = draw(st.integers(2, 25))
    for i in range(n):
        who = draw(st.lists(st.integers(0, people - 1), min_size=1, max_size=2, unique=True))
        after = draw(st.lists(st.integers(max(0, i - 4), i - 1), max_size=2, unique=True)) if i else []
        kinds = [draw(st.sampled_from(["FS", "FS", "SS", "FF", "SF"])) for _ in after]
        links = ", ".join(f"{{task: t{p}, type: {k}}}" for p, k in zip(after, kinds, strict=True))
        assign = ", ".join(f"p{k}" for k in who)
        lines.append(f"  - {{id: t{i}, duration: {draw(st.integers(1, 6))}d, assign: [{assign}]"
                     f"{', after: [' + links + ']' if links else ''}}}")
    return "\n".join(lines) + "\n"


@SLOW
@given(staffed_plans())
def test_people_with_their_own_calendars_are_never_over_allocated(text: str) -> None:
    project = loads(text).project
    plan = level_plan(project)
    assert peak_overload(project, plan.schedule) == []
    assert broken_links(project, plan.schedule) == []
    unleveled = schedule(project)
    for task in plan.schedule.tasks:
        assert task.start >= unleveled.task(task.id).early_start
        assert plan.delay_minutes.get(task.id, 0) >= 0


VACATION = """
project: {name: Vacation, start: 2027-01-04}
resources:
  - {id: ana, vacations: [{from: 2027-01-06, to: 2027-01-07}]}
tasks:
  - {id: long, duration: 4d, assign: [ana], priority: 900}
  - {id: short, duration: 1d, assign: [ana]}
"""


def test_a_vacation_stretches_a_task_and_nobody_slips_into_the_gap() -> None:
    project = loads(VACATION).project
    plan = level_plan(project)
    long, short = plan.schedule.task("long"), plan.schedule.task("short")
    assert (long.start, long.finish) == (dt.datetime(2027, 1, 4, 8), dt.datetime(2027, 1, 11, 17))
    assert short.start == dt.datetime(2027, 1, 12, 8)
    assert "ana" in (plan.waited_for.get("short") or "")


ROLES = """
project: {name: Roles, start: 2027-01-04}
resources:
  - {id: ana, role: backend}
  - {id: ben, role: backend}
  - {id: cy, role: frontend}
tasks:
  - {id: api, duration: 5d, assign: [{role: backend}]}
  - {id: db, duration: 5d, assign: [{role: backend}]}
  - {id: ui, duration: 3d, assign: [{any_of: [ana, cy]}]}
"""


def test_roles_and_alternatives_go_to_whoever_is_free() -> None:
    project = loads(ROLES).project
    assert project.task("api").assignments[0].candidates == ("ana", "ben")
    plan = level_plan(project)
    s = plan.schedule
    assert s.task("api").start == s.task("db").start == s.task("ui").start == dt.datetime(2027, 1, 4, 8)
    assert {s.task("api").resources, s.task("db").resources} == {("ana",), ("ben",)}
    assert s.task("ui").resources == ("cy",)
    assert plan.picked == {"api": s.task("api").resources[0], "db": s.task("db").resources[0], "ui": "cy"}
    assert plan.project is not None and peak_overload(plan.project, s) == []
    data = json.loads(json.dumps(schedule_json.leveled_dict(plan, project)))
    assert {t["id"]: t["picked"] for t in data["tasks"]}["ui"] == "cy"


CONTROLS = """
project: {name: Controls, start: 2027-01-04}
resources: [{id: ana}]
tasks:
  - {id: fixed, duration: 2d, assign: [ana], level: false, priority: 100}
  - {id: other, duration: 2d, assign: [ana], priority: 900}
  - {id: later, duration: 1d, leveling_delay: 3d}
"""


def test_do_not_level_stays_and_a_leveling_delay_holds_a_task_back() -> None:
    plan = level_plan(loads(CONTROLS).project)
    s = plan.schedule
    assert s.task("fixed").start == dt.datetime(2027, 1, 4, 8)  # never moved, whatever its priority
    assert s.task("other").start == dt.datetime(2027, 1, 6, 8)
    assert s.task("later").start == dt.datetime(2027, 1, 7, 8)  # early start + 3 working days


WITHIN = """
project: {name: Float, start: 2027-01-04}
resources: [{id: ana}]
tasks:
  - {id: a, duration: 5d, assign: [ana]}
  - {id: b, duration: 5d, assign: [ana]}
  - {id: c, duration: 1d, assign: [ana]}
  - {id: d, duration: 6d}
  - {id: end, milestone: true, after: [a, b, c, d]}
"""


def test_within_float_nothing_moves_the_finish_and_leftovers_are_reported() -> None:
    project = loads(WITHIN).project
    unleveled = schedule(project)
    plan = level_plan(project, within_float=True)
    assert plan.schedule.finish == unleveled.finish
    assert len(plan.unresolved) >= 1  # a and b cannot both run in six days on one person
    assert level_plan(project).schedule.finish > unleveled.finish


LATENESS = """
project: {name: Deadlines, start: 2027-01-04}
resources: [{id: ana}, {id: ben, vacations: [{from: 2027-01-04, to: 2027-01-15}]}]
tasks:
  - {id: big, duration: 5d, assign: [ana], after: [setup]}
  - {id: setup, duration: 1d}
  - {id: fix, duration: 2d, assign: [{any_of: [ana, ben]}], deadline: 2027-01-06}
"""


def test_the_lateness_objective_meets_deadlines_the_finish_objective_may_miss() -> None:
    project = loads(LATENESS).project
    plan = level_plan(project, objective="lateness")
    fix = plan.schedule.task("fix")
    assert fix.finish <= dt.datetime(2027, 1, 6, 17) and fix.resources == ("ana",)
    assert peak_overload(plan.project or project, plan.schedule) == []
    quickest = level_plan(project)  # the earliest finish: big right after setup, fix after big or by ben
    assert quickest.schedule.finish <= plan.schedule.finish


@settings(max_examples=5, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(staffed_plans())
def test_the_optimal_engine_on_calendars_and_choices_keeps_people_and_links(text: str) -> None:
    project = loads(text).project
    plan = level_plan(project, method="optimal", time_limit=3, workers=1)
    assert peak_overload(project, plan.schedule) == []
    assert broken_links(project, plan.schedule) == []
    assert plan.result.lower_bound <= plan.result.makespan


def test_the_optimal_engine_picks_people_too() -> None:
    plan = level_plan(loads(ROLES).project, method="optimal", time_limit=5, workers=1)
    s = plan.schedule
    assert plan.result.proven_optimal and s.finish == dt.datetime(2027, 1, 8, 17)
    assert {s.task("api").resources, s.task("db").resources} == {("ana",), ("ben",)}


PROGRESS = """
project: {name: Tracked, start: 2027-01-04, status_date: 2027-01-13}
resources: [{id: ana}]
tasks:
  - {id: done, duration: 2d, assign: [ana]}
  - {id: doing, duration: 4d, assign: [ana], priority: 100}
  - {id: urgent, duration: 2d, assign: [ana], priority: 900}
  - {id: later, duration: 1d, assign: [ana]}
progress:
  - {date: 2027-01-05, task: done, done: 100%, actual_start: 2027-01-04, actual_finish: 2027-01-05}
  - {date: 2027-01-13, task: doing, done: 50%, actual_start: 2027-01-11}
"""


def test_leveling_never_moves_work_that_has_started() -> None:
    project = loads(PROGRESS).project
    unleveled = schedule(project)
    plan = level_plan(project)
    s = plan.schedule
    for tid in ("done", "doing"):  # finished and in progress: exactly as progress put them
        assert (s.task(tid).start, s.task(tid).finish) == (unleveled.task(tid).start, unleveled.task(tid).finish)
    assert "doing" not in plan.waited_for and "done" not in plan.waited_for  # leveling never meant to move them
    assert s.task("urgent").start >= dt.datetime(2027, 1, 14, 8)  # nothing new before the status date's end
    assert peak_overload(project, s) == []
