"""Progress-aware scheduling: completed work stays, remaining work moves after the status date.

Expected dates are worked out by hand on the default calendar (Mon-Fri 08:00-12:00, 13:00-17:00);
2027-01-04 is a Monday.
"""

from __future__ import annotations

import datetime as dt

import pytest

from headway.engine.cpm import schedule
from headway.engine.explain import why
from headway.engine.results import DriverKind, Schedule
from headway.io.plan import loads
from headway.model import Project
from tests.engine.oracles import DAY, working_minutes

HEAD = "project: {name: P, start: 2027-01-04, status_date: STATUS}\n"


def plan(body: str, status: str = "2027-01-08") -> Project:
    head = HEAD.replace("STATUS", status)
    if "calendars:" in body:
        head = head.replace("}", ", calendar: standard}")
    return loads(head + body).project


def at(day: int, hour: int, month: int = 1) -> dt.datetime:
    return dt.datetime(2027, month, day, hour)


def dates(s: Schedule, tid: str) -> tuple[dt.datetime, dt.datetime]:
    task = s.task(tid)
    return task.start, task.finish


CHAIN = """\
tasks:
  - {id: a, duration: 10d}
  - {id: b, duration: 2d, after: [a]}
"""


def test_without_progress_nothing_moves() -> None:
    s = schedule(plan(CHAIN))
    assert dates(s, "a") == (at(4, 8), at(15, 17))
    a = s.task("a")
    assert (a.percent_complete, a.actual_start, a.actual_finish, a.remaining_minutes) == (0.0, None, None, 4800)


def test_partially_complete_task_keeps_its_start_and_runs_its_rest_after_the_status_date() -> None:
    # started on time; status Wed 01-13 (end of day); 40% of 10d done: 6d remain from Thu 01-14
    s = schedule(plan(CHAIN + "progress:\n  - {date: 2027-01-13, task: a, done: 40%, actual_start: 2027-01-04}\n",
                      "2027-01-13"))
    a = s.task("a")
    assert dates(s, "a") == (at(4, 8), at(21, 17))
    assert (a.percent_complete, a.actual_start, a.actual_finish, a.remaining_minutes) == (0.4, at(4, 8), None, 2880)
    assert a.driver is not None and a.driver.kind is DriverKind.ACTUAL_START
    assert a.duration_minutes == 4800
    assert dates(s, "b") == (at(22, 8), at(25, 17))


def test_remaining_duration_wins_over_percent_complete() -> None:
    s = schedule(plan(CHAIN + "progress:\n  - {date: 2027-01-13, task: a, done: 40%, remaining: 2d, "
                              "actual_start: 2027-01-04}\n", "2027-01-13"))
    a = s.task("a")
    assert a.finish == at(15, 17) and a.remaining_minutes == 960 and a.percent_complete == 0.4
    assert a.duration_minutes == 4 * 480 + 960  # 40% of 10d done plus the 2d left


def test_remaining_alone_gives_the_percent() -> None:
    s = schedule(plan(CHAIN + "progress:\n  - {date: 2027-01-13, task: a, remaining: 8d, actual_start: 2027-01-04}\n",
                      "2027-01-13"))
    assert s.task("a").percent_complete == pytest.approx(0.2)
    assert s.task("a").finish == at(25, 17)


def test_latest_entry_on_or_before_the_status_date_counts() -> None:
    body = CHAIN + """\
progress:
  - {date: 2027-01-05, task: a, actual_start: 2027-01-04, done: 10%}
  - {date: 2027-01-13, task: a, done: 50%}
  - {date: 2027-01-20, task: a, done: 90%}
"""
    s = schedule(plan(body, "2027-01-13"))
    a = s.task("a")
    assert a.percent_complete == 0.5 and a.actual_start == at(4, 8)  # the start from an older entry stays
    assert a.finish == at(20, 17)
    assert [p.code for p in s.problems] == ["progress_after_status_date"]


def test_late_start_and_late_finish_move_the_successors() -> None:
    body = CHAIN + "progress:\n  - {date: 2027-01-22, task: a, actual_start: 2027-01-06, actual_finish: 2027-01-21}\n"
    s = schedule(plan(body, "2027-01-22"))
    a = s.task("a")
    assert dates(s, "a") == (at(6, 8), at(21, 17))
    assert (a.actual_start, a.actual_finish, a.percent_complete, a.remaining_minutes) == (at(6, 8), at(21, 17), 1, 0)
    assert dates(s, "b") == (at(25, 8), at(26, 17))  # not before the status date (Fri 22nd, end of day)
    assert s.task("b").driver is not None and s.task("b").driver.kind is DriverKind.STATUS_DATE


def test_early_finish_pulls_the_successor_in_up_to_the_status_date() -> None:
    body = CHAIN + "progress:\n  - {date: 2027-01-11, task: a, actual_start: 2027-01-04, actual_finish: 2027-01-08}\n"
    s = schedule(plan(body, "2027-01-11"))
    assert dates(s, "a") == (at(4, 8), at(8, 17))
    assert dates(s, "b") == (at(12, 8), at(13, 17))


def test_early_start_in_progress() -> None:
    body = """\
tasks:
  - {id: a, duration: 5d, constraint: {type: start-no-earlier-than, date: 2027-01-11}}
progress:
  - {date: 2027-01-08, task: a, actual_start: 2027-01-06, done: 20%}
"""
    s = schedule(plan(body))
    assert dates(s, "a") == (at(6, 8), at(14, 17))  # 4d left from Mon 01-11


def test_finished_without_actuals_keeps_planned_dates_up_to_the_status_date() -> None:
    s = schedule(plan(CHAIN + "progress:\n  - {date: 2027-01-08, task: a, done: 100%}\n"))
    a = s.task("a")
    assert dates(s, "a") == (at(4, 8), at(8, 17))
    assert (a.actual_start, a.actual_finish) == (at(4, 8), at(8, 17))
    assert dates(s, "b") == (at(11, 8), at(12, 17))


def test_started_without_actual_start_starts_as_planned() -> None:
    s = schedule(plan(CHAIN + "progress:\n  - {date: 2027-01-08, task: a, done: 50%}\n"))
    assert dates(s, "a") == (at(4, 8), at(15, 17))


def test_status_date_on_a_holiday_means_the_next_working_time() -> None:
    body = """\
calendars:
  - id: standard
    exceptions: [{date: 2027-01-11, name: holiday}]
tasks:
  - {id: a, duration: 2d}
  - {id: b, duration: 1d}
progress:
  - {date: 2027-01-09, task: a, actual_start: 2027-01-07, done: 50%}
"""
    s = schedule(plan(body, "2027-01-09"))  # a Saturday; Monday is a holiday
    assert dates(s, "a") == (at(7, 8), at(12, 17))
    assert dates(s, "b") == (at(12, 8), at(12, 17))


def test_status_date_time_is_taken_as_written() -> None:
    s = schedule(plan("tasks:\n  - {id: a, duration: 1d}\nprogress:\n  - {date: 2027-01-05, task: a, done: 0%}\n",
                      "2027-01-05T10:00"))
    assert dates(s, "a") == (at(5, 10), at(6, 10))


def test_out_of_sequence_progress_is_reported_and_keeps_the_link_for_the_remaining_work() -> None:
    body = """\
tasks:
  - {id: a, duration: 5d}
  - {id: b, duration: 4d, after: [a]}
  - {id: c, duration: 1d, after: [b]}
progress:
  - {date: 2027-01-06, task: a, actual_start: 2027-01-04, done: 40%}
  - {date: 2027-01-06, task: b, actual_start: 2027-01-05, done: 50%}
"""
    s = schedule(plan(body, "2027-01-06"))
    assert dates(s, "a") == (at(4, 8), at(11, 17))  # 3d left from Thu 01-07
    assert dates(s, "b") == (at(5, 8), at(13, 17))  # its last 2d wait for a (retained logic)
    assert dates(s, "c") == (at(14, 8), at(14, 17))
    (problem,) = [p for p in s.problems if p.code == "out_of_sequence"]
    assert problem.entity_id == "b" and "'a'" in problem.message


def test_out_of_sequence_on_a_start_to_start_link_uses_the_actual_start() -> None:
    body = """\
tasks:
  - {id: a, duration: 5d}
  - {id: b, duration: 2d, after: [{task: a, type: SS, lag: 3d}]}
progress:
  - {date: 2027-01-05, task: a, actual_start: 2027-01-04, done: 10%}
"""
    s = schedule(plan(body, "2027-01-05"))
    assert dates(s, "b") == (at(7, 8), at(8, 17))  # 3d after a's actual start, not after its rest
    assert not [p for p in s.problems if p.code == "out_of_sequence"]


def test_completed_out_of_order_is_reported_but_stays() -> None:
    body = """\
tasks:
  - {id: a, duration: 5d}
  - {id: b, duration: 1d, after: [a]}
progress:
  - {date: 2027-01-06, task: b, actual_start: 2027-01-05, actual_finish: 2027-01-05}
"""
    s = schedule(plan(body, "2027-01-06"))
    assert dates(s, "b") == (at(5, 8), at(5, 17))
    assert dates(s, "a") == (at(7, 8), at(13, 17))
    assert [p.code for p in s.problems] == ["out_of_sequence"]


def test_in_progress_task_keeps_its_float() -> None:
    body = """\
tasks:
  - {id: a, duration: 10d}
  - {id: b, duration: 2d}
progress:
  - {date: 2027-01-05, task: b, actual_start: 2027-01-04, done: 50%}
"""
    s = schedule(plan(body, "2027-01-05"))
    b = s.task("b")
    assert b.finish == at(6, 17) and not b.critical
    assert b.total_float_minutes == 9 * 480  # a waits for the status date: Wed 01-06 .. Tue 01-19


def test_summary_rolls_up_progress() -> None:
    body = """\
tasks:
  - id: s
    tasks:
      - {id: a, duration: 6d}
      - {id: b, duration: 2d}
progress:
  - {date: 2027-01-06, task: a, actual_start: 2027-01-04, done: 50%}
  - {date: 2027-01-06, task: b, actual_start: 2027-01-04, actual_finish: 2027-01-05}
"""
    s = schedule(plan(body, "2027-01-06"))
    summary = s.task("s")
    assert summary.percent_complete == pytest.approx((0.5 * 6 + 2) / 8)
    assert summary.actual_start == at(4, 8) and summary.actual_finish is None


def test_why_names_the_actual_start_and_the_status_date() -> None:
    project = plan(CHAIN + "  - {id: c, duration: 1d}\nprogress:\n  - {date: 2027-01-06, task: a, "
                           "actual_start: 2027-01-05, done: 10%}\n")
    s = schedule(project)
    assert why(project, s, "a")[0].reason == "'a' started Tue 2027-01-05 08:00, as recorded in its progress"
    assert "after the status date" in why(project, s, "c")[0].reason
    assert [step.task_id for step in why(project, s, "b")] == ["b", "a"]


def test_finished_ahead_of_plan_without_actuals_ends_by_the_status_date() -> None:
    s = schedule(plan(CHAIN + "progress:\n  - {date: 2027-01-08, task: b, done: 100%}\n"))
    assert dates(s, "b") == (at(7, 8), at(8, 17))  # planned for the 18th: done by the status date instead
    assert [p.code for p in s.problems] == ["out_of_sequence"]


def test_remaining_work_past_the_calendar_horizon() -> None:
    body = "tasks:\n  - {id: a, duration: 1d}\nprogress:\n  - {date: 2027-01-08, task: a, remaining: 600d}\n"
    s = schedule(plan(body))
    a = s.task("a")
    assert working_minutes(a.finish) - working_minutes(at(11, 8)) == 600 * DAY
    assert a.remaining_minutes == 600 * DAY and a.percent_complete == 0
