"""`headway user create NAME --password-stdin [--admin]`: accounts of the team database."""

from __future__ import annotations

import sys

import click
from sqlalchemy.exc import SQLAlchemyError

from headway.cli.console import stderr
from headway.cli.database import database_option, migrated_engine
from headway.cli.loading import PLAN_ERROR_EXIT
from headway.store import StoreError, make_sessions
from headway.store.accounts import create_user


@click.group("user")
def command() -> None:
    """Manage the accounts that may use `headway serve`."""


@command.command("create")
@click.argument("name")
@click.option("--password-stdin", is_flag=True, required=True,
              help="Read the password from the first line of standard input (never from the command line).")
@click.option("--admin", is_flag=True, help="A site admin: sees and changes every project.")
@database_option
def create(name: str, password_stdin: bool, admin: bool, url: str | None) -> None:
    """Create the account NAME in the database."""
    password = sys.stdin.readline().rstrip("\r\n")
    if not password:
        raise click.UsageError("the password (first line of standard input) is empty")
    engine = migrated_engine(url)
    try:
        with make_sessions(engine).begin() as session:
            create_user(session, name, password, admin=admin)
    except (StoreError, SQLAlchemyError) as err:
        stderr().print(f"[red]headway: user {name!r} was not created: {err}[/red]")
        raise SystemExit(PLAN_ERROR_EXIT) from err
    finally:
        engine.dispose()
    stderr().print(f"[green]{name}[/green] created{' (site admin)' if admin else ''}")
