"""`headway baseline save|list|compare PLAN`: named snapshots of the schedule and variance against them."""

from __future__ import annotations

import datetime as dt
import json

import click
from rich.table import Table

from headway.cli.console import days, print_problems, stdout
from headway.cli.loading import PLAN_ERROR_EXIT, load_plan, require_plan_file
from headway.engine.baselines import DEFAULT_NAME, capture, find, with_baseline
from headway.engine.cost import task_costs
from headway.engine.cpm import schedule as compute_schedule
from headway.engine.results import Schedule
from headway.engine.variance import Variance, compare
from headway.io import plan as plan_file
from headway.io.tracking_json import variance_dict
from headway.model import PlanError, Project

PLAN = click.argument("plan", type=click.Path(exists=True, dir_okay=False))


@click.group("baseline")
def command() -> None:
    """Save, list and compare baselines: what the schedule promised."""


@command.command("save")
@PLAN
@click.option("--name", default=DEFAULT_NAME, show_default=True, help="Baseline name; an existing one is replaced.")
@click.option("--level", "leveled", is_flag=True, help="Save the leveled schedule.")
def save(plan: str, name: str, leveled: bool) -> None:
    """Schedule PLAN and store its dates, work and cost in the plan file as baseline NAME."""
    require_plan_file(plan)
    project = load_plan(plan).project
    result = _schedule(project, leveled)
    replaced = find(project, name) is not None
    baseline = capture(result, name, dt.datetime.now(), task_costs(project, result))
    plan_file.save(with_baseline(project, baseline), plan)
    click.echo(f"{'replaced' if replaced else 'saved'} baseline {name!r} in {plan}: {len(baseline.tasks)} tasks, "
               f"finish {result.finish:%a %Y-%m-%d %H:%M}")


def _schedule(project: Project, leveled: bool) -> Schedule:
    """The plan's schedule, leveled if asked; plan errors are printed (exit 1)."""
    try:
        if leveled:
            from headway.engine.leveling.plan import level_plan  # only here: leveling loads OR-Tools

            return level_plan(project).schedule
        return compute_schedule(project)
    except PlanError as err:
        print_problems(err.problems)
        raise SystemExit(PLAN_ERROR_EXIT) from err


@command.command("list")
@PLAN
def list_(plan: str) -> None:
    """The baselines saved in PLAN."""
    project = load_plan(plan).project
    table = Table(title_justify="left")
    for column in ("Name", "Saved", "Finish", "Tasks", "Cost"):
        table.add_column(column, justify="right" if column in ("Tasks", "Cost") else "left")
    for b in project.baselines:
        table.add_row(b.name, f"{b.saved:%Y-%m-%d %H:%M}", f"{b.finish:%a %Y-%m-%d %H:%M}" if b.finish else "",
                      str(len(b.tasks)), f"{b.cost:,.2f}")
    stdout().print(table if project.baselines else "no baselines saved (headway baseline save PLAN)")


@command.command("compare")
@PLAN
@click.option("--name", default=None, help="Baseline to compare with (default: the latest saved).")
@click.option("--level", "leveled", is_flag=True, help="Compare the leveled schedule (as saved with --level).")
@click.option("--json", "as_json", is_flag=True, help="One JSON object {baseline, finish_slip_days, tasks, ...}.")
def compare_(plan: str, name: str | None, leveled: bool, as_json: bool) -> None:
    """Variance of the current schedule against a baseline, worst finish slip first."""
    project = load_plan(plan).project
    result = _schedule(project, leveled)
    baseline = find(project, name)
    if baseline is None:
        known = ", ".join(b.name for b in project.baselines) or "none saved"
        raise click.UsageError(f"no baseline {name!r} in {plan} (baselines: {known})" if name
                               else f"{plan} has no baselines; run 'headway baseline save {plan}' first")
    variance = compare(project, result, baseline, task_costs(project, result))
    if as_json:
        click.echo(json.dumps(variance_dict(variance), indent=2, ensure_ascii=False))
    else:
        stdout().print(variance_table(variance))


def _slip(minutes: int | None, per_day: int) -> str:
    if minutes is None:
        return ""
    return ("+" if minutes > 0 else "") + days(minutes, per_day)


def variance_table(variance: Variance) -> Table:
    """Tasks against the baseline; slips in working days, late ones in red, milestones marked ◆."""
    per_day = variance.minutes_per_day
    slip = _slip(round((variance.finish_slip_days or 0) * per_day), per_day)
    table = Table(title=f"against baseline {variance.baseline!r} ({variance.saved:%Y-%m-%d %H:%M}): "
                  f"finish {variance.finish:%a %Y-%m-%d %H:%M} ({slip or 'no baseline finish'})", title_justify="left")
    for column in ("ID", "Task", "Baseline finish", "Finish", "Start slip", "Finish slip", "Work var.", "Cost var."):
        table.add_column(column, justify="right" if "var" in column or "slip" in column else "left")
    for v in variance.tasks:
        late = (v.finish_slip_minutes or 0) > 0
        cost = f"{v.cost_variance:+,.2f}" if v.cost_variance else ""
        table.add_row(v.id, v.name + (" ◆" if v.milestone else "") + (f" ({v.change})" if v.change else ""),
                      f"{v.baseline_finish:%a %Y-%m-%d %H:%M}" if v.baseline_finish else "",
                      f"{v.finish:%a %Y-%m-%d %H:%M}" if v.finish else "",
                      _slip(v.start_slip_minutes, per_day), _slip(v.finish_slip_minutes, per_day),
                      _slip(v.work_variance_minutes, per_day) if v.work_variance_minutes else "", cost,
                      style="red" if late else ("bold" if v.summary else ""))
    return table
