"""Alembic environment: migrate the engine handed over by ``headway.store.migrate`` (online only)."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Engine

from headway.store.schema import metadata

engine = context.config.attributes.get("engine")
if not isinstance(engine, Engine):
    raise RuntimeError("run migrations through headway.store.migrate (headway db upgrade)")

with engine.connect() as connection:
    context.configure(connection=connection, target_metadata=metadata, render_as_batch=True,
                      compare_type=True)
    with context.begin_transaction():
        context.run_migrations()
    connection.commit()
