"""Computed results for the API: a stored project and its revision, a kind's result as JSON bytes,
and the computation's errors as problems. Shared by the endpoints and the job workers."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy.orm import Session

from headway.io.computed import ParamError, compute
from headway.io.computed_params import Params
from headway.model import PlanError, Project
from headway.server.deps import Caller
from headway.server.errors import ApiProblem, problem_dict
from headway.store import get_project, project_revision
from headway.store.accounts import project_access
from headway.store.repository import StoreError


def encode(data: Any) -> bytes:
    """Compact JSON (the CLI indents; the data is the same)."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode()


def readable_revision(session: Session, caller: Caller, project_id: int) -> int:
    """The project's revision if the caller may read it (any role; a site admin always), else 404."""
    access = project_access(session, caller.id, caller.is_admin, project_id)
    if access is None:
        raise ApiProblem(404, f"no project {project_id}", kind="not_found")
    return access[1]


def revision_of(session: Session, project_id: int) -> int:
    """The project's revision (404 if it is gone)."""
    revision = project_revision(session, project_id)
    if revision is None:
        raise ApiProblem(404, f"no project {project_id}", kind="not_found")
    return revision


def load(session: Session, project_id: int) -> Project:
    """The stored project (404 if it is gone)."""
    try:
        return get_project(session, project_id)
    except StoreError as err:
        raise ApiProblem(404, f"no project {project_id}", kind="not_found") from err


def as_problem(err: Exception) -> ApiProblem:
    """The computation's failure as the API reports it: 404 for a named task or resource the project
    lacks, 422 for other options that do not fit and for a plan that cannot be scheduled."""
    if isinstance(err, ApiProblem):
        return err
    if isinstance(err, ParamError):
        if err.missing:
            return ApiProblem(404, err.message, kind="not_found")
        return ApiProblem(422, err.message, kind="invalid_params")
    if isinstance(err, PlanError):
        return ApiProblem(422, "the project cannot be scheduled", kind="plan_invalid", problems=err.problems)
    return ApiProblem(500, f"the computation failed ({type(err).__name__})", kind="computation_failed")


def problem_data(problem: ApiProblem) -> dict[str, Any]:
    """A problem as problem+json data (stored with a failed job)."""
    data: dict[str, Any] = {"type": f"urn:headway:problem:{problem.kind}" if problem.kind else "about:blank",
                            "status": problem.status, "detail": problem.detail, **problem.extra}
    if problem.problems:
        data["problems"] = [problem_dict(p) for p in problem.problems]
    return data


def compute_bytes(kind: str, project: Project, params: Params) -> bytes:
    """``kind``'s result for ``project`` as JSON bytes; errors as ``ApiProblem``."""
    try:
        return encode(compute(kind, project, params))
    except (ParamError, PlanError) as err:
        raise as_problem(err) from err
