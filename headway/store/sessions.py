"""Login sessions (browser cookies): opened at login, slid forward while used, ended at logout.

Only SHA-256 digests of the session secret and of its CSRF token are stored, so a copy of the
database logs nobody in. Functions take a ``Session``; the caller owns the transaction.
"""

from __future__ import annotations

import datetime as dt
import hmac
import secrets
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from headway.store.accounts import digest
from headway.store.tables_accounts import UserRow
from headway.store.tables_server import SessionRow

LIFETIME = dt.timedelta(days=14)  # of an idle session; every use (at most once a TOUCH_EVERY) restarts it
TOUCH_EVERY = dt.timedelta(minutes=1)


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


@dataclass(frozen=True, slots=True)
class NewSession:
    """A session just opened: its id and the two secrets the browser gets (shown only now)."""

    id: int
    token: str
    csrf: str
    expires: dt.datetime


@dataclass(frozen=True, slots=True)
class LiveSession:
    """A valid session with its active user; ``touched``: its expiry was just moved forward."""

    id: int
    user: UserRow
    csrf_hash: str
    expires: dt.datetime
    touched: bool


def open_session(session: Session, user: UserRow, *, user_agent: str = "", lifetime: dt.timedelta = LIFETIME,
                 now: dt.datetime | None = None) -> NewSession:
    """A new login session of ``user`` (256-bit random secret and CSRF token); expired ones are swept."""
    now = now or _now()
    session.execute(delete(SessionRow).where(SessionRow.expires <= now))
    token, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
    row = SessionRow(user_id=user.id, token_hash=digest(token), csrf_hash=digest(csrf), created=now, last_seen=now,
                     expires=now + lifetime, user_agent=user_agent[:400])
    session.add(row)
    session.flush()
    return NewSession(row.id, token, csrf, row.expires)


def live_session(session: Session, token: str, *, lifetime: dt.timedelta = LIFETIME,
                 now: dt.datetime | None = None) -> LiveSession | None:
    """The unexpired session whose cookie is ``token``, of an active user, else None.

    A session last seen more than ``TOUCH_EVERY`` ago gets its expiry moved to ``now + lifetime``
    (sliding expiry) by a plain UPDATE, so concurrent requests never conflict over the row version.
    The caller commits.
    """
    now = now or _now()
    found = session.execute(select(SessionRow, UserRow).join(UserRow, UserRow.id == SessionRow.user_id)
                            .where(SessionRow.token_hash == digest(token))).first()
    if found is None:
        return None
    row, user = found
    if row.expires <= now or not user.is_active:
        return None
    expires, touched = row.expires, False
    if now - row.last_seen >= TOUCH_EVERY:
        expires, touched = now + lifetime, True
        session.execute(update(SessionRow).where(SessionRow.id == row.id)
                        .values(last_seen=now, expires=expires).execution_options(synchronize_session=False))
    return LiveSession(row.id, user, row.csrf_hash, expires, touched)


def csrf_matches(live: LiveSession, csrf: str) -> bool:
    """Is ``csrf`` the CSRF token issued with this session (constant-time comparison)?"""
    return bool(csrf) and hmac.compare_digest(digest(csrf), live.csrf_hash)


def user_sessions(session: Session, user_id: int, now: dt.datetime | None = None) -> Sequence[SessionRow]:
    """The user's unexpired sessions, most recently used first."""
    now = now or _now()
    return list(session.scalars(select(SessionRow).where(SessionRow.user_id == user_id, SessionRow.expires > now)
                                .order_by(SessionRow.last_seen.desc(), SessionRow.id.desc())))


def end_session(session: Session, user_id: int, session_id: int) -> bool:
    """End one of the user's sessions; False if they have no such session."""
    result = session.execute(delete(SessionRow).where(SessionRow.id == session_id, SessionRow.user_id == user_id)
                             .execution_options(synchronize_session=False))
    return bool(result.rowcount)  # type: ignore[attr-defined]

