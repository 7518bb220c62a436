"""What the resource routes share: reading a project, one write transaction for any edit (role, project
lock, If-Match, store only what changed, audit, revision), ETags, and list pagination."""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from typing import Annotated, Any, TypeVar

from fastapi import Depends, Query, Request, Response
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.orm.exc import StaleDataError

from headway.engine.schedule_memo import ScheduleMemo, reusing
from headway.model import Project
from headway.server.deps import Caller, project_role
from headway.server.errors import ApiProblem
from headway.server.replay import replayed
from headway.store import StoreError, bump_revision
from headway.store.audit import record_change
from headway.store.entities import save_changes
from headway.store.entities_cache import ProjectCache

T = TypeVar("T")

Limit = Annotated[int, Query(ge=1, le=1000, description="at most this many items (default 100, at most 1000)")]
Offset = Annotated[int, Query(ge=0, le=1_000_000_000, description="skip this many items first")]


class AppProjects(ProjectCache):
    """The app's read projects, and the schedules last computed for them: an edit schedules the new
    project to check it, and the next ``GET /schedule`` of that revision reuses that schedule."""

    def __init__(self) -> None:
        super().__init__()
        self.schedules = ScheduleMemo()
        self._write_locks: dict[int, threading.Lock] = {}
        self._guard = threading.Lock()

    def load(self, session: Session, project_id: int, revision: int) -> Project:
        """The project at ``revision``: the newest kept revision with the task edits since put in place
        (``server.replay``) when that is all that changed, else read in full."""
        kept = self.newest(project_id, revision)
        if kept is not None:
            project = replayed(session, project_id, kept[1], kept[0], revision)
            if project is not None:
                return project
        return super().load(session, project_id, revision)

    def write_lock(self, project_id: int) -> threading.Lock:
        """This process's queue for edits of one project. Edits of a project are serialized by the
        database anyway (the revision bump); queueing here first means a waiter wakes as soon as the
        edit before it ends, instead of polling SQLite's lock with growing sleeps (its long tail)."""
        with self._guard:
            return self._write_locks.setdefault(project_id, threading.Lock())


def project_cache(request: Request) -> AppProjects:
    """The app's cache of read projects (made on first use; one per app, never module-global)."""
    state = request.app.state
    cache: AppProjects | None = getattr(state, "projects", None)
    if cache is None:
        cache = state.projects = AppProjects()
    return cache


Projects = Annotated[ProjectCache, Depends(project_cache)]


def read_project(sessions: sessionmaker[Session], cache: ProjectCache, caller: Caller,
                 project_id: int) -> tuple[Project, int]:
    """The project (if the caller may see it) and its revision."""
    with sessions() as session:
        project_role(session, caller, project_id)
        return cache.read(session, project_id)


def matches(if_match: str, etag: str) -> bool:
    tags = [t.strip().removeprefix("W/") for t in if_match.split(",")]
    return "*" in tags or etag in tags


def require_match(if_match: str | None, etag: str, what: str) -> None:
    """428 without ``If-Match``, 412 if it does not carry ``etag`` (``what`` names the entity)."""
    if if_match is None:
        raise ApiProblem(428, f"send If-Match with the ETag of {what} (GET it first)", kind="precondition_required")
    if not matches(if_match, etag):
        raise ApiProblem(412, f"{what} changed since you read it (it is now {etag}); GET it again and redo the "
                              "change", kind="stale_etag")


@dataclass
class Edit:
    """What an edit did: the new project, and the audit entry (``before``/``after`` JSON data)."""

    project: Project
    action: str
    entity: str
    key: str | None
    before: Any = None
    after: Any = None
    result: Any = None  # anything the handler wants back from inside the transaction
    stored: bool = False  # the edit wrote its rows itself (else ``save_changes`` does)
    extra: dict[str, Any] = field(default_factory=dict)


def write(sessions: sessionmaker[Session], cache: ProjectCache, caller: Caller, project_id: int,
          edit: Callable[[Session, Project], Edit]) -> Edit:
    """Run ``edit`` on the project in one transaction that first takes the project's lock (by bumping
    its revision), then stores only what changed and audits it. Any failure saves nothing. The schedule
    an edit computes to check the new project is kept (``AppProjects``) for the next reader."""
    memo = cache.schedules if isinstance(cache, AppProjects) else ScheduleMemo(0)
    queue: AbstractContextManager[Any] = (cache.write_lock(project_id) if isinstance(cache, AppProjects)
                                          else nullcontext())
    try:
        with queue, reusing(memo), sessions.begin() as session:
            project_role(session, caller, project_id, write=True)
            revision = bump_revision(session, project_id)
            old = cache.locked(session, project_id, revision - 1)
            done = edit(session, old)
            if done.project is not old and not done.stored:
                save_changes(session, project_id, old, done.project)
            if done.action != "none":
                record_change(session, user_id=caller.id, project_id=project_id, action=done.action,
                              entity=done.entity, key=done.key, before=done.before, after=done.after,
                              revision=revision)
    except StaleDataError as err:
        raise ApiProblem(412, "the entity changed since you read it; GET it again and redo the change",
                         kind="stale_etag") from err
    except IntegrityError as err:
        raise ApiProblem(409, "the change conflicts with the stored project; nothing was saved",
                         kind="conflict") from err
    except StoreError as err:
        raise ApiProblem(422, f"the change cannot be stored: {err}; nothing was saved", kind="invalid_request") from err
    except OperationalError as err:
        if "database is locked" not in str(err):  # SQLite's write lock, still held by others after busy_timeout
            raise
        raise ApiProblem(503, "the database is busy with other writes; nothing was saved: try again",
                         kind="busy", headers={"Retry-After": "1"}) from err
    cache.put(project_id, revision, done.project)
    return done


def page(items: Sequence[T], request: Request, response: Response, limit: int, offset: int) -> list[T]:
    """One page of ``items``, with ``X-Total-Count`` and an RFC 8288 ``Link`` to the next page."""
    paging_headers(len(items), request, response, limit, offset)
    return list(items[offset:offset + limit])


def paging_headers(total: int, request: Request, response: Response, limit: int, offset: int) -> None:
    """``X-Total-Count``, and ``Link: <…>; rel="next"`` when items remain after this page."""
    response.headers["X-Total-Count"] = str(total)
    if offset + limit < total:
        url = request.url.include_query_params(limit=limit, offset=offset + limit)
        response.headers["Link"] = f'<{url}>; rel="next"'

