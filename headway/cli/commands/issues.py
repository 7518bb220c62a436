"""`headway issues PLAN`: the issue log, and what its open blockers make slip."""

from __future__ import annotations

import datetime as dt
import json

import click
from rich.console import Group
from rich.table import Table

from headway.cli.console import print_problems, stdout
from headway.cli.loading import PLAN_ERROR_EXIT, load_plan
from headway.engine.blockers import BlockerImpact, apply_blockers
from headway.io.tracking_json import issues_dict
from headway.model import PlanError, Project

IF_LASTS = click.option("--if-lasts", type=click.FloatRange(min=0), default=None, metavar="DAYS",
                        help="Assume every open blocker lasts DAYS more working days from the status date.")
UNDATED = click.option("--undated", type=click.FloatRange(min=0), default=None, metavar="DAYS",
                       help="Working days assumed for open blockers without a due date (default: unknown).")


def blocker_impact(project: Project, if_lasts: float | None, undated: float | None) -> BlockerImpact:
    """``apply_blockers`` with plan errors printed (exit 1)."""
    try:
        return apply_blockers(project, if_lasts=if_lasts, undated=undated)
    except PlanError as err:
        print_problems(err.problems)
        raise SystemExit(PLAN_ERROR_EXIT) from err


@click.command("issues")
@click.argument("plan", type=click.Path(exists=True, dir_okay=False))
@IF_LASTS
@UNDATED
@click.option("--json", "as_json", is_flag=True, help="One JSON object {status_date, issues, impact}.")
def command(plan: str, if_lasts: float | None, undated: float | None, as_json: bool) -> None:
    """The issue log of PLAN; open blockers hold their tasks until due, and what slips is shown."""
    project = load_plan(plan).project
    impact = blocker_impact(project, if_lasts, undated)
    if as_json:
        click.echo(json.dumps(issues_dict(project, impact), indent=2, ensure_ascii=False))
        return
    stdout().print(Group(issues_table(project, impact), *impact_lines(impact)))


def when(instant: dt.datetime) -> str:
    """An instant; midnight reads as the end of the day before."""
    if instant.time() == dt.time():
        return f"end of {instant - dt.timedelta(days=1):%a %Y-%m-%d}"
    return f"{instant:%a %Y-%m-%d %H:%M}"


def as_of(project: Project) -> str:
    """The status date as written, or a note that the project start stands in for it."""
    return str(project.status_date) if project.status_date is not None else f"{project.start} (no status date)"


def issues_table(project: Project, impact: BlockerImpact) -> Table:
    holds = {h.issue: h for h in impact.holds}
    table = Table(title=f"{project.name}: issues at {as_of(project)}", title_justify="left")
    for column in ("ID", "Title", "Severity", "Status", "Owner", "Tasks", "Due", "Holds until", "Finish slip"):
        table.add_column(column, justify="right" if column == "Finish slip" else "left")
    for issue in project.issues:
        hold = holds.get(issue.id)
        until = ""
        if hold is not None:
            until = "unknown" if hold.until is None else when(hold.until) + (
                " (assumed)" if hold.assumed else "") + (" overdue" if hold.overdue else "")
        slip = f"+{hold.finish_slip_days:g}d" if hold is not None and hold.finish_slip_days > 0 else ""
        table.add_row(issue.id, issue.title, issue.severity.value, issue.status.value, issue.owner or "",
                      ", ".join(issue.tasks), str(issue.due or ""), until, slip,
                      style="red" if issue.blocking else ("dim" if issue.status.value != "open" else ""))
    return table


def impact_lines(impact: BlockerImpact) -> list[str]:
    """What the open blockers make slip, in words."""
    out = []
    if impact.finish_slip_minutes > 0:
        out.append(f"[red]Open blockers move the finish by {impact.finish_slip_days:g} working days: "
                   f"{impact.unblocked.finish:%a %Y-%m-%d %H:%M} → {impact.schedule.finish:%a %Y-%m-%d %H:%M}[/red]")
    elif impact.holds:
        out.append("Open blockers do not move the finish.")
    for slip in impact.slips[:15]:
        out.append(f"  {'◆ ' if slip.milestone else ''}{slip.id}: +{slip.slip_days:g}d "
                   f"(finishes {slip.finish_with:%a %Y-%m-%d %H:%M})")
    for hold in impact.holds:
        if hold.in_progress and hold.until is not None:
            out.append(f"[yellow]{hold.issue}: {', '.join(hold.in_progress)} already started; "
                       "its remaining work waits for the issue[/yellow]")
    for hold in impact.open_ended:
        out.append(f"[yellow]{hold.issue} is open with no due date: its impact is unknown "
                   "(use --undated DAYS or --if-lasts DAYS)[/yellow]")
    return out
