"""The team database for the verbs that use it (`db`, `user`, `serve`): the ``--database`` option
and a migrated engine."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import click
from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError

from headway.cli.console import stderr
from headway.cli.loading import PLAN_ERROR_EXIT
from headway.store import database_url, make_engine, upgrade

F = TypeVar("F", bound=Callable[..., Any])


def database_option(func: F) -> F:
    """``--database URL`` (passed as ``url``)."""
    return click.option("--database", "url", default=None, metavar="URL",
                        help="SQLAlchemy URL, e.g. postgresql+psycopg://user@host/headway "
                             "(default: $HEADWAY_DATABASE_URL, else a SQLite file in the user's data directory).")(func)


def migrated_engine(url: str | None) -> Engine:
    """An engine on the chosen database, migrated to the newest schema (exit 1 if unreachable)."""
    target = database_url(url)
    try:
        engine = make_engine(target)
        upgrade(engine)
    except (SQLAlchemyError, OSError) as err:
        stderr().print(f"[red]headway: cannot open the database {safe_url(target)}: {err}[/red]")
        raise SystemExit(PLAN_ERROR_EXIT) from err
    return engine


def safe_url(url: str) -> str:
    """The URL without its password, for messages."""
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)
