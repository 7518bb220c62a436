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

from fastapi import APIRouter, Depends, Query, Request, Response
from fastapi.concurrency import run_in_threadpool
from fastapi.security import HTTPAuthorizationCredentials

from headway.engine.cpm import schedule
from headway.engine.periods import Granularity
from headway.engine.schedule_memo import reusing
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
from headway.io.schedule_json import schedule_dict
from headway.model import PlanError, Project
from headway.server.cache import ResultCache
from headway.server.computing import as_problem, compute_bytes, encode, readable_revision
from headway.server.deps import BEARER_SCHEME, COOKIE_SCHEME, session_caller
from headway.server.errors import ApiProblem
from headway.server.fast_reads import PROJECT_PATH, Hit, Named
from headway.server.routes.common import project_cache
from headway.store import StoreError
from headway.store.accounts import token_access

router = APIRouter(prefix="/projects/{project_id}", tags=["computed"])

SYNC_ITERATIONS = FORECAST_ITERATIONS  # more Monte Carlo iterations than this: POST a job
REVISION_HEADER = "Headway-Project-Revision"
GZIP_LEVEL = 5  # a 1,000-task schedule: 1.8 MB of JSON in 0.1 MB, compressed once per revision
_JSON: dict[int | str, dict[str, Any]] = {200: {"content": {"application/json": {"schema": {"type": "object"}}},
                                                "description": "the CLI's --json object"},
                                          304: {"description": "unchanged since the ETag sent in If-None-Match"}}

Seed = Annotated[int, Query(ge=0, lt=2**63, description="random seed: the same seed gives the same result")]
DateOrTime = dt.date | dt.datetime  # a date first: 2027-03-01 is the day, as the CLI reads it
# The caller's credentials, parsed (and documented in the spec) as every other route's; resolved below
# together with the project's role and revision in one query when they are a bearer token.
Bearer = Annotated[HTTPAuthorizationCredentials | None, Depends(BEARER_SCHEME)]
Cookie = Annotated[str | None, Depends(COOKIE_SCHEME)]


def result_etag(project_id: int, revision: int, kind: str, params: Params) -> str:
    """Stable across processes: the same project revision, kind and options give the same tag."""
    digest = hashlib.sha256(repr(params).encode()).hexdigest()[:16]
    return f'"{kind}-{project_id}-{revision}-{digest}"'


def _readable_revision(request: Request, bearer: HTTPAuthorizationCredentials | None, cookie: str | None,
                       project_id: int, cookies: Response) -> int:
    """The project's revision if the caller may read it: 401 without valid credentials, 404 without a
    role. A bearer token takes one query; a login session is checked as on every route (``cookies``
    gets the session's refreshed cookies)."""
    sessions = request.app.state.sessions
    if bearer is not None:
        token = bearer.credentials.strip()
        with request.app.state.autocommit.connect() as connection:
            access = token_access(connection, token, project_id) if token else None
        if access is None:
            raise ApiProblem(401, "the token is unknown or revoked, or its account is disabled",
                             kind="unauthenticated", headers={"WWW-Authenticate": 'Bearer error="invalid_token"'})
        if access.revision is None:
            raise ApiProblem(404, f"no project {project_id}", kind="not_found")
        return access.revision
    if not cookie:
        raise ApiProblem(401, "log in (POST /api/v1/auth/login) or send Authorization: Bearer TOKEN "
                              "(POST /api/v1/auth/token gives one)",
                         kind="unauthenticated", headers={"WWW-Authenticate": "Bearer"})
    caller = session_caller(request, cookies, sessions, cookie)
    with sessions() as session:
        return readable_revision(session, caller, project_id)


async def _serve(request: Request, bearer: HTTPAuthorizationCredentials | None, cookie: str | None,
                 project_id: int, kind: str, params: Params) -> Response:
    """The cached result if the project's revision has one, else computed once and kept. A hit costs one
    query in a worker thread; the stored bytes (gzipped when the client accepts it) go out as they are.
    Once a bearer-token caller has been answered here, ``FastReads`` answers that URL's hits."""
    cookies = Response()
    revision = await run_in_threadpool(_readable_revision, request, bearer, cookie, project_id, cookies)
    named = Named(kind, params)
    path = PROJECT_PATH.fullmatch(request.scope["path"])
    if bearer is not None and path is not None:
        request.app.state.shortcuts.remember(path[2], request.scope["query_string"], kind, params)
    cache: ResultCache = request.app.state.cache
    accept_encoding = request.headers.get("accept-encoding", "")
    hit = cached_answer(cache, project_id, revision, named, accept_encoding, request.headers.get("if-none-match", ""))
    if hit is None:
        gzipped = accepts_gzip(accept_encoding)
        body = await run_in_threadpool(_computed, request, (project_id, revision, kind, params), gzipped)
        hit = Hit(200, _content_headers(_revision_headers(project_id, revision, named), gzipped), body)
    return _with_cookies(Response(hit.body or None, status_code=hit.status, headers=hit.headers), cookies)


def _revision_headers(project_id: int, revision: int, named: Named) -> dict[str, str]:
    return {"ETag": result_etag(project_id, revision, named.kind, named.params), REVISION_HEADER: str(revision),
            "Cache-Control": "private, no-cache", "Vary": "Accept-Encoding"}


def _content_headers(headers: dict[str, str], gzipped: bool) -> dict[str, str]:
    return headers | {"Content-Type": "application/json"} | ({"Content-Encoding": "gzip"} if gzipped else {})


def cached_answer(cache: ResultCache, project_id: int, revision: int, named: Named, accept_encoding: str,
                  if_none_match: str) -> Hit | None:
    """304 when ``If-None-Match`` names this revision's result, else the cached result (gzipped when the
    client accepts it), else None: the answer of a computed-result route that needs no computing."""
    headers = _revision_headers(project_id, revision, named)
    if headers["ETag"] in [t.strip() for t in if_none_match.split(",")]:
        return Hit(304, headers, b"")
    gzipped = accepts_gzip(accept_encoding)
    key = (project_id, revision, named.kind, named.params)
    body = cache.get((*key, "gzip") if gzipped else key)
    return None if body is None else Hit(200, _content_headers(headers, gzipped), body)


def _computed(request: Request, key: tuple[int, int, str, Params], gzipped: bool) -> bytes:
    """The result of ``key`` as JSON bytes (gzipped), computed and kept by the first caller to miss."""
    cache: ResultCache = request.app.state.cache
    project_id, _, kind, params = key
    sessions, projects = request.app.state.sessions, project_cache(request)

    def fresh() -> bytes:
        with sessions() as session:  # a later revision than read at worst: never staler
            try:
                project, _ = projects.read(session, project_id)  # kept by the last edit: no reload
            except StoreError as err:
                raise ApiProblem(404, f"no project {project_id}", kind="not_found") from err
        with reusing(projects.schedules):  # the schedule of the edit that made this revision, if kept
            if kind == TASKS_ONLY:
                return _tasks_only(project)
            return compute_bytes(kind, project, params)

    if not gzipped:
        return cache.get_or_compute(key, fresh)
    return cache.get_or_compute((*key, "gzip"), lambda: gzip.compress(cache.get_or_compute(key, fresh), GZIP_LEVEL))


def _with_cookies(response: Response, cookies: Response) -> Response:
    for name, value in cookies.headers.items():
        if name == "set-cookie":
            response.headers.append(name, value)
    return response


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


TASKS_ONLY = "schedule-without-resources"


def _tasks_only(project: Project) -> bytes:
    """``headway schedule --json`` without its ``resources`` section (the people's load over time)."""
    try:
        return encode(schedule_dict(schedule(project)))
    except PlanError as err:
        raise as_problem(err) from err


@router.get("/schedule", responses=_JSON, response_model=None)
async def get_schedule(project_id: int, request: Request, bearer: Bearer, cookie: Cookie,
                       resources: Annotated[bool, Query(description="false: leave out the `resources` section "
                                                        "(each person's load), which a Gantt chart does not need: "
                                                        "about half the JSON and of the time to build it")] = True,
                       ) -> Response:
    """The computed schedule: the same JSON as ``headway schedule --json``."""
    kind = "schedule" if resources else TASKS_ONLY
    return await _serve(request, bearer, cookie, project_id, kind, ScheduleParams())


@router.get("/critical", responses=_JSON, response_model=None)
async def get_critical(project_id: int, request: Request, bearer: Bearer, cookie: Cookie) -> Response:
    """The critical path: ``headway critical --json``."""
    return await _serve(request, bearer, cookie, project_id, "critical", CriticalParams())


@router.get("/leveled", responses=_JSON, response_model=None)
async def get_leveled(project_id: int, request: Request, bearer: Bearer, cookie: Cookie,
                      method: Annotated[str, Query(pattern="^(heuristic|optimal)$")] = "heuristic",
                      time_limit: Annotated[float, Query(ge=0.1, le=60)] = 10.0,
                      objective: Annotated[str, Query(pattern="^(finish|lateness)$")] = "finish",
                      within_float: bool = False) -> Response:
    """The heuristically leveled schedule: ``headway level --json`` (CP-SAT, ``method=optimal``, is a job)."""
    if method == "optimal":
        raise _too_long("leveling with CP-SAT (method=optimal)")
    params = LevelParams(time_limit=time_limit, objective="lateness" if objective == "lateness" else "finish",
                         within_float=within_float)
    return await _serve(request, bearer, cookie, project_id, "level", params)


@router.get("/status", responses=_JSON, response_model=None)
async def get_status(project_id: int, request: Request, bearer: Bearer, cookie: Cookie,
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
    return await _serve(request, bearer, cookie, project_id, "status", params)


@router.get("/evm", responses=_JSON, response_model=None)
async def get_evm(project_id: int, request: Request, bearer: Bearer, cookie: Cookie, by: Granularity = "week",
                  task: str | None = None, status_date: DateOrTime | None = None) -> Response:
    """Earned value and earned schedule: ``headway evm --json`` (``task``: a summary as the scope)."""
    params = EvmParams(by=by, task=task, status_date=status_date)
    return await _serve(request, bearer, cookie, project_id, "evm", params)


@router.get("/forecast", responses=_JSON, response_model=None)
async def get_forecast(project_id: int, request: Request, bearer: Bearer, cookie: Cookie,
                       iterations: Annotated[int, Query(ge=1)] = FORECAST_ITERATIONS, seed: Seed = 0,
                       level: bool = False, calibrate: bool = False,
                       tasks: Annotated[bool, Query(description="every task's P50/P80 finish too")] = False,
                       ) -> Response:
    """The Monte Carlo forecast: ``headway forecast --json`` (more than ``SYNC_ITERATIONS`` is a job)."""
    if iterations > SYNC_ITERATIONS:
        raise _too_long(f"a forecast of more than {SYNC_ITERATIONS:,} iterations")
    params = ForecastParams(iterations=iterations, seed=seed, level=level, calibrate=calibrate, tasks=tasks)
    return await _serve(request, bearer, cookie, project_id, "forecast", params)


@router.get("/usage", responses=_JSON, response_model=None)
async def get_usage(project_id: int, request: Request, bearer: Bearer, cookie: Cookie, by: Granularity = "week",
                    leveled: bool = False, resource: Annotated[list[str] | None, Query()] = None,
                    first: Annotated[dt.date | None, Query(alias="from")] = None,
                    last: Annotated[dt.date | None, Query(alias="to")] = None) -> Response:
    """Each person's load per period: ``headway usage --json`` (``resource`` repeatable)."""
    params = UsageParams(by=by, leveled=leveled, resources=tuple(resource or ()), first=first, last=last)
    return await _serve(request, bearer, cookie, project_id, "usage", params)


@router.get("/tasks/{task_id}/why", responses=_JSON, response_model=None)
async def get_why(project_id: int, task_id: str, request: Request, bearer: Bearer, cookie: Cookie) -> Response:
    """What drives the task's dates, back to the start: ``headway why PLAN TASK --json``."""
    return await _serve(request, bearer, cookie, project_id, "why", WhyParams(task_id))
