"""Projects: create from a plan file, list the caller's, the computed schedule, the activity feed, members."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, Response
from sqlalchemy.orm import Session, sessionmaker
from starlette.concurrency import run_in_threadpool

from headway.engine.cpm import schedule as compute_schedule
from headway.io.schedule_json import resources_list, schedule_dict
from headway.model import PlanError, Project
from headway.server.deps import Caller, CurrentUser, Sessions, project_role
from headway.server.errors import ApiProblem
from headway.server.plans import PLAN_TYPES, read_plan
from headway.server.schemas import ChangePublic, MemberPublic, MemberUpdate, ProjectCreated, ProjectPublic
from headway.store import StoreError, get_project, import_project
from headway.store.accounts import find_user, grant, member_role, visible_projects
from headway.store.audit import activity, record_change
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
def list_projects(caller: CurrentUser, sessions: Sessions) -> list[ProjectPublic]:
    """The projects the caller has a role on (all of them for a site admin)."""
    with sessions() as session:
        user = session.get(UserRow, caller.id)
        assert user is not None
        return [ProjectPublic(id=p.id, name=p.name, tasks=p.tasks, version=p.version)
                for p in visible_projects(session, user)]


@router.get("/{project_id}/schedule")
def get_schedule(project_id: int, caller: CurrentUser, sessions: Sessions) -> dict[str, Any]:
    """The computed schedule: the same JSON as ``headway schedule --json``."""
    with sessions() as session:
        project_role(session, caller, project_id)
        project = get_project(session, project_id)
    try:
        result = compute_schedule(project)
    except PlanError as err:
        raise ApiProblem(422, "the project cannot be scheduled", kind="plan_invalid", problems=err.problems) from err
    data = schedule_dict(result)
    data["resources"] = resources_list(project, result)
    return data


@router.get("/{project_id}/activity")
def get_activity(project_id: int, caller: CurrentUser, sessions: Sessions,
                 limit: Annotated[int, Query(ge=1, le=1000)] = 100) -> list[ChangePublic]:
    """The project's changes from the audit log, newest first: who, when, what before and after."""
    with sessions() as session:
        project_role(session, caller, project_id)
        return [ChangePublic(at=c.at.isoformat(), user=c.user, action=c.action, entity=c.entity, key=c.key,
                             before=c.before, after=c.after) for c in activity(session, project_id, limit)]


@router.put("/{project_id}/members/{username}")
def put_member(project_id: int, username: str, body: MemberUpdate, caller: CurrentUser,
               sessions: Sessions) -> MemberPublic:
    """Give ``username`` a role on the project (owners only)."""
    with sessions.begin() as session:
        role = project_role(session, caller, project_id, write=True)
        if role != "owner":
            raise ApiProblem(403, "only an owner can change who may see the project", kind="forbidden")
        member = find_user(session, username)
        if member is None:
            raise ApiProblem(404, f"no user {username!r}", kind="not_found")
        before = member_role(session, project_id, member)
        grant(session, project_id, member, body.role)
        record_change(session, user_id=caller.id, project_id=project_id, action="update", entity="member",
                      key=username, before={"role": before} if before else None, after={"role": body.role})
    return MemberPublic(username=username, role=body.role)
