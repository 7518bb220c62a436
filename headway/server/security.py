"""Cookie sessions on the wire: the two cookies a login sets, and the CSRF and origin checks that a
cookie-authenticated write must pass (a bearer token needs neither: browsers never send it by themselves)."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlsplit

from fastapi import Request, Response

from headway.server.errors import ApiProblem
from headway.server.settings import Settings

SESSION_COOKIE = "headway_session"  # the session secret: HttpOnly, never readable by scripts
CSRF_COOKIE = "headway_csrf"  # readable by the page, which echoes it in CSRF_HEADER
CSRF_HEADER = "X-CSRF-Token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})


def _settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def _secure(request: Request) -> bool:
    return request.url.scheme == "https" or _settings(request).secure_cookies


def set_session_cookies(request: Request, response: Response, token: str, csrf: str, expires: dt.datetime) -> None:
    """Set both cookies to expire with the session (SameSite=Lax, Path=/, Secure over HTTPS)."""
    max_age = max(0, int((expires - dt.datetime.now(dt.UTC)).total_seconds()))
    for name, value, http_only in ((SESSION_COOKIE, token, True), (CSRF_COOKIE, csrf, False)):
        response.set_cookie(name, value, max_age=max_age, expires=expires, path="/", secure=_secure(request),
                            httponly=http_only, samesite="lax")


def clear_session_cookies(request: Request, response: Response) -> None:
    for name, http_only in ((SESSION_COOKIE, True), (CSRF_COOKIE, False)):
        response.delete_cookie(name, path="/", secure=_secure(request), httponly=http_only, samesite="lax")


def origin_of(url: str) -> str | None:
    """``scheme://host[:port]`` of an absolute http(s) URL (default ports dropped), else None."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:
        return None
    scheme, host = parts.scheme.lower(), (parts.hostname or "")
    if scheme not in ("http", "https") or not host:
        return None
    if ":" in host:
        host = f"[{host}]"
    default = {"http": 80, "https": 443}[scheme]
    return f"{scheme}://{host}" + (f":{port}" if port is not None and port != default else "")


def check_origin(request: Request) -> None:
    """403 when the request says it comes from a page of another origin (``Origin``, else ``Referer``);
    requests that send neither (non-browser clients, privacy settings) are judged by the CSRF token alone."""
    claimed = request.headers.get("origin") or request.headers.get("referer")
    if claimed is None:
        return
    own = {origin_of(str(request.base_url)), *(origin_of(o) for o in _settings(request).trusted_origins)}
    if origin_of(claimed) not in own - {None}:
        raise ApiProblem(403, f"a request from {claimed[:100]!r} may not use this server's login session",
                         kind="csrf")


def csrf_problem() -> ApiProblem:
    return ApiProblem(403, f"a write with a session cookie needs the {CSRF_HEADER} header equal to the "
                           f"{CSRF_COOKIE} cookie", kind="csrf")


def csrf_token(request: Request) -> str:
    """The request's CSRF token: the header, which must also equal the cookie (double submit); else 403."""
    sent = request.headers.get(CSRF_HEADER, "")
    if not sent or sent != request.cookies.get(CSRF_COOKIE, ""):
        raise csrf_problem()
    return sent
