"""Personal API tokens: created with a name and shown once, listed without the secret, last use
recorded at most once a minute, revoked at once; on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt

from fastapi.testclient import TestClient
from sqlalchemy import select, update

from headway.store.accounts import digest
from headway.store.tables_accounts import AuditRow, TokenRow
from tests.server.conftest import add_user, assert_problem, cookie_headers, log_in

TOKENS = "/api/v1/auth/tokens"


def _bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def _rows(client: TestClient) -> list[TokenRow]:
    with client.app.state.sessions() as session:  # type: ignore[attr-defined]
        return list(session.scalars(select(TokenRow).order_by(TokenRow.id)))


def test_a_new_token_is_shown_once_and_listed_without_its_secret(client: TestClient) -> None:
    login = add_user(client, "ann")
    response = client.post(TOKENS, json={"name": "  nightly export "}, headers=login)
    assert response.status_code == 201, response.text
    issued = response.json()
    assert set(issued) == {"id", "name", "token"} and issued["name"] == "nightly export"
    assert response.headers["cache-control"] == "no-store"  # no proxy or browser cache keeps the secret
    assert client.get("/api/v1/auth/me", headers=_bearer(issued["token"])).json()["username"] == "ann"
    listed = client.get(TOKENS, headers=login).json()
    assert {t["name"] for t in listed} == {"login", "nightly export"}
    assert all(set(t) == {"id", "name", "created", "last_used"} for t in listed)
    assert issued["token"] not in str(listed) and issued["token"] not in str([vars(r) for r in _rows(client)])
    assert digest(issued["token"]) in {r.token_hash for r in _rows(client)}


def test_a_token_needs_a_name(client: TestClient) -> None:
    login = add_user(client, "ann")
    for body in ({}, {"name": ""}, {"name": "x" * 201}):
        assert_problem(client.post(TOKENS, json=body, headers=login), 422)
    assert len(_rows(client)) == 1


def test_a_revoked_token_is_refused_at_once(client: TestClient) -> None:
    login = add_user(client, "ann")
    issued = client.post(TOKENS, json={"name": "ci"}, headers=login).json()
    assert client.get("/api/v1/projects", headers=_bearer(issued["token"])).status_code == 200
    assert client.delete(f"{TOKENS}/{issued['id']}", headers=login).status_code == 204
    body = assert_problem(client.get("/api/v1/projects", headers=_bearer(issued["token"])), 401)
    assert body["type"] == "urn:headway:problem:unauthenticated"
    assert_problem(client.delete(f"{TOKENS}/{issued['id']}", headers=login), 404)
    with client.app.state.sessions() as session:  # type: ignore[attr-defined]
        audit = [(r.action, r.entity_key, r.after) for r in session.scalars(
            select(AuditRow).where(AuditRow.entity == "token").order_by(AuditRow.id))]
    assert audit == [("create", str(issued["id"]), {"name": "ci"}), ("delete", str(issued["id"]), None)]
    assert [t["name"] for t in client.get(TOKENS, headers=login).json()] == ["login"]


def test_a_token_can_revoke_itself(client: TestClient) -> None:
    login = add_user(client, "ann")
    own_id = client.get(TOKENS, headers=login).json()[0]["id"]
    assert client.delete(f"{TOKENS}/{own_id}", headers=login).status_code == 204
    assert_problem(client.get(TOKENS, headers=login), 401)


def test_nobody_sees_or_revokes_anothers_tokens(client: TestClient) -> None:
    ann, bob = add_user(client, "ann"), add_user(client, "bob", admin=True)
    ann_token = client.get(TOKENS, headers=ann).json()[0]["id"]
    assert [t["id"] for t in client.get(TOKENS, headers=bob).json()] != [ann_token]
    assert_problem(client.delete(f"{TOKENS}/{ann_token}", headers=bob), 404)  # site admins too
    assert client.get(TOKENS, headers=ann).status_code == 200


def test_last_used_is_written_at_most_once_a_minute(client: TestClient) -> None:
    login = add_user(client, "ann")
    now = dt.datetime.now(dt.UTC).replace(microsecond=0)
    assert _rows(client)[0].last_used is None  # issued, never used
    client.get("/api/v1/projects", headers=login)
    first = _rows(client)[0].last_used
    assert first is not None and first >= now
    recent = now - dt.timedelta(seconds=20)
    with client.app.state.sessions.begin() as session:  # type: ignore[attr-defined]
        session.execute(update(TokenRow).values(last_used=recent))
    client.get("/api/v1/projects", headers=login)
    assert _rows(client)[0].last_used == recent
    with client.app.state.sessions.begin() as session:  # type: ignore[attr-defined]
        session.execute(update(TokenRow).values(last_used=now - dt.timedelta(minutes=2)))
    client.get("/api/v1/projects", headers=login)
    (row,) = _rows(client)
    assert row.last_used is not None and row.last_used >= now
    assert client.get(TOKENS, headers=login).json()[0]["last_used"] is not None


def test_tokens_are_managed_from_a_cookie_session_too(client: TestClient) -> None:
    add_user(client, "ann")
    cookies = log_in(client, "ann")
    assert_problem(client.post(TOKENS, json={"name": "ci"}, headers=cookie_headers(cookies, csrf="")), 403)
    issued = client.post(TOKENS, json={"name": "ci"}, headers=cookie_headers(cookies)).json()
    assert client.get("/api/v1/auth/me", headers=_bearer(issued["token"])).status_code == 200
    response = client.delete(f"{TOKENS}/{issued['id']}", headers=cookie_headers(cookies))
    assert response.status_code == 204
    assert_problem(client.get("/api/v1/auth/me", headers=_bearer(issued["token"])), 401)


def test_the_token_login_still_gives_a_working_token(client: TestClient) -> None:
    add_user(client, "ann", password="correct horse")
    response = client.post("/api/v1/auth/token", json={"username": "ann", "password": "correct horse"})
    assert response.status_code == 200 and set(response.json()) == {"token"}
    assert client.get("/api/v1/auth/me", headers=_bearer(response.json()["token"])).status_code == 200
