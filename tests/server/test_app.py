"""Health, the OpenAPI spec, and problem+json for every error (never a 500 on bad input)."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from tests.server.conftest import add_user, assert_problem, post_plan


def test_health_needs_no_token(client: TestClient) -> None:
    response = client.get("/api/v1/health")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_openapi_spec(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    assert spec["openapi"].startswith("3.")
    paths = spec["paths"]
    for path in ("/api/v1/health", "/api/v1/auth/token", "/api/v1/projects", "/api/v1/projects/{project_id}/schedule",
                 "/api/v1/projects/{project_id}/tasks/{task_id}", "/api/v1/projects/{project_id}/members/{username}"):
        assert path in paths, path
    assert "application/yaml" in paths["/api/v1/projects"]["post"]["requestBody"]["content"]
    assert spec["components"]["securitySchemes"]["HTTPBearer"]["scheme"] == "bearer"
    assert "security" not in paths["/api/v1/health"]["get"] and paths["/api/v1/projects"]["get"]["security"]


@pytest.mark.parametrize(("method", "path"), [
    ("get", "/api/v1/projects"), ("post", "/api/v1/projects"), ("get", "/api/v1/projects/1/schedule"),
    ("get", "/api/v1/projects/1/tasks/a"), ("patch", "/api/v1/projects/1/tasks/a"),
    ("put", "/api/v1/projects/1/members/bob"), ("get", "/api/v1/projects/1/activity")])
def test_every_other_call_needs_a_token(client: TestClient, method: str, path: str) -> None:
    for headers in ({}, {"Authorization": "Bearer nope"}, {"Authorization": "Basic eDp5"}):
        response = client.request(method, path, headers=headers)
        assert_problem(response, 401)
        assert response.headers["www-authenticate"].startswith("Bearer")


def test_unknown_route_is_a_problem(client: TestClient) -> None:
    assert_problem(client.get("/api/v1/nothing-here"), 404)


@pytest.mark.parametrize(("body", "content_type", "status"), [
    (b"{not json", "application/json", 422),  # unreadable plan text: a yaml_syntax problem with its line
    (b"[1, 2", "application/json", 422),
    (b"project: [unclosed", "application/yaml", 422),
    (b"42", "application/yaml", 422),
    (b"- a\n- b\n", "application/yaml", 422),
    (b"", "application/yaml", 422),
    (b"\xff\xfe\xfa", "application/yaml", 400),
    (b"tasks: {}", "application/yaml", 422),
    (b"<xml/>", "text/xml", 415),
])
def test_bad_plans_are_refused_without_a_500(client: TestClient, body: bytes, content_type: str, status: int) -> None:
    headers = add_user(client, "ann")
    response = client.post("/api/v1/projects", content=body, headers={**headers, "Content-Type": content_type})
    assert_problem(response, status)
    assert client.get("/api/v1/projects", headers=headers).json() == []


def test_bad_token_requests(client: TestClient) -> None:
    assert_problem(client.post("/api/v1/auth/token", content=b"{oops", headers={"Content-Type": "application/json"}),
                   400)
    assert_problem(client.post("/api/v1/auth/token", json={"username": 3}), 422)
    assert_problem(client.post("/api/v1/auth/token", json=[]), 422)


def test_plan_errors_list_every_problem_with_line_and_id(client: TestClient) -> None:
    headers = add_user(client, "ann")
    plan = "project:\n  name: Bad\n  start: 2027-01-04\ntasks:\n  - id: a\n    duration: 2d\n    after: nope\n"
    body = assert_problem(post_plan(client, headers, plan), 422)
    assert body["type"] == "urn:headway:problem:plan_invalid"
    problem = next(p for p in body["problems"] if p["severity"] == "error")
    assert problem["id"] == "a" and problem["line"] == 7 and problem["code"]
