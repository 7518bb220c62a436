"""Tasks of a stored project: a row's version (the API's ETag), an update guarded by that version, and
the rows of a whole task list brought in line with a new one, touching only the tasks that changed.

Functions take a ``Session``; the caller owns the transaction.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import bindparam, select, update
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import flag_modified, set_committed_value

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


def task_versions(session: Session, project_id: int) -> dict[str, int]:
    """Every task's row version, by task id."""
    query = select(TaskRow.key, TaskRow.version).where(TaskRow.project_id == project_id)
    return {key: version for key, version in session.execute(query)}


def update_task(session: Session, project_id: int, old: Task, new: Task, expected_version: int) -> int:
    """Store ``new`` in place of ``old`` (same id and parent) if the row is still at ``expected_version``.

    Returns the row's new version; StaleVersion if it moved on, StoreError if the task is gone.
    Only the rows it names (its parent, its predecessors) are loaded, so the cost does not grow
    with the project.
    """
    row = task_row(session, project_id, old.id)
    if row is None:
        raise StoreError(f"no task {old.id!r} in project {project_id}")
    if row.version != expected_version:
        raise StaleVersion(f"task {old.id!r} is at version {row.version}, not {expected_version}")
    named = {new.parent} | {link.predecessor for link in new.links if link.project is None}
    by_key = _rows_named(session, project_id, {k for k in named if k is not None})
    by_key[new.id] = row
    rewrite_task_row(row, old, new, project_id, by_key)
    session.flush()
    return row.version


def _rows_named(session: Session, project_id: int, keys: Iterable[str]) -> dict[str, TaskRow]:
    wanted = list(keys)
    if not wanted:
        return {}
    query = select(TaskRow).where(TaskRow.project_id == project_id, TaskRow.key.in_(wanted))
    return {r.key: r for r in session.scalars(query)}


def rewrite_task_row(row: TaskRow, old: Task, new: Task, project_id: int, by_key: dict[str, TaskRow]) -> None:
    """Set ``row`` (task ``old``) to ``new``: the columns that differ, and its links and assignments only
    when they changed. ``by_key`` has the rows ``new`` names (its parent, its predecessors)."""
    fresh = task_row_of(new, project_id, row.position, dict(by_key))
    changed = [c for c in _COLUMNS if getattr(row, c) != getattr(fresh, c)]
    for column in changed:
        setattr(row, column, getattr(fresh, column))
    if (old.links, old.assignments) != (new.links, new.assignments):
        if not changed:
            flag_modified(row, "name")  # the task's version moves on when only its links or assignments change
        row.links.clear()
        try:
            link_and_assignment_rows(new, project_id, by_key)
        except UnknownTask as err:
            raise StoreError(err.message) from err


def sync_tasks(session: Session, project_id: int, old: tuple[Task, ...], new: tuple[Task, ...]) -> None:
    """Make the stored tasks ``old`` into ``new``: add, change and delete rows of the tasks that differ,
    and renumber positions without moving any other task's version (its ETag)."""
    rows = {r.key: r for r in session.scalars(select(TaskRow).where(TaskRow.project_id == project_id))}
    before = {t.id: t for t in old}
    kept = {t.id for t in new}
    added = [t for t in new if t.id not in before]
    for i, task in enumerate(new):
        if task.id not in rows:
            task_row_of(task, project_id, i, rows)
            session.add(rows[task.id])
    if added:
        session.flush()
    for task in new:
        if task.id in before and before[task.id] != task:
            if before[task.id].parent != task.parent:
                rows[task.id].parent = rows[task.parent] if task.parent is not None else None
            rewrite_task_row(rows[task.id], before[task.id], task, project_id, rows)
    for task in added:
        try:
            session.add_all(link_and_assignment_rows(task, project_id, rows))
        except UnknownTask as err:
            raise StoreError(err.message) from err
    for task in reversed(old):  # subtasks before their summary
        if task.id not in kept:
            session.delete(rows.pop(task.id))
    session.flush()
    moved = [{"rid": rows[t.id].id, "pos": i} for i, t in enumerate(new) if rows[t.id].position != i]
    if moved:
        table = TaskRow.__table__
        statement = update(table).where(table.c.id == bindparam("rid"))  # type: ignore[arg-type]
        session.execute(statement.values(position=bindparam("pos")), moved)
        by_id = {r.id: r for r in rows.values()}
        for item in moved:
            set_committed_value(by_id[item["rid"]], "position", item["pos"])
