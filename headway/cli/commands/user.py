"""`headway user create NAME --password-stdin [--admin]`, `user list`, `user token NAME`: accounts of the team
database."""

from __future__ import annotations

import sys

import click
from rich.table import Table
from sqlalchemy.exc import SQLAlchemyError

from headway.cli.console import stderr, stdout
from headway.cli.database import database_option, migrated_engine
from headway.cli.loading import PLAN_ERROR_EXIT
from headway.store import StoreError, make_sessions
from headway.store.accounts import create_token, create_user, find_user, list_users


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


@command.command("list")
@database_option
def list_accounts(url: str | None) -> None:
    """List the accounts: name, display name, site admin, active."""
    engine = migrated_engine(url)
    try:
        with make_sessions(engine)() as session:
            users = list_users(session)
            rows = [(u.username, u.display_name, "admin" if u.is_admin else "", "" if u.is_active else "disabled")
                    for u in users]
    finally:
        engine.dispose()
    table = Table("user", "display name", "admin", "state", box=None)
    for row in rows:
        table.add_row(*row)
    stdout().print(table)


@command.command("token")
@click.argument("name")
@click.option("--name", "label", default="cli", show_default=True, help="What the token is for (shown in its list).")
@database_option
def token(name: str, label: str, url: str | None) -> None:
    """Print a new personal API token for the account NAME (send it as Authorization: Bearer TOKEN)."""
    engine = migrated_engine(url)
    try:
        with make_sessions(engine).begin() as session:
            user = find_user(session, name)
            if user is None or not user.is_active:
                stderr().print(f"[red]headway: no active user {name!r}[/red]")
                raise SystemExit(PLAN_ERROR_EXIT)
            _, secret = create_token(session, user, label)
    finally:
        engine.dispose()
    click.echo(secret)
