"""Timesheet lines (actual work per person, task and day): list them with filters, record one or many as a
plan file's ``timesheets:`` lines, and correct or remove the line of one (date, resource, task).

A plan file may hold several lines of one (date, resource, task) (their work adds up); the API keeps one:
a POST of a taken triple is a 409, and PUT or DELETE on the triple acts on every line it has."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Body, Header, Path, Query, Request, Response
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy.orm import Session

from headway.model import Project
from headway.server.deps import CurrentUser, Sessions
from headway.server.errors import ApiProblem
from headway.server.plan_items import line_key, read_lines, timesheet_entry, with_line, with_lines
from headway.server.plans import content_etag
from headway.server.routes.common import Edit, Limit, Offset, Projects, page, read_project, require_match, write
from headway.store.timesheet_rows import append_rows, remove_row, replace_row

router = APIRouter(prefix="/projects/{project_id}", tags=["timesheets"])
Scalar = bool | str | int | float | None  # bool first: true stays true, for the plan rules to refuse
Key = tuple[dt.date, str, str]
ITEM = "/timesheets/{date}/{resource}/{task}"
ResourceId = Annotated[str, Path(max_length=200, description="the resource's id")]
TaskId = Annotated[str, Path(max_length=200, description="the task's id")]
IfMatch = Annotated[str | None, Header(description="the line's ETag")]


class LineIn(BaseModel):
    """A timesheet line as in a plan file's ``timesheets:``; the plan file's rules check every field."""

    model_config = ConfigDict(extra="allow")
    date: Scalar = Field(default=None, description="the day worked, e.g. 2027-01-15")
    resource: Scalar = Field(default=None, description="who worked (a resource id)")
    task: Scalar = Field(default=None, description="on what (a task id)")
    work: Scalar = Field(default=None, description="actual work that day, e.g. 6h")
    overtime: Scalar = Field(default=None, description="of which overtime, e.g. 1h")


LinesBody = Annotated[LineIn | Annotated[list[LineIn], Field(max_length=10_000)],
                      Body(description="one line or a list of lines (at most 10,000)")]


def _text(key: Key) -> str:
    return f"{key[0].isoformat()}/{key[1]}/{key[2]}"


def _named(key: Key) -> dict[str, str]:
    """The fields that name a line, as a plan file writes them."""
    return {"date": key[0].isoformat(), "resource": key[1], "task": key[2]}


def _of(project: Project, key: Key) -> list[dict[str, Any]]:
    """The plan-file entries of the lines of ``key`` (more than one only if a plan file put them there)."""
    return [timesheet_entry(line) for line in project.timesheets if line_key(line) == key]


def _etag(found: list[dict[str, Any]]) -> str:
    return content_etag(found[0] if len(found) == 1 else found)


def _found(project: Project, key: Key) -> list[dict[str, Any]]:
    found = _of(project, key)
    if not found:
        raise ApiProblem(404, f"no timesheet line for {_text(key)}", kind="not_found")
    return found


def _one(found: list[dict[str, Any]], key: Key) -> dict[str, Any]:
    """The one line of ``key``; 409 (with the lines and their ETag) when a plan file recorded several."""
    if len(found) > 1:
        raise ApiProblem(409, f"the plan has {len(found)} lines for {_text(key)} (their work adds up); PUT one "
                              "line to replace them all, or DELETE them", kind="duplicate_timesheet_lines",
                         extra={"lines": found, "etag": _etag(found)})
    return found[0]


@router.get("/timesheets")
def list_timesheets(project_id: int, caller: CurrentUser, sessions: Sessions, cache: Projects, request: Request,
                    response: Response, limit: Limit = 100, offset: Offset = 0,
                    resource: Annotated[str | None, Query(max_length=200, description="only this resource's")] = None,
                    task: Annotated[str | None, Query(max_length=200, description="only this task's")] = None,
                    since: Annotated[dt.date | None, Query(description="only lines on or after this day")] = None,
                    until: Annotated[dt.date | None, Query(description="only lines on or before this day")] = None,
                    ) -> list[dict[str, Any]]:
    """The timesheet lines in plan-file order, filtered by resource, task and days (inclusive)."""
    project, _ = read_project(sessions, cache, caller, project_id)
    found = [line for line in project.timesheets
             if (resource is None or line.resource == resource) and (task is None or line.task == task)
             and (since is None or line.date >= since) and (until is None or line.date <= until)]
    return [timesheet_entry(line) for line in page(found, request, response, limit, offset)]


@router.post("/timesheets", status_code=201)
def create_timesheets(project_id: int, body: LinesBody, caller: CurrentUser, sessions: Sessions, cache: Projects,
                      request: Request, response: Response) -> Any:
    """Record one line (answered with its ETag and Location) or a list of lines, checked as a plan file's:
    422 naming every bad line and field, 409 if a line's (date, resource, task) has one already; either
    way nothing is saved."""
    items = body if isinstance(body, list) else [body]

    def edit(session: Session, project: Project) -> Edit:
        lines = read_lines(project, [item.model_dump(exclude_none=True) for item in items])
        append_rows(session, project_id, len(project.timesheets), lines)
        after = [timesheet_entry(line) for line in lines]
        key = _text(line_key(lines[0])) if len(lines) == 1 else f"{len(lines)} lines"
        return Edit(with_lines(project, lines), "create", "timesheet", key, None,
                    after[0] if len(after) == 1 else after, after, stored=True)

    if not items:
        raise ApiProblem(422, "send at least one timesheet line", kind="invalid_request")
    done = write(sessions, cache, caller, project_id, edit)
    if isinstance(body, list):
        return done.result
    line: dict[str, Any] = done.result[0]
    response.headers["ETag"] = content_etag(line)
    response.headers["Location"] = (f"{request.url.path}/{line['date']}/{quote(line['resource'], safe='')}/"
                                    f"{quote(line['task'], safe='')}")
    return line


@router.get(ITEM)
def get_timesheet_line(project_id: int, date: dt.date, resource: ResourceId, task: TaskId, caller: CurrentUser,
                       sessions: Sessions, cache: Projects, response: Response) -> dict[str, Any]:
    """The line of one (date, resource, task), with its ETag."""
    project, _ = read_project(sessions, cache, caller, project_id)
    found = _found(project, (date, resource, task))
    line = _one(found, (date, resource, task))
    response.headers["ETag"] = _etag(found)
    return line


def _change(project_id: int, key: Key, body: LineIn | None, if_match: str | None, caller: Any, sessions: Any,
            cache: Any, *, merge: bool) -> Edit:
    """Replace (``merge`` off), patch (``null`` removes a field) or remove (``body`` None) the line of ``key``."""

    def edit(session: Session, project: Project) -> Edit:
        found = _found(project, key)
        require_match(if_match, _etag(found), f"the timesheet line {_text(key)}")
        before = found[0] if len(found) == 1 else found
        at = next(i for i, line in enumerate(project.timesheets) if line_key(line) == key)
        single = len(found) == 1  # else the section is rewritten whole (``save_changes``)
        if body is None:
            if single:
                remove_row(session, project_id, at)
            return Edit(with_line(project, key, None), "delete", "timesheet", _text(key), before, None, stored=single)
        changes = body.model_dump(exclude_unset=True)
        _check_key(changes, key)
        base = _one(found, key) if merge else _named(key)
        item = {k: v for k, v in {**base, **changes}.items() if v is not None}
        line = read_lines(with_line(project, key, None), [item])[0]
        if single:
            replace_row(session, project_id, at, line)
        after = timesheet_entry(line)
        return Edit(with_line(project, key, line), "update", "timesheet", _text(key), before, after, after,
                    stored=single)

    return write(sessions, cache, caller, project_id, edit)


def _check_key(changes: dict[str, Any], key: Key) -> None:
    moved = sorted(k for k, v in _named(key).items() if k in changes and str(changes[k]) != v)
    if moved:
        raise ApiProblem(422, f"a line's {', '.join(moved)} cannot be changed (they name it): DELETE the line and "
                              "POST it again", kind="invalid_request")


@router.put(ITEM)
def put_timesheet_line(project_id: int, date: dt.date, resource: ResourceId, task: TaskId, body: LineIn,
                       caller: CurrentUser, sessions: Sessions, cache: Projects, response: Response,
                       if_match: IfMatch = None) -> dict[str, Any]:
    """Replace the line (every line, if a plan file recorded several) of one (date, resource, task)."""
    done = _change(project_id, (date, resource, task), body, if_match, caller, sessions, cache, merge=False)
    response.headers["ETag"] = content_etag(done.result)
    result: dict[str, Any] = done.result
    return result


@router.patch(ITEM)
def patch_timesheet_line(project_id: int, date: dt.date, resource: ResourceId, task: TaskId, body: LineIn,
                         caller: CurrentUser, sessions: Sessions, cache: Projects, response: Response,
                         if_match: IfMatch = None) -> dict[str, Any]:
    """Change some fields of a line, e.g. ``{"work": "7h"}`` (``null`` removes ``overtime``)."""
    done = _change(project_id, (date, resource, task), body, if_match, caller, sessions, cache, merge=True)
    response.headers["ETag"] = content_etag(done.result)
    result: dict[str, Any] = done.result
    return result


@router.delete(ITEM, status_code=204)
def delete_timesheet_line(project_id: int, date: dt.date, resource: ResourceId, task: TaskId, caller: CurrentUser,
                          sessions: Sessions, cache: Projects, if_match: IfMatch = None) -> Response:
    """Remove the line (every line, if a plan file recorded several) of one (date, resource, task)."""
    _change(project_id, (date, resource, task), None, if_match, caller, sessions, cache, merge=True)
    return Response(status_code=204)
