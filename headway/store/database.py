"""Where the database is and how to connect: the URL, the engine (SQLite pragmas) and a session factory."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

DATABASE_URL_ENV = "HEADWAY_DATABASE_URL"


def default_sqlite_url(environ: Mapping[str, str] | None = None) -> str:
    """A SQLite file in the user's data directory (``$XDG_DATA_HOME/headway/headway.db``)."""
    env = os.environ if environ is None else environ
    home = env.get("XDG_DATA_HOME") or str(Path(env.get("HOME") or Path.home()) / ".local" / "share")
    return f"sqlite:///{Path(home) / 'headway' / 'headway.db'}"


def database_url(explicit: str | None = None, environ: Mapping[str, str] | None = None) -> str:
    """The database to use: ``explicit`` (``--database``), else ``$HEADWAY_DATABASE_URL``, else the SQLite file."""
    env = os.environ if environ is None else environ
    return explicit or env.get(DATABASE_URL_ENV) or default_sqlite_url(env)


def make_engine(url: str, **options: Any) -> Engine:
    """An engine for ``url``. SQLite gets its directory created, WAL journaling and foreign keys on."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return create_engine(url, **options)
    if parsed.database and parsed.database != ":memory:" and not parsed.database.startswith("file:"):
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, **options)
    event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def _sqlite_pragmas(connection: Any, _record: Any) -> None:
    cursor = connection.cursor()
    try:
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")  # readers never block the writer; ignored in memory
        cursor.execute("PRAGMA synchronous=NORMAL")  # durable with WAL, without a sync per commit
        cursor.execute("PRAGMA busy_timeout=5000")
    finally:
        cursor.close()


def make_sessions(engine: Engine) -> sessionmaker[Session]:
    """A session factory bound to ``engine``; objects stay readable after commit."""
    return sessionmaker(engine, expire_on_commit=False)
