"""Request dependencies: the app's session factory, the caller (bearer token or session cookie), project access."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request, Response
from fastapi.security import APIKeyCookie, HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.orm import Session, sessionmaker

from headway.server.errors import ApiProblem
from headway.server.security import (
    CSRF_COOKIE,
    CSRF_HEADER,
    SAFE_METHODS,
    SESSION_COOKIE,
    check_origin,
    csrf_problem,
    csrf_token,
    set_session_cookies,
)
from headway.server.settings import Settings
from headway.store.accounts import project_access, user_for_token
from headway.store.sessions import csrf_matches, live_session

WRITE_ROLES = ("owner", "editor")


@dataclass(frozen=True, slots=True)
class Caller:
    """The authenticated user, detached from any session; ``session_id``: the login session (cookie) the
    request came with, None for a bearer token."""

    id: int
    username: str
    is_admin: bool
    session_id: int | None = None


def _sessions(request: Request) -> sessionmaker[Session]:
    factory: sessionmaker[Session] = request.app.state.sessions
    return factory


Sessions = Annotated[sessionmaker[Session], Depends(_sessions)]


BEARER_SCHEME = HTTPBearer(auto_error=False, description="a personal API token from POST /api/v1/auth/token")


COOKIE_SCHEME = APIKeyCookie(name=SESSION_COOKIE, auto_error=False,
                       description=f"a login session from POST /api/v1/auth/login; writes also need {CSRF_HEADER}")


def _caller(request: Request, response: Response,
            credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(BEARER_SCHEME)],
            cookie: Annotated[str | None, Depends(COOKIE_SCHEME)], sessions: Sessions) -> Caller:
    """The user of a bearer token, else of the session cookie (whose writes must pass the CSRF checks)."""
    if credentials is not None:
        return _token_caller(sessions, credentials.credentials.strip())
    if cookie:
        return session_caller(request, response, sessions, cookie)
    raise ApiProblem(401, "log in (POST /api/v1/auth/login) or send Authorization: Bearer TOKEN "
                          "(POST /api/v1/auth/token gives one)",
                     kind="unauthenticated", headers={"WWW-Authenticate": "Bearer"})


def _token_caller(sessions: sessionmaker[Session], token: str) -> Caller:
    with sessions.begin() as session:
        user = user_for_token(session, token) if token else None
        if user is None:
            raise ApiProblem(401, "the token is unknown or revoked, or its account is disabled",
                             kind="unauthenticated", headers={"WWW-Authenticate": 'Bearer error="invalid_token"'})
        return Caller(user.id, user.username, user.is_admin)


def session_caller(request: Request, response: Response, sessions: sessionmaker[Session], cookie: str) -> Caller:
    settings: Settings = request.app.state.settings
    with sessions.begin() as session:
        live = live_session(session, cookie, lifetime=settings.session_lifetime)
        if live is None:
            raise ApiProblem(401, "the login session has ended (expired, logged out or disabled); log in again",
                             kind="unauthenticated", headers={"WWW-Authenticate": "Bearer"})
        if request.method.upper() not in SAFE_METHODS:
            check_origin(request)
            if not csrf_matches(live, csrf_token(request)):
                raise csrf_problem()
        caller = Caller(live.user.id, live.user.username, live.user.is_admin, session_id=live.id)
    csrf = request.cookies.get(CSRF_COOKIE, "")
    if live.touched and csrf_matches(live, csrf):
        set_session_cookies(request, response, cookie, csrf, live.expires)  # slide the cookies with the session
    return caller


CurrentUser = Annotated[Caller, Depends(_caller)]


def project_role(session: Session, caller: Caller, project_id: int, *, write: bool = False) -> str:
    """The caller's role on the project: 404 if they have none (or it does not exist), 403 if read-only
    and ``write`` is asked for."""
    access = project_access(session, caller.id, caller.is_admin, project_id)
    if access is None:
        raise ApiProblem(404, f"no project {project_id}", kind="not_found")
    role = access[0]
    if write and role not in WRITE_ROLES:
        raise ApiProblem(403, f"your role on project {project_id} is {role}: read only", kind="forbidden")
    return role
