"""The JSON Schema of plan files: well-formed, and agreeing with the reader on real plans."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from jsonschema import Draft202012Validator

from headway.io.plan import dumps
from headway.io.plan_schema import plan_schema
from headway.model import Project
from tests.strategies import projects

ROOT = Path(__file__).parents[2]
PLANS = sorted((ROOT / "tests" / "plans" / "valid").glob("*.yaml")) + sorted((ROOT / "examples").glob("*.yaml"))


def as_json(value: Any) -> Any:
    """YAML data as JSON would carry it: dates as ISO text."""
    if isinstance(value, dict):
        return {str(k): as_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [as_json(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def errors(data: Any) -> list[str]:
    return [e.message for e in Draft202012Validator(plan_schema()).iter_errors(as_json(data))]


def test_schema_is_valid() -> None:
    Draft202012Validator.check_schema(plan_schema())


def test_schema_describes_every_property() -> None:
    task = plan_schema()["$defs"]["task"]
    assert task["additionalProperties"] is False
    assert all("description" in prop for prop in task["properties"].values())


@pytest.mark.parametrize("path", PLANS, ids=lambda p: p.name)
def test_plan_files_match_schema(path: Path) -> None:
    assert errors(yaml.safe_load(path.read_text(encoding="utf-8"))) == []


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(projects())
def test_written_plans_match_schema(project: Project) -> None:
    assert errors(yaml.safe_load(dumps(project))) == []


@pytest.mark.parametrize("bad", [
    {"project": {"name": "X", "start": "2027-01-04", "colour": "blue"}},
    {"project": {"name": "X", "start": "2027-01-04"}, "tasks": [{"id": "a", "durration": "3d"}]},
    {"project": {"name": "X", "start": "2027-01-04"}, "tasks": [{"id": "a", "duration": "3 days"}]},
    {"project": {"name": "X", "start": "2027-01-04"}, "tasks": [{"id": "a", "after": [{"task": "b", "type": "XS"}]}]},
    {"project": {"name": "X", "start": "2027-01-04"}, "tasks": [{"id": "a", "constraint": "soon"}]},
    {"project": {"name": "X"}},
    {"project": {"name": "X", "start": "2027-01-04"}, "calendars": [{"id": "c", "week": {"mon": ["8-12"]}}]},
])
def test_bad_plans_fail_schema(bad: dict[str, Any]) -> None:
    assert errors(bad)
