"""Progress entries (list, record one as ``headway update`` does) and baselines (list, save the current
schedule as one as ``headway baseline save`` does, read one)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, Response
from pydantic import BaseModel, Field
from sqlalchemy.orm import Session

from headway.model import Project
from headway.server.deps import CurrentUser, Sessions
from headway.server.errors import ApiProblem
from headway.server.plan_items import with_progress, with_saved_baseline
from headway.server.plans import KINDS, Kind, content_etag, entries, entry_of
from headway.server.routes.common import Edit, Limit, Offset, Projects, page, read_project, write

router = APIRouter(prefix="/projects/{project_id}")
Scalar = str | int | float | None
_BASELINES = KINDS["baselines"]
_PROGRESS = Kind("progress", "progress", "task")


class ProgressCreate(BaseModel):
    """A progress update, as a plan file's ``progress:`` item (``headway update``'s options)."""

    task: str = Field(min_length=1, max_length=200)
    date: Scalar = Field(default=None, description="as of (default: the status date, else today)")
    done: Scalar = Field(default=None, description="percent complete: 60% or 0.6")
    remaining: Scalar = Field(default=None, description="remaining duration, e.g. 3d")
    actual_start: Scalar = None
    actual_finish: Scalar = Field(default=None, description="given alone, the task is 100% done")
    actual_cost: float | None = Field(default=None, ge=0)
    note: str | None = Field(default=None, max_length=10_000)


class BaselineCreate(BaseModel):
    name: str = Field(default="baseline", min_length=1, max_length=200)


@router.get("/progress", tags=["progress"])
def list_progress(project_id: int, caller: CurrentUser, sessions: Sessions, cache: Projects, request: Request,
                  response: Response, limit: Limit = 100, offset: Offset = 0,
                  task: Annotated[str | None, Query(max_length=200, description="only this task's")] = None,
                  ) -> list[dict[str, Any]]:
    """The progress entries, oldest first, as in the plan file."""
    project, _ = read_project(sessions, cache, caller, project_id)
    found = [e for e in _progress(project) if task is None or e.get("task") == task]
    return page(found, request, response, limit, offset)


def _progress(project: Project) -> list[dict[str, Any]]:
    return entries(project, _PROGRESS)


@router.post("/progress", status_code=201, tags=["progress"])
def create_progress(project_id: int, body: ProgressCreate, caller: CurrentUser, sessions: Sessions,
                    cache: Projects) -> dict[str, Any]:
    """Record a progress update (earlier entries stay as history); 422 if the plan would not validate."""

    def edit(session: Session, project: Project) -> Edit:
        new = with_progress(project, body.model_dump(exclude_none=True), dt.date.today())
        after = _progress(new)[-1]
        return Edit(new, "create", "progress", body.task, None, after, after)

    result: dict[str, Any] = write(sessions, cache, caller, project_id, edit).result
    return result


@router.get("/baselines", tags=["baselines"])
def list_baselines(project_id: int, caller: CurrentUser, sessions: Sessions, cache: Projects, request: Request,
                   response: Response, limit: Limit = 100, offset: Offset = 0) -> list[dict[str, Any]]:
    """The saved baselines (name, when saved, finish, cost; without their tasks)."""
    project, _ = read_project(sessions, cache, caller, project_id)
    shown = [{k: v for k, v in e.items() if k != "tasks"} | {"tasks": len(e.get("tasks") or {})}
             for e in entries(project, _BASELINES)]
    return page(shown, request, response, limit, offset)


@router.post("/baselines", status_code=201, tags=["baselines"])
def save_baseline(project_id: int, body: BaselineCreate, caller: CurrentUser, sessions: Sessions,
                  cache: Projects, response: Response) -> dict[str, Any]:
    """Save the current schedule as baseline ``name`` (replacing one of that name)."""

    def edit(session: Session, project: Project) -> Edit:
        before = entry_of(project, _BASELINES, body.name)
        new = with_saved_baseline(project, body.name, dt.datetime.now().replace(microsecond=0))
        after = entry_of(new, _BASELINES, body.name)
        summary = {k: v for k, v in (after or {}).items() if k != "tasks"}
        return Edit(new, "update" if before else "create", "baseline", body.name,
                    {k: v for k, v in before.items() if k != "tasks"} if before else None, summary, after)

    done = write(sessions, cache, caller, project_id, edit)
    response.headers["ETag"] = content_etag(done.result)
    result: dict[str, Any] = done.result
    return result


@router.get("/baselines/{name}", tags=["baselines"])
def get_baseline(project_id: int, name: str, caller: CurrentUser, sessions: Sessions, cache: Projects,
                 response: Response) -> dict[str, Any]:
    """One baseline with its tasks' dates, work and cost."""
    project, _ = read_project(sessions, cache, caller, project_id)
    found = entry_of(project, _BASELINES, name)
    if found is None:
        raise ApiProblem(404, f"no baseline {name!r}", kind="not_found")
    response.headers["ETag"] = content_etag(found)
    return found
