"""A running job's link to its row: progress reports and a heartbeat thread, both of which learn
when the job is no longer this worker's to run (cancelled, or taken over) and stop it."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from headway.store import jobs as store

log = logging.getLogger(__name__)

REPORT_EVERY = 0.5  # seconds between progress writes; reports in between are kept for the next one


class Stopped(Exception):
    """The job must stop: it was cancelled or taken over, or the process is stopping."""


class Reporter:
    """Writes a job's progress and heartbeat; ``progress`` raises ``Stopped`` once the job is lost."""

    def __init__(self, sessions: sessionmaker[Session], job_id: int, worker: str, stopping: threading.Event,
                 message: str = "started") -> None:
        self.sessions, self.job_id, self.worker, self.stopping = sessions, job_id, worker, stopping
        self.lost = False
        self.time_limit: float | None = None  # a time-boxed search: progress is the share of it spent
        self._lock = threading.Lock()
        self._began = time.monotonic()
        self._written = 0.0
        self._fraction, self._message = 0.0, message  # the claim's, until the computation reports

    def progress(self, fraction: float, message: str) -> None:
        """The computation's report (any thread); written at most every ``REPORT_EVERY`` seconds."""
        with self._lock:
            self._fraction, self._message = max(self._fraction, fraction), message
            due = time.monotonic() - self._written >= REPORT_EVERY
        if due:
            self.write()
        self.check()

    def should_stop(self) -> bool:
        """Whether the job is lost (cancelled or taken over) or the process is stopping."""
        return self.lost or self.stopping.is_set()

    def check(self) -> None:
        if self.should_stop():
            raise Stopped

    def write(self) -> None:
        """Heartbeat with the latest progress; marks the job lost if its row says it is not ours."""
        with self._lock:
            fraction, message = self._fraction, self._message
            if self.time_limit is not None:
                spent = (time.monotonic() - self._began) / self.time_limit
                fraction = max(fraction, min(spent, 0.99))
            self._written = time.monotonic()
        try:
            with self.sessions.begin() as session:
                ours = store.report(session, self.job_id, self.worker, progress=fraction, message=message)
        except SQLAlchemyError:  # a missed heartbeat is harmless; many in a row make the job stale
            log.warning("job %s: heartbeat failed", self.job_id, exc_info=True)
            return
        if not ours:
            self.lost = True


@contextmanager
def heartbeat(reporter: Reporter, every: float) -> Iterator[None]:
    """Write ``reporter``'s heartbeat every ``every`` seconds while the block runs."""
    done = threading.Event()

    def beat() -> None:
        while not done.wait(every):
            reporter.write()

    thread = threading.Thread(target=beat, daemon=True, name=f"headway-job-heartbeat-{reporter.job_id}")
    thread.start()
    try:
        yield
    finally:
        done.set()
        thread.join()
