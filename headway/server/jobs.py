"""Job workers: threads of an app process that run background jobs stored in the database.

Each thread claims a queued job (``store.jobs.claim_next``: one conditional UPDATE, so exactly one
process wins), runs it with a heartbeat, and stores the result with the project revision it was
computed on. A job whose heartbeat is older than ``stale_seconds`` is taken over: its process died.
A worker that finds its job cancelled or taken over (at a progress report or heartbeat) stops it;
one stopping with its process puts the job back in the queue, even when its computation does not stop
in time (a CP-SAT search reports only when it finds a better schedule).
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import socket
import threading
import uuid

from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from headway.io.computed import compute
from headway.io.computed_params import LevelParams, Params
from headway.server.computing import as_problem, load, problem_data, revision_of
from headway.server.job_progress import Reporter, Stopped, heartbeat
from headway.server.params import parse_params
from headway.server.settings import JOB_HEARTBEAT_SECONDS, JOB_RETENTION_DAYS, JOB_STALE_SECONDS
from headway.store import jobs as store
from headway.store.tables_server import JobRow

log = logging.getLogger(__name__)

POLL_SECONDS = 0.5
HEARTBEAT_SECONDS = JOB_HEARTBEAT_SECONDS
STALE_SECONDS = JOB_STALE_SECONDS
RETENTION_DAYS = JOB_RETENTION_DAYS


class JobWorkers:
    """``threads`` job workers of one app process (0: none; the process only queues jobs)."""

    def __init__(self, sessions: sessionmaker[Session], threads: int = 1, *, poll_seconds: float = POLL_SECONDS,
                 heartbeat_seconds: float = HEARTBEAT_SECONDS, stale_seconds: float = STALE_SECONDS,
                 retention_days: float = RETENTION_DAYS) -> None:
        self.sessions = sessions
        self.count, self.poll, self.beat, self.stale = threads, poll_seconds, heartbeat_seconds, stale_seconds
        self.retention = dt.timedelta(days=retention_days)
        self.stopping = threading.Event()
        self._wake = threading.Condition()
        self._threads: list[threading.Thread] = []
        self._running: dict[str, int] = {}  # worker name: the job it runs
        self._lock = threading.Lock()

    def start(self) -> None:
        """Start the worker threads (daemons: a stuck computation never holds the process)."""
        self.stopping.clear()
        prefix = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"  # new names: see _requeue_unstopped
        for n in range(self.count):
            thread = threading.Thread(target=self._loop, args=(f"{prefix}:{n}",), daemon=True,
                                      name=f"headway-job-worker-{n}")
            thread.start()
            self._threads.append(thread)

    def stop(self, timeout: float = 5.0) -> None:
        """Ask the workers to stop; a running job stops at its next report and goes back to the queue."""
        self.stopping.set()
        self.wake()
        for thread in self._threads:
            thread.join(timeout / max(len(self._threads), 1))
        self._threads = []
        self._requeue_unstopped()

    def _requeue_unstopped(self) -> None:
        """Put back in the queue the jobs whose computation did not stop within the timeout, at once
        rather than after ``stale_seconds``. Should one finish later, its result is refused (the job is
        no longer its worker's), so the job still runs to its end exactly once."""
        with self._lock:
            unstopped = list(self._running.items())
        for worker, job_id in unstopped:
            try:
                with self.sessions.begin() as session:
                    store.requeue(session, job_id, worker)
            except SQLAlchemyError:  # it will be taken over once stale
                log.warning("job %s: could not put it back in the queue", job_id, exc_info=True)

    def wake(self) -> None:
        """A job was queued: look now rather than at the next poll."""
        with self._wake:
            self._wake.notify_all()

    def _loop(self, worker: str) -> None:
        while not self.stopping.is_set():
            try:
                ran = self.run_next(worker)
            except SQLAlchemyError:  # the database is briefly unavailable or locked: try again later
                log.warning("job worker %s: database error", worker, exc_info=True)
                ran = False
            if not ran:
                with self._wake:
                    self._wake.wait(self.poll)

    def run_next(self, worker: str) -> bool:
        """Claim one job and run it to its end, then delete some jobs that ended longer than the retention
        ago; False if there was none to claim."""
        stale_before = store.now_utc() - dt.timedelta(seconds=self.stale)
        job_id = store.claim_next(self.sessions, worker, stale_before=stale_before)
        if job_id is None:
            return False
        with self._lock:
            self._running[worker] = job_id
        try:
            run_job(self.sessions, job_id, worker, stopping=self.stopping, heartbeat_seconds=self.beat)
        finally:
            with self._lock:
                self._running.pop(worker, None)
        with self.sessions.begin() as session:
            store.sweep_ended(session, ended_before=store.now_utc() - self.retention)
        return True


def run_job(sessions: sessionmaker[Session], job_id: int, worker: str, *, stopping: threading.Event,
            heartbeat_seconds: float = HEARTBEAT_SECONDS) -> None:
    """Run claimed job ``job_id`` and store its result or error (unless it was lost meanwhile)."""
    revision: int | None = None
    with sessions() as session:
        job = session.get(JobRow, job_id)
        if job is None:  # deleted with its project since the claim
            return
        kind, raw, project_id, message = job.kind, job.params, job.project_id, job.message
    reporter = Reporter(sessions, job_id, worker, stopping, message)
    try:
        with heartbeat(reporter, heartbeat_seconds):  # loading a large project may take a while too
            with sessions() as session:
                revision = revision_of(session, project_id)  # first: the project read next is never older
                project = load(session, project_id)
            params = parse_params(kind, raw or {})
            reporter.time_limit = _time_limit(params)
            result = compute(kind, project, params, reporter.progress, should_stop=reporter.should_stop)
            reporter.check()  # a search stopped early returns its best so far: not this job's answer
    except Stopped:
        _give_back(sessions, job_id, worker, stopping, reporter)
        return
    except Exception as err:  # every failure is stored with the job, as problem+json
        if reporter.should_stop():  # a search told to stop may end without a schedule: no failure of the job
            _give_back(sessions, job_id, worker, stopping, reporter)
            return
        problem = as_problem(err)
        if problem.status >= 500:
            log.exception("job %s (%s) failed", job_id, worker)
        with sessions.begin() as session:
            store.fail(session, job_id, worker, error=problem_data(problem), revision=revision)
        return
    with sessions.begin() as session:
        store.finish(session, job_id, worker, result=result, revision=revision)


def _give_back(sessions: sessionmaker[Session], job_id: int, worker: str, stopping: threading.Event,
               reporter: Reporter) -> None:
    """A job stopped before its end: back to the queue when this process is stopping (else it was
    cancelled or taken over, and is no longer this worker's)."""
    if stopping.is_set() and not reporter.lost:
        with sessions.begin() as session:
            store.requeue(session, job_id, worker)


def _time_limit(params: Params) -> float | None:
    """A CP-SAT search's time limit: its progress is the share of it spent."""
    return params.time_limit if isinstance(params, LevelParams) and params.method == "optimal" else None
