"""Generated bad input never gets a 500: random plan bodies and random task patches give 2xx or 4xx
problem+json, and a refused patch changes nothing."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient
from hypothesis import given, settings
from hypothesis import strategies as st

from headway.server import Settings, create_app
from tests.server.conftest import add_user, post_plan

FIELDS = ["name", "duration", "effort", "milestone", "after", "assign", "constraint", "deadline", "priority",
          "level", "leveling_delay", "estimate", "calendar", "owner", "tags", "notes", "cost", "budget", "x"]
VALUES: st.SearchStrategy[Any] = st.recursive(
    st.none() | st.booleans() | st.integers(-10**6, 10**6) | st.floats(allow_nan=False, allow_infinity=False) |
    st.sampled_from(["3d", "-1d", "2027-01-05", "design", "ship", "ASAP", "mso", "", "0d", "4w", "1e9d"]) |
    st.text(max_size=12),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.sampled_from(["task", "type", "lag", "date", "a"]),
                                                                 inner, max_size=3),
    max_leaves=6)


def test_random_patches_and_plans(database: str) -> None:
    with TestClient(create_app(Settings(database))) as client:
        headers = add_user(client, "ann")
        url = f"/api/v1/projects/{post_plan(client, headers).json()['id']}/tasks/build"

        @settings(max_examples=60, deadline=None, database=None)
        @given(st.dictionaries(st.sampled_from(FIELDS), VALUES, max_size=3))
        def patch(changes: dict[str, Any]) -> None:
            current = client.get(url, headers=headers)
            response = client.patch(url, json=changes, headers={**headers, "If-Match": current.headers["etag"]})
            assert response.status_code in (200, 422), response.text
            if response.status_code == 422:
                assert response.headers["content-type"] == "application/problem+json"
                assert client.get(url, headers=headers).json() == current.json()

        @settings(max_examples=40, deadline=None, database=None)
        @given(st.binary(max_size=200) | st.text(max_size=200).map(str.encode))
        def create(body: bytes) -> None:
            response = client.post("/api/v1/projects", content=body,
                                   headers={**headers, "Content-Type": "application/yaml"})
            assert response.status_code in (201, 400, 422), response.text

        patch()
        create()


def test_a_nul_character_is_refused_alike_on_every_database(database: str) -> None:
    """PostgreSQL cannot store a NUL in text (it answered 500); SQLite could. Both now refuse it with 422,
    a plan body naming the place, and nothing is saved."""
    with TestClient(create_app(Settings(database))) as client:
        headers = add_user(client, "ann")
        url = f"/api/v1/projects/{post_plan(client, headers).json()['id']}/tasks/build"
        for changes in ({"name": "\x00"}, {"notes": "a\x00b"}, {"tags": ["ok", "\x00"]}):
            current = client.get(url, headers=headers)
            response = client.patch(url, json=changes, headers={**headers, "If-Match": current.headers["etag"]})
            assert response.status_code == 422, response.text
            assert client.get(url, headers=headers).json() == current.json()
        plan = ('{"project": {"name": "A", "start": "2027-01-04"},\n'
                ' "tasks": [{"id": "a", "duration": "1d", "notes": "x\\u0000"}]}')
        response = client.post("/api/v1/projects", content=plan.encode(),
                               headers={**headers, "Content-Type": "application/json"})
        assert response.status_code == 422, response.text
        assert [(p["code"], p["line"]) for p in response.json()["problems"]] == [("nul_character", 2)]
        assert len(client.get("/api/v1/projects", headers=headers).json()) == 1


def test_a_value_the_database_refuses_in_a_url_is_a_4xx(database: str) -> None:
    """A NUL in a path or query value reaches PostgreSQL's queries, which refuse it (a 500 before)."""
    with TestClient(create_app(Settings(database))) as client:
        headers = add_user(client, "ann")
        project = f"/api/v1/projects/{post_plan(client, headers).json()['id']}"
        for url in (f"{project}/tasks/a%00", f"{project}/activity?entity=%00", f"{project}/risks/r%00",
                    f"{project}/timesheets?resource=%00", f"{project}/timesheets/2027-01-05/a%00/build"):
            response = client.get(url, headers=headers)
            assert response.status_code in (200, 404, 422), (url, response.text)
            assert response.status_code != 200 or response.json() == []
