"""Objectives, stakeholders, scope and assumptions in plan files: read with places, written
canonically, round-tripped losslessly, described by the JSON Schema."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from headway.io.plan import dumps, loads, loads_data, plan_data
from headway.io.plan_schema import plan_schema
from headway.model import PlanError, Project
from headway.model.objectives import Cadence, Level, Objective, ReportKind, Stakeholder, SuccessCriterion

HEAD = """\
project: {name: Purpose, start: 2027-01-04}
resources: [{id: ana}, {id: bo}]
tasks:
  - {id: design, duration: 2d}
  - {id: build, duration: 3d, after: [design]}
  - {id: launch, milestone: true, after: [build]}
"""
TEXT = HEAD + """\
objectives:
  - id: O-1
    title: Launch on time
    description: The customer demo needs it.
    owner: sponsor
    deliverables: [launch]
    criteria:
      - {metric: weekly active users, target: 500, milestone: launch}
      - {metric: p95 latency, target: < 200 ms, met: false}
scope: [Web app, Public API]
out_of_scope: Mobile apps
assumptions:
  - The vendor delivers the SDK by March.
stakeholders:
  - {id: sponsor, name: Dana Whitfield, role: sponsor, influence: high, report: summary, cadence: monthly}
  - {id: lead, name: Ana, role: team lead, resource: ana, consulted: [design, build], informed: [launch]}
"""


def test_objectives_and_stakeholders_are_read_into_the_model() -> None:
    project = loads(TEXT).project
    (objective,) = project.objectives
    assert (objective.id, objective.title, objective.owner) == ("O-1", "Launch on time", "sponsor")
    assert objective.deliverables == ("launch",)
    assert objective.criteria == (SuccessCriterion("weekly active users", "500", "launch"),
                                  SuccessCriterion("p95 latency", "< 200 ms", None, False))
    assert objective.origin is not None and objective.origin.line == 8
    assert objective.criteria[1].origin is not None and objective.criteria[1].origin.line == 15
    sponsor, lead = project.stakeholders
    assert (sponsor.influence, sponsor.interest, sponsor.report, sponsor.cadence) == (
        Level.HIGH, Level.MEDIUM, ReportKind.SUMMARY, Cadence.MONTHLY)
    assert (lead.resource, lead.consulted, lead.informed) == ("ana", ("design", "build"), ("launch",))
    assert project.scope == ("Web app", "Public API")
    assert project.out_of_scope == ("Mobile apps",)
    assert project.assumptions == ("The vendor delivers the SDK by March.",)


def test_round_trip_is_lossless_and_canonical() -> None:
    project = loads(TEXT).project
    text = dumps(project)
    assert loads(text).project == project
    assert dumps(loads(text).project) == text
    assert "      - {metric: weekly active users, target: '500', milestone: launch}\n" in text
    assert "interest" not in text and "cadence: weekly" not in text  # defaults are left out


def test_plain_data_round_trip_matches_the_file() -> None:
    project = loads(TEXT).project
    assert loads_data(plan_data(project)).project == project


def test_a_plan_without_them_writes_none_of_the_keys() -> None:
    text = dumps(loads(HEAD).project)
    assert not any(key in text for key in ("objectives", "stakeholders", "scope", "assumptions"))


@pytest.mark.parametrize(("snippet", "code", "line"), [
    ("objectives:\n  - {id: O-1, title: x, deliverables: [lanch]}\n", "unknown_task", 8),
    ("objectives:\n  - {id: O-1, title: x, owner: nobody}\n", "unknown_owner", 8),
    ("objectives:\n  - {id: O-1, title: x}\n  - {id: O-1, title: y}\n", "duplicate_objective_id", 9),
    ("objectives:\n  - {id: O-1, title: x, criteria: [{metric: m}]}\n", "missing_key", 8),
    ("stakeholders:\n  - {id: s, name: x, influence: vast}\n", "bad_level", 8),
    ("stakeholders:\n  - {id: s, name: x, report: pdf}\n", "bad_report_kind", 8),
    ("stakeholders:\n  - {id: s, name: x, cadence: hourly}\n", "bad_cadence", 8),
    ("stakeholders:\n  - {id: s, name: x, resource: carl}\n", "unknown_resource", 8),
    ("stakeholders:\n  - {id: s, name: x, informed: [nope]}\n", "unknown_task", 8),
    ("stakeholders:\n  - {id: s, name: x}\n  - {id: s, name: y}\n", "duplicate_stakeholder_id", 9),
    ("assumptions: {a: b}\n", "wrong_type", 7),
])
def test_bad_entries_are_reported_with_their_line(snippet: str, code: str, line: int) -> None:
    with pytest.raises(PlanError) as info:
        loads(HEAD + snippet, "plan.yaml")
    assert [(p.code, p.location.line if p.location else 0) for p in info.value.problems] == [(code, line)]


_TEXT = st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")) | st.sampled_from("\n\t:#'\" -"),
                max_size=30)
_IDS = st.from_regex(r"[A-Za-z0-9_.-]{1,8}", fullmatch=True)
_TASKS = ("design", "build", "launch")
_criteria = st.builds(SuccessCriterion, _TEXT, _TEXT, st.none() | st.sampled_from(_TASKS), st.none() | st.booleans())
objectives = st.builds(Objective, _IDS, _TEXT, _TEXT, st.lists(st.sampled_from(_TASKS), max_size=3).map(tuple),
                        st.lists(_criteria, max_size=3).map(tuple), st.none() | st.sampled_from(["ana", "bo"]))
stakeholders = st.builds(Stakeholder, _IDS, _TEXT, _TEXT, _TEXT, st.sampled_from(Level), st.sampled_from(Level),
                          st.sampled_from(ReportKind), st.sampled_from(Cadence), st.none() | _TEXT,
                          st.none() | st.sampled_from(["ana", "bo"]),
                          st.lists(st.sampled_from(_TASKS), max_size=3).map(tuple),
                          st.lists(st.sampled_from(_TASKS), max_size=3).map(tuple), _TEXT)
statement_lists = st.lists(_TEXT, max_size=3).map(tuple)


def _project(objectives: list[Objective], stakeholders: list[Stakeholder],
             statements: tuple[tuple[str, ...], ...]) -> Project:
    scope, out_of_scope, assumptions = statements
    return loads(HEAD).project.replace(objectives=tuple(objectives), stakeholders=tuple(stakeholders), scope=scope,
                                       out_of_scope=out_of_scope, assumptions=assumptions)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(objectives, max_size=3, unique_by=lambda o: o.id),
       st.lists(stakeholders, max_size=3, unique_by=lambda s: s.id),
       st.tuples(statement_lists, statement_lists, statement_lists))
def test_any_objectives_and_stakeholders_round_trip(objectives: list[Objective], stakeholders: list[Stakeholder],
                                                    statements: tuple[tuple[str, ...], ...]) -> None:
    project = _project(objectives, stakeholders, statements)
    back = loads(dumps(project)).project
    assert (back.objectives, back.stakeholders) == (project.objectives, project.stakeholders)
    assert (back.scope, back.out_of_scope, back.assumptions) == statements
    assert _schema_errors(yaml.safe_load(dumps(project))) == []


def _as_json(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _as_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_as_json(v) for v in value]
    return value.isoformat() if isinstance(value, dt.date) else value


def _schema_errors(data: Any) -> list[str]:
    return [e.message for e in Draft202012Validator(plan_schema()).iter_errors(_as_json(data))]


def test_the_example_in_this_file_matches_the_schema() -> None:
    assert _schema_errors(yaml.safe_load(TEXT)) == []


@pytest.mark.parametrize("bad", [
    {"objectives": [{"id": "O-1"}]},
    {"objectives": [{"id": "O-1", "title": "x", "criteria": [{"metric": "m"}]}]},
    {"stakeholders": [{"id": "s", "name": "x", "influence": "vast"}]},
    {"stakeholders": [{"id": "s", "name": "x", "cadence": "hourly"}]},
    {"stakeholders": [{"id": "s", "name": "x", "colour": "red"}]},
    {"assumptions": [{"a": "b"}]},
])
def test_bad_entries_fail_the_schema(bad: dict[str, Any]) -> None:
    assert _schema_errors({"project": {"name": "X", "start": "2027-01-04"}, **bad})
