"""What a server needs to know, passed to ``create_app``; nothing is read from globals."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

JOB_HEARTBEAT_SECONDS = 5.0
JOB_STALE_SECONDS = 60.0  # twelve missed heartbeats: a loaded machine can delay a few, never that many
JOB_RETENTION_DAYS = 30.0


@dataclass(frozen=True, slots=True)
class Settings:
    """``database_url``: the store (SQLite file or PostgreSQL); ``migrate``: upgrade its tables at start.

    ``secure_cookies``: mark session cookies Secure even when the request arrives over plain HTTP (a
    TLS-terminating proxy in front); ``session_lifetime``: how long an unused login session lasts;
    ``trusted_origins``: origins besides the server's own (``https://host[:port]``) that may send
    cookie-authenticated writes, e.g. the public address behind a proxy.

    ``job_heartbeat_seconds``: how often a running job's worker reports that it is alive;
    ``job_stale_seconds``: how long a running job may go without a report before another worker takes
    it over (its process is taken for dead). It must be at least twice the heartbeat;
    ``job_retention_days``: how long an ended job (done, failed, cancelled) and its result are kept.
    """

    database_url: str
    migrate: bool = True
    secure_cookies: bool = False
    session_lifetime: dt.timedelta = dt.timedelta(days=14)
    trusted_origins: tuple[str, ...] = ()
    job_workers: int = 1  # background-job worker threads in this process; 0: queue jobs, run none
    job_heartbeat_seconds: float = JOB_HEARTBEAT_SECONDS
    job_stale_seconds: float = JOB_STALE_SECONDS
    job_retention_days: float = JOB_RETENTION_DAYS

    def __post_init__(self) -> None:
        if not self.job_heartbeat_seconds > 0:
            raise ValueError(f"job_heartbeat_seconds must be positive, not {self.job_heartbeat_seconds}")
        if not self.job_retention_days > 0:
            raise ValueError(f"job_retention_days must be positive, not {self.job_retention_days}")
        if not self.job_stale_seconds >= 2 * self.job_heartbeat_seconds:
            raise ValueError(f"job_stale_seconds ({self.job_stale_seconds:g}) must be at least twice "
                             f"job_heartbeat_seconds ({self.job_heartbeat_seconds:g}): a live worker's job "
                             "could be taken over while it runs")
