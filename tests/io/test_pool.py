"""Pool files, project priority, links to other plans, and reading a whole portfolio."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from jsonschema import Draft202012Validator

from headway.io.plan import dumps, load, loads
from headway.io.plan_schema import plan_schema
from headway.io.pool import load_pool, loads_pool
from headway.io.portfolio import load_portfolio
from headway.model import Link, LinkType, PlanError, Problem, Resource
from tests.io.test_plan_schema import as_json

ROOT = Path(__file__).parents[2]
EXAMPLES = ROOT / "examples" / "portfolio"
PLANS = sorted(p for p in EXAMPLES.glob("*.yaml") if p.name != "pool.yaml")


def problems(text: str, path: str = "pool.yaml") -> list[tuple[int, str]]:
    with pytest.raises(PlanError) as info:
        loads_pool(text, path)
    return [(p.location.line if p.location else 0, p.code) for p in info.value.problems]


def test_example_pool_reads_calendars_and_people() -> None:
    pool = load_pool(EXAMPLES / "pool.yaml").pool
    assert [c.id for c in pool.calendars] == ["berlin"]
    people = {r.id: r for r in pool.resources}
    assert people["lea"].units == 0.8 and people["dana"].calendar == "berlin"
    assert people["jonas"].week is not None and people["jonas"].week[4] == ()
    assert people["omar"].origin is not None and people["omar"].origin.path.endswith("pool.yaml")


@pytest.mark.parametrize(("text", "expected"), [
    ("resources:\n  - {id: alice, units: -1}\n", [(2, "bad_units")]),
    ("resources:\n  - {id: alice, calendar: nine-to-five}\n", [(2, "unknown_calendar")]),
    ("project: {name: X, start: 2027-01-04}\nresources: [{id: a}]\n", [(1, "unknown_key")]),
    ("resources:\n  - {id: a}\n  - {id: a}\n", [(3, "duplicate_resource_id")]),
    ("calendars:\n  - {id: c, week: {mon: [25:00-26:00]}}\n", [(2, "bad_hours")]),
    ("", [(1, "empty_pool")]),
    ("- alice\n", [(1, "not_a_mapping")]),
    ("resources: [{id: a\n", [(2, "yaml_syntax")]),
])
def test_bad_pools_name_code_and_line(text: str, expected: list[tuple[int, str]]) -> None:
    assert problems(text) == expected


def test_plans_may_use_pool_people_and_calendars() -> None:
    pool = loads_pool("calendars: [{id: office}]\nresources: [{id: alice}]\n").pool
    plan = "project: {name: P, start: 2027-01-04, calendar: office}\ntasks: [{id: a, duration: 1d, assign: [alice]}]\n"
    project = loads(plan, pool=pool).project
    assert project.resources == () and project.calendars == ()  # the plan as written
    with pytest.raises(PlanError, match="unknown_resource"):
        loads(plan)


def test_project_priority_reads_writes_and_is_checked() -> None:
    text = "project: {name: P, start: 2027-01-04, priority: 700}\n"
    project = loads(text).project
    assert project.priority == 700
    assert dumps(project) == "project:\n  name: P\n  start: 2027-01-04\n  priority: 700\n"
    assert "priority" not in dumps(project.replace(priority=500))
    with pytest.raises(PlanError) as info:
        loads("project:\n  name: P\n  start: 2027-01-04\n  priority: 1001\n", "p.yaml")
    (problem,) = info.value.problems
    assert (problem.code, str(problem.location)) == ("bad_priority", "p.yaml:4:13")


def test_links_to_other_plans_read_both_ways_and_write_back_short() -> None:
    text = """\
project: {name: P, start: 2027-01-04}
tasks:
  - id: a
    after: [infra/db-ready, {task: net, project: infra, type: SS, lag: 2d}, {task: infra/dns, type: FF}]
"""
    project = loads(text).project
    links = project.task("a").links
    assert [(link.project, link.predecessor, link.type) for link in links] == [
        ("infra", "db-ready", LinkType.FS), ("infra", "net", LinkType.SS), ("infra", "dns", LinkType.FF)]
    assert "after: [infra/db-ready, {task: infra/net, type: SS, lag: 2d}, {task: infra/dns, type: FF}]" in dumps(
        project)
    assert loads(dumps(project)).project == project
    assert links[0] == Link("db-ready", origin=None, project="infra") != Link("db-ready")


@pytest.mark.parametrize(("link", "code"), [
    ("a/b/c", "bad_id"),
    ("/db", "bad_id"),
    ("{task: infra/db, project: infra}", "conflicting_keys"),
    ("{task: db, project: 'in fra'}", "bad_id"),
])
def test_bad_links_to_other_plans(link: str, code: str) -> None:
    with pytest.raises(PlanError) as info:
        loads(f"project: {{name: P, start: 2027-01-04}}\ntasks:\n  - {{id: a, after: [{link}]}}\n")
    assert [(p.code, p.location.line if p.location else 0) for p in info.value.errors] == [(code, 3)]


def test_schema_knows_priority_and_links_to_other_plans() -> None:
    validator = Draft202012Validator(plan_schema())
    good = {"project": {"name": "P", "start": "2027-01-04", "priority": 700},
            "tasks": [{"id": "a", "after": ["infra/db", {"task": "db", "project": "infra"}]}]}
    assert list(validator.iter_errors(good)) == []
    assert list(validator.iter_errors({"project": {"name": "P", "start": "2027-01-04", "priority": 1001}}))


@pytest.mark.parametrize("path", PLANS, ids=lambda p: p.name)
def test_example_plans_round_trip_and_match_schema(path: Path) -> None:
    pool = load_pool(EXAMPLES / "pool.yaml").pool
    project = load(path, pool=pool).project
    assert loads(dumps(project), pool=pool).project == project
    assert list(Draft202012Validator(plan_schema()).iter_errors(as_json(yaml.safe_load(path.read_text())))) == []


def portfolio_problems(tmp_path: Path, plans: dict[str, str], pool: str | None = None) -> list[Problem]:
    paths = []
    for name, text in plans.items():
        paths.append(tmp_path / name)
        paths[-1].write_text(text, encoding="utf-8")
    pool_path = None
    if pool is not None:
        pool_path = tmp_path / "pool.yaml"
        pool_path.write_text(pool, encoding="utf-8")
    with pytest.raises(PlanError) as info:
        load_portfolio(paths, pool_path)
    return list(info.value.problems)


INFRA = "project: {name: Infra, start: 2027-01-04}\ntasks:\n  - {id: db-ready, milestone: true}\n"


def test_external_link_to_a_missing_task_or_project_names_file_line_and_suggests(tmp_path: Path) -> None:
    app = "project: {name: App, start: 2027-01-04}\ntasks:\n  - {id: api, duration: 1d, after: [infra/db-redy]}\n" \
          "  - {id: ui, duration: 1d, after: [{task: db-ready, project: infar}]}\n"
    found = portfolio_problems(tmp_path, {"infra.yaml": INFRA, "app.yaml": app})
    assert [(p.code, p.location.line if p.location else 0, p.entity_id) for p in found] == [
        ("unknown_predecessor", 3, "app/api"), ("unknown_project", 4, "app/ui")]
    assert found[0].location is not None and found[0].location.path.endswith("app.yaml")
    assert "'infra/db-redy'" in found[0].message and found[0].hint == "did you mean 'infra/db-ready'?"
    assert found[1].hint == "did you mean 'infra'?"


def test_resource_defined_differently_in_pool_and_plan_is_a_conflict(tmp_path: Path) -> None:
    pool = "resources:\n  - {id: alice, units: 50%}\n  - {id: bob}\n"
    app = ("project: {name: App, start: 2027-01-04}\nresources:\n  - {id: alice}\n  - {id: bob}\n"
           "tasks: [{id: a, duration: 1d, assign: [alice, bob]}]\n")
    found = portfolio_problems(tmp_path, {"app.yaml": app, "other.yaml": INFRA}, pool)
    (problem,) = found
    assert (problem.code, problem.entity_id, problem.location.line if problem.location else 0) == (
        "resource_conflict", "alice", 3)
    assert "pool.yaml:2" in problem.message


def test_every_file_problem_is_listed_before_failing(tmp_path: Path) -> None:
    found = portfolio_problems(tmp_path, {"a.yaml": "project: {name: A}\n", "b.yaml": INFRA + "  - {id: x, durr: 1}\n"},
                               "resources: [{id: a, units: 0}]\n")
    assert sorted((Path(p.location.path).name, p.code) for p in found if p.location and p.is_error) == [
        ("a.yaml", "missing_key"), ("b.yaml", "unknown_key"), ("pool.yaml", "bad_units")]


def test_cycle_across_plans_and_timezone_conflict(tmp_path: Path) -> None:
    a = "project: {name: A, start: 2027-01-04}\ntasks: [{id: x, duration: 1d, after: [b/y]}]\n"
    b = "project: {name: B, start: 2027-01-04}\ntasks: [{id: y, duration: 1d, after: [a/x]}]\n"
    (cycle,) = portfolio_problems(tmp_path, {"a.yaml": a, "b.yaml": b})
    assert cycle.code == "link_cycle" and "a/x" in cycle.message and "b/y" in cycle.message
    zoned = b.replace("start: 2027-01-04", "start: 2027-01-04, timezone: Europe/Berlin").replace("a/x", "a/x2")
    a = a.replace("b/y", "b/y2").replace("start: 2027-01-04", "start: 2027-01-04, timezone: UTC")
    codes = [p.code for p in portfolio_problems(tmp_path, {"a.yaml": a, "b.yaml": zoned})]
    assert sorted(codes) == ["timezone_conflict", "unknown_predecessor", "unknown_predecessor"]


def test_identical_shared_definitions_are_fine(tmp_path: Path) -> None:
    pool = "resources: [{id: alice, name: Alice}]\n"
    plan = "project: {{name: {n}, start: 2027-01-04}}\nresources: [{{id: alice, name: Alice}}]\ntasks: [{{id: t}}]\n"
    (tmp_path / "pool.yaml").write_text(pool)
    for name in ("a", "b"):
        (tmp_path / f"{name}.yaml").write_text(plan.format(n=name))
    read = load_portfolio([tmp_path / "a.yaml", tmp_path / "b.yaml"], tmp_path / "pool.yaml")
    assert read.portfolio.keys() == ["a", "b"] and read.files["b"].endswith("b.yaml")
    assert read.portfolio.pool.resources == (Resource("alice", "Alice"),)
    assert {p.code for p in read.problems} == {"no_estimate"}
