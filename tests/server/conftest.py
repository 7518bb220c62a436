"""An API on a fresh SQLite file and a fresh PostgreSQL database per test (built by ``create_app``, as
``headway serve`` does), and helpers for accounts and plans."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from headway.server import Settings, create_app
from headway.store.accounts import create_user
from tests.store.conftest import _throwaway_postgres

ROOT = Path(__file__).parents[2]
LAUNCH = ROOT / "examples" / "product-launch.yaml"
SMALL_PLAN = """\
project:
  name: Small
  start: 2027-01-04
tasks:
  - id: design
    duration: 3d
  - id: build
    duration: 5d
    after: design
  - id: ship
    milestone: true
    after: build
"""


@pytest.fixture(params=["sqlite", "postgresql"])
def database(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh database of each kind per test (PostgreSQL is skipped when no server answers)."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'headway.db'}"
    else:
        yield from _throwaway_postgres()


@pytest.fixture
def client(database: str) -> Iterator[TestClient]:
    with TestClient(create_app(Settings(database))) as test_client:
        yield test_client


def add_user(client: TestClient, name: str, *, admin: bool = False, password: str = "s3cret pass") -> dict[str, str]:
    """A new account, logged in: the headers for its requests."""
    with client.app.state.sessions.begin() as session:  # type: ignore[attr-defined]
        create_user(session, name, password, admin=admin)
    response = client.post("/api/v1/auth/token", json={"username": name, "password": password})
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['token']}"}


def post_plan(client: TestClient, headers: dict[str, str], text: str = SMALL_PLAN,
              content_type: str = "application/yaml") -> Any:
    return client.post("/api/v1/projects", content=text.encode(), headers={**headers, "Content-Type": content_type})


def assert_problem(response: Any, status: int) -> dict[str, Any]:
    """``response`` is RFC 9457 problem+json with ``status``; its body."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    body: dict[str, Any] = response.json()
    assert body["status"] == status and body["title"] and body["type"] and "detail" in body
    return body


def log_in(client: TestClient, name: str, password: str = "s3cret pass") -> dict[str, str]:
    """Open a cookie session for ``name``: its two cookies (the client's own cookie jar is left empty, so
    each request says exactly which cookies it sends)."""
    response = client.post("/api/v1/auth/login", json={"username": name, "password": password})
    assert response.status_code == 200, response.text
    cookies = {key: response.cookies[key] for key in ("headway_session", "headway_csrf")}
    client.cookies.clear()
    return cookies


def cookie_headers(cookies: dict[str, str], csrf: str | None = None, **more: str) -> dict[str, str]:
    """Headers sending the session ``cookies`` and, unless ``csrf`` is ``""``, an ``X-CSRF-Token`` (by
    default the session's own)."""
    headers = {"Cookie": "; ".join(f"{key}={value}" for key, value in cookies.items()), **more}
    token = cookies.get("headway_csrf", "") if csrf is None else csrf
    if token:
        headers["X-CSRF-Token"] = token
    return headers
