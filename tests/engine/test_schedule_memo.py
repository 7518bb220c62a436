"""Reusing schedules and calendars (``engine.schedule_memo``): the answers equal fresh computations.

The oracle is the same scheduler outside any memo, on the same plans: a memo may only save work.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

import holidays as holidays_lib
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from headway.engine.calendars import public_holidays
from headway.engine.cpm import schedule
from headway.engine.results import Schedule
from headway.engine.schedule_memo import Same, ScheduleMemo, reused, reusing
from headway.model import Calendar, Duration, HolidaySource, Link, PlanError, Project, Task
from tests.engine.strategies import networks


def _dates(result: Schedule) -> list[tuple[str, dt.datetime, dt.datetime, dt.datetime, dt.datetime, int]]:
    return [(t.id, t.early_start, t.early_finish, t.late_start, t.late_finish, t.total_float_minutes)
            for t in result.tasks]


def _with_holidays(project: Project) -> Project:
    calendar = Calendar("work", holidays=(HolidaySource("US"),))
    return dataclasses.replace(project, calendars=(calendar,), calendar="work")


@settings(max_examples=40, deadline=None)
@given(networks(max_tasks=20, people=True), st.lists(st.tuples(st.integers(0, 19), st.integers(1, 9)), max_size=5))
def test_a_chain_of_edits_scheduled_with_one_memo_matches_fresh_schedules(project: Project,
                                                                         edits: list[tuple[int, int]]) -> None:
    project = _with_holidays(project)
    memo = ScheduleMemo()
    plans = [project]
    for index, days in edits:  # each edit is a new project object, as the server's task edit makes
        tasks = list(plans[-1].tasks)
        task = tasks[index % len(tasks)]
        if task.milestone:
            continue
        tasks[index % len(tasks)] = dataclasses.replace(task, duration=Duration(days))
        plans.append(dataclasses.replace(plans[-1], tasks=tuple(tasks)))
    for plan in plans:
        with reusing(memo):
            kept = schedule(plan)
            again = schedule(plan)
        assert again is kept  # the same object: not scheduled twice
        assert _dates(kept) == _dates(schedule(plan))  # outside the memo: computed afresh, same dates


TASKS = (Task("a", duration=Duration(2)), Task("b", duration=Duration(3), links=(Link("a"),)))


def test_outside_a_memo_every_call_computes_and_equal_projects_are_not_confused() -> None:
    project = Project("p", dt.date(2027, 1, 4), tasks=TASKS)
    assert schedule(project) is not schedule(project)
    memo = ScheduleMemo(size=1)
    twin = dataclasses.replace(project)  # equal, but another object
    with reusing(memo):
        first = schedule(project)
        assert schedule(twin) is not first  # identity, not equality: a memo never answers for another object
        assert schedule(project) is not first  # size 1: the twin pushed it out
    assert len(memo) == 1


def test_a_plan_that_cannot_be_scheduled_is_not_kept() -> None:
    memo = ScheduleMemo()
    bad = Project("p", dt.date(2027, 1, 4), tasks=(*TASKS, Task("c", duration=Duration(1), links=(Link("c"),))))
    with reusing(memo), pytest.raises(PlanError):
        schedule(bad)
    assert len(memo) == 0


def test_parts_keyed_on_passing_objects_are_not_kept() -> None:
    memo = ScheduleMemo(parts=4)
    with reusing(memo):
        made = reused(("a",), lambda: [1])
        assert reused(("a",), lambda: [2]) is made  # equal keys share the kept value
        passing = object()
        assert reused(("b", Same(passing)), lambda: [3], built_on=(passing,)) == [3]
        assert not memo.holds(passing)
        assert reused(("b", Same(passing)), lambda: [4], built_on=(passing,)) == [4]  # never kept
        assert reused(("c", Same(made)), lambda: [5], built_on=(made,)) == [5]
        assert reused(("c", Same(made)), lambda: [6], built_on=(made,)) == [5]  # built on a kept value: kept
        for i in range(10):
            reused(("fill", i), list)
    assert not memo.holds(made)  # pushed out by the bound on parts
    assert reused(("a",), lambda: [7]) == [7]  # no memo active: computed


def test_public_holidays_are_the_holidays_package_answer_read_only_and_kept() -> None:
    found = public_holidays("DE", "BY", 2027, 2029)
    assert dict(found) == dict(holidays_lib.country_holidays("DE", subdiv="BY", years=range(2027, 2029)).items())
    assert public_holidays("DE", "BY", 2027, 2029) is found
    with pytest.raises(TypeError):
        found[dt.date(2027, 1, 5)] = "not a holiday"  # type: ignore[index]
    with pytest.raises(PlanError, match="no public holidays"):
        public_holidays("XX", None, 2027, 2028)
