"""Links hold in wall-clock time whatever the two tasks' calendars (not only in working time).

A finish that a link requires at an instant where the successor does not work (its day off, or
the night between two working days) is shown at the successor's next working time, as MS
Project shows it (08:00 the next working day), never at the end of the working day before.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from headway.engine.cpm import schedule
from headway.engine.leveling.plan import level_plan
from headway.engine.results import Schedule, ScheduledTask
from headway.io.plan import loads
from headway.model import (
    Calendar,
    CalendarException,
    Constraint,
    ConstraintType,
    DateRange,
    Duration,
    Link,
    LinkType,
    Project,
    Task,
    TimeUnit,
)
from tests.engine.oracles import DAY, working_minutes
from tests.engine.strategies import START, networks

MON = dt.date(2023, 7, 31)


def at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute))


def day_off(cal_id: str, *days: dt.date) -> Calendar:
    return Calendar(cal_id, exceptions=tuple(CalendarException(DateRange(d, d)) for d in days))


def two_tasks(kind: LinkType, lag: Duration | None = None) -> Project:
    """``a`` 5d from Monday; ``b`` 1d after it by ``kind`` (and ``lag``) on a calendar with Friday off."""
    return Project("p", MON, calendars=(day_off("fri-off", MON + dt.timedelta(days=4)),), tasks=(
        Task("a", duration=Duration(5)),
        Task("b", duration=Duration(1), calendar="fri-off", links=(Link("a", kind, lag or Duration(0)),))))


def test_ff_into_a_day_off_finishes_after_the_predecessor() -> None:
    """The reported bug: ``b`` finished Thursday 17:00, before ``a`` (Friday 17:00)."""
    result = schedule(two_tasks(LinkType.FF))
    a, b = result.task("a"), result.task("b")
    assert a.finish == at(MON + dt.timedelta(days=4), 17)
    assert b.finish >= a.finish
    # b works Thursday (its last working day before Friday 17:00) and finishes at its next working time
    assert (b.start, b.finish) == (at(MON + dt.timedelta(days=3), 8), at(MON + dt.timedelta(days=7), 8))
    assert b.critical and b.total_float_minutes == 0 and b.late_finish == b.early_finish


def test_ff_with_a_lag_into_a_day_off() -> None:
    # a finishes Fri 17:00; +1d on the project calendar is Mon 17:00: b's day off is then past
    project = two_tasks(LinkType.FF, Duration(1))
    b = schedule(project).task("b")
    assert (b.start, b.finish) == (at(MON + dt.timedelta(days=7), 8), at(MON + dt.timedelta(days=7), 17))


def test_a_lag_counts_on_the_successor_task_calendar() -> None:
    """As MS Project counts it: FF + 2d into a task with Monday to Wednesday off finishes Friday."""
    week2 = [MON + dt.timedelta(days=7 + k) for k in range(3)]
    project = Project("p", MON, calendars=(day_off("off", *week2),), tasks=(
        Task("a", duration=Duration(5)),
        Task("b", duration=Duration(5), calendar="off", links=(Link("a", LinkType.FF, Duration(2)),)),
        Task("c", duration=Duration(1), links=(Link("a", LinkType.FS, Duration(2)),))))
    result = schedule(project)
    assert result.task("b").finish == at(MON + dt.timedelta(days=11), 17)  # Thu, Fri of week 2
    assert result.task("c").start == at(MON + dt.timedelta(days=9), 8)  # its own (project) calendar


def test_sf_finish_is_shown_at_the_start_of_the_next_working_day() -> None:
    """MS Project's convention: an SF successor finishes when its predecessor starts (08:00)."""
    project = Project("p", MON, tasks=(
        Task("a", duration=Duration(2), constraint=Constraint(ConstraintType.SNET, MON + dt.timedelta(days=2))),
        Task("b", duration=Duration(1), links=(Link("a", LinkType.SF),))))
    result = schedule(project)
    assert result.task("a").start == at(MON + dt.timedelta(days=2), 8)
    b = result.task("b")
    assert (b.start, b.finish) == (at(MON + dt.timedelta(days=1), 8), at(MON + dt.timedelta(days=2), 8))
    assert b.duration_minutes == DAY


def test_ff_chain_carries_a_boundary_finish() -> None:
    """A finish-to-finish successor of that task (same calendar, no lag) finishes no earlier."""
    project = Project("p", MON, tasks=(
        Task("a", duration=Duration(2), constraint=Constraint(ConstraintType.SNET, MON + dt.timedelta(days=2))),
        Task("b", duration=Duration(1), links=(Link("a", LinkType.SF),)),
        Task("c", duration=Duration(1), links=(Link("b", LinkType.FF),)),
        Task("m", milestone=True, links=(Link("b", LinkType.FF),))))
    for general in (False, True):
        result = schedule(project, force_general=general)
        assert result.task("c").finish == result.task("b").finish == at(MON + dt.timedelta(days=2), 8)
        assert result.task("m").start == at(MON + dt.timedelta(days=2), 8)


def test_milestone_with_predecessors_on_other_calendars_waits_for_the_latest() -> None:
    """Two predecessors reach the same working minute of the milestone: the later instant wins."""
    fri = MON + dt.timedelta(days=4)
    project = Project("p", MON, calendars=(day_off("fri-off", fri),), tasks=(
        Task("a", duration=Duration(4)),
        Task("b", duration=Duration(5)),
        Task("m", milestone=True, calendar="fri-off", links=(Link("a"), Link("b")))))
    m = schedule(project).task("m")
    assert m.start == at(fri, 17)


def test_must_finish_on_milestone_at_the_end_of_a_day_stays_there() -> None:
    when = at(MON + dt.timedelta(days=3), 17)
    project = Project("p", MON, tasks=(
        Task("a", duration=Duration(1)),
        Task("m", milestone=True, constraint=Constraint(ConstraintType.MFO, when), links=(Link("a"),)),
        Task("d", milestone=True, constraint=Constraint(ConstraintType.MFO, when.date())),
        Task("s", milestone=True, constraint=Constraint(ConstraintType.MSO, when)),
        Task("n", duration=Duration(1), links=(Link("m"),))))
    result = schedule(project)
    assert result.task("m").start == result.task("m").finish == when
    assert result.task("d").start == when  # a date alone: the end of that working day
    assert result.task("s").start == at(MON + dt.timedelta(days=4), 8)  # a start: the next working minute
    assert result.task("n").start == at(MON + dt.timedelta(days=4), 8)


TRACKED = """
project: {name: p, start: 2023-07-31, status_date: 2023-08-02}
calendars:
  - {id: fri-off, exceptions: [{date: 2023-08-04}]}
resources:
  - {id: ana}
tasks:
  - {id: a, duration: 4d, assign: [ana]}
  - {id: x, duration: 1d, assign: [ana], priority: 900}
  - {id: b, duration: 1d, calendar: fri-off, after: [{task: a, type: FF}]}
progress:
  - {date: 2023-08-02, task: a, actual_start: 2023-07-31, done: 50%}
"""


def test_progress_aware_and_leveled_schedules_keep_the_rule() -> None:
    """The passes serve tracking (a started task) and leveling (held-back tasks) alike."""
    project = loads(TRACKED).project
    tracked = schedule(project)
    assert tracked.task("a").finish == at(MON + dt.timedelta(days=4), 17)
    assert tracked.task("b").finish == at(MON + dt.timedelta(days=7), 8)
    leveled = level_plan(dataclasses.replace(project, progress=(), status_date=None)).schedule
    a, b = leveled.task("a"), leveled.task("b")
    assert leveled.task("x").start == at(MON, 8) and a.start == at(MON + dt.timedelta(days=1), 8)
    assert a.finish == at(MON + dt.timedelta(days=4), 17)
    # leveling holds b at the start its model gives (Friday, on the project calendar): b's next working day
    assert b.finish >= a.finish and b.start == at(MON + dt.timedelta(days=7), 8)


# --- the property: every link holds in wall-clock time -------------------------------------------

CALENDARS = ("c0", "c1", "c2")


@st.composite
def plans_with_calendars(draw: st.DrawFn) -> Project:
    """Random networks whose tasks may each run on a calendar with random days off."""
    base = draw(networks(max_tasks=14, elapsed=True))
    calendars = tuple(
        Calendar(cid, exceptions=tuple(
            CalendarException(DateRange(START + dt.timedelta(days=d), START + dt.timedelta(days=d + length)))
            for d, length in draw(st.lists(st.tuples(st.integers(0, 40), st.integers(0, 3)), max_size=4))))
        for cid in CALENDARS)
    tasks = tuple(dataclasses.replace(t, calendar=draw(st.sampled_from((None, *CALENDARS)))) for t in base.tasks)
    return dataclasses.replace(base, calendars=calendars, tasks=tasks)


def days_off(project: Project, task_id: str) -> set[dt.date]:
    """The days off of a task's own calendar (exceptions over the default week)."""
    task = next(t for t in project.tasks if t.id == task_id)
    cal = next((c for c in project.calendars if c.id == task.calendar), None)
    if cal is None:
        return set()
    return {e.days.start + dt.timedelta(days=k) for e in cal.exceptions
            for k in range((e.days.end - e.days.start).days + 1)}


def minutes_on(t: dt.datetime, off: set[dt.date]) -> int:
    """Working minutes from START 08:00 to ``t`` on the default week less the days ``off``."""
    total = working_minutes(t)
    for day in off:
        if day.weekday() < 5 and START <= day <= t.date():
            total -= DAY if day < t.date() else working_minutes(t) - working_minutes(at(day, 0))
    return total


def end_on(w: int, off: set[dt.date]) -> dt.datetime:
    """The instant ``w`` (> 0) working minutes of that calendar are done, day by day."""
    day = START
    while True:
        if day.weekday() < 5 and day not in off:
            if w <= DAY // 2:
                return at(day, 8) + dt.timedelta(minutes=w)
            if w <= DAY:
                return at(day, 13) + dt.timedelta(minutes=w - DAY // 2)
            w -= DAY
        day += dt.timedelta(days=1)


def required(project: Project, link: Link, pred: ScheduledTask, succ: str, early: bool) -> dt.datetime | None:
    """The instant ``link`` into ``succ`` asks for (None: before the project start, always met).

    A working lag counts on the successor's task calendar (the default one when it has none).
    """
    if early:
        ref = pred.early_finish if link.type.from_finish else pred.early_start
    else:
        ref = pred.late_finish if link.type.from_finish else pred.late_start
    if link.lag.elapsed:
        ref += dt.timedelta(days=link.lag.amount)
        return ref if ref.date() >= START else None
    if link.lag.amount:
        off = days_off(project, succ)
        shifted = minutes_on(ref, off) + link.lag.minutes(project.working_time)
        return end_on(shifted, off) if shifted > 0 else None
    return ref


def check_links(project: Project, result: Schedule, early: bool) -> None:
    by_id = {t.id: t for t in result.tasks}
    for task in project.tasks:
        succ = by_id[task.id]
        for link in task.links:
            need = required(project, link, by_id[link.predecessor], task.id, early)
            if early:
                have = succ.early_finish if link.type.to_finish else succ.early_start
            else:
                have = succ.late_finish if link.type.to_finish else succ.late_start
            assert need is None or have >= need, (task.id, link, have, need)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(plans_with_calendars())
def test_no_link_is_violated_in_wall_clock_time(project: Project) -> None:
    result = schedule(project)
    check_links(project, result, early=True)
    for t in result.tasks:
        assert t.early_start <= t.early_finish and t.start <= t.finish
        assert t.early_start <= t.late_start and t.early_finish <= t.late_finish, t.id


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(networks(max_tasks=14))
def test_one_calendar_both_modes_agree_and_links_hold(project: Project) -> None:
    fast, general = schedule(project), schedule(project, force_general=True)
    assert fast == general
    check_links(project, fast, early=True)
    check_critical_late(project, fast)


def check_critical_late(project: Project, result: Schedule) -> None:
    """Late dates are exact in working time; in wall-clock time they hold where nothing floats.

    (A floating task's late finish, or a floating milestone, is shown at the end of its working
    minute, which a predecessor's late date may pass within the successor's non-working time.)
    """
    by_id = {t.id: t for t in result.tasks}
    critical = [t for t in project.tasks if by_id[t.id].total_float_minutes == 0]
    for task in critical:
        assert by_id[task.id].late_finish == by_id[task.id].early_finish
    check_links(dataclasses.replace(project, tasks=tuple(
        dataclasses.replace(t, links=tuple(x for x in t.links if by_id[x.predecessor].critical)) for t in critical)),
        result, early=False)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(plans_with_calendars())
def test_late_dates_hold_the_links_between_critical_tasks(project: Project) -> None:
    check_critical_late(project, schedule(project))


def test_elapsed_lag_property_oracle_example() -> None:
    """The oracle itself on a hand-checked case: 2 elapsed days after Friday 17:00 is Sunday 17:00."""
    project = Project("p", START, tasks=(Task("a", duration=Duration(5)),))
    a = schedule(project).task("a")
    link = Link("a", LinkType.FS, Duration(2, TimeUnit.ELAPSED_DAY))
    assert required(project, link, a, "a", early=True) == at(START + dt.timedelta(days=6), 17)
    assert required(project, Link("a", LinkType.SS, Duration(1)), a, "a", early=True) == at(START, 17)
    off = {START + dt.timedelta(days=1)}
    assert minutes_on(at(START + dt.timedelta(days=2), 10), off) == DAY + 120
    assert end_on(DAY + 120, off) == at(START + dt.timedelta(days=2), 10)
