"""One task: ETag from the row version, PATCH with If-Match (412 stale, 428 missing), roles, audit."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import select

from headway.store.tables_accounts import AuditRow
from tests.server.conftest import add_user, assert_problem, post_plan


def _setup(client: TestClient) -> tuple[dict[str, str], str]:
    headers = add_user(client, "ann")
    project_id = post_plan(client, headers).json()["id"]
    return headers, f"/api/v1/projects/{project_id}"


def _patch(client: TestClient, url: str, headers: dict[str, str], etag: str | None, body: Any) -> Any:
    extra = {"If-Match": etag} if etag is not None else {}
    return client.patch(url, json=body, headers={**headers, **extra})


def _finish(client: TestClient, project: str, headers: dict[str, str], task: str) -> str:
    tasks = client.get(f"{project}/schedule", headers=headers).json()["tasks"]
    return str(next(t["finish"] for t in tasks if t["id"] == task))


def test_get_task_with_etag(client: TestClient) -> None:
    headers, project = _setup(client)
    response = client.get(f"{project}/tasks/build", headers=headers)
    assert response.status_code == 200
    assert response.json() == {"id": "build", "duration": "5d", "after": ["design"], "parent": None}
    assert response.headers["etag"] == '"1"'
    assert_problem(client.get(f"{project}/tasks/nope", headers=headers), 404)


def test_patch_reschedules_and_moves_the_etag(client: TestClient) -> None:
    headers, project = _setup(client)
    url = f"{project}/tasks/build"
    before = _finish(client, project, headers, "ship")
    response = _patch(client, url, headers, '"1"', {"duration": "4d", "name": "Build it"})
    assert response.status_code == 200, response.text
    assert response.json()["duration"] == "4d" and response.json()["name"] == "Build it"
    assert response.headers["etag"] == '"2"'
    assert client.get(url, headers=headers).headers["etag"] == '"2"'
    assert _finish(client, project, headers, "ship") < before
    removed = _patch(client, url, headers, '"2"', {"name": None, "after": []})
    assert removed.status_code == 200, removed.text
    assert "name" not in removed.json() and "after" not in removed.json()
    assert removed.headers["etag"] == '"3"'


def test_stale_etag_is_412_and_changes_nothing(client: TestClient) -> None:
    headers, project = _setup(client)
    url = f"{project}/tasks/build"
    assert _patch(client, url, headers, '"1"', {"duration": "4d"}).status_code == 200
    body = assert_problem(_patch(client, url, headers, '"1"', {"duration": "9d"}), 412)
    assert body["type"] == "urn:headway:problem:stale_etag"
    assert client.get(url, headers=headers).json()["duration"] == "4d"


def test_missing_if_match_is_428(client: TestClient) -> None:
    headers, project = _setup(client)
    assert_problem(_patch(client, f"{project}/tasks/build", headers, None, {"duration": "4d"}), 428)


def test_invalid_change_is_422_with_problems_and_saves_nothing(client: TestClient) -> None:
    headers, project = _setup(client)
    url = f"{project}/tasks/build"
    for change in ({"duration": "soon"}, {"after": ["nope"]}, {"after": ["ship"]}, {"id": "other"},
                   {"tasks": []}, {"parent": "design"}, {"colour": "red"}):
        body = assert_problem(_patch(client, url, headers, '"1"', change), 422)
        assert body["detail"], change
    body = assert_problem(_patch(client, url, headers, '"1"', {"after": ["ship"]}), 422)
    assert any(p["code"] for p in body["problems"])
    response = client.get(url, headers=headers)
    assert response.headers["etag"] == '"1"' and response.json()["duration"] == "5d"


def test_bad_patch_bodies(client: TestClient) -> None:
    headers, project = _setup(client)
    url = f"{project}/tasks/build"
    auth = {**headers, "If-Match": '"1"'}
    assert_problem(client.patch(url, content=b"{oops", headers={**auth, "Content-Type": "application/json"}), 400)
    assert_problem(client.patch(url, content=b"[1]", headers={**auth, "Content-Type": "application/json"}), 422)
    assert_problem(client.patch(url, content=b"duration: 4d", headers={**auth, "Content-Type": "text/plain"}), 415)
    assert_problem(_patch(client, url, headers, '"1"', {"duration": {"days": 4}, "priority": "high"}), 422)


def test_roles_on_writes(client: TestClient) -> None:
    ann, project = _setup(client)
    viewer, editor, stranger = add_user(client, "vic"), add_user(client, "ed"), add_user(client, "sam")
    members = project + "/members"
    client.put(f"{members}/vic", json={"role": "viewer"}, headers=ann)
    client.put(f"{members}/ed", json={"role": "editor"}, headers=ann)
    url = f"{project}/tasks/build"
    assert client.get(url, headers=viewer).status_code == 200
    assert_problem(_patch(client, url, viewer, '"1"', {"duration": "4d"}), 403)
    assert_problem(_patch(client, url, stranger, '"1"', {"duration": "4d"}), 404)
    assert _patch(client, url, editor, '"1"', {"duration": "4d"}).status_code == 200


def test_every_change_is_audited(client: TestClient) -> None:
    headers, project = _setup(client)
    _patch(client, f"{project}/tasks/build", headers, '"1"', {"duration": "4d"})
    with client.app.state.sessions() as session:  # type: ignore[attr-defined]
        rows = list(session.scalars(select(AuditRow).order_by(AuditRow.id)))
    assert [(r.action, r.entity) for r in rows] == [("create", "project"), ("update", "task")]
    change = rows[-1]
    assert change.entity_key == "build" and change.user_id is not None and change.at is not None
    assert change.before["duration"] == "5d" and change.after["duration"] == "4d"


def test_a_change_of_links_alone_moves_the_etag_once(client: TestClient) -> None:
    headers, project = _setup(client)
    url = f"{project}/tasks/ship"
    response = _patch(client, url, headers, '"1"', {"after": ["design"]})
    assert response.status_code == 200, response.text
    assert response.headers["etag"] == '"2"' and response.json()["after"] == ["design"]
    unchanged = _patch(client, url, headers, '"2"', {"after": ["design"]})
    assert unchanged.status_code == 200 and unchanged.headers["etag"] == '"2"'


def test_activity_feed(client: TestClient) -> None:
    headers, project = _setup(client)
    _patch(client, f"{project}/tasks/build", headers, '"1"', {"duration": "4d"})
    feed = client.get(f"{project}/activity", headers=headers).json()
    assert [(c["user"], c["action"], c["entity"], c["key"]) for c in feed] == [
        ("ann", "update", "task", "build"), ("ann", "create", "project", project.rsplit("/", 1)[1])]
    assert feed[0]["before"]["duration"] == "5d" and feed[0]["after"]["duration"] == "4d" and feed[0]["at"]
    assert len(client.get(f"{project}/activity?limit=1", headers=headers).json()) == 1
    assert_problem(client.get(f"{project}/activity?limit=0", headers=headers), 422)
    assert_problem(client.get(f"{project}/activity", headers=add_user(client, "sam")), 404)
