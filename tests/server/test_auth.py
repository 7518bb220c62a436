"""Accounts: argon2 passwords, personal API tokens kept only as hashes."""

from __future__ import annotations

import datetime as dt

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from headway.store.accounts import FREE_ATTEMPTS, LoginThrottled, authenticate
from headway.store.tables_accounts import TokenRow, UserRow
from tests.server.conftest import add_user, assert_problem


def test_token_for_the_right_password_only(client: TestClient) -> None:
    headers = add_user(client, "ann", password="correct horse")
    assert client.get("/api/v1/projects", headers=headers).status_code == 200
    for name, password in (("ann", "wrong"), ("nobody", "correct horse"), ("ANN", "correct horse")):
        body = assert_problem(client.post("/api/v1/auth/token", json={"username": name, "password": password}), 401)
        assert body["detail"] == "wrong user name or password"


def test_only_hashes_are_stored(client: TestClient) -> None:
    headers = add_user(client, "ann", password="correct horse")
    token = headers["Authorization"].removeprefix("Bearer ")
    with client.app.state.sessions() as session:  # type: ignore[attr-defined]
        user = session.scalar(select(UserRow))
        assert user is not None and user.password_hash is not None
        assert user.password_hash.startswith("$argon2") and "correct horse" not in user.password_hash
        stored = list(session.scalars(select(TokenRow.token_hash)))
    assert len(stored) == 1 and token not in stored[0] and len(stored[0]) == 64


def test_each_login_gives_a_new_token_and_both_work(client: TestClient) -> None:
    first = add_user(client, "ann", password="pw")
    second = client.post("/api/v1/auth/token", json={"username": "ann", "password": "pw"}).json()["token"]
    assert f"Bearer {second}" != first["Authorization"]
    assert client.get("/api/v1/projects", headers={"Authorization": f"Bearer {second}"}).status_code == 200
    assert client.get("/api/v1/projects", headers=first).status_code == 200


def test_repeated_wrong_passwords_are_throttled(client: TestClient) -> None:
    add_user(client, "ann", password="right one")
    login = {"username": "ann", "password": "wrong"}
    for _ in range(FREE_ATTEMPTS):
        assert_problem(client.post("/api/v1/auth/token", json=login), 401)
    body = assert_problem(client.post("/api/v1/auth/token", json={**login, "password": "right one"}), 429)
    assert body["type"] == "urn:headway:problem:login_throttled"
    response = client.post("/api/v1/auth/token", json={**login, "password": "right one"})
    assert 0 < int(response.headers["retry-after"]) <= 30
    assert_problem(client.post("/api/v1/auth/token", json={"username": "nobody", "password": "x"}), 401)


def test_the_lock_expires_and_a_success_resets_the_count(client: TestClient) -> None:
    add_user(client, "ann", password="right one")
    start = dt.datetime.now(dt.UTC)
    with client.app.state.sessions.begin() as session:  # type: ignore[attr-defined]
        for _ in range(FREE_ATTEMPTS):
            assert authenticate(session, "ann", "wrong", start) is None
        user = session.scalar(select(UserRow).where(UserRow.username == "ann"))
        assert user is not None and user.locked_until is not None
        with pytest.raises(LoginThrottled):
            authenticate(session, "ann", "right one", start)
        later = user.locked_until + dt.timedelta(seconds=1)
        assert authenticate(session, "ann", "right one", later) is user
        assert (user.failed_logins, user.locked_until) == (0, None)
