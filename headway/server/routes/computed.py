"""Computed results of a project, each the JSON of the matching CLI ``--json`` command.

Results are cached in the process by ``(project, revision, kind, options)``, as JSON and gzipped
JSON; the revision is read from the database on each request, so every write (in any process) makes
the next read recompute. An ``ETag`` per revision lets clients revalidate with ``If-None-Match``.
Long computations (CP-SAT leveling, forecasts beyond ``SYNC_ITERATIONS``) are jobs:
``POST /projects/{id}/jobs``.
"""

from __future__ import annotations

import datetime as dt
import gzip
import hashlib
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, Response
from sqlalchemy.orm import Session, sessionmaker

from headway.engine.periods import Granularity
from headway.engine.status_forecast import STATUS_ITERATIONS
from headway.io.computed_params import (
    FORECAST_ITERATIONS,
    MAX_BLOCKER_DAYS,
    CriticalParams,
    EvmParams,
    ForecastParams,
    LevelParams,
    Params,
    ScheduleParams,
    StatusParams,
    UsageParams,
    WhyParams,
)
from headway.server.cache import ResultCache
from headway.server.computing import compute_bytes, readable_revision
from headway.server.deps import CurrentUser, Sessions
from headway.server.errors import ApiProblem
from headway.server.routes.common import project_cache
from headway.store import StoreError

router = APIRouter(prefix="/projects/{project_id}", tags=["computed"])

SYNC_ITERATIONS = FORECAST_ITERATIONS  # more Monte Carlo iterations than this: POST a job
REVISION_HEADER = "Headway-Project-Revision"
GZIP_LEVEL = 5  # a 1,000-task schedule: 1.8 MB of JSON in 0.1 MB, compressed once per revision
_JSON: dict[int | str, dict[str, Any]] = {200: {"content": {"application/json": {"schema": {"type": "object"}}},
                                                "description": "the CLI's --json object"},
                                          304: {"description": "unchanged since the ETag sent in If-None-Match"}}

Seed = Annotated[int, Query(ge=0, lt=2**63, description="random seed: the same seed gives the same result")]
DateOrTime = dt.date | dt.datetime  # a date first: 2027-03-01 is the day, as the CLI reads it


def result_etag(project_id: int, revision: int, kind: str, params: Params) -> str:
    """Stable across processes: the same project revision, kind and options give the same tag."""
    digest = hashlib.sha256(repr(params).encode()).hexdigest()[:16]
    return f'"{kind}-{project_id}-{revision}-{digest}"'


def _serve(request: Request, caller: CurrentUser, sessions: sessionmaker[Session], project_id: int, kind: str,
           params: Params) -> Response:
    """The cached result if the project's revision has one, else computed once and kept."""
    with sessions() as session:
        revision = readable_revision(session, caller, project_id)
    tag = result_etag(project_id, revision, kind, params)
    headers = {"ETag": tag, REVISION_HEADER: str(revision), "Cache-Control": "private, no-cache"}
    if tag in [t.strip() for t in request.headers.get("if-none-match", "").split(",")]:
        return Response(status_code=304, headers=headers)
    cache: ResultCache = request.app.state.cache
    key = (project_id, revision, kind, params)

    projects = project_cache(request)

    def fresh() -> bytes:
        with sessions() as session:  # a later revision than read at worst: never staler
            try:
                project, _ = projects.read(session, project_id)  # kept by the last edit: no reload
            except StoreError as err:
                raise ApiProblem(404, f"no project {project_id}", kind="not_found") from err
        return compute_bytes(kind, project, params)

    headers["Vary"] = "Accept-Encoding"
    if not accepts_gzip(request.headers.get("accept-encoding", "")):
        return Response(cache.get_or_compute(key, fresh), media_type="application/json", headers=headers)
    body = cache.get_or_compute((*key, "gzip"), lambda: gzip.compress(cache.get_or_compute(key, fresh), GZIP_LEVEL))
    return Response(body, media_type="application/json", headers={**headers, "Content-Encoding": "gzip"})


def accepts_gzip(accept_encoding: str) -> bool:
    """Whether ``Accept-Encoding`` allows gzip (``gzip;q=0`` refuses it)."""
    for part in accept_encoding.lower().split(","):
        name, _, quality = part.strip().partition(";")
        if name.strip() in ("gzip", "*"):
            return quality.replace(" ", "") not in ("q=0", "q=0.0", "q=0.00", "q=0.000")
    return False


def _too_long(what: str) -> ApiProblem:
    return ApiProblem(422, f"{what} takes too long to answer here: POST /api/v1/projects/{{id}}/jobs with the same "
                      "options and read the result when the job is done", kind="use_a_job")


@router.get("/schedule", responses=_JSON, response_model=None)
def get_schedule(project_id: int, request: Request, caller: CurrentUser, sessions: Sessions) -> Response:
    """The computed schedule: the same JSON as ``headway schedule --json``."""
    return _serve(request, caller, sessions, project_id, "schedule", ScheduleParams())


@router.get("/critical", responses=_JSON, response_model=None)
def get_critical(project_id: int, request: Request, caller: CurrentUser, sessions: Sessions) -> Response:
    """The critical path: ``headway critical --json``."""
    return _serve(request, caller, sessions, project_id, "critical", CriticalParams())


@router.get("/leveled", responses=_JSON, response_model=None)
def get_leveled(project_id: int, request: Request, caller: CurrentUser, sessions: Sessions,
                method: Annotated[str, Query(pattern="^(heuristic|optimal)$")] = "heuristic",
                time_limit: Annotated[float, Query(ge=0.1, le=60)] = 10.0,
                objective: Annotated[str, Query(pattern="^(finish|lateness)$")] = "finish",
                within_float: bool = False) -> Response:
    """The heuristically leveled schedule: ``headway level --json`` (CP-SAT, ``method=optimal``, is a job)."""
    if method == "optimal":
        raise _too_long("leveling with CP-SAT (method=optimal)")
    params = LevelParams(time_limit=time_limit, objective="lateness" if objective == "lateness" else "finish",
                         within_float=within_float)
    return _serve(request, caller, sessions, project_id, "level", params)


@router.get("/status", responses=_JSON, response_model=None)
def get_status(project_id: int, request: Request, caller: CurrentUser, sessions: Sessions,
               status_date: DateOrTime | None = None, baseline: str | None = None,
               if_lasts: Annotated[float | None, Query(ge=0, le=MAX_BLOCKER_DAYS)] = None,
               undated: Annotated[float | None, Query(ge=0, le=MAX_BLOCKER_DAYS)] = None,
               iterations: Annotated[int, Query(ge=1)] = STATUS_ITERATIONS, seed: Seed = 0,
               no_forecast: bool = False) -> Response:
    """Where the project stands: ``headway status --json``; ``status_date`` replaces the plan's."""
    if iterations > SYNC_ITERATIONS and not no_forecast:
        raise _too_long(f"a status forecast of more than {SYNC_ITERATIONS:,} iterations")
    params = StatusParams(baseline=baseline, if_lasts=if_lasts, undated=undated, iterations=iterations, seed=seed,
                          no_forecast=no_forecast, status_date=status_date)
    return _serve(request, caller, sessions, project_id, "status", params)


@router.get("/evm", responses=_JSON, response_model=None)
def get_evm(project_id: int, request: Request, caller: CurrentUser, sessions: Sessions, by: Granularity = "week",
            task: str | None = None, status_date: DateOrTime | None = None) -> Response:
    """Earned value and earned schedule: ``headway evm --json`` (``task``: a summary as the scope)."""
    params = EvmParams(by=by, task=task, status_date=status_date)
    return _serve(request, caller, sessions, project_id, "evm", params)


@router.get("/forecast", responses=_JSON, response_model=None)
def get_forecast(project_id: int, request: Request, caller: CurrentUser, sessions: Sessions,
                 iterations: Annotated[int, Query(ge=1)] = FORECAST_ITERATIONS, seed: Seed = 0,
                 level: bool = False, calibrate: bool = False) -> Response:
    """The Monte Carlo forecast: ``headway forecast --json`` (more than ``SYNC_ITERATIONS`` is a job)."""
    if iterations > SYNC_ITERATIONS:
        raise _too_long(f"a forecast of more than {SYNC_ITERATIONS:,} iterations")
    params = ForecastParams(iterations=iterations, seed=seed, level=level, calibrate=calibrate)
    return _serve(request, caller, sessions, project_id, "forecast", params)


@router.get("/usage", responses=_JSON, response_model=None)
def get_usage(project_id: int, request: Request, caller: CurrentUser, sessions: Sessions, by: Granularity = "week",
              leveled: bool = False, resource: Annotated[list[str] | None, Query()] = None,
              first: Annotated[dt.date | None, Query(alias="from")] = None,
              last: Annotated[dt.date | None, Query(alias="to")] = None) -> Response:
    """Each person's load per period: ``headway usage --json`` (``resource`` repeatable)."""
    params = UsageParams(by=by, leveled=leveled, resources=tuple(resource or ()), first=first, last=last)
    return _serve(request, caller, sessions, project_id, "usage", params)


@router.get("/tasks/{task_id}/why", responses=_JSON, response_model=None)
def get_why(project_id: int, task_id: str, request: Request, caller: CurrentUser, sessions: Sessions) -> Response:
    """What drives the task's dates, back to the start: ``headway why PLAN TASK --json``."""
    return _serve(request, caller, sessions, project_id, "why", WhyParams(task_id))
