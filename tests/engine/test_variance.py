"""Baselines and variance: zero right after saving, exact slips in working days after a change."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import numpy as np

from headway.engine.baselines import capture, find, with_baseline
from headway.engine.cpm import schedule
from headway.engine.variance import compare
from headway.io.plan import loads
from headway.model import ZERO, Duration, Project, TimeUnit

HOLIDAY = dt.date(2027, 1, 18)
PLAN = f"""\
project: {{name: Var, start: 2027-01-04, calendar: office}}
calendars:
  - {{id: office, exceptions: [{{date: {HOLIDAY}}}]}}
resources:
  - {{id: ana, rate: 100}}
tasks:
  - {{id: design, duration: 5d}}
  - id: phase
    tasks:
      - {{id: build, effort: 5d, assign: [ana], after: [design]}}
      - {{id: docs, duration: 2d, after: [design]}}
  - {{id: launch, milestone: true, after: [build, docs]}}
"""
SAVED = dt.datetime(2027, 1, 4, 9, 30)


def project() -> Project:
    return loads(PLAN).project


def saved(p: Project) -> Project:
    return with_baseline(p, capture(schedule(p), "v1", SAVED))


def test_variance_is_zero_right_after_saving() -> None:
    p = saved(project())
    variance = compare(p, schedule(p), p.baselines[0])
    assert variance.finish_slip_days == 0
    assert {v.id for v in variance.tasks} == {t.id for t in p.tasks}
    for v in variance.tasks:
        assert (v.start_slip_minutes, v.finish_slip_minutes, v.work_variance_minutes, v.change) == (0, 0, 0, "")


def test_a_slipped_task_shows_its_slip_in_working_days_of_the_project_calendar() -> None:
    p = saved(project())
    longer = [replace(t, duration=Duration(8, TimeUnit.DAY)) if t.id == "design" else t for t in p.tasks]
    variance = compare(p, schedule(p.replace(tasks=tuple(longer))), p.baselines[0])
    design, launch, build = variance.task("design"), variance.task("launch"), variance.task("build")
    assert design.start_slip_days == 0 and design.finish_slip_days == 3
    # independent count: business days between the old and new finish, skipping the holiday
    old, new = p.baselines[0].tasks["launch"].finish.date(), launch.finish.date() if launch.finish else None
    assert new is not None
    assert launch.finish_slip_days == np.busday_count(old, new, holidays=[HOLIDAY]) == 3
    assert launch.milestone and build.start_slip_days == 3
    assert variance.finish_slip_days == 3
    assert variance.tasks[0].finish_slip_days == 3  # worst slip first
    assert [v.finish_slip_minutes for v in variance.tasks] == sorted(
        (v.finish_slip_minutes for v in variance.tasks), key=lambda m: -(m or 0))


def test_work_and_cost_variance_and_added_or_removed_tasks() -> None:
    p = saved(project())
    costs = {"build": 5 * 8 * 100.0}
    b = with_baseline(p, capture(schedule(p), "v1", SAVED, costs)).baselines[0]
    assert b.tasks["build"].cost == 4000 and b.cost == 4000 and b.tasks["build"].work_minutes == 2400
    tasks = [replace(t, effort=Duration(6, TimeUnit.DAY)) if t.id == "build" else t for t in p.tasks if t.id != "docs"]
    tasks[-1] = replace(tasks[-1], links=tuple(link for link in tasks[-1].links if link.predecessor != "docs"))
    tasks.append(replace(tasks[-1], id="party", milestone=True, duration=None, links=()))
    changed = p.replace(tasks=tuple(tasks))
    variance = compare(changed, schedule(changed), b, {"build": 4800.0})
    assert variance.task("build").work_variance_minutes == 480
    assert variance.task("build").cost_variance == 800
    assert variance.cost_variance == 800
    assert variance.task("docs").change == "removed" and variance.task("party").change == "added"
    assert variance.task("party").finish_slip_days is None


def test_baselines_are_replaced_by_name_and_the_latest_is_the_default() -> None:
    p = saved(project())
    later = capture(schedule(p), "v2", SAVED + dt.timedelta(days=1))
    p = with_baseline(p, later)
    again = with_baseline(p, capture(schedule(p), "v1", SAVED + dt.timedelta(days=2)))
    assert [b.name for b in again.baselines] == ["v1", "v2"]
    assert find(again, None) is not None and find(again, None).name == "v1"  # type: ignore[union-attr]
    assert find(again, "v2") == later and find(again, "nope") is None
    assert ZERO.amount == 0
