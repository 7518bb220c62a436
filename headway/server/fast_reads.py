"""Cached computed results answered in front of FastAPI: the path most reads of a busy project take.

A computed result (``GET /api/v1/projects/{id}/schedule`` and its siblings) is served from the result
cache once the project's revision has been computed. What FastAPI adds to such a hit — routing, query
validation, dependency resolution, its exception middleware — cost about as much CPU as the rest of the
request. ``FastReads`` answers the hit directly, and only when FastAPI has already answered the very same
URL: ``remember`` (called by the route, after FastAPI validated the query) records which result a path
and raw query string name. The caller's bearer token, their role and the revision are checked by the
same single query as the route's. Anything else — another method, a login cookie instead of a token, an
unknown or refused caller, a result not cached yet — passes through to FastAPI unchanged, which answers
it (401, 404, computing the result) exactly as without this shortcut.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
from dataclasses import dataclass

from anyio import to_thread
from sqlalchemy import Engine
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from headway.io.computed_params import Params
from headway.store.accounts import token_access

MAX_REMEMBERED = 1024  # distinct (path, query) pairs; beyond that, new ones take FastAPI's route
PROJECT_PATH = re.compile(r"/api/v1/projects/([0-9]{1,18})/(.+)")


@dataclass(frozen=True, slots=True)
class Named:
    """The cached result a URL names: its kind and options, as the route validated them."""

    kind: str
    params: Params


@dataclass(frozen=True, slots=True)
class Hit:
    """A cached answer for a revision: its headers (ETag among them) and body, or 304 when unchanged."""

    status: int
    headers: dict[str, str]
    body: bytes

    def raw_headers(self) -> list[tuple[bytes, bytes]]:
        """The headers as ASGI sends them (``Content-Length`` added to a 200, as Starlette does)."""
        sent = [(name.lower().encode("latin-1"), value.encode("latin-1")) for name, value in self.headers.items()]
        if self.status == 200:
            sent.append((b"content-length", str(len(self.body)).encode()))
        return sent


# (project id, revision, named result, Accept-Encoding, If-None-Match) -> the cached answer, None on a miss
AnswerFn = Callable[[int, int, Named, str, str], Hit | None]


class Shortcuts:
    """Which cached result each URL already answered by a route names (bounded; thread-safe)."""

    def __init__(self, limit: int = MAX_REMEMBERED) -> None:
        self._named: dict[tuple[str, bytes], Named] = {}
        self._limit = limit
        self._lock = threading.Lock()

    def remember(self, rest: str, query: bytes, kind: str, params: Params) -> None:
        """``/api/v1/projects/{id}/{rest}?{query}`` names ``(kind, params)`` for every project."""
        with self._lock:
            if len(self._named) < self._limit or (rest, query) in self._named:
                self._named[(rest, query)] = Named(kind, params)

    def named(self, rest: str, query: bytes) -> Named | None:
        return self._named.get((rest, query))


def bearer_token(authorization: bytes) -> str | None:
    """The token of an ``Authorization: Bearer TOKEN`` header, else None."""
    scheme, _, token = authorization.decode("latin-1").strip().partition(" ")
    token = token.strip()
    return token if scheme.lower() == "bearer" and token else None


class FastReads:
    """ASGI middleware: cached results for bearer-token callers, without the framework in between.
    ``answer`` builds the response from the cache as the route does; ``engine`` runs in autocommit."""

    def __init__(self, app: ASGIApp, *, shortcuts: Shortcuts, engine: Engine, answer: AnswerFn) -> None:
        self.app, self.shortcuts, self.engine, self.answer = app, shortcuts, engine, answer

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        hit = await self._hit(scope) if scope["type"] == "http" and scope["method"] == "GET" else None
        if hit is None:
            await self.app(scope, receive, send)
            return
        start: Message = {"type": "http.response.start", "status": hit.status, "headers": hit.raw_headers()}
        await send(start)
        await send({"type": "http.response.body", "body": hit.body})

    async def _hit(self, scope: Scope) -> Hit | None:
        found = PROJECT_PATH.fullmatch(scope["path"])
        if found is None:
            return None
        named = self.shortcuts.named(found[2], scope["query_string"])
        if named is None:
            return None
        headers = dict(scope["headers"])  # lower-case names; a repeated header: its last value
        token = bearer_token(headers.get(b"authorization", b""))
        if token is None or b"cookie" in headers:  # a cookie session: the route checks it (and refreshes it)
            return None
        project_id = int(found[1])
        revision = await to_thread.run_sync(self._revision, token, project_id)
        if revision is None:
            return None  # unknown token or no role: the route answers 401 or 404
        return self.answer(project_id, revision, named, headers.get(b"accept-encoding", b"").decode("latin-1"),
                           headers.get(b"if-none-match", b"").decode("latin-1"))

    def _revision(self, token: str, project_id: int) -> int | None:
        with self.engine.connect() as connection:
            access = token_access(connection, token, project_id)
        return None if access is None else access.revision


