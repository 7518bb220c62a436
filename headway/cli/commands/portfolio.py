"""`headway portfolio schedule A.yaml B.yaml --pool people.yaml`: several plans leveled together."""

from __future__ import annotations

import json

import click
from rich.table import Table

from headway.cli.console import days, print_problems, stdout
from headway.cli.loading import PLAN_ERROR_EXIT
from headway.cli.options import engine_objective, leveling_options
from headway.engine.portfolio import PortfolioSchedule, ProjectSchedule, schedule_portfolio
from headway.engine.portfolio_load import ResourceLoad
from headway.io.portfolio import load_portfolio
from headway.io.portfolio_json import portfolio_dict
from headway.model import PlanError

WHEN = "%a %Y-%m-%d %H:%M"


@click.group("portfolio")
def command() -> None:
    """Several plans that share people: schedule and level them together."""


@command.command("schedule")
@click.argument("plans", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
@click.option("--pool", type=click.Path(exists=True, dir_okay=False),
              help="File with the calendars and resources the plans share.")
@leveling_options
@click.option("--no-level", is_flag=True, help="Schedule without leveling (people may be over-allocated).")
@click.option("--json", "as_json", is_flag=True, help="One JSON object: each project's schedule and the loads.")
def schedule_command(plans: tuple[str, ...], pool: str | None, method: str, time_limit: float, workers: int,
                     objective: str, no_level: bool, as_json: bool) -> None:
    """Schedule PLANS together, by project priority; links between plans are written other/task-id."""
    try:
        read = load_portfolio(plans, pool)
        result = schedule_portfolio(read.portfolio, level=not no_level, time_limit=time_limit, workers=workers,
                                    method="optimal" if method == "optimal" else "heuristic",
                                    objective=engine_objective(objective))
    except PlanError as err:
        print_problems(err.problems)
        raise SystemExit(PLAN_ERROR_EXIT) from err
    if as_json:
        click.echo(json.dumps(portfolio_dict(result, read.files), indent=2, ensure_ascii=False))
        return
    console = stdout()
    console.print(_summary(result))
    console.print(_projects(result))
    console.print(_pooled(result))
    console.print(_per_project(result))
    print_problems(result.problems)


def _summary(result: PortfolioSchedule) -> str:
    s, lev = result.schedule, result.leveled
    how = "not leveled"
    if lev is not None:
        r = lev.result
        bound = "proven optimal" if r.proven_optimal else f"at most {r.gap:.1%} longer than the best possible"
        how = f"leveled ({r.method}, {bound})"
    return (f"[bold]{s.project_name}[/bold]: {len(result.projects)} plans, {how}: "
            f"{s.start:{WHEN}} → {s.finish:{WHEN}}")


def _projects(result: PortfolioSchedule) -> Table:
    table = Table(title="Projects (highest priority first)", title_justify="left")
    for name in ("Priority", "Key", "Project", "Start", "Finish", "Deadlines", "Leveling"):
        table.add_column(name, no_wrap=name not in ("Project", "Deadlines", "Leveling"),
                         justify="right" if name == "Priority" else "left")
    for part in sorted(result.projects, key=lambda p: -p.project.priority):
        s = part.schedule
        table.add_row(str(part.project.priority), part.key, s.project_name, f"{s.start:%a %Y-%m-%d}",
                      f"{s.finish:{WHEN}}", _deadlines(part), _leveling(part, result.leveled is not None),
                      style="red" if part.late else "")
    return table


def _deadlines(part: ProjectSchedule) -> str:
    if not part.deadlines:
        return "none"
    if not part.late:
        return f"{part.deadlines} met"
    per_day = part.schedule.minutes_per_day
    worst = ", ".join(f"{tid} {days(late, per_day)} late" for tid, late in part.late[:3])
    return f"{len(part.late)} of {part.deadlines} missed ({worst})"


def _leveling(part: ProjectSchedule, leveled: bool) -> str:
    if not leveled:
        return "not leveled"
    moved = [m for m in part.delay_minutes.values() if m > 0]
    per_day = part.schedule.minutes_per_day
    finish = f"finish +{days(part.finish_delay_minutes, per_day)}" if part.finish_delay_minutes > 0 else "finish kept"
    return f"{finish}; {len(moved)} tasks moved, up to {days(max(moved), per_day)}" if moved else finish


def _pooled(result: PortfolioSchedule) -> Table:
    per_day = result.schedule.minutes_per_day
    table = Table(title="Pooled load", title_justify="left")
    for name in ("Resource", "Name", "Units", "Work", "Peak", "Peak at", "Projects"):
        table.add_column(name, no_wrap=name != "Projects", justify="right" if name in ("Units", "Work") else "left")
    for load in result.load:
        projects = ", ".join(f"{key} {days(work, per_day)}" for key, work in load.projects)
        table.add_row(load.resource, load.name, f"{load.units:.0%}", days(load.work_minutes, per_day),
                      *_peak(load), projects or "idle")
    return table


def _per_project(result: PortfolioSchedule) -> Table:
    per_day = result.schedule.minutes_per_day
    table = Table(title="Load per project", title_justify="left")
    for name in ("Project", "Resource", "Work", "Peak", "Peak at"):
        table.add_column(name, no_wrap=True, justify="right" if name == "Work" else "left")
    for part in result.projects:
        for load in part.load:
            table.add_row(part.key, load.resource, days(load.work_minutes, per_day), *_peak(load))
    return table


def _peak(load: ResourceLoad) -> tuple[str, str]:
    over = load.peak_units > load.units + 1e-9
    peak = f"[red]{load.peak_units:.0%} of {load.units:.0%}[/red]" if over else f"{load.peak_units:.0%}"
    return peak, f"{load.peak_at:{WHEN}}" if load.peak_at is not None else ""
