"""Site administration of accounts (admins only, audited), deactivation refusing a user everywhere at
once, and the `headway user list` / `user token` commands; on SQLite and PostgreSQL."""

from __future__ import annotations

from click.testing import CliRunner
from fastapi.testclient import TestClient
from sqlalchemy import select

from headway.cli.main import cli
from headway.store.tables_accounts import AuditRow
from tests.server.conftest import add_user, assert_problem, cookie_headers, log_in, post_plan

USERS = "/api/v1/users"


def _audit(client: TestClient) -> list[AuditRow]:
    with client.app.state.sessions() as session:  # type: ignore[attr-defined]
        return list(session.scalars(select(AuditRow).where(AuditRow.entity == "user").order_by(AuditRow.id)))


def test_an_admin_creates_lists_and_changes_accounts(client: TestClient) -> None:
    root = add_user(client, "root", admin=True)
    created = client.post(USERS, json={"username": "cleo", "password": "long enough", "display_name": "Cleo M."},
                          headers=root)
    assert created.status_code == 201, created.text
    assert created.headers["location"].endswith("/users/cleo")
    assert {k: created.json()[k] for k in ("username", "display_name", "admin", "active")} == {
        "username": "cleo", "display_name": "Cleo M.", "admin": False, "active": True}
    assert [u["username"] for u in client.get(USERS, headers=root).json()] == ["cleo", "root"]
    changed = client.patch(f"{USERS}/cleo", json={"admin": True, "display_name": "Cleo Martin"}, headers=root)
    assert changed.status_code == 200 and changed.json()["admin"] and changed.json()["display_name"] == "Cleo Martin"
    cleo = client.post("/api/v1/auth/token", json={"username": "cleo", "password": "long enough"}).json()["token"]
    assert client.get(USERS, headers={"Authorization": f"Bearer {cleo}"}).status_code == 200


def test_changes_are_audited_without_passwords(client: TestClient) -> None:
    root = add_user(client, "root", admin=True)
    client.post(USERS, json={"username": "cleo", "password": "first secret"}, headers=root)
    client.patch(f"{USERS}/cleo", json={"password": "second secret", "active": False}, headers=root)
    create, change = _audit(client)
    assert (create.action, create.entity_key, create.before) == ("create", "cleo", None)
    assert change.before["active"] is True and change.after["active"] is False
    assert change.after["password"] == "changed"
    text = str([(row.before, row.after) for row in (create, change)])
    assert "secret" not in text and "argon2" not in text


def test_only_site_admins_manage_accounts(client: TestClient) -> None:
    add_user(client, "root", admin=True)
    ann = add_user(client, "ann")
    assert_problem(client.get(USERS, headers=ann), 403)
    assert_problem(client.post(USERS, json={"username": "eve", "password": "long enough"}, headers=ann), 403)
    assert_problem(client.patch(f"{USERS}/ann", json={"admin": True}, headers=ann), 403)
    assert_problem(client.patch(f"{USERS}/root", json={"active": False}, headers=ann), 403)
    assert client.get("/api/v1/auth/me", headers=ann).json()["admin"] is False
    assert _audit(client) == []


def test_a_demoted_admin_loses_the_power_at_once(client: TestClient) -> None:
    root, other = add_user(client, "root", admin=True), add_user(client, "other", admin=True)
    assert client.patch(f"{USERS}/other", json={"admin": False}, headers=root).status_code == 200
    assert_problem(client.get(USERS, headers=other), 403)


def test_bad_requests_are_refused(client: TestClient) -> None:
    root = add_user(client, "root", admin=True)
    taken = client.post(USERS, json={"username": "root", "password": "long enough"}, headers=root)
    assert assert_problem(taken, 409)["type"] == "urn:headway:problem:conflict"
    assert_problem(client.post(USERS, json={"username": "x", "password": "short"}, headers=root), 422)
    assert_problem(client.post(USERS, json={"username": "  ", "password": "long enough"}, headers=root), 422)
    assert_problem(client.patch(f"{USERS}/nobody", json={"admin": True}, headers=root), 404)
    assert_problem(client.patch(f"{USERS}/root", json={"display_name": "   "}, headers=root), 422)
    assert [u["username"] for u in client.get(USERS, headers=root).json()] == ["root"]


def test_the_last_active_admin_cannot_be_removed(client: TestClient) -> None:
    root = add_user(client, "root", admin=True)
    for change in ({"admin": False}, {"active": False}):
        assert assert_problem(client.patch(f"{USERS}/root", json=change, headers=root), 409)["detail"].startswith(
            "'root' is the last active site admin")
    add_user(client, "second", admin=True)
    assert client.patch(f"{USERS}/root", json={"admin": False}, headers=root).status_code == 200


def test_a_deactivated_user_is_refused_everywhere_at_once(client: TestClient) -> None:
    root = add_user(client, "root", admin=True)
    ann_token = add_user(client, "ann")
    ann_cookies = log_in(client, "ann")
    project = post_plan(client, ann_token).json()["id"]
    assert client.patch(f"{USERS}/ann", json={"active": False}, headers=root).json()["active"] is False
    for headers in (ann_token, cookie_headers(ann_cookies)):
        assert_problem(client.get(f"/api/v1/projects/{project}/schedule", headers=headers), 401)
        assert_problem(client.get("/api/v1/auth/me", headers=headers), 401)
    for url in ("/api/v1/auth/login", "/api/v1/auth/token"):
        assert_problem(client.post(url, json={"username": "ann", "password": "s3cret pass"}), 401)
    client.patch(f"{USERS}/ann", json={"active": True}, headers=root)
    assert client.get("/api/v1/auth/me", headers=ann_token).status_code == 200  # tokens come back
    assert_problem(client.get("/api/v1/auth/me", headers=cookie_headers(ann_cookies)), 401)  # sessions do not
    log_in(client, "ann")


def test_an_admin_password_reset_ends_the_users_sessions(client: TestClient) -> None:
    root = add_user(client, "root", admin=True)
    add_user(client, "ann")
    cookies = log_in(client, "ann")
    assert client.patch(f"{USERS}/ann", json={"password": "reset by root"}, headers=root).status_code == 200
    assert_problem(client.get("/api/v1/auth/me", headers=cookie_headers(cookies)), 401)
    assert_problem(client.post("/api/v1/auth/login", json={"username": "ann", "password": "s3cret pass"}), 401)
    log_in(client, "ann", "reset by root")


def _run(*args: str, stdin: str | None = None) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args), input=stdin, catch_exceptions=False)
    return result.exit_code, result.output


def test_cli_lists_users_and_prints_a_working_token(client: TestClient, database: str) -> None:
    add_user(client, "root", admin=True)
    assert _run("user", "create", "ann", "--password-stdin", "--database", database, stdin="long enough\n")[0] == 0
    code, listing = _run("user", "list", "--database", database)
    assert code == 0 and "ann" in listing and "root" in listing and listing.count("admin") >= 2
    code, output = _run("user", "token", "ann", "--name", "laptop", "--database", database)
    assert code == 0, output
    token = output.strip().splitlines()[-1]
    assert client.get("/api/v1/auth/me", headers={"Authorization": f"Bearer {token}"}).json()["username"] == "ann"
    assert [t["name"] for t in client.get("/api/v1/auth/tokens",
                                          headers={"Authorization": f"Bearer {token}"}).json()] == ["laptop"]
    assert _run("user", "token", "nobody", "--database", database)[0] == 1
