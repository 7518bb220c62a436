"""Accounts: users with argon2-hashed passwords, personal API tokens (stored as SHA-256), project roles.

Functions take a ``Session``; the caller owns the transaction.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from collections.abc import Sequence

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from headway.store.repository import ProjectSummary, StoreError, list_projects
from headway.store.tables_accounts import ROLES, ProjectRoleRow, TokenRow, UserRow

_HASHER = PasswordHasher()  # stateless parameters only; no connection or session


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


def create_user(session: Session, username: str, password: str, *, admin: bool = False) -> UserRow:
    """A new active account; StoreError if the name is taken or empty."""
    name = username.strip()
    if not name or len(name) > 150:
        raise StoreError("a user name has 1 to 150 characters")
    if find_user(session, name) is not None:
        raise StoreError(f"user {name!r} already exists")
    user = UserRow(username=name, display_name=name, password_hash=_HASHER.hash(password), is_admin=admin,
                   is_active=True, created=_now(), failed_logins=0)
    session.add(user)
    try:
        session.flush()
    except IntegrityError as err:
        raise StoreError(f"user {name!r} already exists") from err
    return user


def find_user(session: Session, username: str) -> UserRow | None:
    return session.scalar(select(UserRow).where(UserRow.username == username))


FREE_ATTEMPTS = 5  # wrong passwords in a row before logins to the account are throttled
FIRST_LOCK = dt.timedelta(seconds=30)  # doubles with every further wrong password
LONGEST_LOCK = dt.timedelta(minutes=15)


class LoginThrottled(StoreError):
    """Too many wrong passwords in a row: no login to this account before ``until``."""

    def __init__(self, until: dt.datetime) -> None:
        super().__init__(f"too many failed logins; try again after {until.isoformat()}")
        self.until = until


def authenticate(session: Session, username: str, password: str, now: dt.datetime | None = None) -> UserRow | None:
    """The active user with this name and password, else None (same answer for either mistake).

    Counts wrong passwords on the account (the caller must commit even when this returns None):
    after ``FREE_ATTEMPTS`` in a row, each further one locks the account for a doubling time, during
    which LoginThrottled is raised without checking the password. State lives in the database, so
    every server process behind a load balancer sees it.
    """
    now = now or _now()
    user = find_user(session, username)
    if user is None or not user.is_active or user.password_hash is None:
        _HASHER.hash(password)  # spend the same time as a real check: no user-name probing by timing
        return None
    if user.locked_until is not None and user.locked_until > now:
        raise LoginThrottled(user.locked_until)
    try:
        _HASHER.verify(user.password_hash, password)
    except (VerificationError, InvalidHashError):
        user.failed_logins += 1
        if user.failed_logins >= FREE_ATTEMPTS:
            user.locked_until = now + min(FIRST_LOCK * 2 ** (user.failed_logins - FREE_ATTEMPTS), LONGEST_LOCK)
        session.flush()
        return None
    if user.failed_logins or user.locked_until is not None:
        user.failed_logins, user.locked_until = 0, None
        session.flush()
    return user


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def issue_token(session: Session, user: UserRow) -> str:
    """A new personal API token for ``user``; only its hash is stored, so this is the one time it is seen."""
    token = secrets.token_urlsafe(32)
    session.add(TokenRow(user_id=user.id, token_hash=_digest(token), created=_now()))
    session.flush()
    return token


def user_for_token(session: Session, token: str) -> UserRow | None:
    """The active user a token belongs to, else None."""
    user = session.scalar(select(UserRow).join(TokenRow, TokenRow.user_id == UserRow.id)
                          .where(TokenRow.token_hash == _digest(token)))
    return user if user is not None and user.is_active else None


def role_of(session: Session, user: UserRow, project_id: int) -> str | None:
    """``user``'s role on the project (a site admin is an owner everywhere); None: no access."""
    return "owner" if user.is_admin else member_role(session, project_id, user)


def member_role(session: Session, project_id: int, user: UserRow) -> str | None:
    """The role ``user`` was given on the project (site admin or not), None if none."""
    return session.scalar(select(ProjectRoleRow.role).where(ProjectRoleRow.project_id == project_id,
                                                            ProjectRoleRow.user_id == user.id))


def grant(session: Session, project_id: int, user: UserRow, role: str) -> None:
    """Give ``user`` ``role`` on the project (replacing any role they had)."""
    if role not in ROLES:
        raise StoreError(f"unknown role {role!r}; one of {', '.join(ROLES)}")
    row = session.scalar(select(ProjectRoleRow).where(ProjectRoleRow.project_id == project_id,
                                                      ProjectRoleRow.user_id == user.id))
    if row is None:
        session.add(ProjectRoleRow(project_id=project_id, user_id=user.id, role=role))
    elif row.role != role:
        row.role = role
    session.flush()


def visible_projects(session: Session, user: UserRow) -> Sequence[ProjectSummary]:
    """The projects ``user`` has a role on (every project for a site admin)."""
    everything = list_projects(session)
    if user.is_admin:
        return everything
    mine = set(session.scalars(select(ProjectRoleRow.project_id).where(ProjectRoleRow.user_id == user.id)))
    return [p for p in everything if p.id in mine]
