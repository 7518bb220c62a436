"""The migrations create exactly the tables the ORM declares, and upgrading twice is harmless."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine, inspect, text

from headway.store import make_engine, upgrade
from headway.store.migrate import current_revision, head_revision
from headway.store.schema import metadata


def test_migrations_match_the_models(database: str) -> None:
    engine = make_engine(database)
    try:
        upgrade(engine)
        upgrade(engine)  # already at head: nothing to do
        with engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            assert compare_metadata(context, metadata) == []
        assert current_revision(engine) == head_revision() == "0004"
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


def test_upgrading_keeps_the_projects_rows(database: str) -> None:
    """0003 rebuilds ``projects`` on SQLite; the rows that reference it must survive (no cascade)."""
    engine = make_engine(database)
    try:
        upgrade(engine, "0002")
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
