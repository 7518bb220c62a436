"""The migrations create exactly the tables the ORM declares, and upgrading twice is harmless."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine, inspect

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
        assert current_revision(engine) == head_revision() == "0003"
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
