"""The audit log: one row per change (who, when, what before and after), read back as a project's activity."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from headway.store.tables_accounts import AuditRow, UserRow


@dataclass(frozen=True, slots=True)
class Change:
    at: dt.datetime
    user: str | None
    action: str
    entity: str
    key: str | None
    before: Any
    after: Any


def record_change(session: Session, *, user_id: int | None, project_id: int | None, action: str, entity: str,
                  key: str | None, before: Any, after: Any, note: str = "", revision: int | None = None) -> None:
    """One audit log row: who changed what, when, with the entity before and after (JSON-ready data).
    ``revision`` is the project revision the change made, when it was the transaction's only change."""
    session.add(AuditRow(at=dt.datetime.now(dt.UTC).replace(microsecond=0), user_id=user_id, project_id=project_id,
                         action=action, entity=entity, entity_key=key, before=before, after=after, note=note,
                         request_id=None, revision=revision))
    session.flush()


@dataclass(frozen=True, slots=True)
class Revised:
    """An audited change stamped with the project revision it made."""

    revision: int
    action: str
    entity: str
    key: str | None
    after: Any


def changes_made(session: Session, project_id: int, since: int, upto: int) -> Sequence[Revised]:
    """The stamped changes that made revisions ``since + 1`` to ``upto`` of the project, oldest first.
    A revision made without a stamped change (an edit that changed nothing, a member's role) is
    missing from the list, so a caller replaying changes can tell it cannot."""
    query = (select(AuditRow.revision, AuditRow.action, AuditRow.entity, AuditRow.entity_key, AuditRow.after)
             .where(AuditRow.project_id == project_id, AuditRow.revision > since, AuditRow.revision <= upto)
             .order_by(AuditRow.revision))
    return [Revised(revision, action, entity, key, after)
            for revision, action, entity, key, after in session.execute(query)]


def activity(session: Session, project_id: int, limit: int = 100) -> Sequence[Change]:
    """The project's changes, newest first (at most ``limit``)."""
    query = (select(AuditRow, UserRow.username).outerjoin(UserRow, UserRow.id == AuditRow.user_id)
             .where(AuditRow.project_id == project_id).order_by(AuditRow.id.desc()).limit(limit))
    return [Change(row.at, user, row.action, row.entity, row.entity_key, row.before, row.after)
            for row, user in session.execute(query)]
