"""Login throttling per client address over HTTP: a client spraying many user names (existing or not) from
one address gets 429 ``login_throttled`` with ``Retry-After`` on every login route, without a password
check, while other addresses log in; the count lives in the database, shared by every app on it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import httpx2
import pytest
from argon2 import PasswordHasher
from click.testing import CliRunner
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from headway.cli.main import cli
from headway.server import Settings, create_app
from headway.store import accounts, make_engine
from headway.store.address_throttle import ADDRESS_FAILURES, ADDRESS_WINDOW
from headway.store.tables_accounts import LoginFailureRow, TokenRow, UserRow
from tests.server.conftest import add_user, assert_problem, log_in
from tests.server.process import Served, create_account, start

TOKEN, LOGIN, PASSWORD = "/api/v1/auth/token", "/api/v1/auth/login", "/api/v1/auth/password"
RIGHT = {"username": "ann", "password": "s3cret pass"}  # add_user's password


@pytest.fixture(autouse=True)
def cheap_hashes(monkeypatch: pytest.MonkeyPatch) -> None:
    """Real argon2 with the lowest cost: these tests make many failed logins, each hashing a password."""
    monkeypatch.setattr(accounts, "_HASHER", PasswordHasher(time_cost=1, memory_cost=8, parallelism=1))


def _fail(client: TestClient, names: list[str], url: str = TOKEN) -> None:
    for name in names:
        assert_problem(client.post(url, json={"username": name, "password": "guess"}), 401)


def _ghosts(count: int) -> list[str]:
    return [f"ghost{i}" for i in range(count)]


def _assert_throttled(response: Any) -> int:
    """``response`` is the address throttle's 429; its ``Retry-After`` in seconds."""
    body = assert_problem(response, 429)
    assert body["type"] == "urn:headway:problem:login_throttled" and "your address" in body["detail"]
    wait = response.headers["retry-after"]
    assert wait.isdigit() and 0 < int(wait) <= ADDRESS_WINDOW.total_seconds()
    assert not response.headers.get_list("set-cookie")
    return int(wait)


def _from(client: TestClient, host: str) -> TestClient:
    """Requests to the same app from another client address."""
    return TestClient(client.app, client=(host, 50000))


def test_many_user_names_from_one_address_are_throttled(client: TestClient) -> None:
    add_user(client, "ann")
    add_user(client, "bob")
    _fail(client, ["ann", "bob"] * 2 + _ghosts(ADDRESS_FAILURES - 4))
    _assert_throttled(client.post(TOKEN, json=RIGHT))
    _assert_throttled(client.post(LOGIN, json=RIGHT))
    _assert_throttled(client.post(TOKEN, json={"username": "ghost", "password": "guess"}))
    with client.app.state.sessions() as session:  # type: ignore[attr-defined]
        assert session.scalar(select(UserRow.failed_logins).where(UserRow.username == "ann")) == 2  # not its lock


def test_unknown_names_alone_count(client: TestClient) -> None:
    add_user(client, "ann")
    _fail(client, _ghosts(ADDRESS_FAILURES - 1))
    _fail(client, ["ghost"], url=LOGIN)
    _assert_throttled(client.post(TOKEN, json=RIGHT))


def test_other_addresses_are_not_throttled(client: TestClient) -> None:
    add_user(client, "ann")
    _fail(client, _ghosts(ADDRESS_FAILURES))
    _assert_throttled(client.post(TOKEN, json=RIGHT))
    assert _from(client, "203.0.113.7").post(TOKEN, json=RIGHT).status_code == 200
    for i in range(ADDRESS_FAILURES):  # an IPv6 client counts as its /64: rotating addresses in it does not help
        _fail(_from(client, f"2001:db8:0:7::{i + 1:x}"), [f"ghost{i}"])
    _assert_throttled(_from(client, "2001:db8:0:7::ffff").post(TOKEN, json=RIGHT))
    assert _from(client, "2001:db8:0:8::1").post(TOKEN, json=RIGHT).status_code == 200


def test_a_throttled_address_gets_no_password_check(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    """No timing or success oracle: the right and a wrong password get the same answer, and no hash runs."""
    add_user(client, "ann")
    _fail(client, _ghosts(ADDRESS_FAILURES))
    checks: list[str] = []

    class Spy:
        def hash(self, password: str) -> str:
            checks.append("hash")
            return ""

        def verify(self, stored: str, password: str) -> bool:
            checks.append("verify")
            return True

    monkeypatch.setattr(accounts, "_HASHER", Spy())
    right, wrong = client.post(TOKEN, json=RIGHT), client.post(TOKEN, json={**RIGHT, "password": "guess"})
    _assert_throttled(right)
    _assert_throttled(wrong)
    assert right.json()["detail"].split(";")[0] == wrong.json()["detail"].split(";")[0]
    assert checks == []
    with client.app.state.sessions() as session:  # type: ignore[attr-defined]
        assert session.scalar(select(func.count()).select_from(LoginFailureRow)) == ADDRESS_FAILURES


@pytest.mark.parametrize("password", [RIGHT["password"], "guess"])
def test_guesses_that_fill_the_count_while_a_password_is_hashed_get_no_answer(
        client: TestClient, monkeypatch: pytest.MonkeyPatch, password: str) -> None:
    """A burst of concurrent guesses fills the count while this one's password is checked: it gets 429
    too, right or wrong (no token, and nothing counted beyond the limit)."""
    add_user(client, "ann")
    real = accounts._HASHER

    class Burst:
        def hash(self, secret: str) -> str:
            return real.hash(secret)

        def verify(self, stored: str, secret: str) -> bool:
            _plant(client, [dt.datetime.now(dt.UTC)] * ADDRESS_FAILURES)  # the others' failures commit
            return real.verify(stored, secret)

    monkeypatch.setattr(accounts, "_HASHER", Burst())
    _assert_throttled(client.post(TOKEN, json={**RIGHT, "password": password}))
    with client.app.state.sessions() as session:  # type: ignore[attr-defined]
        assert session.scalar(select(func.count()).select_from(LoginFailureRow)) == ADDRESS_FAILURES
        assert session.scalar(select(func.count()).select_from(TokenRow)) == 1  # add_user's


def test_a_success_does_not_clear_other_accounts_failures(client: TestClient) -> None:
    """bob logging in between guesses leaves the guesses counted (only his own typos are forgotten)."""
    add_user(client, "ann")
    add_user(client, "bob")
    _fail(client, ["bob"] * 3)
    _fail(client, _ghosts(ADDRESS_FAILURES - 4))
    assert client.post(TOKEN, json={**RIGHT, "username": "bob"}).status_code == 200  # bob's 3 typos go
    _fail(client, _ghosts(4))
    _assert_throttled(client.post(TOKEN, json={**RIGHT, "username": "bob"}))


def test_a_wrong_old_password_counts_and_the_change_is_throttled(client: TestClient) -> None:
    ann = add_user(client, "ann")
    add_user(client, "bob")
    _fail(client, _ghosts(ADDRESS_FAILURES - 1))
    wrong = client.post(PASSWORD, json={"old": "guess", "new": "another pass"}, headers=ann)
    assert assert_problem(wrong, 403)["type"] == "urn:headway:problem:wrong_password"
    _assert_throttled(client.post(PASSWORD, json={"old": RIGHT["password"], "new": "another pass"}, headers=ann))
    _assert_throttled(client.post(TOKEN, json={**RIGHT, "username": "bob"}))
    assert _from(client, "203.0.113.8").post(TOKEN, json=RIGHT).status_code == 200  # unchanged password


def test_the_throttle_holds_across_two_apps_on_one_database(database: str) -> None:
    with TestClient(create_app(Settings(database))) as first, TestClient(create_app(Settings(database))) as second:
        add_user(first, "ann")
        _fail(first, _ghosts(ADDRESS_FAILURES // 2))
        _fail(second, _ghosts(ADDRESS_FAILURES - ADDRESS_FAILURES // 2), url=LOGIN)
        _assert_throttled(first.post(TOKEN, json=RIGHT))
        _assert_throttled(second.post(TOKEN, json=RIGHT))


def test_retry_after_is_when_the_oldest_failure_leaves_the_window(client: TestClient) -> None:
    """Failures planted in the database: those older than the window do not count; otherwise the wait is
    until the oldest one is ``ADDRESS_WINDOW`` old (no sleeping)."""
    add_user(client, "ann")
    now = dt.datetime.now(dt.UTC).replace(microsecond=0)
    expired, counted = now - ADDRESS_WINDOW - dt.timedelta(seconds=1), now - ADDRESS_WINDOW + dt.timedelta(seconds=90)
    _plant(client, [expired] * ADDRESS_FAILURES)
    cookies = log_in(client, "ann")
    assert cookies["headway_session"]
    _plant(client, [counted] + [now] * (ADDRESS_FAILURES - 1))
    wait = _assert_throttled(client.post(LOGIN, json=RIGHT))
    assert 30 < wait <= 90  # 90 s less the time this test took since ``now``


def _plant(client: TestClient, moments: list[dt.datetime]) -> None:
    with client.app.state.sessions.begin() as session:  # type: ignore[attr-defined]
        session.add_all(LoginFailureRow(address="testclient", user_id=None, at=at) for at in moments)


def test_serve_hands_the_trusted_proxies_to_uvicorn(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[dict[str, Any]] = []
    monkeypatch.setattr("uvicorn.run", lambda app, **options: calls.append(options))
    database = f"sqlite:///{tmp_path / 'cli.db'}"
    for workers in ("1", "2"):
        result = CliRunner().invoke(cli, ["serve", "--database", database, "--workers", workers,
                                          "--forwarded-allow-ips", "10.0.0.0/8,192.0.2.1"])
        assert result.exit_code == 0, result.output
    result = CliRunner().invoke(cli, ["serve", "--database", database, "--workers", "1"])
    assert result.exit_code == 0, result.output
    assert [call["forwarded_allow_ips"] for call in calls] == ["10.0.0.0/8,192.0.2.1"] * 2 + [None]


def test_forwarded_addresses_count_only_from_a_trusted_proxy(tmp_path: Path) -> None:
    """A real ``headway serve``: X-Forwarded-For from a peer (127.0.0.1) it does not trust is ignored, so
    rotating the header does not escape the throttle; from a trusted proxy, each forwarded client counts
    on its own."""
    database = f"sqlite:///{tmp_path / 'proxy.db'}"
    create_account(database, "ann", password=RIGHT["password"])
    untrusted = start(database, tmp_path / "untrusted.log", options=["--workers", "1",
                                                                     "--forwarded-allow-ips", "192.0.2.1"])
    try:
        for i in range(ADDRESS_FAILURES):
            assert _post(untrusted, f"ghost{i}", "guess", f"198.51.100.{i + 1}").status_code == 401
        _assert_throttled(_post(untrusted, "ann", RIGHT["password"], "198.51.100.200"))
    finally:
        untrusted.stop()
    trusted = start(database, tmp_path / "trusted.log", options=["--workers", "1",
                                                                 "--forwarded-allow-ips", "127.0.0.1"])
    try:
        assert _post(trusted, "ann", RIGHT["password"], "198.51.100.7").status_code == 200
        for i in range(ADDRESS_FAILURES):
            assert _post(trusted, f"ghost{i}", "guess", "198.51.100.7").status_code == 401
        _assert_throttled(_post(trusted, "ann", RIGHT["password"], "198.51.100.7"))
        assert _post(trusted, "ann", RIGHT["password"], "198.51.100.8").status_code == 200
    finally:
        trusted.stop()
    engine = make_engine(database)
    try:
        with engine.connect() as connection:
            counted = dict(connection.execute(select(LoginFailureRow.address, func.count())
                                              .group_by(LoginFailureRow.address)).all())
    finally:
        engine.dispose()
    assert counted == {"127.0.0.1": ADDRESS_FAILURES, "198.51.100.7": ADDRESS_FAILURES}


def _post(served: Served, name: str, password: str, forwarded_for: str) -> httpx2.Response:
    return httpx2.post(f"{served.api}/auth/token", json={"username": name, "password": password},
                       headers={"X-Forwarded-For": forwarded_for}, timeout=60)
