"""`headway user create NAME --password-stdin [--admin]`, `user list`, `user token NAME`, `user unlock
[NAME] [--address ADDR]`: accounts of the team database."""

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
from headway.store.accounts import unlock as unlock_throttling
from headway.store.address_throttle import address_key
from headway.store.audit import record_change


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


@command.command("unlock")
@click.argument("name", required=False)
@click.option("--address", help="Also forget every failed login from this client address (an IPv6 address "
                                "stands for its /64), e.g. an office behind one NAT address that was throttled.")
@database_option
def unlock(name: str | None, address: str | None, url: str | None) -> None:
    """Lift login throttling before it expires: the account NAME's lock and its failed logins from every
    address, and/or everything counted against --address."""
    if name is None and address is None:
        raise click.UsageError("name an account, or --address, or both")
    engine = migrated_engine(url)
    try:
        with make_sessions(engine).begin() as session:
            user = find_user(session, name) if name is not None else None
            if name is not None and user is None:
                stderr().print(f"[red]headway: no user {name!r}[/red]")
                raise SystemExit(PLAN_ERROR_EXIT)
            key = address_key(address) if address is not None else None
            forgotten = unlock_throttling(session, user, key)
            record_change(session, user_id=None, project_id=None, action="unlock", entity="user",
                          key=name or key, before=None, after={"address": key, "failures_forgotten": forgotten},
                          note="headway user unlock")
    finally:
        engine.dispose()
    what = " and ".join(x for x in (name and f"account {name}", key and f"address {key}") if x)
    stderr().print(f"[green]unlocked[/green] {what} ({forgotten} failed login(s) forgotten)")
