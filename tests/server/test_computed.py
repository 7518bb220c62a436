"""Computed results over the API: each is the JSON of the matching CLI command, cached by project
revision (a write anywhere, in any app process, is seen by the next read), with clear errors."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient
from hypothesis import given, settings
from hypothesis import strategies as st

from headway.cli.main import cli
from headway.server import Settings, create_app
from headway.server.routes.computed import REVISION_HEADER, SYNC_ITERATIONS
from tests.server.conftest import LAUNCH, SMALL_PLAN, add_user, assert_problem, post_plan

STAFFED = """\
project:
  name: Staffed
  start: 2027-01-04
  status_date: 2027-01-08
resources:
  - id: ann
  - id: bob
    units: 50%
tasks:
  - id: design
    duration: 3d
    assign: ann
  - id: build
    duration: 5d
    after: design
    assign: [ann, bob]
  - id: test
    duration: 2d
    assign: ann
  - id: ship
    milestone: true
    after: [build, test]
"""
# Leveling stops at a time limit as well as a budget: on a busy machine a large plan may reach the
# first, and then two runs differ. The leveled cases use the small plan, which is done long before.

# (API path after /projects/{id}, CLI arguments before the plan file, CLI arguments after it)
CASES = [
    ("critical", ["critical", "--json"], []),
    ("leveled?objective=lateness", ["level", "--json", "--objective", "lateness"], ["staffed"]),
    ("leveled?within_float=true", ["level", "--json", "--within-float"], ["staffed"]),
    ("status?iterations=300&seed=4", ["status", "--json", "--iterations", "300", "--seed", "4"], []),
    ("status?no_forecast=true&undated=3", ["status", "--json", "--no-forecast", "--undated", "3"], []),
    ("evm?by=month", ["evm", "--json", "--by", "month"], []),
    ("evm?task=backend&status_date=2027-03-01", ["evm", "--json", "--task", "backend", "--status-date",
                                                 "2027-03-01"], []),
    ("forecast?iterations=400&seed=2", ["forecast", "--json", "--no-progress", "--iterations", "400", "--seed", "2"],
     []),
    ("forecast?iterations=200&level=true", ["forecast", "--json", "--no-progress", "--iterations", "200", "--level"],
     ["staffed"]),
    ("usage?by=day&resource=priya&resource=jin&from=2027-02-01&to=2027-02-28",
     ["usage", "--json", "--by", "day", "--resource", "priya", "--resource", "jin", "--from", "2027-02-01",
      "--to", "2027-02-28"], []),
    ("usage?leveled=true&by=day", ["usage", "--json", "--leveled", "--by", "day"], ["staffed"]),
    ("tasks/be_billing/why", ["why", "--json"], ["be_billing"]),
]


def cli_json(before: list[str], plan: Path, after: list[str]) -> Any:
    result = CliRunner().invoke(cli, [*before, str(plan), *after], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def without_runtime(data: Any) -> Any:
    """Leveling reports how long it searched: the one field two runs never share."""
    if isinstance(data, dict) and isinstance(data.get("leveling"), dict):
        data["leveling"].pop("runtime_seconds")
    return data


@pytest.fixture
def launch(client: TestClient) -> tuple[dict[str, str], int]:
    headers = add_user(client, "ann")
    project_id = post_plan(client, headers, LAUNCH.read_text()).json()["id"]
    return headers, project_id


@pytest.mark.parametrize(("path", "before", "after"), CASES, ids=[c[0] for c in CASES])
def test_each_result_is_the_cli_json(client: TestClient, path: str, before: list[str], after: list[str],
                                     tmp_path: Path) -> None:
    plan = LAUNCH
    if after[-1:] == ["staffed"]:
        plan, after = tmp_path / "staffed.yaml", after[:-1]
        plan.write_text(STAFFED)
    headers = add_user(client, "ann")
    project_id = post_plan(client, headers, plan.read_text()).json()["id"]
    response = client.get(f"/api/v1/projects/{project_id}/{path}", headers=headers)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/json"
    assert without_runtime(response.json()) == without_runtime(cli_json(before, plan, after))


def test_status_date_replaces_the_plans(client: TestClient, launch: tuple[dict[str, str], int],
                                        tmp_path: Path) -> None:
    headers, project_id = launch
    moved = tmp_path / "moved.yaml"
    moved.write_text(LAUNCH.read_text().replace("status_date: 2027-02-16", "status_date: 2027-03-10"))
    response = client.get(f"/api/v1/projects/{project_id}/status?status_date=2027-03-10&no_forecast=true",
                          headers=headers)
    assert response.status_code == 200, response.text
    assert response.json() == cli_json(["status", "--json", "--no-forecast"], moved, [])


def test_a_status_date_with_an_offset_is_read_in_the_plans_zone(client: TestClient,
                                                                launch: tuple[dict[str, str], int]) -> None:
    headers, project_id = launch  # the plan is in America/New_York: 17:00 UTC is 12:00 there (EST)
    url = f"/api/v1/projects/{project_id}/evm"
    local = client.get(url, params={"status_date": "2027-03-01T12:00"}, headers=headers)
    offset = client.get(url, params={"status_date": "2027-03-01T17:00:00Z"}, headers=headers)
    assert local.status_code == offset.status_code == 200, offset.text
    assert offset.json() == local.json() and local.json()["status_date"] == "2027-03-01T12:00:00"


@pytest.mark.parametrize("kind", ["evm", "status"])
def test_a_status_date_centuries_away_is_refused(client: TestClient, launch: tuple[dict[str, str], int],
                                                 kind: str) -> None:
    """Day-by-day curves up to such a date would tie the server up for minutes (found by schemathesis)."""
    headers, project_id = launch
    response = client.get(f"/api/v1/projects/{project_id}/{kind}",
                          params={"status_date": "2400-01-01", "by": "day", "no_forecast": "true"}, headers=headers)
    assert response.status_code == 422, response.text
    assert "years from the project's start" in response.json()["detail"]


def test_cached_by_revision_and_conditional(client: TestClient) -> None:
    headers = add_user(client, "ann")
    project_id = post_plan(client, headers).json()["id"]
    url = f"/api/v1/projects/{project_id}/schedule"
    first = client.get(url, headers=headers)
    before = client.app.state.cache.stats()  # type: ignore[attr-defined]
    again = client.get(url, headers=headers)
    assert again.content == first.content and again.headers["etag"] == first.headers["etag"]
    assert client.app.state.cache.stats().hits == before.hits + 1  # type: ignore[attr-defined]
    unchanged = client.get(url, headers={**headers, "If-None-Match": first.headers["etag"]})
    assert unchanged.status_code == 304 and not unchanged.content
    task = client.get(f"/api/v1/projects/{project_id}/tasks/build", headers=headers)
    patched = client.patch(f"/api/v1/projects/{project_id}/tasks/build", json={"duration": "9d"},
                           headers={**headers, "If-Match": task.headers["etag"]})
    assert patched.status_code == 200, patched.text
    after = client.get(url, headers={**headers, "If-None-Match": first.headers["etag"]})
    assert after.status_code == 200 and after.headers["etag"] != first.headers["etag"]
    assert int(after.headers[REVISION_HEADER]) == int(first.headers[REVISION_HEADER]) + 1
    build = next(t for t in after.json()["tasks"] if t["id"] == "build")
    assert build["duration_minutes"] == 9 * after.json()["project"]["minutes_per_day"]


def test_two_app_processes_share_no_state(database: str) -> None:
    """A write through one app is seen by the other's next read, though each caches on its own."""
    with TestClient(create_app(Settings(database, job_workers=0))) as one, \
            TestClient(create_app(Settings(database, migrate=False, job_workers=0))) as two:
        headers = add_user(one, "ann")
        project_id = post_plan(one, headers).json()["id"]
        url = f"/api/v1/projects/{project_id}/critical"
        old = two.get(url, headers=headers).json()
        assert two.get(url, headers=headers).json() == old  # now cached in ``two``
        task = one.get(f"/api/v1/projects/{project_id}/tasks/design", headers=headers)
        one.patch(f"/api/v1/projects/{project_id}/tasks/design", json={"duration": "10d"},
                  headers={**headers, "If-Match": task.headers["etag"]}).raise_for_status()
        new = two.get(url, headers=headers).json()
        assert new["project"]["finish"] > old["project"]["finish"]
        assert new == one.get(url, headers=headers).json()


def test_errors(client: TestClient, launch: tuple[dict[str, str], int]) -> None:
    headers, project_id = launch
    base = f"/api/v1/projects/{project_id}"
    body = assert_problem(client.get(f"{base}/forecast?iterations={SYNC_ITERATIONS + 1}", headers=headers), 422)
    assert "jobs" in body["detail"] and body["type"].endswith("use_a_job")
    assert "jobs" in assert_problem(client.get(f"{base}/leveled?method=optimal", headers=headers), 422)["detail"]
    assert "be_billing" in assert_problem(client.get(f"{base}/tasks/be_biling/why", headers=headers), 404)["detail"]
    assert "'zed'" in assert_problem(client.get(f"{base}/usage?resource=zed", headers=headers), 422)["detail"]
    assert "'nope'" in assert_problem(client.get(f"{base}/evm?task=nope", headers=headers), 422)["detail"]
    assert "'v9'" in assert_problem(client.get(f"{base}/status?baseline=v9", headers=headers), 422)["detail"]
    assert_problem(client.get(f"{base}/usage?from=2027-03-01&to=2027-02-01", headers=headers), 422)
    assert_problem(client.get(f"{base}/evm?by=year", headers=headers), 422)
    assert_problem(client.get(f"{base}/forecast?seed=-1", headers=headers), 422)
    assert_problem(client.get(f"{base}/critical"), 401)
    bob = add_user(client, "bob")
    for path in ("schedule", "critical", "leveled", "status", "evm", "forecast", "usage", "tasks/prd/why"):
        assert_problem(client.get(f"{base}/{path}", headers=bob), 404)


def test_evm_without_a_status_date(client: TestClient) -> None:
    headers = add_user(client, "ann")
    project_id = post_plan(client, headers, SMALL_PLAN).json()["id"]
    url = f"/api/v1/projects/{project_id}/evm"
    assert "status_date" in assert_problem(client.get(url, headers=headers), 422)["detail"]
    assert client.get(f"{url}?status_date=2027-01-06", headers=headers).status_code == 200


QUERIES = {"leveled": ["time_limit", "objective", "within_float", "method"],
           "status": ["status_date", "baseline", "if_lasts", "undated", "iterations", "seed", "no_forecast"],
           "evm": ["by", "task", "status_date"], "forecast": ["iterations", "seed", "level", "calibrate", "tasks"],
           "usage": ["by", "leveled", "resource", "from", "to"], "tasks/build/why": [], "critical": []}
QUERY_VALUES = (st.dates().map(str) | st.integers(-5, 3000).map(str) | st.floats(allow_nan=False).map(str)
                | st.sampled_from(["true", "false", "day", "month", "ann", "design", "finish", "lateness", "",
                                   "9999-12-31T23:59", "2027-01-06T12:00", "1e308"]) | st.text(max_size=8))


def test_generated_queries_never_fail_the_server(tmp_path: Path) -> None:
    with TestClient(create_app(Settings(f"sqlite:///{tmp_path / 'fuzz.db'}", job_workers=0))) as client:
        headers = add_user(client, "ann")
        base = f"/api/v1/projects/{post_plan(client, headers, STAFFED).json()['id']}"

        @settings(max_examples=80, deadline=None, database=None)
        @given(st.sampled_from(sorted(QUERIES)).flatmap(
            lambda path: st.tuples(st.just(path), st.dictionaries(st.sampled_from(QUERIES[path] or ["x"]),
                                                                  QUERY_VALUES, max_size=3))))
        def ask(query: tuple[str, dict[str, str]]) -> None:
            path, params = query
            response = client.get(f"{base}/{path}", params=params, headers=headers)
            assert response.status_code in (200, 404, 422), (path, params, response.text)

        ask()
