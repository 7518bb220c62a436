"""The cached-read path and the edit's reused schedule: what they answer equals a fresh computation, and
they refuse exactly whom every other route refuses."""

from __future__ import annotations

import gzip
import json
import sqlite3
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient

from headway.server import Settings, create_app
from tests.server.conftest import add_user, assert_problem, cookie_headers, log_in, post_plan
from tests.server.process import networked_plan


def _patch(client: TestClient, headers: dict[str, str], url: str, body: dict[str, Any]) -> None:
    etag = client.get(url, headers=headers).headers["etag"]
    response = client.patch(url, json=body, headers={**headers, "If-Match": etag})
    assert response.status_code == 200, response.text


def test_schedules_after_edits_equal_those_of_a_fresh_server(client: TestClient, database: str) -> None:
    headers = add_user(client, "ann")
    project = post_plan(client, headers, networked_plan(30)).json()["id"]
    base = f"/api/v1/projects/{project}"
    client.get(f"{base}/schedule", headers=headers)
    for task, days in (("t3", 7), ("t10", 1), ("t3", 2)):
        _patch(client, headers, f"{base}/tasks/{task}", {"duration": f"{days}d"})
        served = client.get(f"{base}/schedule", headers=headers)
        assert served.status_code == 200
        with TestClient(create_app(Settings(database, migrate=False, job_workers=0))) as fresh:  # no memo, no cache
            expected = fresh.get(f"{base}/schedule", headers=headers)
        assert served.json() == expected.json()
        assert next(t for t in served.json()["tasks"] if t["id"] == task)["duration_minutes"] == days * 480


def test_a_schedule_without_resources_is_the_schedule_less_that_section(client: TestClient) -> None:
    headers = add_user(client, "ann")
    project = post_plan(client, headers, networked_plan(12)).json()["id"]
    url = f"/api/v1/projects/{project}/schedule"
    full = client.get(url, headers=headers)
    lean = client.get(f"{url}?resources=false", headers=headers)
    assert lean.status_code == 200 and full.json()["resources"]
    assert lean.json() == {k: v for k, v in full.json().items() if k != "resources"}
    assert lean.headers["etag"] != full.headers["etag"]
    assert client.get(f"{url}?resources=false", headers={**headers, "If-None-Match": lean.headers["etag"]}
                      ).status_code == 304
    zipped = client.get(f"{url}?resources=false", headers={**headers, "Accept-Encoding": "gzip"})
    assert zipped.json() == lean.json()  # the client unzips: the same data


def test_the_read_path_refuses_whom_every_route_refuses(client: TestClient) -> None:
    owner = add_user(client, "ann")
    stranger = add_user(client, "bob")
    project = post_plan(client, owner).json()["id"]
    url = f"/api/v1/projects/{project}/schedule"
    assert_problem(client.get(url), 401)
    assert_problem(client.get(url, headers={"Authorization": "Bearer nonsense"}), 401)
    assert_problem(client.get(url, headers={"Authorization": "Bearer "}), 401)
    assert_problem(client.get(url, headers=stranger), 404)
    assert_problem(client.get("/api/v1/projects/999999/schedule", headers=owner), 404)
    cookies = log_in(client, "ann")
    by_cookie = client.get(url, headers=cookie_headers(cookies))
    assert by_cookie.status_code == 200 and by_cookie.json()["tasks"]
    assert_problem(client.get(url, headers=cookie_headers({**cookies, "headway_session": "forged"})), 401)
    admin = add_user(client, "root", admin=True)
    assert client.get(url, headers=admin).status_code == 200  # a site admin sees every project
    response = client.patch("/api/v1/users/ann", json={"active": False}, headers=admin)
    assert response.status_code == 200, response.text
    assert_problem(client.get(url, headers=owner), 401)  # disabled: refused from the next request on
    assert_problem(client.get(url, headers=cookie_headers(cookies)), 401)


def test_cached_bytes_are_sent_as_stored(client: TestClient) -> None:
    headers = add_user(client, "ann")
    project = post_plan(client, headers).json()["id"]
    url = f"/api/v1/projects/{project}/schedule"
    first = client.get(url, headers={**headers, "Accept-Encoding": "gzip"})
    stored = client.app.state.cache  # type: ignore[attr-defined]
    key = (project, int(first.headers["Headway-Project-Revision"]), "schedule")
    kept = [v for k, v in stored._entries.items() if k[:3] == key and k[-1] == "gzip"]
    assert len(kept) == 1 and json.loads(gzip.decompress(kept[0])) == first.json()


def test_a_write_that_cannot_get_the_sqlite_lock_gets_503_and_changes_nothing(tmp_path: Path) -> None:
    database = tmp_path / "locked.db"
    with TestClient(create_app(Settings(f"sqlite:///{database}", job_workers=0))) as client:
        headers = add_user(client, "ann")
        project = post_plan(client, headers).json()["id"]
        url = f"/api/v1/projects/{project}/tasks/build"
        etag = client.get(url, headers=headers).headers["etag"]
        holder = sqlite3.connect(database, isolation_level=None)
        try:
            holder.execute("BEGIN IMMEDIATE")  # another writer keeps the lock past the server's busy_timeout
            refused = client.patch(url, json={"duration": "9d"}, headers={**headers, "If-Match": etag})
            body = assert_problem(refused, 503)
            assert body["type"] == "urn:headway:problem:busy"
        finally:
            holder.execute("ROLLBACK")
            holder.close()
        assert client.get(url, headers=headers).json()["duration"] == "5d"
        assert client.patch(url, json={"duration": "9d"}, headers={**headers, "If-Match": etag}).status_code == 200
