"""Tasks: list (paged, filtered), create (``parent`` nests), read with its ``ETag`` (the row version),
change with ``If-Match`` (the fast path: only the task is re-read, only its rows written), delete."""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Body, Header, Query, Request, Response
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

from headway.model import Project
from headway.server.deps import CurrentUser, Sessions, project_role
from headway.server.errors import ApiProblem
from headway.server.plans import added_task, find_task, patched, read_patch, removed_task, task_entry
from headway.server.routes.common import Edit, Limit, Offset, Projects, page, read_project, require_match, write
from headway.store.tasks import StaleVersion, task_row, task_versions, update_task

router = APIRouter(prefix="/projects/{project_id}/tasks", tags=["tasks"])

_PATCH_BODY: dict[str, Any] = {"requestBody": {"required": True, "content": {"application/json": {"schema": {
    "type": "object", "description": "the fields to change, as in the plan file; null removes one",
    "example": {"duration": "4d"}}}}}}
TaskBody = Annotated[dict[str, Any], Body(description="a plan-file task entry (id, name, duration, after, assign…) "
                                                      "and optionally 'parent', the id of the summary to nest it in",
                                          examples=[{"id": "test", "duration": "2d", "after": ["build"]}])]


def etag(version: int) -> str:
    return f'"{version}"'


def _no_task(project_id: int, task_id: str) -> ApiProblem:
    return ApiProblem(404, f"no task {task_id!r} in project {project_id}", kind="not_found")


@router.get("")
def list_tasks(project_id: int, caller: CurrentUser, sessions: Sessions, cache: Projects, request: Request,
               response: Response, limit: Limit = 100, offset: Offset = 0,
               parent: Annotated[str | None, Query(description="only the direct subtasks of this task")] = None,
               resource: Annotated[str | None, Query(description="only tasks assigned to this resource")] = None,
               milestone: Annotated[bool | None, Query(description="only milestones (true) or others")] = None,
               q: Annotated[str | None, Query(max_length=200, description="id or name contains this "
                                                                          "(case-insensitive)")] = None,
               ) -> list[dict[str, Any]]:
    """The project's tasks in plan (WBS) order, each as its plan-file entry with ``id``, ``parent`` and
    ``version`` (its ETag)."""
    project, _ = read_project(sessions, cache, caller, project_id)
    needle = q.lower() if q else None
    chosen = [t for t in project.tasks
              if (parent is None or t.parent == parent) and (milestone is None or t.milestone == milestone)
              and (resource is None or any(a.resource == resource for a in t.assignments))
              and (needle is None or needle in t.id.lower() or needle in t.name.lower())]
    shown = page(chosen, request, response, limit, offset)
    with sessions() as session:
        versions = task_versions(session, project_id)
    return [{**(task_entry(project, t.id) or {}), "version": versions.get(t.id)} for t in shown]


@router.post("", status_code=201)
def create_task(project_id: int, body: TaskBody, caller: CurrentUser, sessions: Sessions, cache: Projects,
                request: Request, response: Response) -> dict[str, Any]:
    """Add a task (at the end of the plan, or of ``parent``'s subtasks); 409 if the id is taken, 422 with
    the plan's problems if it would not validate."""
    key = body.get("id")

    def edit(session: Session, project: Project) -> Edit:
        new = added_task(project, body)
        after = task_entry(new, str(key))
        return Edit(new, "create", "task", str(key), None, after, after)

    done = write(sessions, cache, caller, project_id, edit)
    with sessions() as session:
        row = task_row(session, project_id, str(key))
        response.headers["ETag"] = etag(row.version if row is not None else 1)
    response.headers["Location"] = f"{request.url.path}/{quote(str(key), safe='')}"
    result: dict[str, Any] = done.result
    return result


@router.get("/{task_id}")
def get_task(project_id: int, task_id: str, caller: CurrentUser, sessions: Sessions, cache: Projects,
             response: Response) -> dict[str, Any]:
    """The task as its plan-file entry (with ``id`` and ``parent``); the ``ETag`` header is its version."""
    with sessions() as session:
        project_role(session, caller, project_id)
        row = task_row(session, project_id, task_id)
        if row is None:
            raise _no_task(project_id, task_id)
        version = row.version
        project, _ = cache.read(session, project_id)
    entry = task_entry(project, task_id)
    if entry is None:  # the task came or went between the two reads
        raise _no_task(project_id, task_id)
    response.headers["ETag"] = etag(version)
    return entry


@router.patch("/{task_id}", openapi_extra=_PATCH_BODY)
async def patch_task(project_id: int, task_id: str, request: Request, caller: CurrentUser, sessions: Sessions,
                     cache: Projects, response: Response) -> dict[str, Any]:
    """Change some of the task's fields. ``If-Match`` must carry the ETag last read: 428 without it,
    412 if the task changed since (nothing is saved); 422 if the plan would no longer validate."""
    body = await request.body()
    if_match, content_type = request.headers.get("if-match"), request.headers.get("content-type")

    def edit(session: Session, project: Project) -> Edit:
        row = task_row(session, project_id, task_id)
        old = find_task(project, task_id)
        if row is None or old is None:
            raise _no_task(project_id, task_id)
        require_match(if_match, etag(row.version), f"task {task_id!r}")
        changes = read_patch(body, content_type)
        new_project, new_task = patched(project, task_id, changes)
        if new_task == old:
            return Edit(project, "none", "task", task_id, result=(task_entry(project, task_id), row.version),
                        stored=True)
        try:
            version = update_task(session, project_id, old, new_task, row.version)
        except StaleVersion as err:
            raise ApiProblem(412, f"task {task_id!r} changed since you read it", kind="stale_etag") from err
        before, after = task_entry(project, task_id), task_entry(new_project, task_id)
        return Edit(new_project, "update", "task", task_id, before, after, (after, version), stored=True)

    done = await run_in_threadpool(write, sessions, cache, caller, project_id, edit)
    entry, version = done.result
    response.headers["ETag"] = etag(version)
    result: dict[str, Any] = entry
    return result


@router.delete("/{task_id}", status_code=204)
def delete_task(project_id: int, task_id: str, caller: CurrentUser, sessions: Sessions, cache: Projects,
                if_match: Annotated[str | None, Header(description="the task's ETag")] = None,
                cascade: Annotated[bool, Query(description="also remove the links other tasks have to it")] = False,
                ) -> Response:
    """Delete the task and its subtasks. 409 with ``dependants`` if other tasks link to it, unless
    ``cascade=true`` removes those links too."""

    def edit(session: Session, project: Project) -> Edit:
        row = task_row(session, project_id, task_id)
        if row is None or find_task(project, task_id) is None:
            raise _no_task(project_id, task_id)
        require_match(if_match, etag(row.version), f"task {task_id!r}")
        before = task_entry(project, task_id)
        return Edit(removed_task(project, task_id, cascade=cascade), "delete", "task", task_id, before, None)

    write(sessions, cache, caller, project_id, edit)
    return Response(status_code=204)
