"""`headway agenda PLAN --person ID`: what one person should work on next, and why."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import click
from rich.table import Table

from headway.cli.console import days, print_problems, stdout
from headway.cli.loading import PLAN_ERROR_EXIT, load_plan
from headway.engine.agenda import Agenda, UnknownPerson, agenda, find_person
from headway.engine.planned import planned_schedule
from headway.engine.results import Schedule
from headway.io import ical
from headway.model import PlanError, Project

DATE = click.DateTime(formats=["%Y-%m-%d"])


@click.command("agenda")
@click.argument("plan", type=click.Path(exists=True, dir_okay=False))
@click.option("--person", required=True, metavar="ID", help="A resource id or name (or a stakeholder linked to one).")
@click.option("--days", "window", type=click.IntRange(min=1), default=14, show_default=True,
              help="How many days ahead to look.")
@click.option("--from", "first", type=DATE,
              help="First day of the window (default: the status date, else today or the project start if later).")
@click.option("--json", "as_json", is_flag=True, help="One JSON object {project, person, from, to, items}.")
@click.option("--ics", type=click.Path(dir_okay=False), help="Also write the agenda as an .ics calendar file.")
def command(plan: str, person: str, window: int, first: dt.datetime | None, as_json: bool, ics: str | None) -> None:
    """List PERSON's open tasks in the window: critical first, then by due date, then soonest start.

    The schedule is the one the plan uses: leveled when anyone is assigned, else plain CPM.
    """
    project = load_plan(plan).project
    try:
        find_person(project, person)
    except UnknownPerson as err:
        raise click.BadParameter(str(err), param_hint="--person") from err
    result = _schedule(project)
    start = first.date() if first is not None else default_start(project, dt.date.today())
    found = agenda(project, result, person, start=start, days=window)
    if ics is not None:
        ical.write_agenda(project, found, ics)
    if as_json:
        click.echo(json.dumps(agenda_dict(found), indent=2, ensure_ascii=False))
        return
    _print(found, result.minutes_per_day)
    if ics is not None:
        stdout().print(f"wrote {ics}: {len(found.items)} event(s)")


def default_start(project: Project, today: dt.date) -> dt.date:
    """The status date when the plan has one, else today, or the project start if that is later."""
    if project.status_date is not None:
        return _date(project.status_date)
    return max(today, _date(project.start))


def _date(value: dt.date | dt.datetime) -> dt.date:
    return value.date() if isinstance(value, dt.datetime) else value


def _schedule(project: Project) -> Schedule:
    """The plan's schedule (``engine.planned``); plan errors are printed (exit 1)."""
    try:
        return planned_schedule(project)
    except PlanError as err:
        print_problems(err.problems)
        raise SystemExit(PLAN_ERROR_EXIT) from err
    except ValueError as err:
        click.echo(f"headway: cannot schedule the plan: {err}", err=True)
        raise SystemExit(PLAN_ERROR_EXIT) from err


def agenda_dict(found: Agenda) -> dict[str, Any]:
    """The agenda as JSON-ready data; dates are ISO 8601 local date-times."""
    return {
        "project": found.project, "person": found.person, "person_name": found.person_name,
        "from": found.window_start.isoformat(), "to": found.window_end.isoformat(),
        "items": [{"task": i.task, "name": i.name, "wbs": i.wbs, "start": i.start.isoformat(),
                   "finish": i.finish.isoformat(), "due": i.due.isoformat(),
                   "deadline": i.deadline.isoformat() if i.deadline is not None else None,
                   "critical": i.critical, "total_float_minutes": i.total_float_minutes,
                   "percent_complete": i.percent_complete, "reasons": list(i.reasons), "reason": i.reason}
                  for i in found.items],
    }


def _print(found: Agenda, per_day: int) -> None:
    console = stdout()
    last = found.window_end - dt.timedelta(days=1)
    console.print(f"[bold]Agenda of {found.person_name}[/bold] ({found.project}), "
                  f"{found.window_start:%a %Y-%m-%d} to {last:%a %Y-%m-%d}:")
    if not found.items:
        console.print("  nothing open in this window")
        return
    table = Table(title_justify="left")
    for column in ("#", "Task", "Start", "Finish", "Due", "Float", "Why"):
        table.add_column(column, no_wrap=column not in ("Task", "Why"))
    for rank, item in enumerate(found.items, start=1):
        style = "red" if item.critical else None
        table.add_row(str(rank), f"{item.task}: {item.name}" if item.name else item.task,
                      f"{item.start:%a %m-%d %H:%M}", f"{item.finish:%a %m-%d %H:%M}", f"{item.due:%a %m-%d}",
                      days(item.total_float_minutes, per_day), item.reason, style=style)
    console.print(table)
