"""Site administration of accounts: list, create and change users (site admins only; every change audited)."""

from __future__ import annotations

import datetime as dt
from urllib.parse import quote

from fastapi import APIRouter, Request, Response
from pydantic import BaseModel, Field
from sqlalchemy.orm import Session

from headway.server.deps import Caller, CurrentUser, Sessions
from headway.server.errors import ApiProblem
from headway.store import StoreError
from headway.store.accounts import LastAdmin, create_user, find_user, list_users, update_user, user_snapshot
from headway.store.audit import record_change
from headway.store.tables_accounts import UserRow

router = APIRouter(prefix="/users", tags=["users"])


class UserPublic(BaseModel):
    username: str
    display_name: str
    admin: bool
    active: bool
    created: dt.datetime


class UserNew(BaseModel):
    username: str = Field(min_length=1, max_length=150)
    password: str = Field(min_length=8, max_length=1024)
    display_name: str | None = Field(default=None, min_length=1, max_length=200)
    admin: bool = False


class UserChange(BaseModel):
    """The fields to change; absent ones stay as they are. A new ``password`` ends the user's sessions."""

    active: bool | None = None
    admin: bool | None = None
    display_name: str | None = Field(default=None, min_length=1, max_length=200)
    password: str | None = Field(default=None, min_length=8, max_length=1024)


def _public(user: UserRow) -> UserPublic:
    return UserPublic(username=user.username, display_name=user.display_name, admin=user.is_admin,
                      active=user.is_active, created=user.created)


def _admin(session: Session, caller: Caller) -> None:
    """403 unless the caller is a site admin (checked in the database: a demotion counts at once)."""
    user = session.get(UserRow, caller.id)
    if user is None or not user.is_admin:
        raise ApiProblem(403, "only a site admin may manage accounts", kind="forbidden")


@router.get("")
def get_users(caller: CurrentUser, sessions: Sessions) -> list[UserPublic]:
    """Every account, by name."""
    with sessions() as session:
        _admin(session, caller)
        return [_public(u) for u in list_users(session)]


@router.post("", status_code=201)
def post_user(body: UserNew, request: Request, response: Response, caller: CurrentUser,
              sessions: Sessions) -> UserPublic:
    """Create an account (409 if the name is taken)."""
    try:
        with sessions.begin() as session:
            _admin(session, caller)
            if find_user(session, body.username.strip()) is not None:
                raise ApiProblem(409, f"user {body.username.strip()!r} already exists", kind="conflict")
            user = create_user(session, body.username, body.password, admin=body.admin)
            if body.display_name is not None:
                update_user(session, user, display_name=body.display_name)
            record_change(session, user_id=caller.id, project_id=None, action="create", entity="user",
                          key=user.username, before=None, after=user_snapshot(user))
            created = _public(user)
    except StoreError as err:
        raise ApiProblem(422, str(err), kind="invalid_request") from err
    response.headers["Location"] = f"{request.url.path}/{quote(created.username, safe='')}"
    return created


@router.patch("/{username}")
def patch_user(username: str, body: UserChange, caller: CurrentUser, sessions: Sessions) -> UserPublic:
    """Change an account: ``active`` (false refuses its sessions and tokens at once), ``admin``,
    ``display_name``, ``password``. 409 if it would leave no active site admin."""
    try:
        with sessions.begin() as session:
            _admin(session, caller)
            user = find_user(session, username)
            if user is None:
                raise ApiProblem(404, f"no user {username!r}", kind="not_found")
            before = user_snapshot(user)
            update_user(session, user, active=body.active, admin=body.admin, display_name=body.display_name,
                        password=body.password)
            after: dict[str, object] = {**user_snapshot(user)}
            if body.password is not None:
                after["password"] = "changed"
            record_change(session, user_id=caller.id, project_id=None, action="update", entity="user",
                          key=username, before=before, after=after)
            changed = _public(user)
    except LastAdmin as err:
        raise ApiProblem(409, str(err), kind="conflict") from err
    except StoreError as err:
        raise ApiProblem(422, str(err), kind="invalid_request") from err
    return changed
