"""The migrations create exactly the tables the ORM declares, and upgrading twice is harmless."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine, inspect, text

from headway.store import make_engine, upgrade
from headway.store.migrate import alembic_config, current_revision, head_revision
from headway.store.schema import metadata
from tests.store.conftest import _throwaway_postgres


@pytest.fixture(params=["sqlite", "postgresql"])
def fresh_database(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty database for one test (the module's ``database`` is migrated to head by the first test,
    after which upgrading it to an older revision silently does nothing)."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'fresh.db'}"
    else:
        yield from _throwaway_postgres()


def _upgrade_to(engine: Engine, revision: str) -> None:
    upgrade(engine, revision)
    assert current_revision(engine) == revision


def test_migrations_match_the_models(database: str) -> None:
    engine = make_engine(database)
    try:
        upgrade(engine)
        upgrade(engine)  # already at head: nothing to do
        with engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            assert compare_metadata(context, metadata) == []
        assert current_revision(engine) == head_revision() == "0007"
        tables = set(inspect(engine).get_table_names()) - {"alembic_version"}
        assert tables == set(metadata.tables)
    finally:
        engine.dispose()


def test_the_tables_the_issue_asks_for(engine: Engine) -> None:
    tables = set(inspect(engine).get_table_names())
    assert {"projects", "tasks", "links", "resources", "calendars", "calendar_exceptions", "assignments",
            "progress_entries", "timesheet_lines", "baselines", "baseline_tasks", "risks", "risk_impacts",
            "correlations", "issues", "users", "project_roles", "audit_log"} <= tables
    for name in metadata.tables:
        assert "version" in {c["name"] for c in inspect(engine).get_columns(name)}, name


def _insert(engine: Engine, table: str, values: dict[str, object]) -> None:
    """A row with ``values`` and a placeholder in every other required column (the id is generated)."""
    row = dict(values)
    for column in inspect(engine).get_columns(table):
        if column["nullable"] or column["name"] in row or column["name"] == "id":
            continue
        kind = str(column["type"]).upper()
        number = any(k in kind for k in ("INT", "FLOAT", "DOUBLE", "REAL"))
        row[column["name"]] = True if "BOOL" in kind else 1 if number else "[]" if "JSON" in kind else "x"
    with engine.begin() as connection:
        connection.execute(text(f"INSERT INTO {table} ({', '.join(row)}) VALUES ({', '.join(':' + k for k in row)})"),
                           row)


def test_upgrading_keeps_the_projects_rows(fresh_database: str) -> None:
    """0003 rebuilds ``projects`` on SQLite; the rows that reference it must survive (no cascade)."""
    engine = make_engine(fresh_database)
    try:
        _upgrade_to(engine, "0002")
        _insert(engine, "projects", {"start": "2027-01-04"})
        with engine.connect() as connection:
            project_id = connection.execute(text("SELECT max(id) FROM projects")).scalar()
        _insert(engine, "tasks", {"project_id": project_id, "key": "a", "parent_id": None})
        upgrade(engine)
        with engine.connect() as connection:
            assert connection.execute(text("SELECT count(*) FROM tasks")).scalar() == 1
            assert connection.execute(text("SELECT revision FROM projects")).scalar() == 1
    finally:
        engine.dispose()


def test_a_deleted_projects_id_is_never_reused(database: str) -> None:
    """Results are cached by (project id, revision): a new project must not take a deleted one's id."""
    engine = make_engine(database)
    try:
        upgrade(engine)
        _insert(engine, "projects", {"start": "2027-01-04"})
        with engine.begin() as connection:
            first = connection.execute(text("SELECT max(id) FROM projects")).scalar()
            connection.execute(text("DELETE FROM projects"))
        _insert(engine, "projects", {"start": "2027-01-04"})
        with engine.connect() as connection:
            assert connection.execute(text("SELECT max(id) FROM projects")).scalar() != first
    finally:
        engine.dispose()


def test_0005_adds_login_failures_and_keeps_the_accounts(fresh_database: str) -> None:
    """Upgrading a 0004 database with accounts in it keeps them (and their per-account throttling); the new
    table takes failures naming an account, keeps them when the account goes, and downgrades away."""
    engine = make_engine(fresh_database)
    try:
        _upgrade_to(engine, "0004")
        _insert(engine, "users", {"username": "ann", "failed_logins": 3, "locked_until": "2027-01-04T09:00:00+00:00"})
        with engine.connect() as connection:
            user_id = connection.execute(text("SELECT id FROM users")).scalar()
        _insert(engine, "api_tokens", {"user_id": user_id, "token_hash": "f" * 64})
        upgrade(engine)
        with engine.connect() as connection:
            assert connection.execute(text("SELECT username, failed_logins, locked_until FROM users")).one() == (
                "ann", 3, "2027-01-04T09:00:00+00:00")
            assert connection.execute(text("SELECT count(*) FROM api_tokens")).scalar() == 1
        for user in (user_id, None):
            _insert(engine, "login_failures", {"address": "203.0.113.9", "user_id": user,
                                               "at": "2027-01-04T09:00:00+00:00"})
        with engine.begin() as connection:
            connection.execute(text("DELETE FROM users"))
        with engine.connect() as connection:  # a deleted account's failures still count for the address
            assert connection.execute(text("SELECT user_id FROM login_failures")).scalars().all() == [None, None]
        command.downgrade(alembic_config(engine), "0004")
        assert current_revision(engine) == "0004"
        assert "login_failures" not in inspect(engine).get_table_names()
    finally:
        engine.dispose()


def test_0006_stamps_audit_rows_with_a_revision_and_keeps_the_old_ones(fresh_database: str) -> None:
    """Audit rows written before 0006 stay, with no revision (so no server replays them); new rows take
    one; the column and its index downgrade away."""
    engine = make_engine(fresh_database)
    try:
        _upgrade_to(engine, "0005")
        _insert(engine, "audit_log", {"at": "2027-01-04T09:00:00+00:00", "action": "update", "entity": "task",
                                      "entity_key": "a", "note": ""})
        upgrade(engine)
        _insert(engine, "audit_log", {"at": "2027-01-04T10:00:00+00:00", "action": "update", "entity": "task",
                                      "entity_key": "a", "note": "", "revision": 7})
        with engine.connect() as connection:
            rows = connection.execute(text("SELECT revision FROM audit_log ORDER BY id")).scalars().all()
        assert rows == [None, 7]
        assert "ix_audit_log_project_id_revision" in {i["name"] for i in inspect(engine).get_indexes("audit_log")}
        command.downgrade(alembic_config(engine), "0005")
        assert "revision" not in {c["name"] for c in inspect(engine).get_columns("audit_log")}
        with engine.connect() as connection:
            assert connection.execute(text("SELECT count(*) FROM audit_log")).scalar() == 2
    finally:
        engine.dispose()


def test_0007_counts_job_attempts_from_the_jobs_already_started(fresh_database: str) -> None:
    """A job that was started before the upgrade counts one attempt; a queued one none."""
    engine = make_engine(fresh_database)
    try:
        _upgrade_to(engine, "0006")
        _insert(engine, "projects", {"start": "2027-01-04"})
        with engine.connect() as connection:
            project_id = connection.execute(text("SELECT id FROM projects")).scalar()
        for state in ("queued", "running", "done", "cancelled"):
            _insert(engine, "jobs", {"project_id": project_id, "state": state, "kind": "level", "params": "{}"})
        upgrade(engine)
        with engine.connect() as connection:
            assert connection.execute(text("SELECT state, attempts FROM jobs ORDER BY id")).all() == [
                ("queued", 0), ("running", 1), ("done", 1), ("cancelled", 0)]
        command.downgrade(alembic_config(engine), "0006")
        assert "attempts" not in {c["name"] for c in inspect(engine).get_columns("jobs")}
    finally:
        engine.dispose()
