"""Status at the status date: percent complete, late and slipping tasks, milestones, blockers, RAG."""

from __future__ import annotations

import datetime as dt

import pytest

from headway.engine.baselines import capture, with_baseline
from headway.engine.cpm import schedule
from headway.engine.status import status
from headway.io.plan import loads
from headway.model import Issue, IssueSeverity, ProgressEntry, Project

PLAN = """\
project: {name: Status, start: 2027-01-04, status_date: 2027-01-08}
resources:
  - {id: ana}
  - {id: bo}
tasks:
  - {id: design, effort: 5d, assign: [ana]}
  - {id: spec, duration: 2d}
  - {id: build, effort: 15d, assign: [ana, bo], after: [design]}
  - {id: beta, milestone: true, after: [build]}
  - {id: docs, duration: 4d, after: [spec]}
"""


def baselined(text: str = PLAN) -> Project:
    project = loads(text).project
    return with_baseline(project, capture(schedule(project), "plan", dt.datetime(2027, 1, 4)))


def test_on_plan_is_green_with_exact_percent_complete() -> None:
    project = baselined().replace(progress=(
        ProgressEntry(dt.date(2027, 1, 8), "design", done=1.0, actual_start=dt.date(2027, 1, 4)),
        ProgressEntry(dt.date(2027, 1, 5), "spec", done=1.0, actual_start=dt.date(2027, 1, 4)),
        ProgressEntry(dt.date(2027, 1, 8), "docs", done=0.75, actual_start=dt.date(2027, 1, 6)),
        ProgressEntry(dt.date(2027, 1, 12), "docs", done=1.0),  # after the status date: not yet
    ))
    report = status(project)
    # work-weighted: design 2400 + spec 960 + docs 1440 done of 2400 + 960 + 7200 + 1920 minutes
    assert report.percent_complete == pytest.approx((2400 + 960 + 1440) / (2400 + 960 + 7200 + 1920))
    assert report.late == () and report.slipping == ()
    assert report.rag == "green", report.reasons
    assert report.variance is not None and [m.id for m in report.milestones] == ["beta"]


def test_unfinished_work_is_late_and_slips_the_milestone() -> None:
    project = baselined().replace(progress=(
        ProgressEntry(dt.date(2027, 1, 8), "design", done=0.4, actual_start=dt.date(2027, 1, 4)),
    ), status_date=dt.date(2027, 1, 8))
    report = status(project)
    late = {t.id: t for t in report.late}
    assert late["design"].reason == "not finished" and late["design"].done == pytest.approx(0.4)
    assert late["spec"].reason == "not finished"  # due Tuesday, no progress at all
    assert "docs" in late and late["docs"].reason == "started late"
    beta = next(m for m in report.milestones if m.id == "beta")
    assert beta.finish_slip_days == 3  # 60% of a 5-day design still to do from Monday
    assert {v.id for v in report.slipping} >= {"design", "build", "beta"}
    assert report.rag == "amber" and any("late" in r for r in report.reasons)


def test_an_open_blocker_on_the_critical_path_turns_it_red() -> None:
    project = baselined().replace(issues=(
        Issue("I-9", "No servers", IssueSeverity.BLOCKER, tasks=("build",), due=dt.date(2027, 1, 20)),))
    report = status(project)
    assert report.blockers.finish_slip_days == 8  # Mon 11 .. Wed 20: 8 working days
    assert report.variance is not None and report.variance.finish_slip_days == 8
    assert report.rag == "red"
    assert "open blockers delay the finish by 8 working days" in report.reasons
    assert status(project, if_lasts=2).blockers.finish_slip_days == 2
