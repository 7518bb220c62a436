"""Projects: create from a plan file, list the caller's, the activity feed, members (computed results:
``routes/computed.py``)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, Response
from sqlalchemy.orm import Session, sessionmaker
from starlette.concurrency import run_in_threadpool

from headway.model import Project
from headway.server.deps import Caller, CurrentUser, Sessions, project_role
from headway.server.errors import ApiProblem
from headway.server.plans import PLAN_TYPES, read_plan
from headway.server.routes.common import Limit, Offset, page, paging_headers
from headway.server.schemas import ChangePublic, MemberPublic, MemberUpdate, ProjectCreated, ProjectPublic
from headway.store import StoreError, bump_revision, import_project
from headway.store.accounts import find_user, grant, visible_projects
from headway.store.audit import record_change
from headway.store.entities_people import LastOwner, activity_page, members, remove_member, set_member_role
from headway.store.tables_accounts import UserRow

router = APIRouter(prefix="/projects", tags=["projects"])

_PLAN_BODY: dict[str, Any] = {"requestBody": {"required": True, "content": {
    media: {"schema": {"type": "object", "description": "a Headway plan file"}} for media in PLAN_TYPES}}}


@router.post("", status_code=201, openapi_extra=_PLAN_BODY)
async def create_project(request: Request, response: Response, caller: CurrentUser,
                         sessions: Sessions) -> ProjectCreated:
    """Store the plan in the body (YAML or JSON) as a new project owned by the caller."""
    body = await request.body()
    project_id = await run_in_threadpool(_create, sessions, caller, body, request.headers.get("content-type"))
    response.headers["Location"] = f"{request.url.path}/{project_id}"
    return ProjectCreated(id=project_id)


def _create(sessions: sessionmaker[Session], caller: Caller, body: bytes, content_type: str | None) -> int:
    """Read, check and store the plan in one transaction (run off the event loop); the new project's id."""
    project = read_plan(body, content_type)
    try:
        with sessions.begin() as session:
            return _store(session, caller, project)
    except StoreError as err:
        raise ApiProblem(422, f"the plan cannot be stored: {err}; nothing was saved", kind="invalid_request") from err


def _store(session: Session, caller: Caller, project: Project) -> int:
    project_id = import_project(session, project)
    user = session.get(UserRow, caller.id)
    assert user is not None
    grant(session, project_id, user, "owner")
    record_change(session, user_id=caller.id, project_id=project_id, action="create", entity="project",
                  key=str(project_id), before=None, after={"name": project.name, "tasks": len(project.tasks)})
    return project_id


@router.get("")
def list_projects(caller: CurrentUser, sessions: Sessions, request: Request, response: Response,
                  limit: Limit = 100, offset: Offset = 0) -> list[ProjectPublic]:
    """The projects the caller has a role on (all of them for a site admin), oldest first."""
    with sessions() as session:
        user = session.get(UserRow, caller.id)
        assert user is not None
        found = visible_projects(session, user)
    return [ProjectPublic(id=p.id, name=p.name, tasks=p.tasks, version=p.version)
            for p in page(found, request, response, limit, offset)]


@router.get("/{project_id}/activity")
def get_activity(project_id: int, caller: CurrentUser, sessions: Sessions, request: Request, response: Response,
                 limit: Limit = 100, offset: Offset = 0,
                 entity: Annotated[str | None, Query(max_length=32, description="only changes to this kind of "
                                                                               "entity: task, link, resource…")] = None,
                 since: Annotated[dt.datetime | None, Query(description="only changes at or after this instant "
                                                                         "(ISO 8601; UTC if no offset)")] = None,
                 ) -> list[ChangePublic]:
    """The project's changes from the audit log, newest first: who, when, what before and after."""
    if since is not None:
        since = (since if since.tzinfo else since.replace(tzinfo=dt.UTC)).astimezone(dt.UTC).replace(microsecond=0)
    with sessions() as session:
        project_role(session, caller, project_id)
        changes, total = activity_page(session, project_id, limit=limit, offset=offset, entity=entity, since=since)
    paging_headers(total, request, response, limit, offset)
    return [ChangePublic(at=c.at.isoformat(), user=c.user, action=c.action, entity=c.entity, key=c.key,
                         before=c.before, after=c.after) for c in changes]


@router.get("/{project_id}/members")
def get_members(project_id: int, caller: CurrentUser, sessions: Sessions) -> list[MemberPublic]:
    """Who has a role on the project."""
    with sessions() as session:
        project_role(session, caller, project_id)
        return [MemberPublic(username=name, role=role) for name, role in members(session, project_id)]


def _owner(session: Session, caller: Caller, project_id: int) -> None:
    if project_role(session, caller, project_id, write=True) != "owner":
        raise ApiProblem(403, "only an owner can change who may see the project", kind="forbidden")


@router.put("/{project_id}/members/{username}")
def put_member(project_id: int, username: str, body: MemberUpdate, caller: CurrentUser,
               sessions: Sessions) -> MemberPublic:
    """Give ``username`` a role on the project (owners only; the last owner stays an owner)."""
    try:
        with sessions.begin() as session:
            _owner(session, caller, project_id)
            member = find_user(session, username)
            if member is None:
                raise ApiProblem(404, f"no user {username!r}", kind="not_found")
            before = set_member_role(session, project_id, member, body.role)
            bump_revision(session, project_id)
            record_change(session, user_id=caller.id, project_id=project_id, action="update", entity="member",
                          key=username, before={"role": before} if before else None, after={"role": body.role})
    except LastOwner as err:
        raise ApiProblem(409, str(err), kind="last_owner") from err
    return MemberPublic(username=username, role=body.role)


@router.delete("/{project_id}/members/{username}", status_code=204)
def delete_member(project_id: int, username: str, caller: CurrentUser, sessions: Sessions) -> Response:
    """Take ``username``'s role away (owners only); 409 for the last owner."""
    try:
        with sessions.begin() as session:
            _owner(session, caller, project_id)
            role = remove_member(session, project_id, username)
            bump_revision(session, project_id)
            record_change(session, user_id=caller.id, project_id=project_id, action="delete", entity="member",
                          key=username, before={"role": role}, after=None)
    except LastOwner as err:
        raise ApiProblem(409, str(err), kind="last_owner") from err
    except StoreError as err:
        raise ApiProblem(404, str(err), kind="not_found") from err
    return Response(status_code=204)
