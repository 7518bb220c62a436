"""`headway db upgrade|import|export|list`: the team database (SQLite file by default, or PostgreSQL)."""

from __future__ import annotations

import sys

import click
from rich.table import Table
from sqlalchemy.exc import SQLAlchemyError

from headway.cli.console import print_problems, stderr, stdout
from headway.cli.database import database_option, migrated_engine, safe_url
from headway.cli.loading import PLAN_ERROR_EXIT, PlanFailed, load_plan
from headway.io import plan as plan_file
from headway.io.pool import load_pool
from headway.model import PlanError, Project
from headway.store import (
    StoreError,
    database_url,
    get_project,
    import_project,
    list_projects,
    make_sessions,
)


@click.group("db")
def command() -> None:
    """Keep projects in a database: migrate it, import plans into it, export them back."""


@command.command("upgrade")
@database_option
def upgrade_(url: str | None) -> None:
    """Create or migrate the database's tables to this version of Headway."""
    engine = migrated_engine(url)
    engine.dispose()
    stderr().print(f"[green]{safe_url(database_url(url))}[/green] is up to date")


@command.command("import")
@click.argument("plan", type=click.Path(exists=True, dir_okay=False))
@click.option("--pool", type=click.Path(exists=True, dir_okay=False), default=None,
              help="A pool file whose people and calendars the plan uses (a portfolio member).")
@database_option
def import_(plan: str, pool: str | None, url: str | None) -> None:
    """Store PLAN (any format Headway reads) as a new project and print its id. All or nothing."""
    project = _read(plan, pool)
    engine = migrated_engine(url)
    try:
        with make_sessions(engine).begin() as session:
            project_id = import_project(session, project)
    except (SQLAlchemyError, StoreError) as err:
        stderr().print(f"[red]headway: {plan} was not imported (the database is unchanged): {err}[/red]")
        raise SystemExit(PLAN_ERROR_EXIT) from err
    finally:
        engine.dispose()
    click.echo(project_id)


def _read(plan: str, pool: str | None) -> Project:
    if pool is None:
        return load_plan(plan).project
    try:
        return plan_file.load(plan, pool=load_pool(pool).pool).project
    except PlanError as err:
        print_problems(err.problems)
        raise PlanFailed(PLAN_ERROR_EXIT) from err


@command.command("export")
@click.argument("project_id", metavar="ID", type=int)
@click.option("-o", "--output", default=None, type=click.Path(dir_okay=False),
              help="The plan file to write (.yaml or .json; default: YAML on standard output).")
@database_option
def export(project_id: int, output: str | None, url: str | None) -> None:
    """Write project ID back as a plan file."""
    engine = migrated_engine(url)
    try:
        with make_sessions(engine)() as session:
            project = get_project(session, project_id)
    except StoreError as err:
        raise click.UsageError(str(err)) from err
    finally:
        engine.dispose()
    if output is None or output == "-":
        sys.stdout.write(plan_file.dumps(project))
        return
    try:
        plan_file.save(project, output)
    except OSError as err:
        stderr().print(f"[red]headway: cannot write {output}: {err}[/red]")
        raise SystemExit(PLAN_ERROR_EXIT) from err
    stderr().print(f"[green]{output}[/green]: project {project_id}, {len(project.tasks)} tasks")


@command.command("list")
@click.option("--json", "as_json", is_flag=True, help="One JSON array of {id, name, tasks, version}.")
@database_option
def list_(as_json: bool, url: str | None) -> None:
    """The projects in the database."""
    engine = migrated_engine(url)
    try:
        with make_sessions(engine)() as session:
            found = list_projects(session)
    finally:
        engine.dispose()
    if as_json:
        import json

        click.echo(json.dumps([{"id": p.id, "name": p.name, "tasks": p.tasks, "version": p.version} for p in found]))
        return
    table = Table(title_justify="left")
    for column in ("ID", "Name", "Tasks"):
        table.add_column(column, justify="left" if column == "Name" else "right")
    for p in found:
        table.add_row(str(p.id), p.name, str(p.tasks))
    stdout().print(table if found else "no projects yet (headway db import PLAN)")
