"""The caller's own account: log in (a bearer token or a cookie session), log out, who am I, change the
password, and list or revoke one's personal API tokens and login sessions."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable
from typing import Annotated, TypeVar

from fastapi import APIRouter, Path, Request, Response
from pydantic import BaseModel, Field
from sqlalchemy.orm import Session, sessionmaker

from headway.server.deps import Caller, CurrentUser, Sessions
from headway.server.errors import ApiProblem
from headway.server.schemas import TokenCreate, TokenPublic
from headway.server.security import check_origin, clear_session_cookies, set_session_cookies
from headway.server.settings import Settings
from headway.store import StoreError
from headway.store.accounts import (
    AddressThrottled,
    LoginThrottled,
    authenticate,
    create_token,
    issue_token,
    revoke_token,
    set_password,
    user_tokens,
)
from headway.store.address_throttle import address_key
from headway.store.audit import record_change
from headway.store.sessions import NewSession, end_session, open_session, user_sessions
from headway.store.tables_accounts import UserRow

router = APIRouter(prefix="/auth", tags=["auth"])
T = TypeVar("T")
RowId = Annotated[int, Path(ge=1, le=2**31 - 1)]  # a database id: larger ones would overflow PostgreSQL


class Me(BaseModel):
    username: str
    display_name: str
    admin: bool


class PasswordChange(BaseModel):
    old: str = Field(min_length=1, max_length=1024)
    new: str = Field(min_length=8, max_length=1024)


class TokenNew(BaseModel):
    name: str = Field(min_length=1, max_length=200)


class TokenIssued(BaseModel):
    id: int
    name: str
    token: str


class TokenInfo(BaseModel):
    """A personal API token as listed: never the token itself."""

    id: int
    name: str
    created: dt.datetime
    last_used: dt.datetime | None


class SessionInfo(BaseModel):
    id: int
    created: dt.datetime
    last_seen: dt.datetime
    expires: dt.datetime
    user_agent: str
    current: bool


def _me(user: UserRow) -> Me:
    return Me(username=user.username, display_name=user.display_name, admin=user.is_admin)


def client_address(request: Request) -> str:
    """The key the request's failed logins count under: its client address (set from forwarded headers by
    uvicorn when the peer is a trusted proxy, ``serve --forwarded-allow-ips``)."""
    return address_key(request.client.host if request.client is not None else None)


def _log_in(request: Request, sessions: sessionmaker[Session], body: TokenCreate,
            grant: Callable[[Session, UserRow], T]) -> T:
    """``grant(session, user)`` for the right name and password; 401 otherwise, 429 with ``Retry-After``
    while the account or the client's address is throttled after repeated failed logins."""
    now = dt.datetime.now(dt.UTC)
    throttled: LoginThrottled | None = None
    granted: list[T] = []
    with sessions.begin() as session:  # committed on failure too: it counts the wrong password
        try:
            user = authenticate(session, body.username, body.password, now, client_address(request))
        except LoginThrottled as err:
            user, throttled = None, err
        if user is not None:
            granted.append(grant(session, user))
    if throttled is not None:
        raise _throttled(throttled)
    if not granted:
        raise ApiProblem(401, "wrong user name or password", kind="unauthenticated")
    return granted[0]


def _throttled(err: LoginThrottled) -> ApiProblem:
    # from now, not from the request's start: failures that other requests recorded during this one's
    # password check (after its start) may be what throttles it
    wait = max(1, math.ceil((err.until - dt.datetime.now(dt.UTC)).total_seconds()))
    what = ("failed logins from your address" if isinstance(err, AddressThrottled)
            else "wrong passwords for this account")
    return ApiProblem(429, f"too many {what}; try again in {wait} s",
                      kind="login_throttled", headers={"Retry-After": str(wait)})


@router.post("/token")
def create_token_for_login(body: TokenCreate, request: Request, sessions: Sessions,
                           response: Response) -> TokenPublic:
    """A new token (send it as ``Authorization: Bearer TOKEN``); 401 for a wrong name or password,
    429 with ``Retry-After`` while the account or the client's address is throttled after repeated
    failed logins."""
    response.headers["Cache-Control"] = "no-store"
    return TokenPublic(token=_log_in(request, sessions, body,
                                     lambda session, user: issue_token(session, user, "login")))


@router.post("/login")
def login(body: TokenCreate, request: Request, response: Response, sessions: Sessions) -> Me:
    """Open a cookie session: sets ``headway_session`` (HttpOnly) and ``headway_csrf`` (for the page to
    echo in ``X-CSRF-Token`` on every write). 401 and 429 as for ``/auth/token``."""
    check_origin(request)  # no logging a victim's browser into the attacker's account from another site
    settings: Settings = request.app.state.settings
    agent = request.headers.get("user-agent", "")

    def start(session: Session, user: UserRow) -> tuple[Me, NewSession]:
        return _me(user), open_session(session, user, user_agent=agent, lifetime=settings.session_lifetime)

    me, new = _log_in(request, sessions, body, start)
    response.headers["Cache-Control"] = "no-store"
    set_session_cookies(request, response, new.token, new.csrf, new.expires)
    return me


@router.post("/logout", status_code=204, response_class=Response)
def logout(request: Request, caller: CurrentUser, sessions: Sessions) -> Response:
    """End the cookie session and clear its cookies (a bearer token stays valid: revoke it under /auth/tokens)."""
    if caller.session_id is not None:
        with sessions.begin() as session:
            end_session(session, caller.id, caller.session_id)
    response = Response(status_code=204)
    clear_session_cookies(request, response)
    return response


@router.get("/me")
def me(caller: CurrentUser, sessions: Sessions) -> Me:
    """Who the session or token belongs to."""
    with sessions() as session:
        return _me(_user(session, caller))


def _user(session: Session, caller: Caller) -> UserRow:
    user = session.get(UserRow, caller.id)
    if user is None or not user.is_active:
        raise ApiProblem(401, "the account is disabled", kind="unauthenticated")
    return user


@router.post("/password", status_code=204, response_class=Response)
def change_password(body: PasswordChange, request: Request, caller: CurrentUser, sessions: Sessions) -> Response:
    """Change one's password (``old`` must be right: 403, or 429 when the account or the address is
    throttled); ends one's other sessions."""
    now = dt.datetime.now(dt.UTC)
    throttled: LoginThrottled | None = None
    with sessions.begin() as session:  # committed when wrong or throttled too: it counts the failure
        try:
            user = authenticate(session, caller.username, body.old, now, client_address(request))
        except LoginThrottled as err:
            user, throttled = None, err
        if user is not None:
            set_password(session, user, body.new, keep_session=caller.session_id)
            record_change(session, user_id=caller.id, project_id=None, action="update", entity="user",
                          key=caller.username, before=None, after={"password": "changed"})
    if throttled is not None:
        raise _throttled(throttled)
    if user is None:
        raise ApiProblem(403, "the old password is wrong", kind="wrong_password")
    return Response(status_code=204)


@router.get("/tokens")
def list_tokens(caller: CurrentUser, sessions: Sessions) -> list[TokenInfo]:
    """The caller's personal API tokens (names and dates, never the tokens)."""
    with sessions() as session:
        return [TokenInfo(id=t.id, name=t.name, created=t.created, last_used=t.last_used)
                for t in user_tokens(session, caller.id)]


@router.post("/tokens", status_code=201)
def new_token(body: TokenNew, caller: CurrentUser, sessions: Sessions, response: Response) -> TokenIssued:
    """A new personal API token called ``name``; the token is in this answer only."""
    try:
        with sessions.begin() as session:
            token_id, token = create_token(session, _user(session, caller), body.name)
            record_change(session, user_id=caller.id, project_id=None, action="create", entity="token",
                          key=str(token_id), before=None, after={"name": body.name.strip()})
    except StoreError as err:
        raise ApiProblem(422, str(err), kind="invalid_request") from err
    response.headers["Cache-Control"] = "no-store"
    return TokenIssued(id=token_id, name=body.name.strip(), token=token)


@router.delete("/tokens/{token_id}", status_code=204, response_class=Response)
def delete_token(token_id: RowId, caller: CurrentUser, sessions: Sessions) -> Response:
    """Revoke one of the caller's tokens: refused (401) from the next request on."""
    with sessions.begin() as session:
        if not revoke_token(session, caller.id, token_id):
            raise ApiProblem(404, f"you have no token {token_id}", kind="not_found")
        record_change(session, user_id=caller.id, project_id=None, action="delete", entity="token",
                      key=str(token_id), before=None, after=None)
    return Response(status_code=204)


@router.get("/sessions")
def list_sessions(caller: CurrentUser, sessions: Sessions) -> list[SessionInfo]:
    """The caller's open login sessions, most recently used first (``current``: this request's)."""
    with sessions() as session:
        return [SessionInfo(id=s.id, created=s.created, last_seen=s.last_seen, expires=s.expires,
                            user_agent=s.user_agent, current=s.id == caller.session_id)
                for s in user_sessions(session, caller.id)]


@router.delete("/sessions/{session_id}", status_code=204, response_class=Response)
def delete_session(session_id: RowId, request: Request, caller: CurrentUser, sessions: Sessions) -> Response:
    """End one of the caller's sessions (logging out that browser); ending the current one clears its cookies."""
    with sessions.begin() as session:
        if not end_session(session, caller.id, session_id):
            raise ApiProblem(404, f"you have no session {session_id}", kind="not_found")
    response = Response(status_code=204)
    if session_id == caller.session_id:
        clear_session_cookies(request, response)
    return response
