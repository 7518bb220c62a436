"""`headway user create` and `headway serve` (the app they serve is the one the tests build)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from argon2 import PasswordHasher
from click.testing import CliRunner, Result
from fastapi.testclient import TestClient

from headway.cli.main import cli
from headway.server import Settings, create_app
from headway.store import accounts
from headway.store.address_throttle import ADDRESS_FAILURES
from headway.store.tables_accounts import AuditRow


def run(*args: object, stdin: str | None = None) -> Result:
    return CliRunner().invoke(cli, [*map(str, args)], input=stdin, catch_exceptions=False)


def _login(database: str, name: str, password: str) -> int:
    with TestClient(create_app(Settings(database))) as client:
        return client.post("/api/v1/auth/token", json={"username": name, "password": password}).status_code


def test_user_create_then_log_in(database: str) -> None:
    created = run("user", "create", "ann", "--password-stdin", "--admin", "--database", database,
                  stdin="horse battery\n")
    assert created.exit_code == 0, created.output
    assert _login(database, "ann", "horse battery") == 200
    assert _login(database, "ann", "horse battery\n") == 401
    again = run("user", "create", "ann", "--password-stdin", "--database", database, stdin="x\n")
    assert again.exit_code == 1 and "already exists" in again.output


def test_user_create_needs_a_password(database: str) -> None:
    assert run("user", "create", "ann", "--password-stdin", "--database", database, stdin="\n").exit_code == 2
    assert run("user", "create", "ann", "--database", database, stdin="pw\n").exit_code == 2


def test_serve_runs_the_app_and_demo_loads_examples(database: str, monkeypatch: pytest.MonkeyPatch) -> None:
    served: dict[str, Any] = {}

    def fake_run(app: Any, **options: Any) -> None:
        served.update(options, app=app)

    monkeypatch.setattr("uvicorn.run", fake_run)
    result = run("serve", "--port", 8123, "--demo", "--database", database, "--workers", 1)
    assert result.exit_code == 0, result.output
    assert served["host"] == "127.0.0.1" and served["port"] == 8123
    assert "http://127.0.0.1:8123/api/v1" in result.output and "headway-demo" in result.output
    with TestClient(served["app"]) as client:
        token = client.post("/api/v1/auth/token", json={"username": "demo", "password": "headway-demo"}).json()["token"]
        projects = client.get("/api/v1/projects", headers={"Authorization": f"Bearer {token}"}).json()
    examples = sorted(Path(__file__).parents[2].joinpath("headway", "demo").glob("*.yaml"))
    assert len(projects) == len(examples) > 0
    assert run("serve", "--demo", "--database", database).exit_code == 0  # a second start imports nothing more
    with TestClient(create_app(Settings(database))) as client:
        token = client.post("/api/v1/auth/token", json={"username": "demo", "password": "headway-demo"}).json()["token"]
        assert len(client.get("/api/v1/projects", headers={"Authorization": f"Bearer {token}"}).json()) == len(examples)


def test_serve_options_reach_the_settings(database: str, monkeypatch: pytest.MonkeyPatch) -> None:
    served: dict[str, Any] = {}

    def fake_run(app: Any, **options: Any) -> None:
        served.update(options, app=app)

    monkeypatch.setattr("uvicorn.run", fake_run)
    result = run("serve", "--database", database, "--workers", 1, "--job-workers", 0, "--secure-cookies",
                 "--no-access-log",
                 "--trusted-origin", "https://plans.example.com/", "--trusted-origin", "https://b.example")
    assert result.exit_code == 0, result.output
    settings = served["app"].state.settings
    assert settings.job_workers == 0 and settings.secure_cookies
    assert settings.trusted_origins == ("https://plans.example.com", "https://b.example")
    assert served["access_log"] is False


def test_user_unlock_lifts_the_account_lock_and_an_address_block(database: str,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """An account locked by wrong passwords, and a client address blocked by guesses at many names, log in
    again at once after `headway user unlock`; what it lifted is in the audit log."""
    monkeypatch.setattr(accounts, "_HASHER", PasswordHasher(time_cost=1, memory_cost=8, parallelism=1))
    assert run("user", "create", "ann", "--password-stdin", "--database", database, stdin="right one\n").exit_code == 0
    with TestClient(create_app(Settings(database))) as client:
        def login(name: str, password: str) -> int:
            return client.post("/api/v1/auth/token", json={"username": name, "password": password}).status_code

        for _ in range(accounts.FREE_ATTEMPTS + 1):
            login("ann", "wrong")
        assert login("ann", "right one") == 429
        assert run("user", "unlock", "ann", "--database", database).exit_code == 0
        assert login("ann", "right one") == 200
        for k in range(ADDRESS_FAILURES):  # a spray of unknown names from the test client's address
            login(f"guess{k}", "wrong")
        assert login("ann", "right one") == 429
        assert run("user", "unlock", "ann", "--database", database).exit_code == 0  # the account was not it
        assert login("ann", "right one") == 429
        done = run("user", "unlock", "--address", "testclient", "--database", database)
        assert done.exit_code == 0 and f"{ADDRESS_FAILURES} failed login(s) forgotten" in done.output
        assert login("ann", "right one") == 200
        with client.app.state.sessions() as session:  # type: ignore[attr-defined]
            unlocks = session.query(AuditRow).filter_by(action="unlock").all()
        assert [row.entity_key for row in unlocks] == ["ann", "ann", "testclient"]
    assert run("user", "unlock", "--database", database).exit_code == 2
    assert run("user", "unlock", "nobody", "--database", database).exit_code == 1
