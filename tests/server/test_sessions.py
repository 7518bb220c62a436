"""Cookie login sessions: the cookies a login sets, who-am-I, sliding expiry, logout, ending sessions,
password changes and login throttling, on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
from http.cookies import SimpleCookie
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import select, update

from headway.server import Settings, create_app
from headway.store.accounts import FREE_ATTEMPTS, digest
from headway.store.tables_server import SessionRow
from tests.server.conftest import add_user, assert_problem, cookie_headers, log_in

ME = "/api/v1/auth/me"


def _set_cookies(response: Any) -> dict[str, SimpleCookie]:
    """Each Set-Cookie header of ``response`` parsed, by cookie name."""
    parsed: dict[str, SimpleCookie] = {}
    for header in response.headers.get_list("set-cookie"):
        cookie: SimpleCookie = SimpleCookie()
        cookie.load(header)
        parsed.update({name: cookie for name in cookie})
    return parsed


def _sessions_of(client: TestClient) -> list[SessionRow]:
    with client.app.state.sessions() as session:  # type: ignore[attr-defined]
        return list(session.scalars(select(SessionRow).order_by(SessionRow.id)))


def test_login_sets_a_session_cookie_and_a_csrf_cookie(client: TestClient) -> None:
    add_user(client, "ann", admin=True)
    response = client.post("/api/v1/auth/login", json={"username": "ann", "password": "s3cret pass"})
    assert response.status_code == 200, response.text
    assert response.json() == {"username": "ann", "display_name": "ann", "admin": True}
    cookies = _set_cookies(response)
    session, csrf = cookies["headway_session"]["headway_session"], cookies["headway_csrf"]["headway_csrf"]
    assert session["httponly"] and not csrf["httponly"]
    for morsel in (session, csrf):
        assert morsel["samesite"].lower() == "lax" and morsel["path"] == "/" and not morsel["secure"]
        assert 13 * 86400 < int(morsel["max-age"]) <= 14 * 86400
    assert len(session.value) >= 43 and session.value != csrf.value  # 256 random bits, base64url
    (row,) = _sessions_of(client)
    assert row.token_hash == digest(session.value) and row.csrf_hash == digest(csrf.value)
    assert session.value not in (row.token_hash, row.csrf_hash) and row.user_agent == "testclient"
    client.cookies.clear()
    me = client.get(ME, headers=cookie_headers({"headway_session": session.value}))
    assert me.status_code == 200 and me.json()["username"] == "ann"


def test_cookies_are_secure_over_https_or_when_settings_say_so(database: str) -> None:
    for base, secure_setting in (("https://testserver", False), ("http://testserver", True)):
        with TestClient(create_app(Settings(database, secure_cookies=secure_setting)), base_url=base) as client:
            if base.startswith("https"):
                add_user(client, "ann")
            response = client.post("/api/v1/auth/login", json={"username": "ann", "password": "s3cret pass"})
            cookies = _set_cookies(response)
            assert cookies["headway_session"]["headway_session"]["secure"]
            assert cookies["headway_csrf"]["headway_csrf"]["secure"]


def test_wrong_credentials_get_401_and_set_no_cookie(client: TestClient) -> None:
    add_user(client, "ann")
    for name, password in (("ann", "wrong pass"), ("nobody", "s3cret pass")):
        response = client.post("/api/v1/auth/login", json={"username": name, "password": password})
        assert assert_problem(response, 401)["detail"] == "wrong user name or password"
        assert not response.headers.get_list("set-cookie")
    assert _sessions_of(client) == []


def test_login_is_throttled_and_shares_the_count_with_the_token_login(client: TestClient) -> None:
    add_user(client, "ann")
    wrong = {"username": "ann", "password": "wrong"}
    for attempt in range(FREE_ATTEMPTS):
        url = "/api/v1/auth/token" if attempt % 2 else "/api/v1/auth/login"
        assert_problem(client.post(url, json=wrong), 401)
    right = {"username": "ann", "password": "s3cret pass"}
    for url in ("/api/v1/auth/login", "/api/v1/auth/token"):
        response = client.post(url, json=right)
        assert assert_problem(response, 429)["type"] == "urn:headway:problem:login_throttled"
        assert 0 < int(response.headers["retry-after"]) <= 30
        assert not response.headers.get_list("set-cookie")


def test_logout_ends_the_session_and_clears_both_cookies(client: TestClient) -> None:
    add_user(client, "ann")
    cookies = log_in(client, "ann")
    response = client.post("/api/v1/auth/logout", headers=cookie_headers(cookies))
    assert response.status_code == 204, response.text
    cleared = _set_cookies(response)
    for name in ("headway_session", "headway_csrf"):
        assert cleared[name][name].value == "" and int(cleared[name][name]["max-age"]) == 0
    assert _sessions_of(client) == []
    assert_problem(client.get(ME, headers=cookie_headers(cookies)), 401)
    assert_problem(client.post("/api/v1/auth/logout", headers=cookie_headers(cookies)), 401)


def test_logout_needs_the_csrf_token(client: TestClient) -> None:
    add_user(client, "ann")
    cookies = log_in(client, "ann")
    assert_problem(client.post("/api/v1/auth/logout", headers=cookie_headers(cookies, csrf="")), 403)
    assert len(_sessions_of(client)) == 1


def test_an_expired_session_is_refused(client: TestClient) -> None:
    add_user(client, "ann")
    cookies = log_in(client, "ann")
    assert client.get(ME, headers=cookie_headers(cookies)).status_code == 200
    past = dt.datetime.now(dt.UTC).replace(microsecond=0) - dt.timedelta(seconds=1)
    with client.app.state.sessions.begin() as session:  # type: ignore[attr-defined]
        session.execute(update(SessionRow).values(expires=past))
    body = assert_problem(client.get(ME, headers=cookie_headers(cookies)), 401)
    assert "log in again" in body["detail"]
    log_in(client, "ann")  # the next login sweeps the expired row away
    assert len(_sessions_of(client)) == 1


def test_use_slides_the_expiry_at_most_once_a_minute(client: TestClient) -> None:
    add_user(client, "ann")
    cookies = log_in(client, "ann")
    now = dt.datetime.now(dt.UTC).replace(microsecond=0)
    soon = now + dt.timedelta(hours=1)
    with client.app.state.sessions.begin() as session:  # type: ignore[attr-defined]
        session.execute(update(SessionRow).values(last_seen=now - dt.timedelta(seconds=20), expires=soon))
    quiet = client.get(ME, headers=cookie_headers(cookies))
    assert quiet.status_code == 200 and not quiet.headers.get_list("set-cookie")
    assert _sessions_of(client)[0].expires == soon  # seen 20 s ago: not written again
    with client.app.state.sessions.begin() as session:  # type: ignore[attr-defined]
        session.execute(update(SessionRow).values(last_seen=now - dt.timedelta(minutes=2), expires=soon))
    slid = client.get(ME, headers=cookie_headers(cookies))
    (row,) = _sessions_of(client)
    assert row.expires >= now + dt.timedelta(days=14) and row.last_seen >= now
    refreshed = _set_cookies(slid)
    assert refreshed["headway_session"]["headway_session"].value == cookies["headway_session"]
    assert refreshed["headway_csrf"]["headway_csrf"].value == cookies["headway_csrf"]
    assert int(refreshed["headway_session"]["headway_session"]["max-age"]) > 13 * 86400


def test_sessions_are_listed_and_one_can_end_another(client: TestClient) -> None:
    add_user(client, "ann")
    add_user(client, "bob")
    laptop, phone, bobs = log_in(client, "ann"), log_in(client, "ann"), log_in(client, "bob")
    listed = client.get("/api/v1/auth/sessions", headers=cookie_headers(laptop)).json()
    assert len(listed) == 2 and [s["current"] for s in listed].count(True) == 1
    assert set(listed[0]) == {"id", "created", "last_seen", "expires", "user_agent", "current"}
    other = next(s["id"] for s in listed if not s["current"])
    bob_session = client.get("/api/v1/auth/sessions", headers=cookie_headers(bobs)).json()[0]["id"]
    assert_problem(client.delete(f"/api/v1/auth/sessions/{bob_session}", headers=cookie_headers(laptop)), 404)
    response = client.delete(f"/api/v1/auth/sessions/{other}", headers=cookie_headers(laptop))
    assert response.status_code == 204 and not response.headers.get_list("set-cookie")
    assert_problem(client.get(ME, headers=cookie_headers(phone)), 401)
    assert client.get(ME, headers=cookie_headers(laptop)).status_code == 200
    assert client.get(ME, headers=cookie_headers(bobs)).status_code == 200


def test_changing_the_password_ends_the_other_sessions(client: TestClient) -> None:
    token = add_user(client, "ann")
    here, elsewhere = log_in(client, "ann"), log_in(client, "ann")
    wrong = client.post("/api/v1/auth/password", json={"old": "not it", "new": "brand new pass"},
                        headers=cookie_headers(here))
    assert assert_problem(wrong, 403)["type"] == "urn:headway:problem:wrong_password"
    assert client.get(ME, headers=cookie_headers(elsewhere)).status_code == 200
    response = client.post("/api/v1/auth/password", json={"old": "s3cret pass", "new": "brand new pass"},
                           headers=cookie_headers(here))
    assert response.status_code == 204, response.text
    assert client.get(ME, headers=cookie_headers(here)).status_code == 200
    assert_problem(client.get(ME, headers=cookie_headers(elsewhere)), 401)
    assert client.get(ME, headers=token).status_code == 200  # API tokens are revoked one by one, not here
    assert_problem(client.post("/api/v1/auth/login", json={"username": "ann", "password": "s3cret pass"}), 401)
    log_in(client, "ann", "brand new pass")


def test_a_short_new_password_is_refused(client: TestClient) -> None:
    headers = add_user(client, "ann")
    assert_problem(client.post("/api/v1/auth/password", json={"old": "s3cret pass", "new": "short"},
                               headers=headers), 422)
    log_in(client, "ann")


def test_me_works_with_a_token_and_refuses_nothing_or_garbage(client: TestClient) -> None:
    headers = add_user(client, "ann")
    assert client.get(ME, headers=headers).json() == {"username": "ann", "display_name": "ann", "admin": False}
    assert_problem(client.get(ME), 401)
    assert_problem(client.get(ME, headers=cookie_headers({"headway_session": "forged"})), 401)
    assert_problem(client.get(ME, headers={"Authorization": "Bearer forged"}), 401)
