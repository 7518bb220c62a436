"""Background jobs of a project: queue one, follow its progress, read its result, cancel it.

Jobs live in the database, so any app process's workers may run one and a restart loses none.
Viewers may read jobs; queuing or cancelling one needs the editor role.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, cast

from fastapi import APIRouter, Query, Request, Response

from headway.io.computed_params import ForecastParams, LevelParams, Params, StatusParams
from headway.server.computing import encode
from headway.server.deps import CurrentUser, Sessions, project_role
from headway.server.errors import ApiProblem, problem_response
from headway.server.params import params_json, parse_params
from headway.server.routes.computed import REVISION_HEADER
from headway.server.schemas_jobs import JobCreate, JobPublic, JobState
from headway.server.settings import Settings
from headway.store import jobs as store
from headway.store.tables_server import JobRow

router = APIRouter(prefix="/projects/{project_id}/jobs", tags=["jobs"])

MAX_ITERATIONS = 200_000  # a bigger Monte Carlo run needs more memory than a server should give one job
MAX_TIME_LIMIT = 3600.0  # seconds of CP-SAT search
SILENT_BEATS = 3  # a running job without a report for this many heartbeats: its server is quiet
_RESULT: dict[int | str, dict[str, Any]] = {
    200: {"content": {"application/json": {"schema": {"type": "object"}}},
          "description": "the same JSON as the matching GET endpoint"},
    409: {"description": "the job is not done (queued, running or cancelled)"}}


def _url(request: Request, project_id: int, job_id: int) -> str:
    return str(request.url_for("get_job", project_id=project_id, job_id=job_id).path)


def _public(request: Request, job: JobRow) -> JobPublic:
    url = _url(request, job.project_id, job.id)
    return JobPublic(id=job.id, project_id=job.project_id, kind=job.kind, params=job.params or {},
                     state=cast(JobState, job.state), progress=job.progress, message=_message(request, job),
                     project_revision=job.project_revision, attempts=job.attempts,
                     created=job.created.isoformat(), started=job.started.isoformat() if job.started else None,
                     finished=job.finished.isoformat() if job.finished else None, error=job.error,
                     result=f"{url}/result" if job.state == "done" else None)


def _message(request: Request, job: JobRow) -> str:
    """The job's message; for a running job whose server has gone quiet (it died, most likely), also
    for how long, and when another server takes it over."""
    settings: Settings = request.app.state.settings
    if job.state != "running" or job.heartbeat is None:
        return job.message
    beat = job.heartbeat if job.heartbeat.tzinfo else job.heartbeat.replace(tzinfo=dt.UTC)
    silent = (store.now_utc() - beat).total_seconds()
    if silent <= SILENT_BEATS * settings.job_heartbeat_seconds:
        return job.message
    return (f"{job.message}; no word from its server for {silent:.0f} s: another server takes the job over "
            f"after {settings.job_stale_seconds:g} s")


def _limits(params: Params) -> None:
    iterations = params.iterations if isinstance(params, ForecastParams | StatusParams) else 0
    if iterations > MAX_ITERATIONS:
        raise ApiProblem(422, f"at most {MAX_ITERATIONS:,} iterations per job", kind="invalid_params")
    if isinstance(params, LevelParams) and params.time_limit > MAX_TIME_LIMIT:
        raise ApiProblem(422, f"a time limit of at most {MAX_TIME_LIMIT:,.0f} s per job", kind="invalid_params")


@router.post("", status_code=202)
def create_job(project_id: int, body: JobCreate, request: Request, response: Response, caller: CurrentUser,
               sessions: Sessions) -> JobPublic:
    """Queue a computation (editors): ``kind`` is a computed result (``level`` with ``solver: cpsat`` and a
    ``time_limit``, ``forecast`` with many ``iterations``…), ``params`` the options of its GET endpoint.
    202 with the job and its URL in ``Location``."""
    with sessions.begin() as session:
        project_role(session, caller, project_id, write=True)
        params = parse_params(body.kind, body.params)
        _limits(params)
        job = store.create_job(session, project_id=project_id, user_id=caller.id, kind=body.kind,
                               params=params_json(body.kind, params))
    request.app.state.jobs.wake()
    response.headers["Location"] = _url(request, project_id, job.id)
    return _public(request, job)


@router.get("")
def list_jobs(project_id: int, request: Request, caller: CurrentUser, sessions: Sessions,
              limit: Annotated[int, Query(ge=1, le=500)] = 50,
              offset: Annotated[int, Query(ge=0, le=1_000_000_000)] = 0) -> list[JobPublic]:
    """The project's jobs, newest first."""
    with sessions() as session:
        project_role(session, caller, project_id)
        return [_public(request, job) for job in store.list_jobs(session, project_id, limit=limit, offset=offset)]


def _job(sessions: Sessions, caller: CurrentUser, project_id: int, job_id: int, *, write: bool = False) -> JobRow:
    with sessions() as session:
        project_role(session, caller, project_id, write=write)
        job = store.get_job(session, project_id, job_id)
    if job is None:
        raise ApiProblem(404, f"no job {job_id} in project {project_id}", kind="not_found")
    return job


@router.get("/{job_id}")
def get_job(project_id: int, job_id: int, request: Request, caller: CurrentUser, sessions: Sessions) -> JobPublic:
    """The job: state (queued, running, done, failed, cancelled), progress 0..1, message, timestamps."""
    return _public(request, _job(sessions, caller, project_id, job_id))


@router.get("/{job_id}/result", responses=_RESULT, response_model=None)
def get_result(project_id: int, job_id: int, caller: CurrentUser, sessions: Sessions) -> Response:
    """The result of a done job, as its GET endpoint gives it; the revision it was computed on is in the
    ``Headway-Project-Revision`` header. 409 while queued or running, or if cancelled; a failed job's
    error as problem+json."""
    job = _job(sessions, caller, project_id, job_id)
    if job.state == "done":
        return Response(encode(job.result), media_type="application/json",
                        headers={REVISION_HEADER: str(job.project_revision)})
    if job.state == "failed":
        error = dict(job.error or {})
        status = int(error.pop("status", 500))
        detail = str(error.pop("detail", "the job failed"))
        kind = str(error.pop("type", "")).removeprefix("urn:headway:problem:") or None
        return problem_response(status, f"job {job_id} failed: {detail}", kind=kind, job=job_id, **error)
    where = f" ({job.progress:.0%}: {job.message})" if job.state == "running" else ""
    raise ApiProblem(409, f"job {job_id} is {job.state}{where}; it has no result"
                     + (" yet" if job.state != "cancelled" else ""), kind="job_not_done",
                     extra={"state": job.state, "progress": job.progress})


@router.delete("/{job_id}")
def cancel_job(project_id: int, job_id: int, request: Request, caller: CurrentUser, sessions: Sessions) -> JobPublic:
    """Cancel a queued or running job (editors); a running one stops at its next progress report.
    409 if it has already ended."""
    job = _job(sessions, caller, project_id, job_id, write=True)
    with sessions.begin() as session:
        cancelled = store.cancel(session, job_id)
    if not cancelled:
        raise ApiProblem(409, f"job {job_id} has already ended ({job.state})", kind="job_ended",
                         extra={"state": job.state})
    return get_job(project_id, job_id, request, caller, sessions)
