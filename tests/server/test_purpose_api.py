"""Objectives and stakeholders through the API: CRUD with ETags on the entities write path, every
write checked against the plan file the project exports afterwards (read back as the CLI would)."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from headway.io import plan as plan_file
from headway.model.objectives import Level, ReportKind, SuccessCriterion
from tests.server.conftest import LAUNCH, add_user, assert_problem, post_plan


def _setup(client: TestClient) -> tuple[dict[str, str], str]:
    headers = add_user(client, "olga")
    response = post_plan(client, headers, LAUNCH.read_text())
    assert response.status_code == 201, response.text
    return headers, f"/api/v1/projects/{response.json()['id']}"


def _plan(client: TestClient, project: str, headers: dict[str, str]) -> Any:
    response = client.get(f"{project}/plan", headers=headers)
    assert response.status_code == 200
    return plan_file.loads(response.text).project


def test_the_stored_plan_keeps_its_purpose(client: TestClient) -> None:
    headers, project = _setup(client)
    stored = _plan(client, project, headers)
    original = plan_file.load(LAUNCH).project
    assert (stored.objectives, stored.stakeholders) == (original.objectives, original.stakeholders)
    assert (stored.scope, stored.out_of_scope, stored.assumptions) == (
        original.scope, original.out_of_scope, original.assumptions)
    listed = client.get(f"{project}/objectives", headers=headers).json()
    assert [o["id"] for o in listed] == [o.id for o in original.objectives]


def test_objective_crud_with_etags(client: TestClient) -> None:
    headers, project = _setup(client)
    body = {"id": "O-new", "title": "Keep churn low", "deliverables": ["launch_day"],
            "criteria": [{"metric": "monthly churn", "target": "< 3%", "milestone": "hypercare"}]}
    made = client.post(f"{project}/objectives", json=body, headers=headers)
    assert made.status_code == 201, made.text
    tag = made.headers["etag"]
    assert_problem(client.post(f"{project}/objectives", json=body, headers=headers), 409)
    changed = client.patch(f"{project}/objectives/O-new", json={"owner": "sara"},
                           headers={**headers, "If-Match": tag})
    assert changed.status_code == 200, changed.text
    assert_problem(client.patch(f"{project}/objectives/O-new", json={"owner": "mia"},
                                headers={**headers, "If-Match": tag}), 412)
    stored = next(o for o in _plan(client, project, headers).objectives if o.id == "O-new")
    assert stored.owner == "sara" and stored.criteria == (SuccessCriterion("monthly churn", "< 3%", "hypercare"),)
    bad = assert_problem(client.patch(f"{project}/objectives/O-new", json={"deliverables": ["nowhere"]},
                                      headers={**headers, "If-Match": changed.headers["etag"]}), 422)
    assert "unknown_task" in str(bad)
    gone = client.delete(f"{project}/objectives/O-new", headers={**headers, "If-Match": changed.headers["etag"]})
    assert gone.status_code == 204
    assert "O-new" not in {o.id for o in _plan(client, project, headers).objectives}


def test_stakeholder_crud_and_validation(client: TestClient) -> None:
    headers, project = _setup(client)
    body = {"id": "cfo", "name": "Chief Financial Officer", "role": "sponsor", "influence": "high",
            "report": "summary", "cadence": "monthly"}
    assert client.post(f"{project}/stakeholders", json=body, headers=headers).status_code == 201
    stored = next(s for s in _plan(client, project, headers).stakeholders if s.id == "cfo")
    assert (stored.influence, stored.interest, stored.report) == (Level.HIGH, Level.MEDIUM, ReportKind.SUMMARY)
    assert_problem(client.post(f"{project}/stakeholders", json={"id": "x", "name": "X", "cadence": "hourly"},
                               headers=headers), 422)
    assert_problem(client.post(f"{project}/stakeholders", json={"id": "y", "name": "Y", "resource": "nobody"},
                               headers=headers), 422)
    one = client.get(f"{project}/stakeholders/cfo", headers=headers)
    assert one.status_code == 200 and one.json()["report"] == "summary"
    put = client.put(f"{project}/stakeholders/cfo", json={"id": "cfo", "name": "CFO"},
                     headers={**headers, "If-Match": one.headers["etag"]})
    assert put.status_code == 200, put.text
    stored = next(s for s in _plan(client, project, headers).stakeholders if s.id == "cfo")
    assert (stored.name, stored.report, stored.influence) == ("CFO", ReportKind.FULL, Level.MEDIUM)
