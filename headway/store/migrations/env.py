"""Alembic environment: migrate the engine handed over by ``headway.store.migrate`` (online only)."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Engine

from headway.store.schema import metadata

engine = context.config.attributes.get("engine")
if not isinstance(engine, Engine):
    raise RuntimeError("run migrations through headway.store.migrate (headway db upgrade)")

with engine.connect() as connection:
    sqlite = connection.dialect.name == "sqlite"
    if sqlite:  # a batch migration recreates tables: dropping the old one must not cascade deletes
        connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
    try:
        context.configure(connection=connection, target_metadata=metadata, render_as_batch=True,
                          compare_type=True)
        with context.begin_transaction():
            context.run_migrations()
        connection.commit()
        broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall() if sqlite else []
        if broken:
            raise RuntimeError(f"the migration left rows with broken references: {broken[:5]}")
    finally:
        if sqlite:
            connection.rollback()
            connection.exec_driver_sql("PRAGMA foreign_keys=ON")
