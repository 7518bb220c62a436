"""MPXJ records to Headway, with synthetic records for what the corpus lacks (no JVM needed):
percent and elapsed lags, every constraint type, manual tasks, calendars inheriting single days,
work weeks, people on different calendars, progress and baselines."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from headway.engine.cpm import schedule
from headway.io.mpxj_map import to_project
from headway.io.mpxj_records import (
    SourceAssignment,
    SourceBaseline,
    SourceCalendar,
    SourceDuration,
    SourceException,
    SourceProject,
    SourceRelation,
    SourceResource,
    SourceTask,
    SourceWeek,
)
from headway.model import ConstraintType, Duration, LinkType, Problem, TimeUnit, validate

START = dt.datetime(2027, 1, 4, 8)  # a Monday
DAY = ((480, 720), (780, 1020))
STANDARD = SourceCalendar("1", "Standard", None, (DAY,) * 5 + ((), ()))


def days(n: float, unit: str = "DAYS") -> SourceDuration:
    return SourceDuration(n, unit)


def project(*tasks: SourceTask, **kw: Any) -> SourceProject:
    fields: dict[str, Any] = {"name": "p", "file_type": "MPP", "start": START, "calendar": "1",
                              "calendars": (STANDARD,)}
    fields.update(kw)
    return SourceProject(tasks=tasks, **fields)


def codes(problems: list[Problem]) -> list[str]:
    return [p.code for p in problems]


def test_hierarchy_ids_and_source_uid() -> None:
    src = project(SourceTask("0", "p", outline_level=0, summary=True),
                  SourceTask("1", "Design", summary=True),
                  SourceTask("2", "Design", outline_level=2, parent="1", duration=days(3)),
                  SourceTask("3", "", duration=days(0)))
    mapped = to_project(src, "p.mpp")
    tasks = mapped.project.tasks
    assert [t.id for t in tasks] == ["design", "design-2", "task-3"]
    assert [t.parent for t in tasks] == [None, "design", None]
    assert [t.source_uid for t in tasks] == ["1", "2", "3"]
    assert tasks[0].duration is None and tasks[1].duration == Duration(3, TimeUnit.DAY)
    assert tasks[2].milestone and tasks[2].duration is None
    assert mapped.ids == {"1": "design", "2": "design-2", "3": "task-3"}


def test_primavera_activity_id_is_the_source_uid() -> None:
    src = project(SourceTask("17", "Pour", duration=days(2), code="A1010"), file_type="XER")
    assert to_project(src, "p.xer").project.tasks[0].source_uid == "A1010"


@pytest.mark.parametrize(("unit", "expected"), [
    ("DAYS", Duration(2, TimeUnit.DAY)), ("ELAPSED_DAYS", Duration(2, TimeUnit.ELAPSED_DAY)),
    ("HOURS", Duration(2, TimeUnit.HOUR)), ("ELAPSED_HOURS", Duration(2, TimeUnit.ELAPSED_HOUR)),
    ("WEEKS", Duration(2, TimeUnit.WEEK)), ("ELAPSED_WEEKS", Duration(2, TimeUnit.ELAPSED_WEEK)),
    ("MONTHS", Duration(2, TimeUnit.MONTH)), ("ELAPSED_MONTHS", Duration(60, TimeUnit.ELAPSED_DAY)),
    ("MINUTES", Duration(2, TimeUnit.MINUTE)),
])
def test_lag_units(unit: str, expected: Duration) -> None:
    link_in = SourceRelation("1", "START_START", days(2, unit))
    src = project(SourceTask("1", "a", duration=days(4)), SourceTask("2", "b", duration=days(1), relations=(link_in,)))
    link = to_project(src, "p.mpp").project.tasks[1].links[0]
    assert (link.predecessor, link.type, link.lag) == ("a", LinkType.SS, expected)


@pytest.mark.parametrize(("unit", "expected"), [
    ("PERCENT", Duration(960, TimeUnit.MINUTE)), ("ELAPSED_PERCENT", Duration(960, TimeUnit.ELAPSED_MINUTE))])
def test_percent_lag_becomes_a_share_of_the_predecessor_with_a_warning(unit: str, expected: Duration) -> None:
    src = project(SourceTask("1", "a", duration=days(4)),
                  SourceTask("2", "b", duration=days(1), relations=(SourceRelation("1", "FINISH_START",
                                                                                   days(50, unit)),)))
    mapped = to_project(src, "p.mpp")
    assert mapped.project.tasks[1].links[0].lag == expected  # 50% of 4 days of 8 hours
    assert codes(mapped.problems) == ["percent_lag_converted"]
    sched = schedule(mapped.project)
    gap = sched.task("b").start - sched.task("a").finish
    assert gap == (dt.timedelta(hours=16) if unit == "ELAPSED_PERCENT" else dt.timedelta(days=4, hours=15))  # Fri, Mon


@pytest.mark.parametrize(("name", "kind"), [
    ("MUST_START_ON", ConstraintType.MSO), ("MUST_FINISH_ON", ConstraintType.MFO),
    ("START_NO_EARLIER_THAN", ConstraintType.SNET), ("START_NO_LATER_THAN", ConstraintType.SNLT),
    ("FINISH_NO_EARLIER_THAN", ConstraintType.FNET), ("FINISH_NO_LATER_THAN", ConstraintType.FNLT),
    ("AS_LATE_AS_POSSIBLE", ConstraintType.ALAP)])
def test_constraint_types(name: str, kind: ConstraintType) -> None:
    when = dt.datetime(2027, 1, 13, 8)
    src = project(SourceTask("1", "a", duration=days(2), constraint=name, constraint_date=when),
                  SourceTask("2", "b", duration=days(10)))
    mapped = to_project(src, "p.mpp")
    constraint = mapped.project.tasks[0].constraint
    assert not mapped.problems
    assert constraint is not None and constraint.type is kind
    assert constraint.date == (None if name == "AS_LATE_AS_POSSIBLE" else when)
    assert not [p for p in validate(mapped.project) if p.is_error]
    schedule(mapped.project)


def test_primavera_constraints_are_approximated_and_hard_ones_before_the_start_dropped() -> None:
    src = project(SourceTask("1", "a", duration=days(1), constraint="START_ON", constraint_date=START),
                  SourceTask("2", "b", duration=days(1), constraint="MUST_START_ON",
                             constraint_date=START - dt.timedelta(days=3)),
                  SourceTask("3", "c", duration=days(1), constraint="AS_SOON_AS_POSSIBLE"))
    mapped = to_project(src, "p.xer")
    a, b, c = mapped.project.tasks
    assert a.constraint is not None and a.constraint.type is ConstraintType.MSO
    assert b.constraint is None and c.constraint is None
    assert codes(mapped.problems) == ["constraint_approximated", "constraint_skipped"]


def test_manual_task_keeps_its_recorded_start() -> None:
    when = dt.datetime(2027, 1, 6, 8)
    src = project(SourceTask("1", "a", duration=days(2), manual=True, start=when))
    mapped = to_project(src, "p.mpp")
    assert mapped.project.tasks[0].constraint is not None
    assert mapped.project.tasks[0].constraint.type is ConstraintType.MSO
    assert codes(mapped.problems) == ["manual_task"]
    assert schedule(mapped.project).task("a").start == when


def test_skipped_features_are_warnings() -> None:
    src = project(
        SourceTask("1", "Off", summary=True, active=False),
        SourceTask("2", "child", outline_level=2, parent="1", duration=days(1)),
        SourceTask("3", "m", milestone=True, duration=days(2), split=True,  # pause unknown: duration kept
                   leveling_delay=days(1, "ELAPSED_DAYS"), relations=(SourceRelation("2"),),
                   assignments=(SourceAssignment("9", 0.5, contour="TURTLE", delay_minutes=60),
                                SourceAssignment("8", 1.0))),
        resources=(SourceResource("9", "Ann"), SourceResource("8", "Concrete", kind="MATERIAL")))
    mapped = to_project(src, "p.mpp")
    assert [t.id for t in mapped.project.tasks] == ["m"]
    task = mapped.project.tasks[0]
    assert task.duration == Duration(2, TimeUnit.DAY) and not task.milestone and not task.links
    assert [(a.resource, a.units) for a in task.assignments] == [("ann", 0.5)]
    assert [r.id for r in mapped.project.resources] == ["ann"]
    assert sorted(codes(mapped.problems)) == sorted([
        "inactive_task_skipped", "resource_skipped", "link_skipped", "milestone_with_duration", "split_task",
        "leveling_delay_ignored", "work_contour_ignored", "assignment_delay_ignored"])
    assert all(not p.is_error for p in mapped.problems)


def test_calendar_days_inherit_one_by_one_and_work_weeks_become_exceptions() -> None:
    friday_short = SourceCalendar("2", "Short Fridays", "1", (None, None, None, None, ((480, 720),), None, None),
                                  exceptions=(SourceException(dt.date(2027, 1, 6), dt.date(2027, 1, 6)),),
                                  weeks=(SourceWeek(dt.date(2027, 1, 11), dt.date(2027, 1, 12),
                                                    (((420, 660),),) + (None,) * 6),))
    src = project(SourceTask("1", "a", duration=days(5), calendar="2"),
                  calendars=(STANDARD, friday_short, SourceCalendar("3", "Unused", "1")))
    mapped = to_project(src, "p.mpp")
    cals = mapped.project.calendars_by_id()
    assert set(cals) == {"standard", "short-fridays"}
    short = cals["short-fridays"]
    assert short.base == "standard" and short.week is not None
    assert [sum(r.minutes for r in d) for d in short.week] == [480, 480, 480, 480, 240, 0, 0]
    assert short.exceptions[0].days.start == dt.date(2027, 1, 11)  # the work week comes first
    assert short.exceptions[-1].hours == ()
    sched = schedule(mapped.project)
    # Mon 8h, Tue 8h, Wed off, Thu 8h, Fri 4h, Mon 11th 07:00-11:00 (work week) 4h, Tue 12th 8h
    assert sched.task("a").finish == dt.datetime(2027, 1, 12, 17, 0)


def test_people_on_different_hours_work_on_the_union_of_their_calendars() -> None:
    night = SourceCalendar("2", "Night", None, (((1320, 1440),),) * 5 + ((), ()))
    src = project(SourceTask("1", "a", duration=days(1, "HOURS"),
                             assignments=(SourceAssignment("1", 1.0), SourceAssignment("2", 1.0))),
                  calendars=(STANDARD, night),
                  resources=(SourceResource("1", "Day", calendar="1"), SourceResource("2", "Nightly", calendar="2")))
    mapped = to_project(src, "p.mpp")
    assert mapped.project.tasks[0].calendar == "standard-or-night"
    assert codes(mapped.problems) == ["union_calendar"]
    assert schedule(mapped.project).task("a").finish == dt.datetime(2027, 1, 4, 9)


def _tracked(status: dt.datetime | None) -> SourceProject:
    return project(
        SourceTask("1", "done", duration=days(2), percent_complete=100, actual_start=START,
                   actual_finish=START + dt.timedelta(days=1, hours=9), stop=START + dt.timedelta(days=1, hours=9),
                   baselines=(SourceBaseline(0, START, START + dt.timedelta(hours=9), 960, 960, 100.0),)),
        SourceTask("2", "half", duration=days(4), percent_complete=50, actual_start=START + dt.timedelta(days=2),
                   stop=START + dt.timedelta(days=3, hours=9), remaining=days(2), relations=(SourceRelation("1"),)),
        SourceTask("3", "later", duration=days(1), relations=(SourceRelation("2"),)),
        status_date=status)


def test_progress_as_of_the_status_date() -> None:
    status = dt.datetime(2027, 1, 8, 17)
    mapped = to_project(_tracked(status), "p.mpp")
    assert mapped.project.status_date == status and not mapped.problems
    progress = {e.task: e for e in mapped.project.progress}
    assert set(progress) == {"done", "half"} and {e.date for e in progress.values()} == {status}
    assert progress["done"].done == 1.0 and progress["done"].actual_finish == START + dt.timedelta(days=1, hours=9)
    assert progress["half"].done == 0.5 and progress["half"].remaining == Duration(2, TimeUnit.DAY)
    sched = schedule(mapped.project)
    assert sched.task("half").finish == dt.datetime(2027, 1, 12, 17)  # 2 days remain after Fri 17:00
    assert sched.task("later").start == dt.datetime(2027, 1, 13, 8)
    [base] = mapped.project.baselines
    assert base.name == "baseline" and base.tasks["done"].duration_minutes == 960 and base.cost == 100.0


def test_without_a_status_date_progress_is_dated_when_known_and_dates_stay() -> None:
    mapped = to_project(_tracked(None), "p.mpp")
    assert mapped.project.status_date == START and codes(mapped.problems) == ["no_status_date"]
    progress = {e.task: e for e in mapped.project.progress}
    assert progress["done"].date == START + dt.timedelta(days=1, hours=9)  # its actual finish
    assert progress["half"].date == START + dt.timedelta(days=3, hours=9)  # its Stop: complete through
    sched = schedule(mapped.project)
    assert sched.task("half").start == dt.datetime(2027, 1, 6, 8)
    assert sched.task("half").finish == dt.datetime(2027, 1, 11, 17)  # as planned: the entry waits for the status


def test_a_split_task_spans_its_pause() -> None:
    src = project(SourceTask("1", "a", duration=days(2), split=True, pause_minutes=960))
    mapped = to_project(src, "p.mpp")
    assert mapped.project.tasks[0].duration == Duration(4, TimeUnit.DAY)
    assert codes(mapped.problems) == ["split_task"]


def test_tasks_before_the_project_start_move_it() -> None:
    early = START - dt.timedelta(days=7)
    src = project(SourceTask("1", "a", duration=days(1), start=early, finish=early + dt.timedelta(hours=9)))
    mapped = to_project(src, "p.mpp")
    assert mapped.project.start == early and codes(mapped.problems) == ["project_start_moved"]
