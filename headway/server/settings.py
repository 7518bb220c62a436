"""What a server needs to know, passed to ``create_app``; nothing is read from globals."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Settings:
    """``database_url``: the store (SQLite file or PostgreSQL); ``migrate``: upgrade its tables at start.

    ``secure_cookies``: mark session cookies Secure even when the request arrives over plain HTTP (a
    TLS-terminating proxy in front); ``session_lifetime``: how long an unused login session lasts;
    ``trusted_origins``: origins besides the server's own (``https://host[:port]``) that may send
    cookie-authenticated writes, e.g. the public address behind a proxy.
    """

    database_url: str
    migrate: bool = True
    secure_cookies: bool = False
    session_lifetime: dt.timedelta = dt.timedelta(days=14)
    trusted_origins: tuple[str, ...] = ()
    job_workers: int = 1  # background-job worker threads in this process; 0: queue jobs, run none
