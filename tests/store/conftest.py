"""Databases for store tests: a migrated SQLite file, and a throwaway PostgreSQL database when a
server is reachable (``HEADWAY_TEST_POSTGRES_URL``, default the local socket); skipped otherwise."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError

from headway.store import make_engine, upgrade

POSTGRES_ADMIN_URL = os.environ.get("HEADWAY_TEST_POSTGRES_URL",
                                    "postgresql+psycopg:///postgres?host=/var/run/postgresql")


def _throwaway_postgres() -> Iterator[str]:
    """A new, empty PostgreSQL database for the caller, dropped afterwards."""
    pytest.importorskip("psycopg")
    admin = create_engine(POSTGRES_ADMIN_URL, isolation_level="AUTOCOMMIT")
    name = f"headway_test_{uuid.uuid4().hex[:12]}"
    try:
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    except OperationalError as err:
        admin.dispose()
        pytest.skip(f"PostgreSQL is not available: {str(err).splitlines()[0]}")
    try:
        yield make_url(POSTGRES_ADMIN_URL).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(scope="module")
def postgres_url() -> Iterator[str]:
    yield from _throwaway_postgres()


def _sqlite_url(root: Path) -> str:
    return f"sqlite:///{root / 'headway.db'}"


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def database(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The URL of an empty database of each kind (not migrated)."""
    if request.param == "sqlite":
        yield _sqlite_url(tmp_path_factory.mktemp("store"))
    else:
        yield from _throwaway_postgres()


@pytest.fixture(scope="module")
def engine(database: str) -> Iterator[Engine]:
    """A migrated engine on each kind of database."""
    engine = make_engine(database)
    upgrade(engine)
    yield engine
    engine.dispose()


@pytest.fixture(scope="module")
def sqlite_engine(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    engine = make_engine(_sqlite_url(tmp_path_factory.mktemp("sqlite")))
    upgrade(engine)
    yield engine
    engine.dispose()


@pytest.fixture(scope="module")
def postgres_engine(postgres_url: str) -> Iterator[Engine]:
    engine = make_engine(postgres_url)
    upgrade(engine)
    yield engine
    engine.dispose()
