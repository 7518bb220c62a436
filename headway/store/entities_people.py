"""Who may see a project and what they did: its members (remove one, never the last owner) and a page
of its activity feed (the audit log) filtered by entity and time."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from headway.store.accounts import grant, member_role
from headway.store.audit import Change
from headway.store.repository import StoreError
from headway.store.tables_accounts import AuditRow, ProjectRoleRow, UserRow


def members(session: Session, project_id: int) -> list[tuple[str, str]]:
    """``(username, role)`` of everyone with a role on the project, by user name."""
    query = (select(UserRow.username, ProjectRoleRow.role).join(UserRow, UserRow.id == ProjectRoleRow.user_id)
             .where(ProjectRoleRow.project_id == project_id).order_by(UserRow.username))
    return [(name, role) for name, role in session.execute(query)]


class LastOwner(StoreError):
    """The change would leave the project without an owner."""


def _keep_an_owner(session: Session, project_id: int, username: str) -> None:
    owners = session.scalar(select(func.count()).select_from(ProjectRoleRow)
                            .where(ProjectRoleRow.project_id == project_id, ProjectRoleRow.role == "owner"))
    if (owners or 0) <= 1:
        raise LastOwner(f"{username!r} is the project's last owner; make someone else an owner first")


def set_member_role(session: Session, project_id: int, user: UserRow, role: str) -> str | None:
    """Give ``user`` ``role`` on the project; the role they had before. LastOwner if that would demote
    the project's last owner."""
    before = member_role(session, project_id, user)
    if before == "owner" and role != "owner":
        _keep_an_owner(session, project_id, user.username)
    grant(session, project_id, user, role)
    return before


def remove_member(session: Session, project_id: int, username: str) -> str:
    """Take ``username``'s role on the project away; the role they had. StoreError if they have none,
    LastOwner if they are its last owner."""
    row = session.scalar(select(ProjectRoleRow).join(UserRow, UserRow.id == ProjectRoleRow.user_id)
                         .where(ProjectRoleRow.project_id == project_id, UserRow.username == username))
    if row is None:
        raise StoreError(f"{username!r} has no role on project {project_id}")
    if row.role == "owner":
        _keep_an_owner(session, project_id, username)
    role = row.role
    session.delete(row)
    session.flush()
    return role


def activity_page(session: Session, project_id: int, *, limit: int, offset: int = 0, entity: str | None = None,
                  since: dt.datetime | None = None) -> tuple[Sequence[Change], int]:
    """One page of the project's changes, newest first, and how many there are in all."""
    where = [AuditRow.project_id == project_id]
    if entity is not None:
        where.append(AuditRow.entity == entity)
    if since is not None:
        where.append(AuditRow.at >= since)
    total = session.scalar(select(func.count()).select_from(AuditRow).where(*where)) or 0
    query = (select(AuditRow, UserRow.username).outerjoin(UserRow, UserRow.id == AuditRow.user_id)
             .where(*where).order_by(AuditRow.id.desc()).limit(limit).offset(offset))
    return [Change(row.at, user, row.action, row.entity, row.entity_key, row.before, row.after)
            for row, user in session.execute(query)], total
