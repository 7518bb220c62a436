"""One task: read it with its ``ETag`` (the row version), change it with ``If-Match``."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request, Response
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.orm.exc import StaleDataError
from starlette.concurrency import run_in_threadpool

from headway.server.deps import Caller, CurrentUser, Sessions, project_role
from headway.server.errors import ApiProblem
from headway.server.plans import patched, read_patch, task_entry
from headway.store import StoreError, bump_revision, get_project
from headway.store.audit import record_change
from headway.store.tasks import StaleVersion, task_row, update_task

router = APIRouter(prefix="/projects/{project_id}/tasks", tags=["tasks"])

_PATCH_BODY: dict[str, Any] = {"requestBody": {"required": True, "content": {"application/json": {"schema": {
    "type": "object", "description": "the fields to change, as in the plan file; null removes one",
    "example": {"duration": "4d"}}}}}}


def etag(version: int) -> str:
    return f'"{version}"'


def _matches(if_match: str, version: int) -> bool:
    tags = [t.strip().removeprefix("W/") for t in if_match.split(",")]
    return "*" in tags or etag(version) in tags


@router.get("/{task_id}")
def get_task(project_id: int, task_id: str, caller: CurrentUser, sessions: Sessions,
             response: Response) -> dict[str, Any]:
    """The task as its plan-file entry (with ``id`` and ``parent``); the ``ETag`` header is its version."""
    with sessions() as session:
        project_role(session, caller, project_id)
        row = task_row(session, project_id, task_id)
        if row is None:
            raise ApiProblem(404, f"no task {task_id!r} in project {project_id}", kind="not_found")
        version = row.version
        entry = task_entry(get_project(session, project_id), task_id)
    assert entry is not None
    response.headers["ETag"] = etag(version)
    return entry


@router.patch("/{task_id}", openapi_extra=_PATCH_BODY)
async def patch_task(project_id: int, task_id: str, request: Request, caller: CurrentUser, sessions: Sessions,
                     response: Response) -> dict[str, Any]:
    """Change some of the task's fields. ``If-Match`` must carry the ETag last read: 428 without it,
    412 if the task changed since (nothing is saved); 422 if the plan would no longer validate."""
    body = await request.body()
    entry, version = await run_in_threadpool(_patch, sessions, caller, project_id, task_id, body,
                                             request.headers.get("if-match"), request.headers.get("content-type"))
    response.headers["ETag"] = etag(version)
    return entry


def _patch(sessions: sessionmaker[Session], caller: Caller, project_id: int, task_id: str, body: bytes,
           if_match: str | None, content_type: str | None) -> tuple[dict[str, Any], int]:
    """The patch in one transaction (run off the event loop); the task's new entry and version."""
    try:
        with sessions.begin() as session:
            project_role(session, caller, project_id)
            row = task_row(session, project_id, task_id)
            if row is None:
                raise ApiProblem(404, f"no task {task_id!r} in project {project_id}", kind="not_found")
            project_role(session, caller, project_id, write=True)
            if if_match is None:
                raise ApiProblem(428, "send If-Match with the task's ETag (GET it first)", kind="precondition_required")
            version = row.version
            if not _matches(if_match, version):
                raise _stale(task_id, version)
            changes = read_patch(body, content_type)
            project = get_project(session, project_id)
            before = task_entry(project, task_id)
            new_project, new_task = patched(project, task_id, changes)
            old_task = next(t for t in project.tasks if t.id == task_id)
            new_version = update_task(session, project_id, old_task, new_task, version)
            after = task_entry(new_project, task_id)
            if new_task != old_task:
                bump_revision(session, project_id)
                record_change(session, user_id=caller.id, project_id=project_id, action="update", entity="task",
                              key=task_id, before=before, after=after)
    except (StaleVersion, StaleDataError) as err:
        raise _stale(task_id, None) from err
    except StoreError as err:
        raise ApiProblem(422, f"the change cannot be stored: {err}; nothing was saved", kind="invalid_request") from err
    assert after is not None
    return after, new_version


def _stale(task_id: str, version: int | None) -> ApiProblem:
    now = f" (it is now {etag(version)})" if version is not None else ""
    return ApiProblem(412, f"task {task_id!r} changed since you read it{now}; GET it again and redo the change",
                      kind="stale_etag")
