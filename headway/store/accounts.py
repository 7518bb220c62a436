"""Accounts: users with argon2-hashed passwords, personal API tokens (stored as SHA-256), project roles.

Functions take a ``Session``; the caller owns the transaction.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import Connection, Integer, String, bindparam, delete, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from headway.store.address_throttle import address_blocked_until, clear_failures, forget_failures, record_failure
from headway.store.repository import ProjectSummary, StoreError, list_projects
from headway.store.tables import ProjectRow
from headway.store.tables_accounts import ROLES, ProjectRoleRow, TokenRow, UserRow
from headway.store.tables_server import SessionRow

_HASHER = PasswordHasher()  # stateless parameters only; no connection or session


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


def create_user(session: Session, username: str, password: str, *, admin: bool = False) -> UserRow:
    """A new active account; StoreError if the name is taken or empty."""
    name = plain_text(username.strip(), "a user name")
    if not name or len(name) > 150:
        raise StoreError("a user name has 1 to 150 characters")
    if "/" in name or not name.isprintable():
        raise StoreError("a user name may not contain '/' or control characters (it appears in URLs)")
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
    if "\x00" in username:  # PostgreSQL text cannot hold NUL: no such name can exist
        return None
    return session.scalar(select(UserRow).where(UserRow.username == username))


def plain_text(text: str, what: str) -> str:
    """``text`` unless it holds a NUL character, which PostgreSQL cannot store, or a lone surrogate,
    which is not text at all (StoreError)."""
    if "\x00" in text:
        raise StoreError(f"{what} may not contain a NUL character")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as err:
        raise StoreError(f"{what} is not valid Unicode text") from err
    return text


FREE_ATTEMPTS = 5  # wrong passwords in a row before logins to the account are throttled
FIRST_LOCK = dt.timedelta(seconds=30)  # doubles with every further wrong password
LONGEST_LOCK = dt.timedelta(minutes=15)


class LoginThrottled(StoreError):
    """Too many wrong passwords in a row: no login to this account before ``until``."""

    def __init__(self, until: dt.datetime, message: str = "too many failed logins") -> None:
        super().__init__(f"{message}; try again after {until.isoformat()}")
        self.until = until


class AddressThrottled(LoginThrottled):
    """Too many failed logins from one client address (any user names): no login from it before ``until``."""

    def __init__(self, until: dt.datetime) -> None:
        super().__init__(until, "too many failed logins from this address")


def authenticate(session: Session, username: str, password: str, now: dt.datetime | None = None,
                 address: str | None = None) -> UserRow | None:
    """The active user with this name and password, else None (same answer for either mistake).

    Counts wrong passwords on the account (the caller must commit even when this returns None):
    after ``FREE_ATTEMPTS`` in a row, each further one locks the account for a doubling time, during
    which LoginThrottled is raised without checking the password. With the client's ``address``
    (``address_throttle.address_key``), every failure also counts against the address, whatever name it
    named, and AddressThrottled is raised while the address is over its limit: before anything else is
    looked at, and again after the password check. State lives in the database, so every server process
    behind a load balancer sees it.
    """
    now = now or _now()
    _check_address(session, address, now)
    user = find_user(session, username)
    if user is None or not user.is_active or user.password_hash is None:
        _HASHER.hash(password)  # spend the same time as a real check: no user-name probing by timing
        _address_failure(session, address, user, now)
        return None
    if user.locked_until is not None and user.locked_until > now:
        _address_failure(session, address, user, now)
        raise LoginThrottled(user.locked_until)
    try:
        _HASHER.verify(user.password_hash, password)
    except (VerificationError, InvalidHashError):
        user.failed_logins += 1
        if user.failed_logins >= FREE_ATTEMPTS:
            user.locked_until = now + min(FIRST_LOCK * 2 ** (user.failed_logins - FREE_ATTEMPTS), LONGEST_LOCK)
        _address_failure(session, address, user, now)
        session.flush()
        return None
    _check_address(session, address, now)  # see _address_failure
    if user.failed_logins or user.locked_until is not None:
        _clear_lock(user)
        session.flush()
    if address is not None:
        forget_failures(session, address, user.id)
    return user


def _check_address(session: Session, address: str | None, now: dt.datetime) -> None:
    if address is not None:
        blocked_until = address_blocked_until(session, address, now)
        if blocked_until is not None:
            raise AddressThrottled(blocked_until)


def _address_failure(session: Session, address: str | None, user: UserRow | None, now: dt.datetime) -> None:
    """Count a failure against ``address``. Checked again first: while this password was hashed, a burst
    of concurrent guesses from the address may have filled its count, and none of them gets an answer
    beyond it (AddressThrottled, whether the password was right or wrong)."""
    if address is not None:
        _check_address(session, address, now)
        record_failure(session, address, None if user is None else user.id, now)


def digest(secret: str) -> str:
    """The SHA-256 (hex) kept in place of a token: 256 random bits need no slow hash."""
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def issue_token(session: Session, user: UserRow, name: str = "") -> str:
    """A new personal API token for ``user``; only its hash is stored, so this is the one time it is seen."""
    return create_token(session, user, name)[1]


def create_token(session: Session, user: UserRow, name: str = "") -> tuple[int, str]:
    """A new personal API token called ``name``: its id and the token itself (seen only now)."""
    token = secrets.token_urlsafe(32)
    row = TokenRow(user_id=user.id, token_hash=digest(token), created=_now(),
                   name=plain_text(name.strip()[:200], "a token name"))
    session.add(row)
    session.flush()
    return row.id, token


TOKEN_TOUCH_EVERY = dt.timedelta(minutes=1)  # how stale ``last_used`` may get: one write a minute at most


def user_for_token(session: Session, token: str, now: dt.datetime | None = None) -> UserRow | None:
    """The active user a token belongs to, else None; moves the token's ``last_used`` forward."""
    now = now or _now()
    found = session.execute(select(TokenRow.id, TokenRow.last_used, UserRow)
                            .join(UserRow, UserRow.id == TokenRow.user_id)
                            .where(TokenRow.token_hash == digest(token))).first()
    if found is None or not found[2].is_active:
        return None
    token_id, last_used, user = found
    _touch_token(session, token_id, last_used, now)
    return user


def _touch_token(session: Session | Connection, token_id: int, last_used: dt.datetime | None, now: dt.datetime) -> None:
    """Move the token's ``last_used`` forward when it is older than ``TOKEN_TOUCH_EVERY`` (a plain
    UPDATE: no row-version conflict between concurrent requests)."""
    if last_used is None or now - last_used >= TOKEN_TOUCH_EVERY:
        session.execute(update(TokenRow).where(TokenRow.id == token_id).values(last_used=now)
                        .execution_options(synchronize_session=False))


@dataclass(frozen=True, slots=True)
class TokenAccess:
    """A token's active user with their role on one project and its revision (None: no project, or no
    role on it)."""

    user_id: int
    username: str
    is_admin: bool
    role: str | None
    revision: int | None


def token_access(session: Session | Connection, token: str, project_id: int,
                 now: dt.datetime | None = None) -> TokenAccess | None:
    """What ``user_for_token`` and ``project_access`` answer together, in one query (the cached-read path):
    None for an unknown or revoked token or a disabled account. Moves ``last_used`` forward as they do.
    On an autocommit ``Connection`` that is one round trip to the database, with no BEGIN or COMMIT."""
    now = now or _now()
    found = session.execute(_TOKEN_ACCESS, {"token_hash": digest(token), "project_id": project_id}).first()
    if found is None or not found.is_active:
        return None
    _touch_token(session, found.id, found.last_used, now)
    role = None if found.revision is None else _effective_role(found.is_admin, found.role)
    return TokenAccess(found.user_id, found.username, found.is_admin, role,
                       found.revision if role is not None else None)


# Built once: building and hashing the statement cost a third of a cached read's token check.
_PROJECT = bindparam("project_id", type_=Integer)
_TOKEN_ACCESS = (
    select(TokenRow.id, TokenRow.last_used, UserRow.id.label("user_id"), UserRow.username, UserRow.is_admin,
           UserRow.is_active, ProjectRow.revision, ProjectRoleRow.role)
    .join(UserRow, UserRow.id == TokenRow.user_id)
    .outerjoin(ProjectRow, ProjectRow.id == _PROJECT)
    .outerjoin(ProjectRoleRow, (ProjectRoleRow.project_id == _PROJECT) & (ProjectRoleRow.user_id == UserRow.id))
    .where(TokenRow.token_hash == bindparam("token_hash", type_=String)))


def user_tokens(session: Session, user_id: int) -> Sequence[TokenRow]:
    """The user's personal API tokens, newest first."""
    return list(session.scalars(select(TokenRow).where(TokenRow.user_id == user_id).order_by(TokenRow.id.desc())))


def revoke_token(session: Session, user_id: int, token_id: int) -> bool:
    """Delete one of the user's tokens (refused at once from then on); False if they have no such token."""
    result = session.execute(delete(TokenRow).where(TokenRow.id == token_id, TokenRow.user_id == user_id)
                             .execution_options(synchronize_session=False))
    return bool(result.rowcount)  # type: ignore[attr-defined]


def role_of(session: Session, user: UserRow, project_id: int) -> str | None:
    """``user``'s role on the project (a site admin is an owner everywhere); None: no access."""
    access = project_access(session, user.id, user.is_admin, project_id)
    return access[0] if access is not None else None


def project_access(session: Session, user_id: int, is_admin: bool, project_id: int) -> tuple[str, int] | None:
    """The user's role on the project (a site admin is an owner everywhere) and the project's revision,
    in one query; None if the project does not exist or the user has no role on it."""
    found = session.execute(
        select(ProjectRow.revision, ProjectRoleRow.role)
        .outerjoin(ProjectRoleRow, (ProjectRoleRow.project_id == ProjectRow.id) & (ProjectRoleRow.user_id == user_id))
        .where(ProjectRow.id == project_id)).first()
    if found is None:
        return None
    role = _effective_role(is_admin, found.role)
    return None if role is None else (role, found.revision)


def _effective_role(is_admin: bool, member_role: str | None) -> str | None:
    """A site admin is an owner of every project; anyone else has the role they were given (or none)."""
    return "owner" if is_admin else member_role


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


class LastAdmin(StoreError):
    """The change would leave the site without an active admin."""


def list_users(session: Session) -> Sequence[UserRow]:
    """Every account, by name."""
    return list(session.scalars(select(UserRow).order_by(UserRow.username)))


def user_snapshot(user: UserRow) -> dict[str, Any]:
    """The account as the audit log records it (never the password hash)."""
    return {"username": user.username, "display_name": user.display_name, "admin": user.is_admin,
            "active": user.is_active}


def _clear_lock(user: UserRow) -> None:
    """The account's own throttling, lifted: no wrong passwords counted, no lock."""
    user.failed_logins, user.locked_until = 0, None


def unlock(session: Session, user: UserRow | None, address: str | None) -> int:
    """An operator lifts login throttling early: ``user``'s lock and its failed logins from every address,
    and/or every failed login counted against ``address`` (an address key); how many failures were forgotten."""
    if user is not None:
        _clear_lock(user)
    forgotten = clear_failures(session, address=address, user_id=user.id if user is not None else None)
    session.flush()
    return forgotten


def set_password(session: Session, user: UserRow, password: str, *, keep_session: int | None = None) -> None:
    """Give ``user`` a new password, clear login throttling and end their sessions (but ``keep_session``)."""
    if not password:
        raise StoreError("the password is empty")
    user.password_hash = _HASHER.hash(password)
    _clear_lock(user)
    _end_sessions(session, user.id, keep=keep_session)
    session.flush()


def update_user(session: Session, user: UserRow, *, active: bool | None = None, admin: bool | None = None,
                display_name: str | None = None, password: str | None = None) -> None:
    """Change an account (None: leave as is). A deactivated user's sessions end at once and their tokens
    are refused; StoreError if the change would leave no active site admin."""
    losing_admin = user.is_admin and user.is_active and (admin is False or active is False)
    if losing_admin and _active_admins(session) <= 1:
        raise LastAdmin(f"{user.username!r} is the last active site admin; make another admin first")
    if display_name is not None:
        if not display_name.strip():
            raise StoreError("the display name is empty")
        user.display_name = plain_text(display_name.strip(), "a display name")
    if admin is not None:
        user.is_admin = admin
    if active is not None:
        user.is_active = active
        if not active:
            _end_sessions(session, user.id)
    if password is not None:
        set_password(session, user, password)
    session.flush()


def _active_admins(session: Session) -> int:
    return len(list(session.scalars(select(UserRow.id).where(UserRow.is_admin.is_(True),
                                                             UserRow.is_active.is_(True)))))


def _end_sessions(session: Session, user_id: int, *, keep: int | None = None) -> None:
    query = delete(SessionRow).where(SessionRow.user_id == user_id)
    if keep is not None:
        query = query.where(SessionRow.id != keep)
    session.execute(query.execution_options(synchronize_session=False))
