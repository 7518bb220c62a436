"""Resources, calendars (with their exceptions), risks, issues, objectives (with their success criteria)
and stakeholders: one set of routes per kind, each entity being its entry in that section of the plan
file (ETag: a hash of the entry)."""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Body, Header, Query, Request, Response
from sqlalchemy.orm import Session

from headway.model import Project
from headway.server.deps import CurrentUser, Sessions
from headway.server.errors import ApiProblem
from headway.server.plans import KINDS, Kind, content_etag, edited, entries, entry_of
from headway.server.routes.common import Edit, Limit, Offset, Projects, page, read_project, require_match, write

router = APIRouter(prefix="/projects/{project_id}")

EntityBody = Annotated[dict[str, Any], Body(description="the entity's plan-file entry (its fields as in the "
                                                        "plan file's section); in a PATCH, null removes a field")]
IfMatch = Annotated[str | None, Header(description="the entity's ETag")]
_FILTERED = ("risks", "issues")  # kinds with a status to filter by


def _article(noun: str) -> str:
    """The indefinite article for an entity name: "an" before a vowel (an issue, an objective)."""
    return "an" if noun[:1].lower() in "aeiou" else "a"


def _missing(kind: Kind, key: str) -> ApiProblem:
    return ApiProblem(404, f"no {kind.entity} {key!r}", kind="not_found")


def _add_routes(kind: Kind) -> None:
    path, item = f"/{kind.section}", f"/{kind.section}/{{key}}"
    tags: list[str | Any] = [kind.section]

    @router.get(path, tags=tags, name=f"list_{kind.section}", summary=f"List the project's {kind.section}")
    def list_all(project_id: int, caller: CurrentUser, sessions: Sessions, cache: Projects, request: Request,
                 response: Response, limit: Limit = 100, offset: Offset = 0,
                 status: Annotated[str | None, Query(max_length=40, description="only entries with this status "
                                                                                "(risks, issues)")] = None,
                 ) -> list[dict[str, Any]]:
        project, _ = read_project(sessions, cache, caller, project_id)
        found = entries(project, kind)
        if status is not None and kind.section in _FILTERED:
            default = "open"
            found = [e for e in found if str(e.get("status", default)) == status]
        return page(found, request, response, limit, offset)

    @router.post(path, status_code=201, tags=tags, name=f"create_{kind.entity}",
                 summary=f"Add {_article(kind.entity)} {kind.entity} (409 if its {kind.key} is taken)")
    def create(project_id: int, body: EntityBody, caller: CurrentUser, sessions: Sessions, cache: Projects,
               request: Request, response: Response) -> dict[str, Any]:
        key = str(body.get(kind.key))

        def edit(session: Session, project: Project) -> Edit:
            new = edited(project, kind, None, body)
            after = entry_of(new, kind, key)
            return Edit(new, "create", kind.entity, key, None, after, after)

        done = write(sessions, cache, caller, project_id, edit)
        response.headers["ETag"] = content_etag(done.result)
        response.headers["Location"] = f"{request.url.path}/{quote(key, safe='')}"
        result: dict[str, Any] = done.result
        return result

    @router.get(item, tags=tags, name=f"get_{kind.entity}", summary=f"One {kind.entity}, with its ETag")
    def get_one(project_id: int, key: str, caller: CurrentUser, sessions: Sessions, cache: Projects,
                response: Response) -> dict[str, Any]:
        project, _ = read_project(sessions, cache, caller, project_id)
        found = entry_of(project, kind, key)
        if found is None:
            raise _missing(kind, key)
        response.headers["ETag"] = content_etag(found)
        return found

    def change(project_id: int, key: str, body: dict[str, Any] | None, if_match: str | None, caller: Any,
               sessions: Any, cache: Any, *, merge: bool) -> Edit:
        def edit(session: Session, project: Project) -> Edit:
            before = entry_of(project, kind, key)
            if before is None:
                raise _missing(kind, key)
            require_match(if_match, content_etag(before), f"{kind.entity} {key!r}")
            new = edited(project, kind, key, body, merge=merge)
            after = entry_of(new, kind, key) if body is not None else None
            return Edit(new, "update" if body is not None else "delete", kind.entity, key, before, after, after)

        return write(sessions, cache, caller, project_id, edit)

    @router.patch(item, tags=tags, name=f"patch_{kind.entity}",
                  summary=f"Change some fields of a {kind.entity} (If-Match; null removes a field)")
    def patch_one(project_id: int, key: str, body: EntityBody, caller: CurrentUser, sessions: Sessions,
                  cache: Projects, response: Response, if_match: IfMatch = None) -> dict[str, Any]:
        done = change(project_id, key, body, if_match, caller, sessions, cache, merge=True)
        response.headers["ETag"] = content_etag(done.result)
        result: dict[str, Any] = done.result
        return result

    @router.put(item, tags=tags, name=f"put_{kind.entity}", summary=f"Replace a {kind.entity} (If-Match)")
    def put_one(project_id: int, key: str, body: EntityBody, caller: CurrentUser, sessions: Sessions,
                cache: Projects, response: Response, if_match: IfMatch = None) -> dict[str, Any]:
        done = change(project_id, key, body, if_match, caller, sessions, cache, merge=False)
        response.headers["ETag"] = content_etag(done.result)
        result: dict[str, Any] = done.result
        return result

    @router.delete(item, status_code=204, tags=tags, name=f"delete_{kind.entity}",
                   summary=f"Delete a {kind.entity} (If-Match; 422 if the plan still refers to it)")
    def delete_one(project_id: int, key: str, caller: CurrentUser, sessions: Sessions, cache: Projects,
                   if_match: IfMatch = None) -> Response:
        change(project_id, key, None, if_match, caller, sessions, cache, merge=True)
        return Response(status_code=204)


for _kind in ("resources", "calendars", "risks", "issues", "objectives", "stakeholders"):
    _add_routes(KINDS[_kind])
