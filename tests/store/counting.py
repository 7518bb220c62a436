"""Row counts of every table, to show that a failed operation changed nothing."""

from __future__ import annotations

from sqlalchemy import Engine, func, select

from headway.store.schema import metadata


def row_counts(engine: Engine) -> dict[str, int]:
    """Rows in every table of the store."""
    with engine.connect() as connection:
        return {t.name: connection.execute(select(func.count()).select_from(t)).scalar_one()
                for t in metadata.sorted_tables}
