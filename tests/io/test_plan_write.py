"""Writing plans: canonical text, lossless and stable round trips, atomic saves."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from headway.io.plan import dumps, load, loads, save
from headway.model import PlanError, Project, validate
from tests.strategies import projects

ROOT = Path(__file__).parents[2]
PLANS = sorted((ROOT / "tests" / "plans" / "valid").glob("*.yaml")) + sorted((ROOT / "examples").glob("*.yaml"))


@pytest.mark.parametrize("path", PLANS, ids=lambda p: p.name)
def test_round_trip_of_plan_files(path: Path) -> None:
    project = load(path).project
    text = dumps(project)
    again = loads(text).project
    assert again == project
    assert dumps(again) == text


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(projects())
def test_round_trip_of_generated_projects(project: Project) -> None:
    assert not [p for p in validate(project) if p.is_error]
    text = dumps(project)
    again = loads(text).project
    assert again == project
    assert dumps(again) == text


def test_canonical_short_forms() -> None:
    text = """\
tasks:
  - {notes: later, id: b, after: [{task: a, type: FS, lag: 0d}], priority: 500, name: ""}
  - {id: a, duration: 2, assign: [{resource: r}], constraint: {type: ALAP}}
  - {id: c, after: [{task: a, type: ss}], assign: [{resource: r, units: 0.5}], constraint: MSO 2027-01-05}
resources: [{id: r, units: 1}]
project: {start: 2027-01-04, name: X, currency: USD, hours_per_day: 8}
"""
    with pytest.raises(PlanError, match="bad_constraint_type"):
        loads(text)
    project = loads(text.replace("constraint: MSO 2027-01-05", "constraint: {type: MSO, date: 2027-01-05}")
                     ).project
    assert dumps(project) == """\
project:
  name: X
  start: 2027-01-04

resources:
  - id: r

tasks:
  - id: b
    after: [a]
    notes: later
  - id: a
    duration: 2d
    assign: [r]
    constraint: alap
  - id: c
    after: [{task: a, type: SS}]
    assign: [{resource: r, units: 50%}]
    constraint: {type: must-start-on, date: 2027-01-05}
"""


def test_save_is_atomic_and_readable(tmp_path: Path) -> None:
    project = load(PLANS[0]).project
    target = tmp_path / "plan.yaml"
    target.write_text("old")
    save(project, target)
    assert load(target).project == project
    assert [p.name for p in tmp_path.iterdir()] == ["plan.yaml"]


def test_failed_save_leaves_the_old_file(tmp_path: Path) -> None:
    target = tmp_path / "plan.yaml"
    target.write_text("old")
    with pytest.raises(AttributeError):
        save("not a project", target)  # type: ignore[arg-type]
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["plan.yaml"]
