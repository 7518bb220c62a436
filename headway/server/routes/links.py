"""Links (``/links``, ``/links/{pred}/{succ}``) and a task's assignments (``/tasks/{task}/assignments``):
each an item of a task's plan-file entry, so every change is a checked edit of that one task."""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Body, Header, Request, Response
from pydantic import BaseModel, Field
from sqlalchemy.orm import Session

from headway.model import Project
from headway.server.deps import CurrentUser, Sessions
from headway.server.errors import ApiProblem
from headway.server.plan_items import assignment_entries, link_entries, link_entry, with_assignment, with_link
from headway.server.plans import content_etag, find_task
from headway.server.routes.common import Edit, Limit, Offset, Projects, page, read_project, require_match, write

router = APIRouter(prefix="/projects/{project_id}")
IfMatch = Annotated[str | None, Header(description="the entity's ETag")]
Json = str | int | float | bool | None


class LinkCreate(BaseModel):
    predecessor: str = Field(min_length=1, max_length=200)
    successor: str = Field(min_length=1, max_length=200)
    type: str | None = Field(default=None, description="FS (default), SS, FF or SF")
    lag: Json = Field(default=None, description="as in plan files: 2d, -1d, 4h, 3ed…")


class LinkUpdate(BaseModel):
    type: str | None = Field(default=None, description="FS, SS, FF or SF")
    lag: Json = Field(default=None, description="as in plan files: 2d, -1d, 4h, 3ed…")


AssignmentBody = Annotated[dict[str, Any], Body(description="resource, units (50% or 0.5), role or any_of, as in "
                                                            "a plan file's assign: item",
                                                examples=[{"resource": "ann", "units": "50%"}])]


def _no_task(task_id: str) -> ApiProblem:
    return ApiProblem(404, f"no task {task_id!r}", kind="not_found")


def _no_link(pred: str, succ: str) -> ApiProblem:
    return ApiProblem(404, f"no link from {pred!r} to {succ!r}", kind="not_found")


@router.get("/links", tags=["links"])
def list_links(project_id: int, caller: CurrentUser, sessions: Sessions, cache: Projects, request: Request,
               response: Response, limit: Limit = 100, offset: Offset = 0) -> list[dict[str, Any]]:
    """Every link, in plan order of the successors."""
    project, _ = read_project(sessions, cache, caller, project_id)
    return page(link_entries(project), request, response, limit, offset)


@router.post("/links", status_code=201, tags=["links"])
def create_link(project_id: int, body: LinkCreate, caller: CurrentUser, sessions: Sessions, cache: Projects,
                request: Request, response: Response) -> dict[str, Any]:
    """Add a link (409 if there is one already); 422 with the plan's problems if it makes a cycle."""
    pred, succ = body.predecessor, body.successor

    def edit(session: Session, project: Project) -> Edit:
        if find_task(project, succ) is None:
            raise ApiProblem(422, f"no successor task {succ!r}", kind="invalid_request")
        if link_entry(project, pred, succ) is not None:
            raise ApiProblem(409, f"there is already a link from {pred!r} to {succ!r}", kind="conflict")
        new = with_link(project, pred, succ, body.model_dump(exclude_none=True), create=True)
        after = link_entry(new, pred, succ)
        return Edit(new, "create", "link", f"{pred}->{succ}", None, after, after)

    done = write(sessions, cache, caller, project_id, edit)
    response.headers["ETag"] = content_etag(done.result)
    response.headers["Location"] = f"{request.url.path}/{quote(pred, safe='')}/{quote(succ, safe='')}"
    result: dict[str, Any] = done.result
    return result


@router.get("/links/{pred}/{succ}", tags=["links"])
def get_link(project_id: int, pred: str, succ: str, caller: CurrentUser, sessions: Sessions, cache: Projects,
             response: Response) -> dict[str, Any]:
    project, _ = read_project(sessions, cache, caller, project_id)
    found = link_entry(project, pred, succ)
    if found is None:
        raise _no_link(pred, succ)
    response.headers["ETag"] = content_etag(found)
    return found


def _change_link(project_id: int, pred: str, succ: str, body: dict[str, Any] | None, if_match: str | None,
                 caller: Any, sessions: Any, cache: Any) -> Edit:
    def edit(session: Session, project: Project) -> Edit:
        before = link_entry(project, pred, succ)
        if before is None:
            raise _no_link(pred, succ)
        require_match(if_match, content_etag(before), f"the link {pred}->{succ}")
        new = with_link(project, pred, succ, body)
        after = link_entry(new, pred, succ) if body is not None else None
        return Edit(new, "update" if body is not None else "delete", "link", f"{pred}->{succ}", before, after, after)

    return write(sessions, cache, caller, project_id, edit)


@router.patch("/links/{pred}/{succ}", tags=["links"])
def patch_link(project_id: int, pred: str, succ: str, body: LinkUpdate, caller: CurrentUser, sessions: Sessions,
               cache: Projects, response: Response, if_match: IfMatch = None) -> dict[str, Any]:
    """Change a link's type or lag (If-Match)."""
    done = _change_link(project_id, pred, succ, body.model_dump(exclude_unset=True), if_match, caller, sessions,
                        cache)
    response.headers["ETag"] = content_etag(done.result)
    result: dict[str, Any] = done.result
    return result


@router.delete("/links/{pred}/{succ}", status_code=204, tags=["links"])
def delete_link(project_id: int, pred: str, succ: str, caller: CurrentUser, sessions: Sessions, cache: Projects,
                if_match: IfMatch = None) -> Response:
    """Remove a link (If-Match)."""
    _change_link(project_id, pred, succ, None, if_match, caller, sessions, cache)
    return Response(status_code=204)


def _assignment(project: Project, task_id: str, resource: str) -> dict[str, Any] | None:
    task = find_task(project, task_id)
    return next((a for a in assignment_entries(task) if a["resource"] == resource), None) if task else None


@router.get("/tasks/{task_id}/assignments", tags=["assignments"])
def list_assignments(project_id: int, task_id: str, caller: CurrentUser, sessions: Sessions,
                     cache: Projects) -> list[dict[str, Any]]:
    """The task's assignments."""
    project, _ = read_project(sessions, cache, caller, project_id)
    task = find_task(project, task_id)
    if task is None:
        raise _no_task(task_id)
    return assignment_entries(task)


@router.post("/tasks/{task_id}/assignments", status_code=201, tags=["assignments"])
def create_assignment(project_id: int, task_id: str, body: AssignmentBody, caller: CurrentUser,
                      sessions: Sessions, cache: Projects, response: Response) -> dict[str, Any]:
    """Assign a resource to the task (409 if it is already)."""
    resource = body.get("resource")

    def edit(session: Session, project: Project) -> Edit:
        if find_task(project, task_id) is None:
            raise _no_task(task_id)
        if not isinstance(resource, str) or not resource:
            raise ApiProblem(422, "name the 'resource' to assign", kind="invalid_request")
        if _assignment(project, task_id, resource) is not None:
            raise ApiProblem(409, f"{resource!r} is already assigned to {task_id!r}", kind="conflict")
        new = with_assignment(project, task_id, resource, body, create=True)
        after = _assignment(new, task_id, resource)
        return Edit(new, "create", "assignment", f"{task_id}/{resource}", None, after, after)

    done = write(sessions, cache, caller, project_id, edit)
    response.headers["ETag"] = content_etag(done.result)
    result: dict[str, Any] = done.result
    return result


def _change_assignment(project_id: int, task_id: str, resource: str, body: dict[str, Any] | None,
                       if_match: str | None, caller: Any, sessions: Any, cache: Any) -> Edit:
    def edit(session: Session, project: Project) -> Edit:
        before = _assignment(project, task_id, resource)
        if before is None:
            raise ApiProblem(404, f"{resource!r} is not assigned to {task_id!r}", kind="not_found")
        require_match(if_match, content_etag(before), f"the assignment of {resource!r}")
        if body is not None and body.get("resource", resource) != resource:
            raise ApiProblem(422, "'resource' cannot be changed; delete and add the assignment",
                             kind="invalid_request")
        new = with_assignment(project, task_id, resource, body)
        after = _assignment(new, task_id, resource) if body is not None else None
        return Edit(new, "update" if body is not None else "delete", "assignment", f"{task_id}/{resource}",
                    before, after, after)

    return write(sessions, cache, caller, project_id, edit)


@router.patch("/tasks/{task_id}/assignments/{resource}", tags=["assignments"])
def patch_assignment(project_id: int, task_id: str, resource: str, body: AssignmentBody, caller: CurrentUser,
                     sessions: Sessions, cache: Projects, response: Response,
                     if_match: IfMatch = None) -> dict[str, Any]:
    """Change an assignment's units (If-Match)."""
    done = _change_assignment(project_id, task_id, resource, body, if_match, caller, sessions, cache)
    response.headers["ETag"] = content_etag(done.result)
    result: dict[str, Any] = done.result
    return result


@router.delete("/tasks/{task_id}/assignments/{resource}", status_code=204, tags=["assignments"])
def delete_assignment(project_id: int, task_id: str, resource: str, caller: CurrentUser, sessions: Sessions,
                      cache: Projects, if_match: IfMatch = None) -> Response:
    """Unassign the resource (If-Match)."""
    _change_assignment(project_id, task_id, resource, None, if_match, caller, sessions, cache)
    return Response(status_code=204)
