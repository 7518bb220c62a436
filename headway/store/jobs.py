"""Background jobs in the database, so any app process can run them and a restart loses nothing.

A job moves queued → running → done | failed | cancelled. Every change of state is one
conditional ``UPDATE … WHERE id = ? AND state = ?`` (plus the worker, for a running job): on
SQLite and PostgreSQL alike exactly one process wins a claim, and a worker that lost its job
(cancelled, or taken over after its heartbeat went stale) learns so from a zero row count.
Functions take a ``Session`` and leave the commit to the caller, except ``claim_next``, which
commits each attempt on its own so no snapshot read precedes the claiming write.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import CursorResult, delete, select, update
from sqlalchemy.orm import Session, sessionmaker

from headway.store.tables_server import JobRow

OPEN_STATES = ("queued", "running")
ENDED_STATES = ("done", "failed", "cancelled")
SWEEP_BATCH = 100  # ended jobs deleted per sweep: one sweep per job run outpaces the new jobs
TAKEN_OVER = "started again: the server that ran it stopped answering"
MAX_ATTEMPTS = 3  # a job whose server died this many times while running it is not started again
ABANDONED = "urn:headway:problem:job_abandoned"


def now_utc() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def create_job(session: Session, *, project_id: int, user_id: int | None, kind: str, params: Mapping[str, Any],
               now: dt.datetime | None = None) -> JobRow:
    """A new queued job (flushed, so it has its id)."""
    job = JobRow(project_id=project_id, user_id=user_id, kind=kind, params=dict(params), state="queued",
                 progress=0.0, message="queued", created=now or now_utc())
    session.add(job)
    session.flush()
    return job


def get_job(session: Session, project_id: int, job_id: int) -> JobRow | None:
    """Job ``job_id`` of the project, or None."""
    job = session.get(JobRow, job_id, populate_existing=True)
    return job if job is not None and job.project_id == project_id else None


def list_jobs(session: Session, project_id: int, *, limit: int = 100, offset: int = 0) -> Sequence[JobRow]:
    """The project's jobs, newest first."""
    query = (select(JobRow).where(JobRow.project_id == project_id).order_by(JobRow.id.desc())
             .limit(limit).offset(offset))
    return session.scalars(query).all()


def _changed(session: Session, job_id: int, where: Sequence[Any], **values: Any) -> bool:
    result = session.execute(update(JobRow).where(JobRow.id == job_id, *where)
                             .values(version=JobRow.version + 1, **values)
                             .execution_options(synchronize_session=False))
    assert isinstance(result, CursorResult)
    return result.rowcount == 1


def claim_next(sessions: sessionmaker[Session], worker: str, *, stale_before: dt.datetime,
               now: dt.datetime | None = None) -> int | None:
    """Claim the oldest queued job, else a running one whose heartbeat is older than ``stale_before``
    (its process died); the claimed job's id, or None. Each attempt is its own transaction. A stale job
    that has already been started ``MAX_ATTEMPTS`` times fails instead: it may be what kills servers."""
    with sessions() as session:
        queued = session.scalars(select(JobRow.id).where(JobRow.state == "queued")
                                 .order_by(JobRow.id).limit(8)).all()
        running = session.execute(select(JobRow.id, JobRow.worker, JobRow.heartbeat)
                                  .where(JobRow.state == "running").order_by(JobRow.id)).all()
    stale = [(job_id, owner, beat) for job_id, owner, beat in running if beat is None or beat < stale_before]
    for job_id in queued:
        if _claim(sessions, job_id, worker, [JobRow.state == "queued"], now, "started"):
            return job_id
    for job_id, owner, beat in stale:
        same = [JobRow.state == "running", JobRow.worker == owner,
                JobRow.heartbeat.is_(None) if beat is None else JobRow.heartbeat == beat]
        if _claim(sessions, job_id, worker, [*same, JobRow.attempts < MAX_ATTEMPTS], now, TAKEN_OVER):
            return job_id
        _abandon(sessions, job_id, [*same, JobRow.attempts >= MAX_ATTEMPTS], now)
    return None


def _abandon(sessions: sessionmaker[Session], job_id: int, where: Sequence[Any], now: dt.datetime | None) -> bool:
    """Fail a stale job that its servers stopped answering in ``MAX_ATTEMPTS`` times (if ``where`` holds)."""
    detail = (f"the server running this job stopped answering {MAX_ATTEMPTS} times (the job may be what stops "
              "it); it is not started again: look at the servers' logs, then submit it again")
    with sessions.begin() as session:
        return _changed(session, job_id, where, state="failed", message=detail, finished=now or now_utc(),
                        error={"type": ABANDONED, "title": "Job abandoned", "status": 500, "detail": detail})


def _claim(sessions: sessionmaker[Session], job_id: int, worker: str, where: Sequence[Any],
           now: dt.datetime | None, message: str) -> bool:
    """Start the job afresh as ``worker``'s: its progress back to 0."""
    moment = now or now_utc()
    with sessions.begin() as session:
        return _changed(session, job_id, where, state="running", worker=worker, started=moment, heartbeat=moment,
                        progress=0.0, message=message, error=None, attempts=JobRow.attempts + 1)


def report(session: Session, job_id: int, worker: str, *, progress: float | None = None, message: str | None = None,
           now: dt.datetime | None = None) -> bool:
    """A heartbeat, with progress (0..1) and a message if given; False if the job is no longer this
    worker's to run (cancelled, or taken over)."""
    values: dict[str, Any] = {"heartbeat": now or now_utc()}
    if progress is not None:
        values["progress"] = min(max(progress, 0.0), 1.0)
    if message is not None:
        values["message"] = message
    return _changed(session, job_id, [JobRow.state == "running", JobRow.worker == worker], **values)


def finish(session: Session, job_id: int, worker: str, *, result: Any, revision: int | None,
           now: dt.datetime | None = None) -> bool:
    """Done with ``result``, computed on the project at ``revision``; False if the job was lost."""
    moment = now or now_utc()
    return _changed(session, job_id, [JobRow.state == "running", JobRow.worker == worker], state="done",
                    result=result, project_revision=revision, progress=1.0, message="done", finished=moment,
                    heartbeat=moment)


def fail(session: Session, job_id: int, worker: str, *, error: Mapping[str, Any], revision: int | None,
         now: dt.datetime | None = None) -> bool:
    """Failed with ``error`` (problem+json data); False if the job was lost."""
    moment = now or now_utc()
    return _changed(session, job_id, [JobRow.state == "running", JobRow.worker == worker], state="failed",
                    error=dict(error), project_revision=revision, message=str(error.get("detail", "failed")),
                    finished=moment, heartbeat=moment)


def requeue(session: Session, job_id: int, worker: str) -> bool:
    """Give a running job back to the queue (its worker is shutting down cleanly, which does not count
    as an attempt); False if it was lost."""
    return _changed(session, job_id, [JobRow.state == "running", JobRow.worker == worker], state="queued",
                    worker=None, started=None, heartbeat=None, progress=0.0, message="queued again",
                    attempts=JobRow.attempts - 1)


def cancel(session: Session, job_id: int, now: dt.datetime | None = None) -> bool:
    """Cancel a queued or running job (a running one's worker notices at its next report); False if
    it had already ended."""
    return _changed(session, job_id, [JobRow.state.in_(OPEN_STATES)], state="cancelled", message="cancelled",
                    finished=now or now_utc())


def sweep_ended(session: Session, *, ended_before: dt.datetime) -> int:
    """Delete up to ``SWEEP_BATCH`` jobs that ended before ``ended_before`` (with their results); how many."""
    old = (select(JobRow.id).where(JobRow.state.in_(ENDED_STATES), JobRow.finished < ended_before)
           .order_by(JobRow.id).limit(SWEEP_BATCH).with_for_update(skip_locked=True))
    result = session.execute(delete(JobRow).where(JobRow.id.in_(old)).execution_options(synchronize_session=False))
    assert isinstance(result, CursorResult)
    return result.rowcount
