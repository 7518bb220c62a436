"""``FastReads``: a computed result answered in front of FastAPI once a route has answered the same URL.
It must answer byte for byte what the route answers, and refuse (by passing the request on) exactly whom
the route refuses, at once after a revocation, a role change or an edit."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from fastapi.testclient import TestClient
from hypothesis import given
from hypothesis import strategies as st

from headway.io.computed_params import ScheduleParams
from headway.server.fast_reads import Shortcuts, bearer_token
from headway.server.routes import computed
from tests.server.conftest import add_user, cookie_headers, log_in, post_plan
from tests.server.process import networked_plan

SAME_HEADERS = ("etag", "headway-project-revision", "cache-control", "vary", "content-type", "content-encoding",
                "content-length")


@pytest.fixture
def routed(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How many requests reached the computed-result routes (one item per request)."""
    calls: list[int] = []
    original: Callable[..., int] = computed._readable_revision

    def counting(*args: Any) -> int:
        calls.append(1)
        return original(*args)

    monkeypatch.setattr(computed, "_readable_revision", counting)
    return calls


def _same_answer(first: Any, second: Any) -> None:
    assert second.status_code == first.status_code
    assert second.content == first.content
    for name in SAME_HEADERS:
        assert second.headers.get(name) == first.headers.get(name), name


def test_a_repeated_read_skips_the_route_and_gives_the_same_bytes(client: TestClient, routed: list[int]) -> None:
    headers = add_user(client, "ann")
    project = post_plan(client, headers, networked_plan(20)).json()["id"]
    url = f"/api/v1/projects/{project}/schedule"
    for encoding in ("gzip", "identity"):
        asked = {**headers, "Accept-Encoding": encoding}
        first = client.get(url, headers=asked)
        before = len(routed)
        second = client.get(url, headers=asked)
        assert len(routed) == before  # answered in front of the route
        _same_answer(first, second)
        assert first.headers.get("content-encoding") == ("gzip" if encoding == "gzip" else None)
    lean = client.get(f"{url}?resources=false", headers=headers)  # another query: the route's first
    before = len(routed)
    _same_answer(lean, client.get(f"{url}?resources=false", headers=headers))
    assert len(routed) == before
    assert lean.json() == {k: v for k, v in first.json().items() if k != "resources"}


def test_an_unchanged_revision_gets_304_and_an_edit_a_fresh_result(client: TestClient, routed: list[int]) -> None:
    headers = add_user(client, "ann")
    project = post_plan(client, headers, networked_plan(20)).json()["id"]
    url = f"/api/v1/projects/{project}/schedule"
    first = client.get(url, headers=headers)
    tag = first.headers["etag"]
    unchanged = client.get(url, headers={**headers, "If-None-Match": f'"other", {tag}'})
    assert unchanged.status_code == 304 and unchanged.content == b""
    assert unchanged.headers["etag"] == tag
    task = f"/api/v1/projects/{project}/tasks/t5"
    edited = client.patch(task, json={"duration": "9d"},
                          headers={**headers, "If-Match": client.get(task, headers=headers).headers["etag"]})
    assert edited.status_code == 200
    after = client.get(url, headers={**headers, "If-None-Match": tag})
    assert after.status_code == 200 and after.headers["etag"] != tag
    assert next(t for t in after.json()["tasks"] if t["id"] == "t5")["duration_minutes"] == 9 * 480
    before = len(routed)
    _same_answer(after, client.get(url, headers=headers))
    assert len(routed) == before


def test_a_refused_caller_is_refused_right_after_a_fast_answer(client: TestClient) -> None:
    owner = add_user(client, "ann", admin=True)
    guest = add_user(client, "bob")
    project = post_plan(client, owner).json()["id"]
    url = f"/api/v1/projects/{project}/schedule"
    members = f"/api/v1/projects/{project}/members/bob"
    assert client.put(members, json={"role": "viewer"}, headers=owner).status_code == 200
    for _ in range(2):
        assert client.get(url, headers=guest).status_code == 200
    assert client.delete(members, headers=owner).status_code == 204
    assert client.get(url, headers=guest).status_code == 404  # no role: as if there were no project
    assert client.put(members, json={"role": "viewer"}, headers=owner).status_code == 200
    assert client.get(url, headers=guest).status_code == 200
    assert client.patch("/api/v1/users/bob", json={"active": False}, headers=owner).status_code == 200
    assert client.get(url, headers=guest).status_code == 401
    assert client.get(url, headers={"Authorization": "Bearer not-a-token"}).status_code == 401
    whole = f"/api/v1/projects/{project}"
    tag = client.get(whole, headers=owner).headers["etag"]
    assert client.delete(whole, headers={**owner, "If-Match": tag}).status_code == 204
    assert client.get(url, headers=owner).status_code == 404


def test_login_sessions_always_take_the_route(client: TestClient, routed: list[int]) -> None:
    headers = add_user(client, "ann")
    project = post_plan(client, headers).json()["id"]
    url = f"/api/v1/projects/{project}/schedule"
    client.get(url, headers=headers)
    cookies = log_in(client, "ann")
    before = len(routed)
    for _ in range(2):
        assert client.get(url, headers=cookie_headers(cookies)).status_code == 200
    assert len(routed) == before + 2  # the route refreshes the session's cookies


@given(st.text(max_size=40), st.sampled_from(["Bearer", "bearer", "BEARER", "Basic", "Token", ""]),
       st.sampled_from([" ", "  ", "\t"]))
def test_bearer_token_reads_what_the_route_reads(token: str, scheme: str, gap: str) -> None:
    header = f"{scheme}{gap}{token}".encode("latin-1", "replace")
    found = bearer_token(header)
    text = header.decode("latin-1").strip()
    name, _, rest = text.partition(" ")
    if name.lower() != "bearer" or not rest.strip():
        assert found is None
    else:
        assert found == rest.strip()


def test_shortcuts_are_bounded_but_keep_updating_what_they_hold() -> None:
    shortcuts = Shortcuts(limit=2)
    shortcuts.remember("schedule", b"", "schedule", ScheduleParams())
    shortcuts.remember("critical", b"", "critical", ScheduleParams())
    shortcuts.remember("usage", b"", "usage", ScheduleParams())
    assert shortcuts.named("usage", b"") is None
    assert shortcuts.named("schedule", b"") is not None
    assert shortcuts.named("schedule", b"x=1") is None
