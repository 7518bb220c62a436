"""Projects: created from a plan file, visible only to their members, scheduled as the CLI does."""

from __future__ import annotations

import json

import pytest
import yaml
from click.testing import CliRunner
from fastapi.testclient import TestClient
from sqlalchemy import select

from headway.cli.main import cli
from headway.store.tables_accounts import AuditRow
from tests.server.conftest import LAUNCH, SMALL_PLAN, add_user, assert_problem, post_plan


def test_create_from_yaml_and_json(client: TestClient) -> None:
    headers = add_user(client, "ann")
    created = post_plan(client, headers)
    assert created.status_code == 201, created.text
    first = created.json()["id"]
    assert created.headers["location"].endswith(f"/api/v1/projects/{first}")
    as_json = json.dumps(yaml.safe_load(SMALL_PLAN), default=str)
    second = post_plan(client, headers, as_json, "application/json")
    assert second.status_code == 201, second.text
    listed = client.get("/api/v1/projects", headers=headers).json()
    expected = [(first, "Small", 3), (second.json()["id"], "Small", 3)]
    assert [(p["id"], p["name"], p["tasks"]) for p in listed] == expected


def test_schedule_is_the_cli_json(client: TestClient) -> None:
    headers = add_user(client, "ann")
    project_id = post_plan(client, headers, LAUNCH.read_text(), "application/yaml; charset=utf-8").json()["id"]
    response = client.get(f"/api/v1/projects/{project_id}/schedule", headers=headers)
    assert response.status_code == 200
    cli_json = CliRunner().invoke(cli, ["schedule", "--json", str(LAUNCH)], catch_exceptions=False).stdout
    assert response.json() == json.loads(cli_json)


def test_no_role_means_404_and_admin_sees_all(client: TestClient) -> None:
    ann, bob = add_user(client, "ann"), add_user(client, "bob")
    admin = add_user(client, "root", admin=True)
    project_id = post_plan(client, ann).json()["id"]
    assert client.get("/api/v1/projects", headers=bob).json() == []
    for path in (f"/api/v1/projects/{project_id}/schedule", f"/api/v1/projects/{project_id}/tasks/design",
                 "/api/v1/projects/999/schedule"):
        body = assert_problem(client.get(path, headers=bob), 404)
        assert "Small" not in body["detail"]
    assert [p["id"] for p in client.get("/api/v1/projects", headers=admin).json()] == [project_id]
    assert client.get(f"/api/v1/projects/{project_id}/schedule", headers=admin).status_code == 200


@pytest.mark.parametrize("role", ["viewer", "editor", "owner"])
def test_members(client: TestClient, role: str) -> None:
    ann, bob = add_user(client, "ann"), add_user(client, "bob")
    project_id = post_plan(client, ann).json()["id"]
    response = client.put(f"/api/v1/projects/{project_id}/members/bob", json={"role": role}, headers=ann)
    assert response.status_code == 200 and response.json() == {"username": "bob", "role": role}
    assert [p["id"] for p in client.get("/api/v1/projects", headers=bob).json()] == [project_id]
    again = client.put(f"/api/v1/projects/{project_id}/members/ann", json={"role": "viewer"}, headers=bob)
    assert again.status_code == (200 if role == "owner" else 403)
    with client.app.state.sessions() as session:  # type: ignore[attr-defined]
        changes = [(a.entity_key, a.before, a.after) for a in session.scalars(select(AuditRow).order_by(AuditRow.id))
                   if a.entity == "member"]
    expected = [("bob", None, {"role": role})] + ([("ann", {"role": "owner"}, {"role": "viewer"})]
                                                  if role == "owner" else [])
    assert changes == expected


def test_member_errors(client: TestClient) -> None:
    ann, bob = add_user(client, "ann"), add_user(client, "bob")
    project_id = post_plan(client, ann).json()["id"]
    url = f"/api/v1/projects/{project_id}/members"
    assert_problem(client.put(f"{url}/nobody", json={"role": "viewer"}, headers=ann), 404)
    assert_problem(client.put(f"{url}/bob", json={"role": "king"}, headers=ann), 422)
    assert_problem(client.put(f"{url}/bob", json={"role": "viewer"}, headers=bob), 404)
