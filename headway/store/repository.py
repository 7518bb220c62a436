"""Projects in the store: import a plan as one transaction, read it back, list and delete.

Functions take a ``Session``; the caller owns the transaction (``with sessions.begin() as session``),
so a failure anywhere leaves the database as it was.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from headway.model import Project
from headway.store.rows_read import read_project
from headway.store.rows_write import UnknownTask, child_rows, project_row
from headway.store.tables import ProjectRow, TaskRow


class StoreError(Exception):
    """A request the store cannot serve: an unknown project, a plan it cannot store."""


@dataclass(frozen=True, slots=True)
class ProjectSummary:
    id: int
    name: str
    tasks: int
    version: int


def import_project(session: Session, project: Project) -> int:
    """Store ``project`` as a new project and return its id (flushed, not committed)."""
    row = project_row(project)
    session.add(row)
    session.flush()
    try:
        rows = child_rows(project, row.id)
    except UnknownTask as err:
        raise StoreError(err.message) from err
    session.add_all(rows)
    session.flush()
    return row.id


def get_project(session: Session, project_id: int) -> Project:
    """The stored project ``project_id``; StoreError if there is none."""
    row = session.get(ProjectRow, project_id)
    if row is None:
        raise StoreError(f"no project {project_id}")
    return read_project(session, row)


def list_projects(session: Session) -> Sequence[ProjectSummary]:
    """Every stored project, oldest first, with its task count."""
    counts = (select(TaskRow.project_id, func.count().label("n")).group_by(TaskRow.project_id).subquery())
    query = (select(ProjectRow.id, ProjectRow.name, func.coalesce(counts.c.n, 0), ProjectRow.version)
             .outerjoin(counts, counts.c.project_id == ProjectRow.id).order_by(ProjectRow.id))
    return [ProjectSummary(pid, name, tasks, version) for pid, name, tasks, version in session.execute(query)]


def delete_project(session: Session, project_id: int) -> None:
    """Delete project ``project_id`` and everything in it."""
    row = session.get(ProjectRow, project_id)
    if row is None:
        raise StoreError(f"no project {project_id}")
    session.delete(row)
    session.flush()


def bump_revision(session: Session, project_id: int) -> int:
    """Count one more change to project ``project_id`` (call it in every transaction that changes the
    project or anything in it); its new revision. Cached results keyed by the revision go stale."""
    session.execute(update(ProjectRow).where(ProjectRow.id == project_id)
                    .values(revision=ProjectRow.revision + 1)
                    .execution_options(synchronize_session=False))
    revision = session.scalar(select(ProjectRow.revision).where(ProjectRow.id == project_id))
    if revision is None:
        raise StoreError(f"no project {project_id}")
    return revision


def project_revision(session: Session, project_id: int) -> int | None:
    """The project's current revision (None if there is no such project)."""
    return session.scalar(select(ProjectRow.revision).where(ProjectRow.id == project_id))
