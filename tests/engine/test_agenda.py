"""``headway.engine.agenda``: one person's open tasks in a window, ordered critical first, then by
due date, then by start, checked against an independent filter and sort of the schedule."""

from __future__ import annotations

import datetime as dt
import functools
import itertools

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from headway.engine.agenda import UnknownPerson, agenda, find_person
from headway.engine.cpm import schedule
from headway.engine.leveling.plan import level_plan
from headway.engine.results import ScheduledTask
from headway.io.plan import loads
from headway.model import Project
from tests.engine.strategies import networks

PLAN = """
project: {name: Agenda, start: 2027-01-04}
resources:
  - {id: ana, name: Ana Lima}
  - {id: bo}
  - {id: cy}
stakeholders:
  - {id: lead, name: Ana, resource: ana}
tasks:
  - {id: design, duration: 2d, assign: [ana]}
  - {id: build, duration: 3d, after: [design], assign: [bo]}
  - {id: launch, name: Launch, milestone: true, after: [build]}
  - {id: docs, duration: 1d, assign: [ana]}
  - {id: legal, duration: 1d, assign: [ana], deadline: 2027-01-05}
"""


def _plan() -> Project:
    return loads(PLAN).project


def test_reasons_and_order_on_a_small_plan() -> None:
    project = _plan()
    found = agenda(project, schedule(project), "ana", start=dt.date(2027, 1, 4), days=7)
    # design is critical (Mon-Tue, drives launch Fri); legal is due Tue 5 Jan; docs may finish as late as Fri
    assert [i.task for i in found.items] == ["design", "legal", "docs"]
    design, legal, docs = found.items
    assert design.reasons == ("critical: drives Launch",)
    assert (design.start, design.finish) == (dt.datetime(2027, 1, 4, 8), dt.datetime(2027, 1, 5, 17))
    assert legal.reasons == ("deadline Tue 5 Jan", "1d float")  # the deadline (end of Tue) bounds its late finish
    assert legal.due == dt.datetime(2027, 1, 5, 17, 0)
    assert docs.reasons == ("due Fri 8 Jan (latest finish)", "4d float")
    assert docs.total_float_minutes == 4 * 480
    assert (found.person, found.person_name) == ("ana", "Ana Lima")


def test_window_leaves_out_later_tasks_and_says_when_they_start() -> None:
    project = _plan()
    found = agenda(project, schedule(project), "bo", start=dt.date(2027, 1, 4), days=2)
    assert found.items == ()  # build starts Wed 6 Jan, after the window
    found = agenda(project, schedule(project), "bo", start=dt.date(2027, 1, 4), days=3)
    assert [(i.task, i.reasons[-1]) for i in found.items] == [("build", "starts Wed 6 Jan")]


def test_overdue_and_under_way_tasks() -> None:
    project = loads(PLAN + "progress:\n  - {date: 2027-01-04, task: design, done: 50%}\n").project
    result = schedule(project)
    late = agenda(project, result, "ana", start=dt.date(2027, 1, 20), days=3)
    assert {i.task for i in late.items} == {"design", "docs", "legal"}  # none is marked done
    assert all(i.reasons[-1].startswith("overdue: planned to finish") for i in late.items if i.task != "design")
    now = agenda(project, result, "ana", start=dt.date(2027, 1, 4), days=3)
    assert next(i for i in now.items if i.task == "design").reasons[-1] == "under way, 50% done"


def test_done_tasks_are_not_on_the_agenda() -> None:
    project = loads(PLAN + "progress:\n  - {date: 2027-01-05, task: docs, done: 100%}\n").project
    found = agenda(project, schedule(project), "ana", start=dt.date(2027, 1, 4), days=7)
    assert "docs" not in {i.task for i in found.items}


def test_a_person_with_no_tasks_has_an_empty_agenda() -> None:
    project = _plan()
    found = agenda(project, schedule(project), "cy", start=dt.date(2027, 1, 4), days=30)
    assert found.items == () and found.person == "cy"


def test_people_are_found_by_id_name_or_stakeholder() -> None:
    project = _plan()
    assert find_person(project, "ana").id == "ana"
    assert find_person(project, "ana lima").id == "ana"
    assert find_person(project, "lead").id == "ana"


def test_an_unknown_person_is_a_clear_error_listing_the_ids() -> None:
    project = _plan()
    with pytest.raises(UnknownPerson) as info:
        agenda(project, schedule(project), "anna", start=dt.date(2027, 1, 4))
    assert info.value.known == ("ana", "bo", "cy")
    assert "did you mean 'ana'?" in str(info.value) and "resources: ana, bo, cy" in str(info.value)


def test_a_window_must_have_days() -> None:
    project = _plan()
    with pytest.raises(ValueError, match="at least one day"):
        agenda(project, schedule(project), "ana", start=dt.date(2027, 1, 4), days=0)


def _compare(a: ScheduledTask, b: ScheduledTask) -> int:
    """The rule written out as a comparison of two tasks, independently of ``order_key``."""
    if a.critical != b.critical:
        return -1 if a.critical else 1
    due_a = a.late_finish if a.deadline is None else min(a.deadline, a.late_finish)
    due_b = b.late_finish if b.deadline is None else min(b.deadline, b.late_finish)
    for x, y in ((due_a, due_b), (a.start, b.start), (a.id, b.id)):
        if x != y:
            return -1 if x < y else 1  # type: ignore[operator]
    return 0


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(networks(people=True), st.sampled_from(["r0", "r1", "r2"]), st.integers(0, 40), st.integers(1, 30))
def test_order_and_membership_match_an_independent_sort(project: Project, person: str, offset: int,
                                                        days: int) -> None:
    result = schedule(project)
    begin = dt.datetime.combine(project.start, dt.time()) + dt.timedelta(days=offset)
    end = begin + dt.timedelta(days=days)
    expected = [t for t in result.tasks
                if not t.summary and t.percent_complete < 1 and person in t.resources and t.start < end]
    expected.sort(key=functools.cmp_to_key(_compare))
    found = agenda(project, result, person, start=begin.date(), days=days)
    assert [i.task for i in found.items] == [t.id for t in expected]
    assert all(i.reasons for i in found.items)
    assert all(i.reasons[0].startswith("critical") == i.critical for i in found.items)


def test_a_leveled_schedule_gives_the_leveled_dates() -> None:
    project = loads(PLAN.replace("assign: [bo]", "assign: [ana]")).project  # ana now has design, build, docs, legal
    leveled = level_plan(project).schedule
    found = agenda(project, leveled, "ana", start=dt.date(2027, 1, 4), days=30)
    by_id = {i.task: i for i in found.items}
    assert {tid: (i.start, i.finish) for tid, i in by_id.items()} == {
        tid: (leveled.task(tid).start, leveled.task(tid).finish) for tid in by_id}
    spans = sorted((i.start, i.finish) for i in found.items if i.finish > i.start)
    assert all(a[1] <= b[0] for a, b in itertools.pairwise(spans))  # leveled: one task at a time
