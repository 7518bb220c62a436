"""One task of a stored project: its row version (the API's ETag) and an update guarded by that version.

Functions take a ``Session``; the caller owns the transaction.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import flag_modified

from headway.model import Task
from headway.store.repository import StoreError
from headway.store.rows_write import UnknownTask, link_and_assignment_rows, task_row_of
from headway.store.tables import TaskRow

_COLUMNS = ("name", "duration", "effort", "milestone", "constraint_type", "constraint_date", "deadline", "priority",
            "cost", "budget", "level", "leveling_delay", "estimate", "calendar", "owner", "tags", "notes",
            "source_uid")


class StaleVersion(StoreError):
    """The row changed since the version the caller read (optimistic concurrency)."""


def task_row(session: Session, project_id: int, key: str) -> TaskRow | None:
    return session.scalar(select(TaskRow).where(TaskRow.project_id == project_id, TaskRow.key == key))


def update_task(session: Session, project_id: int, old: Task, new: Task, expected_version: int) -> int:
    """Store ``new`` in place of ``old`` (same id and parent) if the row is still at ``expected_version``.

    Returns the row's new version; StaleVersion if it moved on, StoreError if the task is gone.
    Links and assignments are rewritten only when they changed.
    """
    row = task_row(session, project_id, old.id)
    if row is None:
        raise StoreError(f"no task {old.id!r} in project {project_id}")
    if row.version != expected_version:
        raise StaleVersion(f"task {old.id!r} is at version {row.version}, not {expected_version}")
    by_key = {r.key: r for r in session.scalars(select(TaskRow).where(TaskRow.project_id == project_id))}
    fresh = task_row_of(new, project_id, row.position, dict(by_key))
    changed = [c for c in _COLUMNS if getattr(row, c) != getattr(fresh, c)]
    for column in changed:
        setattr(row, column, getattr(fresh, column))
    if (old.links, old.assignments) != (new.links, new.assignments):
        if not changed:
            flag_modified(row, "name")  # the task's version moves on when only its links or assignments change
        row.links.clear()
        by_key[new.id] = row
        try:
            session.add_all(link_and_assignment_rows(new, project_id, by_key))
        except UnknownTask as err:
            raise StoreError(err.message) from err
    session.flush()
    return row.version

