"""Open blockers of the issue log hold their tasks; the slip they cause is measured exactly.

The oracle for "remaining days" is numpy's business-day count over the same weekdays and days
off, independent of the engine's calendar arithmetic.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from headway.engine.blockers import apply_blockers
from headway.engine.cpm import schedule
from headway.io.plan import loads
from headway.model import Issue, IssueSeverity, IssueStatus, ProgressEntry, Project

HOLIDAY = dt.date(2027, 1, 12)  # a Tuesday off in the project calendar
PLAN = f"""\
project: {{name: Blocked, start: 2027-01-04, status_date: 2027-01-08, calendar: office}}
calendars:
  - id: office
    exceptions: [{{date: {HOLIDAY}, name: Off}}]
tasks:
  - {{id: design, duration: 5d}}
  - {{id: build, duration: 5d, after: [design]}}
  - {{id: docs, duration: 2d, after: [design]}}
  - {{id: launch, milestone: true, after: [build, docs]}}
"""


def plan(*issues: Issue) -> Project:
    return loads(PLAN).project.replace(issues=issues)


def blocker(tasks: tuple[str, ...], due: dt.date | None, **kw: object) -> Issue:
    return Issue("I-1", "Vendor API not ready", IssueSeverity.BLOCKER, tasks=tasks, due=due, **kw)  # type: ignore[arg-type]


def working_days_after_status(due: dt.date) -> int:
    """Working days from the end of the status date (Fri 2027-01-08) to the end of ``due``."""
    return int(np.busday_count(dt.date(2027, 1, 9), due + dt.timedelta(days=1), holidays=[HOLIDAY]))


@pytest.mark.parametrize("due", [dt.date(2027, 1, 11), dt.date(2027, 1, 13), dt.date(2027, 1, 15),
                                 dt.date(2027, 1, 22)])
def test_an_open_issue_on_a_critical_task_moves_the_finish_by_exactly_its_remaining_days(due: dt.date) -> None:
    project = plan(blocker(("build",), due))
    before = schedule(project)
    assert before.task("build").critical and before.task("build").start.date() == dt.date(2027, 1, 11)
    impact = apply_blockers(project)
    remaining = working_days_after_status(due)
    (hold,) = impact.holds
    assert hold.remaining_days == remaining
    assert impact.finish_slip_days == remaining
    assert impact.finish_slip_minutes == remaining * 480
    launch = next(s for s in impact.slips if s.id == "launch")
    assert launch.milestone and launch.slip_days == remaining
    assert impact.schedule.task("build").start.date() == np.busday_offset(
        due, 1, roll="forward", holidays=[HOLIDAY]).astype(dt.date)


def test_a_blocker_on_a_task_with_float_is_absorbed_until_the_float_runs_out() -> None:
    before = schedule(plan())
    docs_float = before.task("docs").total_float_minutes // 480
    assert docs_float == 3
    absorbed = apply_blockers(plan(blocker(("docs",), dt.date(2027, 1, 13))))  # 2 working days: within float
    assert absorbed.finish_slip_minutes == 0
    assert [s.id for s in absorbed.slips] == ["docs"]
    overrun = apply_blockers(plan(blocker(("docs",), dt.date(2027, 1, 20))))  # 7 days: 4 more than the float
    assert overrun.finish_slip_days == working_days_after_status(dt.date(2027, 1, 20)) + 2 - 5


@pytest.mark.parametrize("kw", [{"status": IssueStatus.RESOLVED}, {"status": IssueStatus.CLOSED},
                                {"severity": IssueSeverity.HIGH}])
def test_resolved_closed_and_non_blocking_issues_hold_nothing(kw: dict[str, object]) -> None:
    issue = Issue("I-1", "done with", tasks=("build",), due=dt.date(2027, 2, 26),
                  severity=kw.get("severity", IssueSeverity.BLOCKER),  # type: ignore[arg-type]
                  status=kw.get("status", IssueStatus.OPEN))  # type: ignore[arg-type]
    impact = apply_blockers(plan(issue))
    assert impact.holds == () and impact.slips == () and impact.finish_slip_minutes == 0
    assert impact.schedule.finish == schedule(plan()).finish


def test_if_lasts_overrides_the_due_date_with_working_days_from_the_status_date() -> None:
    project = plan(blocker(("build",), dt.date(2027, 1, 11)))
    for days in (0, 1, 3, 6):
        impact = apply_blockers(project, if_lasts=days)
        assert impact.finish_slip_days == days
        assert impact.holds[0].assumed


def test_a_blocker_without_a_due_date_is_open_ended_unless_a_duration_is_assumed() -> None:
    project = plan(blocker(("build",), None))
    impact = apply_blockers(project)
    assert impact.finish_slip_minutes == 0 and [h.issue for h in impact.open_ended] == ["I-1"]
    assumed = apply_blockers(project, undated=4)
    assert assumed.open_ended == () and assumed.finish_slip_days == 4


def test_an_overdue_blocker_still_holds_its_tasks_past_the_status_date() -> None:
    project = plan(blocker(("design",), dt.date(2027, 1, 5)))
    impact = apply_blockers(project)
    (hold,) = impact.holds
    assert hold.overdue and hold.remaining_days == 0
    assert impact.schedule.task("design").start == dt.datetime(2027, 1, 11, 8)
    assert impact.finish_slip_days == 5


def test_a_blocker_on_a_summary_holds_its_subtasks_and_each_blocker_has_its_own_impact() -> None:
    text = PLAN.replace("  - {id: build, duration: 5d, after: [design]}\n",
                        "  - id: phase\n    after: [design]\n    tasks:\n      - {id: build, duration: 5d}\n")
    project = loads(text).project
    two = (blocker(("phase",), dt.date(2027, 1, 13)),
           Issue("I-2", "Licence", IssueSeverity.BLOCKER, tasks=("docs",), due=dt.date(2027, 1, 19)))
    impact = apply_blockers(project.replace(issues=two))
    holds = {h.issue: h for h in impact.holds}
    assert holds["I-1"].tasks == ("build",)
    assert holds["I-1"].finish_slip_days == 2
    assert holds["I-2"].finish_slip_days == working_days_after_status(dt.date(2027, 1, 19)) + 2 - 5
    assert impact.finish_slip_days == max(h.finish_slip_days for h in impact.holds)


def test_finished_work_is_not_held_and_started_work_is_named() -> None:
    progress = (ProgressEntry(dt.date(2027, 1, 8), "design", actual_start=dt.date(2027, 1, 4),
                              actual_finish=dt.date(2027, 1, 8)),
                ProgressEntry(dt.date(2027, 1, 8), "docs", done=0.5, actual_start=dt.date(2027, 1, 8)))
    project = plan(blocker(("design", "docs", "build"), dt.date(2027, 1, 13))).replace(progress=progress)
    (hold,) = apply_blockers(project).holds
    assert hold.tasks == ("docs", "build") and hold.in_progress == ("docs",)
    assert apply_blockers(project).schedule.task("design").finish == dt.datetime(2027, 1, 8, 17)


def test_an_issue_naming_a_task_the_plan_lacks_holds_nothing() -> None:
    impact = apply_blockers(plan(blocker(("gone", "build"), dt.date(2027, 1, 13))))
    assert impact.holds[0].tasks == ("build",) and impact.finish_slip_days == 2


def test_a_blocker_holds_the_remaining_work_of_a_task_in_progress() -> None:
    """build (5d) is half done at the status date; blocked until Wed 01-13 (Tue 01-12 is off),
    its remaining 2.5 days resume Thu 01-14 08:00 and it keeps its actual start."""
    progress = (ProgressEntry(dt.date(2027, 1, 8), "design", actual_start=dt.date(2027, 1, 4),
                              actual_finish=dt.date(2027, 1, 6)),
                ProgressEntry(dt.date(2027, 1, 8), "build", done=0.5, actual_start=dt.date(2027, 1, 7)))
    project = plan(blocker(("build",), dt.date(2027, 1, 13))).replace(progress=progress)
    free = schedule(project).task("build")
    impact = apply_blockers(project)
    held = impact.schedule.task("build")
    assert held.start == free.start == dt.datetime(2027, 1, 7, 8)
    assert free.finish == dt.datetime(2027, 1, 14, 12)  # resumes Mon 01-11: Mon, (Tue off), Wed, half of Thu
    assert held.finish == dt.datetime(2027, 1, 18, 12)  # resumes Thu 01-14: Thu, Fri, half of Mon
    assert held.driver is not None and "Vendor API" in str(held.driver.waited_for or held.driver.constraint or "")
