"""What the server keeps between requests, so no app process holds state: login sessions and jobs."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Float, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from headway.store.columns import DateTimeText
from headway.store.tables import Base, Json, Versioned

JOB_STATES = ("queued", "running", "done", "failed", "cancelled")


class SessionRow(Versioned, Base):
    """A browser login (cookie session) of ``user_id``; only SHA-256 hashes of its secrets are kept."""

    __tablename__ = "login_sessions"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)  # the cookie's value, hashed
    csrf_hash: Mapped[str] = mapped_column(String(64))  # the CSRF token the page sends back, hashed
    created: Mapped[dt.datetime] = mapped_column(DateTimeText)
    last_seen: Mapped[dt.datetime] = mapped_column(DateTimeText)
    expires: Mapped[dt.datetime] = mapped_column(DateTimeText, index=True)
    user_agent: Mapped[str] = mapped_column(Text, default="")


class JobRow(Versioned, Base):
    """A long computation on a project (a CP-SAT leveling, a big forecast), run by any app process.

    ``state`` moves queued → running → done | failed | cancelled; ``worker`` and ``heartbeat`` say
    which process runs it and when it last reported, so a job whose process died can be taken over.
    """

    __tablename__ = "jobs"

    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    kind: Mapped[str] = mapped_column(String(32))
    params: Mapped[Any] = mapped_column(Json)
    state: Mapped[str] = mapped_column(String(16), index=True)
    progress: Mapped[float] = mapped_column(Float, default=0.0)
    message: Mapped[str] = mapped_column(Text, default="")
    project_revision: Mapped[int | None] = mapped_column()  # the project's revision the job computed on
    result: Mapped[Any] = mapped_column(Json, nullable=True)
    error: Mapped[Any] = mapped_column(Json, nullable=True)
    created: Mapped[dt.datetime] = mapped_column(DateTimeText, index=True)
    started: Mapped[dt.datetime | None] = mapped_column(DateTimeText)
    finished: Mapped[dt.datetime | None] = mapped_column(DateTimeText)
    worker: Mapped[str | None] = mapped_column(String(128))
    heartbeat: Mapped[dt.datetime | None] = mapped_column(DateTimeText)
    attempts: Mapped[int] = mapped_column(default=0, server_default="0")  # starts not given back by a clean stop
