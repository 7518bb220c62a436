"""``POST /api/v1/auth/token``: a personal API token for a user name and password."""

from __future__ import annotations

import datetime as dt
import math

from fastapi import APIRouter

from headway.server.deps import Sessions
from headway.server.errors import ApiProblem
from headway.server.schemas import TokenCreate, TokenPublic
from headway.store.accounts import LoginThrottled, authenticate, issue_token

router = APIRouter(prefix="/auth", tags=["auth"])


@router.post("/token")
def create_token(body: TokenCreate, sessions: Sessions) -> TokenPublic:
    """A new token (send it as ``Authorization: Bearer TOKEN``); 401 for a wrong name or password,
    429 with ``Retry-After`` while the account is throttled after repeated wrong passwords."""
    now = dt.datetime.now(dt.UTC)
    throttled: LoginThrottled | None = None
    token: str | None = None
    with sessions.begin() as session:  # committed on failure too: it counts the wrong password
        try:
            user = authenticate(session, body.username, body.password, now)
        except LoginThrottled as err:
            user, throttled = None, err
        if user is not None:
            token = issue_token(session, user)
    if throttled is not None:
        wait = max(1, math.ceil((throttled.until - now).total_seconds()))
        raise ApiProblem(429, f"too many wrong passwords for this account; try again in {wait} s",
                         kind="login_throttled", headers={"Retry-After": str(wait)})
    if token is None:
        raise ApiProblem(401, "wrong user name or password", kind="unauthenticated")
    return TokenPublic(token=token)
