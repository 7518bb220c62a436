"""One project: its settings (GET/PATCH, ETag = the project's revision), DELETE (owners), and the whole
plan file (GET as YAML or JSON, PUT to replace it with ``If-Match`` on the project)."""

from __future__ import annotations

import json
from typing import Annotated, Any

from fastapi import APIRouter, Body, Header, Request, Response
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

from headway.io import plan as plan_file
from headway.model import Project
from headway.server.deps import CurrentUser, Sessions, project_role
from headway.server.errors import ApiProblem
from headway.server.plans import PLAN_TYPES, edited_settings, jsonable, project_entry, read_plan
from headway.server.routes.common import Edit, Projects, read_project, require_match, write
from headway.store import delete_project, project_revision
from headway.store.audit import record_change

router = APIRouter(prefix="/projects/{project_id}", tags=["projects"])
IfMatch = Annotated[str | None, Header(description="the project's ETag (its revision)")]
_PLAN_OUT: dict[int | str, dict[str, Any]] = {"200": {"content": {"application/yaml": {"schema": {"type": "object"}},
                                                 "application/json": {"schema": {"type": "object"}}},
                                     "description": "the plan file"}}
_PLAN_IN: dict[str, Any] = {"requestBody": {"required": True, "content": {
    media: {"schema": {"type": "object", "description": "a Headway plan file"}} for media in PLAN_TYPES}}}


def etag(revision: int) -> str:
    return f'"r{revision}"'


@router.get("")
def get_project_settings(project_id: int, caller: CurrentUser, sessions: Sessions, cache: Projects,
                         response: Response) -> dict[str, Any]:
    """The project's settings (name, start, status date, calendar, description…) as in its plan file, with
    ``id``, ``revision`` and ``tasks`` (a count); the ``ETag`` is the revision, which moves on with any
    change anywhere in the project."""
    project, revision = read_project(sessions, cache, caller, project_id)
    response.headers["ETag"] = etag(revision)
    return {**project_entry(project), "id": project_id, "revision": revision, "tasks": len(project.tasks)}


@router.patch("")
def patch_project(project_id: int, caller: CurrentUser, sessions: Sessions, cache: Projects, response: Response,
                  body: Annotated[dict[str, Any], Body(description="settings to change (as in the plan's project: "
                                                                   "section); null removes one",
                                                       examples=[{"status_date": "2027-02-01"}])],
                  if_match: IfMatch = None) -> dict[str, Any]:
    """Change project settings (If-Match with the project's ETag; 422 if the plan would not validate)."""
    for fixed in ("id", "revision", "tasks"):
        body.pop(fixed, None)

    def edit(session: Session, project: Project) -> Edit:
        revision = _committed_revision(session, project_id)
        require_match(if_match, etag(revision), f"project {project_id}")
        before = project_entry(project)
        new = edited_settings(project, body)
        return Edit(new, "update", "project", str(project_id), before, project_entry(new), len(new.tasks))

    done = write(sessions, cache, caller, project_id, edit)
    project, revision = read_project(sessions, cache, caller, project_id)
    response.headers["ETag"] = etag(revision)
    return {**project_entry(project), "id": project_id, "revision": revision, "tasks": done.result}


def _committed_revision(session: Session, project_id: int) -> int:
    """Inside ``write``: the revision the caller could have read (before this transaction's bump)."""
    revision = project_revision(session, project_id)
    assert revision is not None
    return revision - 1


@router.delete("", status_code=204)
def remove_project(project_id: int, caller: CurrentUser, sessions: Sessions, cache: Projects,
                   if_match: IfMatch = None) -> Response:
    """Delete the project and everything in it (owners only; If-Match with the project's ETag)."""
    with sessions.begin() as session:
        role = project_role(session, caller, project_id, write=True)
        if role != "owner":
            raise ApiProblem(403, "only an owner can delete the project", kind="forbidden")
        require_match(if_match, etag(project_revision(session, project_id) or 0), f"project {project_id}")
        record_change(session, user_id=caller.id, project_id=None, action="delete", entity="project",
                      key=str(project_id), before={"id": project_id}, after=None)
        delete_project(session, project_id)
    cache.drop(project_id)
    return Response(status_code=204)


@router.get("/plan", responses=_PLAN_OUT)
def get_plan(project_id: int, caller: CurrentUser, sessions: Sessions, cache: Projects,
             accept: Annotated[str | None, Header(description="application/json for JSON, else YAML")] = None,
             ) -> Response:
    """The project as a plan file: the same file ``headway db export`` writes (YAML), or its data as JSON."""
    project, revision = read_project(sessions, cache, caller, project_id)
    headers = {"ETag": etag(revision)}
    if accept is not None and "application/json" in accept and "yaml" not in accept:
        return Response(json.dumps(jsonable(plan_file.plan_data(project))), media_type="application/json",
                        headers=headers)
    return Response(plan_file.dumps(project), media_type="application/yaml", headers=headers)


@router.put("/plan", openapi_extra=_PLAN_IN)
async def put_plan(project_id: int, request: Request, caller: CurrentUser, sessions: Sessions, cache: Projects,
                   response: Response, if_match: IfMatch = None) -> dict[str, Any]:
    """Replace the whole plan (If-Match with the project's ETag). Tasks keep their rows (and ETags) where
    they are unchanged; 422 with every problem if the new plan does not validate."""
    body = await request.body()
    content_type = request.headers.get("content-type")

    def edit(session: Session, project: Project) -> Edit:
        require_match(if_match, etag(_committed_revision(session, project_id)), f"project {project_id}")
        new = read_plan(body, content_type)
        return Edit(new, "replace", "plan", str(project_id), {"tasks": len(project.tasks)},
                    {"name": new.name, "tasks": len(new.tasks)})

    await run_in_threadpool(write, sessions, cache, caller, project_id, edit)
    project, revision = await run_in_threadpool(read_project, sessions, cache, caller, project_id)
    response.headers["ETag"] = etag(revision)
    return {**project_entry(project), "id": project_id, "revision": revision, "tasks": len(project.tasks)}
