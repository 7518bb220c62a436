"""The ``baselines:`` and ``issues:`` sections: read with places, written canonically, round-tripped losslessly."""

from __future__ import annotations

import datetime as dt

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from headway.io.plan import dumps, loads
from headway.model import Baseline, BaselineTask, Issue, IssueSeverity, IssueStatus, PlanError, Project

HEAD = "project: {name: Log, start: 2027-01-04, status_date: 2027-01-15}\ntasks:\n  - {id: a, duration: 2d}\n" \
       "  - {id: b, duration: 3d, after: [a]}\n"
TEXT = HEAD + """\
baselines:
  - name: initial
    saved: 2027-01-04T09:30
    finish: 2027-01-08T17:00
    cost: 1500.25
    tasks:
      a: {start: 2027-01-04T08:00, finish: 2027-01-05T17:00, duration_minutes: 960, work_minutes: 960, cost: 500}
      b: {start: 2027-01-06T08:00, finish: 2027-01-08T17:00, duration_minutes: 1440}
issues:
  - {id: I-1, title: Vendor late, severity: blocker, owner: ana, tasks: [b], opened: 2027-01-05, due: 2027-01-20}
  - id: I-2
    title: Flaky CI
    status: resolved
    resolved: 2027-01-07T15:00
    resolution: |
      pinned the runner
      and retried
"""


def test_sections_are_read_into_the_model() -> None:
    project = loads(TEXT).project
    (baseline,) = project.baselines
    assert baseline.name == "initial" and baseline.saved == dt.datetime(2027, 1, 4, 9, 30)
    assert baseline.finish == dt.datetime(2027, 1, 8, 17) and baseline.cost == 1500.25
    assert baseline.tasks["a"] == BaselineTask(dt.datetime(2027, 1, 4, 8), dt.datetime(2027, 1, 5, 17), 960, 500, 960)
    first, second = project.issues
    assert first.blocking and first.tasks == ("b",) and first.due == dt.date(2027, 1, 20) and first.owner == "ana"
    assert second.status is IssueStatus.RESOLVED and second.severity is IssueSeverity.MEDIUM
    assert second.resolution == "pinned the runner\nand retried\n" and not second.blocking


def test_round_trip_is_lossless_and_canonical() -> None:
    project = loads(TEXT).project
    text = dumps(project)
    assert loads(text).project == project
    assert dumps(loads(text).project) == text
    assert "      a: {start: '2027-01-04T08:00', finish: '2027-01-05T17:00', duration_minutes: 960" in text
    assert "    tasks: [b]\n" in text


_instants = st.datetimes(dt.datetime(2020, 1, 1), dt.datetime(2035, 1, 1)).map(lambda d: d.replace(microsecond=0))
_ids = st.from_regex(r"[a-z][a-z0-9_.-]{0,8}", fullmatch=True)
_money = st.one_of(st.integers(0, 10**9).map(float), st.floats(0, 1e9, allow_nan=False).map(lambda x: round(x, 2)))
_baseline_tasks = st.builds(BaselineTask, _instants, _instants, st.integers(0, 10**7), _money, st.integers(0, 10**7))
_baselines = st.builds(Baseline, st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=1,
                                         max_size=12).filter(lambda s: s.strip() == s),
                       _instants, st.dictionaries(st.sampled_from(["a", "b"]), _baseline_tasks, max_size=2),
                       st.none() | _instants, _money)
_dates = st.none() | st.dates(dt.date(2020, 1, 1), dt.date(2035, 1, 1)) | _instants
_issues = st.builds(Issue, _ids, st.from_regex(r"[A-Za-z][A-Za-z0-9 ,.'-]{0,20}[A-Za-z0-9]", fullmatch=True),
                    st.sampled_from(IssueSeverity), st.sampled_from(IssueStatus), st.none() | _ids,
                    st.lists(st.sampled_from(["a", "b"]), unique=True).map(tuple), _dates, _dates, _dates,
                    st.sampled_from(["", "done", "two\nlines"]))


@given(st.lists(_baselines, max_size=3, unique_by=lambda b: b.name),
       st.lists(_issues, max_size=3, unique_by=lambda i: i.id))
def test_any_baselines_and_issues_round_trip(baselines: list[Baseline], issues: list[Issue]) -> None:
    project: Project = loads(HEAD).project.replace(baselines=tuple(baselines), issues=tuple(issues))
    again = loads(dumps(project)).project
    assert again.baselines == project.baselines
    assert again.issues == project.issues


@pytest.mark.parametrize(("snippet", "code", "line"), [
    ("issues:\n  - {id: I-1, title: x, tasks: [bb]}\n", "unknown_task", 6),
    ("issues:\n  - {id: I-1, title: x, severity: critical}\n", "bad_issue_severity", 6),
    ("issues:\n  - {id: I-1, title: x, status: done}\n", "bad_issue_status", 6),
    ("issues:\n  - {id: I-1}\n", "missing_key", 6),
    ("issues:\n  - {id: I-1, title: x}\n  - {id: I-1, title: y}\n", "duplicate_issue_id", 7),
    ("baselines:\n  - {name: v1}\n", "missing_key", 6),
    ("baselines:\n  - {name: v1, saved: 2027-01-04, tasks: {a: {start: 2027-01-04}}}\n", "missing_key", 6),
    ("baselines:\n  - {name: v1, saved: 2027-01-04}\n  - {name: v1, saved: 2027-01-05}\n", "duplicate_baseline", 7),
    ("baselines:\n  - {name: v1, saved: soon}\n", "bad_date", 6),
])
def test_bad_sections_are_reported_with_their_line(snippet: str, code: str, line: int) -> None:
    with pytest.raises(PlanError) as info:
        loads(HEAD + snippet, "plan.yaml")
    problems = [(p.code, p.location.line if p.location else 0) for p in info.value.problems]
    assert (code, line) in problems, problems


def test_an_unknown_affected_task_suggests_the_right_one() -> None:
    with pytest.raises(PlanError) as info:
        loads(HEAD + "issues:\n  - id: I-1\n    title: x\n    tasks: [a, bb]\n", "plan.yaml")
    (problem,) = info.value.problems
    assert problem.format().startswith("plan.yaml:8:16: error[unknown_task]")
    assert problem.hint == "did you mean 'b'?" and problem.entity_id == "I-1"


def test_written_sections_match_the_schema() -> None:
    from tests.io.test_plan_schema import errors

    assert errors(yaml.safe_load(dumps(loads(TEXT).project))) == []
    assert errors(yaml.safe_load(HEAD + "issues:\n  - {id: I-1, title: x, severity: urgent}\n"))
