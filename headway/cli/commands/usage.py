"""`headway usage PLAN`: each person's load per day, week or month, as a table, JSON or a chart."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import click
from rich.table import Table

from headway.cli.console import days, print_problems, stdout
from headway.cli.loading import PLAN_ERROR_EXIT, load_plan
from headway.engine.cpm import schedule
from headway.engine.leveling.plan import level_plan
from headway.engine.periods import GRANULARITIES, Granularity, Period
from headway.engine.results import Schedule
from headway.engine.usage import ResourceUsage, Usage, resource_usage
from headway.io import schedule_json
from headway.model import PlanError, Project, did_you_mean

DATE = click.DateTime(formats=["%Y-%m-%d"])


@click.command("usage")
@click.argument("plan", type=click.Path(exists=True, dir_okay=False))
@click.option("--by", type=click.Choice(GRANULARITIES), default="week", show_default=True,
              help="Period length (weeks start on Monday).")
@click.option("--leveled", is_flag=True, help="Level the plan first and show the leveled usage.")
@click.option("--resource", "resource_ids", multiple=True, metavar="ID", help="Only this person (repeatable).")
@click.option("--from", "first", type=DATE, help="First day shown (default: the first assigned work).")
@click.option("--to", "last", type=DATE, help="Last day shown (default: the last assigned work).")
@click.option("--json", "as_json", is_flag=True, help="One JSON object {project, by, from, to, resources}.")
@click.option("--chart", type=click.Path(dir_okay=False), help="Also write a histogram per person: .svg or .png.")
def command(plan: str, by: Granularity, leveled: bool, resource_ids: tuple[str, ...], first: dt.datetime | None,
            last: dt.datetime | None, as_json: bool, chart: str | None) -> None:
    """Show each person's load (work ÷ working time) per period; over 100% in red."""
    if chart is not None and Path(chart).suffix.lower() not in (".svg", ".png"):
        raise click.BadParameter("the chart must end in .svg or .png", param_hint="--chart")
    if first is not None and last is not None and last < first:
        raise click.BadParameter(f"--to {last:%Y-%m-%d} is before --from {first:%Y-%m-%d}", param_hint="--to")
    project = load_plan(plan).project
    _check_resources(project, resource_ids)
    result = _schedule(project, leveled)
    usage = resource_usage(project, result, by=by, first=first.date() if first else None,
                           last=last.date() if last else None, resources=list(resource_ids) or None)
    if chart is not None:
        from headway.reports.usage_chart import render_usage_chart  # matplotlib: loaded only for charts

        render_usage_chart(usage, chart, title=f"{project.name}: usage by {by}" + (" (leveled)" if leveled else ""))
        click.echo(f"wrote {chart}", err=True)
    if as_json:
        click.echo(json.dumps(schedule_json.usage_dict(usage, project.name), indent=2, ensure_ascii=False))
        return
    console = stdout()
    table = usage_table(usage, project, leveled)
    if not console.is_terminal:  # a pipe or file gets every column, however wide
        console.width = max(console.width, 24 + 8 * len(usage.periods) + 40)
    console.print(table)


def _check_resources(project: Project, resource_ids: tuple[str, ...]) -> None:
    known = [r.id for r in project.resources]
    for rid in resource_ids:
        if rid not in known:
            hint = did_you_mean(rid, known)
            raise click.BadParameter(f"no resource {rid!r} in the plan" + (f"; {hint}" if hint else ""),
                                     param_hint="--resource")


def _schedule(project: Project, leveled: bool) -> Schedule:
    try:
        return level_plan(project).schedule if leveled else schedule(project)
    except PlanError as err:
        print_problems(err.problems)
        raise SystemExit(PLAN_ERROR_EXIT) from err


def usage_table(usage: Usage, project: Project, leveled: bool = False) -> Table:
    """One row per person, one column per period with the load, then total work, load and peak."""
    per_day = round(project.working_time.hours_per_day * 60)
    first, last = usage.periods[0], usage.periods[-1]
    one_year = first.start.year == (last.end - dt.timedelta(days=1)).year
    table = Table(title=f"{project.name}: load by {usage.by}, {first.start:%Y-%m-%d} → "
                  f"{last.end - dt.timedelta(days=1):%Y-%m-%d}" + (" (leveled)" if leveled else ""),
                  title_justify="left")
    table.add_column("Resource", no_wrap=True)
    for period in usage.periods:
        table.add_column(_header(period, usage.by, one_year), justify="right", no_wrap=True)
    for name in ("Work", "Load", "Peak"):
        table.add_column(name, justify="right", no_wrap=True)
    for person in usage.resources:
        table.add_row(f"{person.name} ({person.id})" if person.name != person.id else person.id,
                      *_cells(person), *_totals(person, per_day))
    return table


def _header(period: Period, by: Granularity, one_year: bool) -> str:
    if not one_year:
        return period.label
    return {"day": f"{period.start:%a %d %b}", "week": period.label[5:], "month": f"{period.start:%b}"}[by]


def _cells(person: ResourceUsage) -> list[str]:
    out = []
    for load, available, over in zip(person.load.tolist(), person.available.tolist(), person.over.tolist(),
                                     strict=True):
        if load == 0:
            out.append("[dim]·[/dim]" if available == 0 else "[dim]0%[/dim]")
        else:
            text = "∞" if load == float("inf") else f"{load:.0%}"
            out.append(f"[red]{text}[/red]" if over else text)
    return out


def _totals(person: ResourceUsage, per_day: int) -> list[str]:
    total = person.total_work / person.total_available if person.total_available > 0 else 0.0
    peak, at = person.peak
    peak_text = "" if at is None else ("∞" if peak == float("inf") else f"{peak:.0%}") + f" {at.label}"
    style = "red" if person.over_allocated else "default"
    return [days(round(person.total_work), per_day), f"{total:.0%}", f"[{style}]{peak_text}[/{style}]"]
