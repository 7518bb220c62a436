"""Progress entries and timesheet lines in plan files: read, checked, written back losslessly."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from headway.io.plan import dumps, load, loads
from headway.model import Duration, PlanError, ProgressEntry, Project, TimesheetLine, TimeUnit, validate
from tests.io.test_plan_schema import errors as schema_errors
from tests.strategies import date_times, dates, durations, projects, texts

ROOT = Path(__file__).parents[2]
CONTRACT = """\
project: {name: Demo, start: 2027-01-04, status_date: 2027-01-15}
tasks:
  - id: a
    duration: 10d
progress:
  - {date: 2027-01-15, task: a, done: 40%, actual_cost: 450}
"""


def test_contract_snippet_reads_as_written() -> None:
    (entry,) = loads(CONTRACT).project.progress
    assert entry == ProgressEntry(dt.date(2027, 1, 15), "a", done=0.4, actual_cost=450.0)
    assert entry.origin is not None and entry.origin.line == 6


def test_every_field_and_timesheets() -> None:
    project = load(ROOT / "tests" / "plans" / "valid" / "progress.yaml").project
    build = [e for e in project.progress if e.task == "build"]
    assert build == [ProgressEntry(dt.date(2027, 1, 15), "build", done=0.4,
                                   actual_start=dt.datetime(2027, 1, 11, 8), note="on track")]
    assert project.timesheets[1] == TimesheetLine(dt.date(2027, 1, 12), "alice", "build", Duration(6, TimeUnit.HOUR),
                                                  Duration(1, TimeUnit.HOUR))


def test_unknown_ids_name_the_line_and_suggest() -> None:
    text = CONTRACT.replace("task: a,", "task: aa,")
    with pytest.raises(PlanError) as info:
        loads(text, "plan.yaml")
    (problem,) = info.value.problems
    assert problem.format().startswith('plan.yaml:6:5: error[unknown_task] "aa": progress names task')
    assert "did you mean 'a'?" in problem.format()


def test_history_is_kept_in_file_order() -> None:
    text = CONTRACT + "  - {date: 2027-01-08, task: a, done: 20%}\n"
    project = loads(text).project
    assert [e.done for e in project.progress] == [0.4, 0.2]
    assert dumps(loads(dumps(project)).project) == dumps(project)
    assert dumps(project).endswith(
        "progress:\n  - {date: 2027-01-15, task: a, done: 40%, actual_cost: 450}\n"
        "  - {date: 2027-01-08, task: a, done: 20%}\n")


@st.composite
def tracked_projects(draw: st.DrawFn) -> Project:
    """A valid project with random progress entries and timesheet lines on its leaf tasks."""
    project = draw(projects(max_tasks=5))
    summaries = project.summary_ids()
    leaves = [t.id for t in project.tasks if t.id not in summaries]
    if not leaves:
        return project
    entries = []
    for _ in range(draw(st.integers(0, 4))):
        when = draw(dates | date_times)
        day = when.date() if isinstance(when, dt.datetime) else when
        start = draw(st.none() | st.just(day - dt.timedelta(days=draw(st.integers(0, 9)))))
        finish = None if start is None else draw(st.none() | st.just(start + dt.timedelta(days=draw(
            st.integers(0, 20)))))
        entries.append(ProgressEntry(
            when, draw(st.sampled_from(leaves)), draw(st.none() | st.sampled_from([0.0, 0.25, 0.4, 1.0, 0.333])),
            draw(st.none() | durations()), start, finish,
            draw(st.none() | st.sampled_from([0.0, 450.0, 12.5])), draw(texts)))
    lines = []
    for _ in range(draw(st.integers(0, 3)) if project.resources else 0):
        lines.append(TimesheetLine(draw(dates), draw(st.sampled_from(project.resources)).id,
                                   draw(st.sampled_from(leaves)), draw(durations()), draw(st.none() | durations())))
    return project.replace(progress=tuple(entries), timesheets=tuple(lines))


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tracked_projects())
def test_round_trip_of_generated_progress(project: Project) -> None:
    assert not [p for p in validate(project) if p.is_error]
    text = dumps(project)
    again = loads(text).project
    assert again.progress == project.progress
    assert again.timesheets == project.timesheets
    assert dumps(again) == text


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tracked_projects())
def test_written_progress_matches_the_schema(project: Project) -> None:
    assert schema_errors(yaml.safe_load(dumps(project))) == []
