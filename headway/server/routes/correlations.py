"""Correlation groups (tasks whose durations err together, for forecasts): list, add, read, replace, remove.

A group has no name in the plan file, so it is named by its 1-based place in the ``correlations:`` list,
as the plan's problems name it ("correlation 2"). Removing group 1 renumbers the rest; a group's ETag
covers its number and content, so a client acting on a stale view of the list gets 412, never the wrong
group."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Header, Path, Request, Response
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy.orm import Session

from headway.model import Project
from headway.server.deps import CurrentUser, Sessions
from headway.server.errors import ApiProblem
from headway.server.plan_items import correlation_entries, with_correlation
from headway.server.plans import content_etag
from headway.server.routes.common import Edit, Limit, Offset, Projects, page, read_project, require_match, write

router = APIRouter(prefix="/projects/{project_id}", tags=["correlations"])
Number = Annotated[int, Path(ge=1, le=1_000_000, description="the group's place in the list, from 1")]
IfMatch = Annotated[str | None, Header(description="the group's ETag")]


class GroupIn(BaseModel):
    """A correlation group as in a plan file's ``correlations:``; the plan file's rules check it."""

    model_config = ConfigDict(extra="forbid")
    tasks: list[Annotated[str, Field(max_length=200)]] = Field(max_length=10_000, description="task ids "
                                                               "(a summary stands for every task beneath it)")
    coefficient: float = Field(allow_inf_nan=False, description="how strongly they err together: 0 ≤ ρ < 1")
    number: int | None = Field(default=None, description="ignored (the group's place names it)")


def _group(project: Project, number: int) -> dict[str, Any]:
    groups = correlation_entries(project)
    if number > len(groups):
        raise ApiProblem(404, f"no correlation {number} (the plan has {len(groups)})", kind="not_found")
    return groups[number - 1]


@router.get("/correlations")
def list_correlations(project_id: int, caller: CurrentUser, sessions: Sessions, cache: Projects, request: Request,
                      response: Response, limit: Limit = 100, offset: Offset = 0) -> list[dict[str, Any]]:
    """The correlation groups in plan-file order, each with its ``number``."""
    project, _ = read_project(sessions, cache, caller, project_id)
    return page(correlation_entries(project), request, response, limit, offset)


@router.post("/correlations", status_code=201)
def create_correlation(project_id: int, body: GroupIn, caller: CurrentUser, sessions: Sessions, cache: Projects,
                       request: Request, response: Response) -> dict[str, Any]:
    """Add a group at the end of the list (422 with every problem if the plan would not validate)."""

    def edit(session: Session, project: Project) -> Edit:
        new = with_correlation(project, None, body.model_dump(exclude={"number"}))
        after = correlation_entries(new)[-1]
        return Edit(new, "create", "correlation", str(after["number"]), None, after, after)

    done = write(sessions, cache, caller, project_id, edit)
    response.headers["ETag"] = content_etag(done.result)
    response.headers["Location"] = f"{request.url.path}/{done.result['number']}"
    result: dict[str, Any] = done.result
    return result


@router.get("/correlations/{number}")
def get_correlation(project_id: int, number: Number, caller: CurrentUser, sessions: Sessions, cache: Projects,
                    response: Response) -> dict[str, Any]:
    """One group, with its ETag."""
    project, _ = read_project(sessions, cache, caller, project_id)
    found = _group(project, number)
    response.headers["ETag"] = content_etag(found)
    return found


def _change(project_id: int, number: int, body: GroupIn | None, if_match: str | None, caller: Any,
            sessions: Any, cache: Any) -> Edit:
    def edit(session: Session, project: Project) -> Edit:
        before = _group(project, number)
        require_match(if_match, content_etag(before), f"correlation {number}")
        if body is None:
            return Edit(with_correlation(project, number, None), "delete", "correlation", str(number), before)
        new = with_correlation(project, number, body.model_dump(exclude={"number"}))
        after = _group(new, number)
        return Edit(new, "update", "correlation", str(number), before, after, after)

    return write(sessions, cache, caller, project_id, edit)


@router.put("/correlations/{number}")
def put_correlation(project_id: int, number: Number, body: GroupIn, caller: CurrentUser, sessions: Sessions,
                    cache: Projects, response: Response, if_match: IfMatch = None) -> dict[str, Any]:
    """Replace a group's tasks and coefficient (If-Match)."""
    done = _change(project_id, number, body, if_match, caller, sessions, cache)
    response.headers["ETag"] = content_etag(done.result)
    result: dict[str, Any] = done.result
    return result


@router.delete("/correlations/{number}", status_code=204)
def delete_correlation(project_id: int, number: Number, caller: CurrentUser, sessions: Sessions, cache: Projects,
                       if_match: IfMatch = None) -> Response:
    """Remove a group (If-Match); the groups after it move up one place."""
    _change(project_id, number, None, if_match, caller, sessions, cache)
    return Response(status_code=204)
