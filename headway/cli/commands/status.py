"""`headway status PLAN`: where the project stands at its status date, and why that colour."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json

import click
from rich.console import Group, RenderableType
from rich.markup import escape
from rich.table import Table

from headway.cli.commands.baseline import variance_table
from headway.cli.commands.issues import IF_LASTS, UNDATED, as_of, impact_lines
from headway.cli.console import days, print_problems, stdout
from headway.cli.loading import PLAN_ERROR_EXIT, load_plan
from headway.engine.status import Status, status
from headway.engine.status_forecast import STATUS_ITERATIONS, StatusForecast
from headway.io.tracking_json import status_dict
from headway.model import PlanError, Project

COLOURS = {"green": "green", "amber": "yellow", "red": "red"}
TOP_RISKS = 5


@click.command("status")
@click.argument("plan", type=click.Path(exists=True, dir_okay=False))
@click.option("--baseline", default=None, help="Baseline to measure against (default: the latest saved).")
@IF_LASTS
@UNDATED
@click.option("--iterations", type=click.IntRange(min=1), default=STATUS_ITERATIONS, show_default=True,
              help="Forecast iterations (more: steadier percentiles, slower).")
@click.option("--seed", type=int, default=0, show_default=True, help="Forecast random seed (same seed, same report).")
@click.option("--no-forecast", is_flag=True, help="Skip the forecast (JSON: \"forecast\": null).")
@click.option("--json", "as_json", is_flag=True, help="One JSON object with stable keys (see the README).")
def command(plan: str, baseline: str | None, if_lasts: float | None, undated: float | None, iterations: int,
            seed: int, no_forecast: bool, as_json: bool) -> None:
    """Status of PLAN: percent complete, SPI/CPI, late and slipping tasks, milestones, blockers, RAG, forecast."""
    project = load_plan(plan).project
    if baseline is not None and all(b.name != baseline for b in project.baselines):
        raise click.UsageError(f"no baseline {baseline!r} in {plan}")
    try:
        report = status(project, baseline=baseline, if_lasts=if_lasts, undated=undated,
                        forecast_iterations=None if no_forecast else iterations, seed=seed)
    except PlanError as err:
        print_problems(err.problems)
        raise SystemExit(PLAN_ERROR_EXIT) from err
    if as_json:
        click.echo(json.dumps(status_dict(project, report), indent=2, ensure_ascii=False))
        return
    stdout().print(Group(*_lines(project, report)))


def _index(value: float | None) -> str:
    return f"{value:.2f}" if value is not None else "n/a"


def _lines(project: Project, report: Status) -> list[RenderableType]:
    colour = COLOURS[report.rag]
    out: list[RenderableType] = [
        f"[bold]{project.name}[/bold] at {as_of(project)}: [{colour}]{report.rag.upper()}[/{colour}]"
        f" — {'; '.join(report.reasons)}",
        f"{report.percent_complete:.1%} complete; finish {report.finish:%a %Y-%m-%d %H:%M}; "
        f"SPI {_index(report.indices['spi'])}, CPI {_index(report.indices['cpi'])}, "
        f"SPI(t) {_index(report.indices['spi_t'])}",
    ]
    if report.late:
        table = Table(title="Late tasks", title_justify="left")
        for column in ("ID", "Task", "Why", "Planned start", "Planned finish", "Done"):
            table.add_column(column)
        for t in report.late[:30]:
            table.add_row(t.id, t.name, t.reason, f"{t.planned_start:%a %Y-%m-%d}", f"{t.planned_finish:%a %Y-%m-%d}",
                          f"{t.done:.0%}")
        out.append(table)
    if report.variance is not None:
        shown = [v for v in report.variance.tasks if v.milestone or (v.finish_slip_minutes or 0) > 0][:30]
        out.append(variance_table(dataclasses.replace(report.variance, tasks=tuple(shown))))
    else:
        out.append("no baseline: run 'headway baseline save PLAN' to measure slips")
    out += impact_lines(report.blockers)
    if report.forecast is not None:
        out += _forecast_lines(report.forecast)
    return out


def _when(value: dt.datetime | None) -> str:
    return f"{value:%a %Y-%m-%d %H:%M}" if value is not None else "n/a"


def _forecast_lines(outlook: StatusForecast) -> list[RenderableType]:
    if outlook.error is not None:
        return [f"[yellow]no forecast:[/yellow] {escape(outlook.error)}"]
    finish, per_day = outlook.percentile_finish, outlook.minutes_per_day
    out: list[RenderableType] = [
        f"[bold]Forecast[/bold] ({outlook.iterations:,} iterations, seed {outlook.seed}): "
        f"P50 finish {_when(finish.get(50))}, P80 finish {_when(finish.get(80))}"]
    if outlook.deadlines:
        table = Table(title="Deadlines", title_justify="left")
        for column in ("Task", "Deadline", "Finish now", "P50", "P80", "Chance to meet"):
            table.add_column(column)
        for d in outlook.deadlines:
            chance = "red" if d.probability < 0.5 else "yellow" if d.probability < 0.8 else "green"
            table.add_row(d.task, str(d.deadline), _when(d.planned_finish), _when(d.p50_finish), _when(d.p80_finish),
                          f"[{chance}]{d.probability:.0%}[/{chance}]")
        out.append(table)
    if outlook.risks:
        table = Table(title="Top risks by effect on P80 (how much P80 moves if the risk is removed)",
                      title_justify="left")
        for column in ("Risk", "Title", "P80 effect", "Fired"):
            table.add_column(column)
        for r in outlook.risks[:TOP_RISKS]:
            table.add_row(escape(r.id), escape(r.title), days(r.p80_delta_minutes, per_day), f"{r.fired_share:.0%}")
        out.append(table)
    return out
