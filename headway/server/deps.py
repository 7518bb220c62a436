"""Request dependencies: the app's session factory, the caller (from the bearer token), project access."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.orm import Session, sessionmaker

from headway.server.errors import ApiProblem
from headway.store.accounts import role_of, user_for_token
from headway.store.tables import ProjectRow
from headway.store.tables_accounts import UserRow

WRITE_ROLES = ("owner", "editor")


@dataclass(frozen=True, slots=True)
class Caller:
    """The authenticated user, detached from any session."""

    id: int
    username: str
    is_admin: bool


def _sessions(request: Request) -> sessionmaker[Session]:
    factory: sessionmaker[Session] = request.app.state.sessions
    return factory


Sessions = Annotated[sessionmaker[Session], Depends(_sessions)]


_BEARER = HTTPBearer(auto_error=False, description="a personal API token from POST /api/v1/auth/token")


def _caller(credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_BEARER)],
            sessions: Sessions) -> Caller:
    token = credentials.credentials if credentials is not None else ""
    if not token.strip():
        raise ApiProblem(401, "send Authorization: Bearer TOKEN (POST /api/v1/auth/token gives one)",
                         kind="unauthenticated", headers={"WWW-Authenticate": "Bearer"})
    with sessions() as session:
        user = user_for_token(session, token.strip())
        if user is None:
            raise ApiProblem(401, "the token is unknown or revoked", kind="unauthenticated",
                             headers={"WWW-Authenticate": 'Bearer error="invalid_token"'})
        return Caller(user.id, user.username, user.is_admin)


CurrentUser = Annotated[Caller, Depends(_caller)]


def project_role(session: Session, caller: Caller, project_id: int, *, write: bool = False) -> str:
    """The caller's role on the project: 404 if they have none (or it does not exist), 403 if read-only
    and ``write`` is asked for."""
    user = session.get(UserRow, caller.id)
    role = role_of(session, user, project_id) if user is not None else None
    if role is None or session.get(ProjectRow, project_id) is None:
        raise ApiProblem(404, f"no project {project_id}", kind="not_found")
    if write and role not in WRITE_ROLES:
        raise ApiProblem(403, f"your role on project {project_id} is {role}: read only", kind="forbidden")
    return role
