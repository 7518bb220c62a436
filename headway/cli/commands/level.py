"""`headway level PLAN`: the schedule with nobody over-allocated."""

from __future__ import annotations

import json

import click
from rich.table import Table

from headway.cli.console import days, print_problems, search_progress, stdout
from headway.cli.loading import PLAN_ERROR_EXIT, load_plan
from headway.cli.options import engine_objective, leveling_options
from headway.engine.leveling.plan import LeveledPlan, level_plan
from headway.io import schedule_json
from headway.model import PlanError


@click.command("level")
@click.argument("plan", type=click.Path(exists=True, dir_okay=False))
@leveling_options
@click.option("--within-float", is_flag=True,
              help="Move tasks only within their total float; report what stays over-allocated.")
@click.option("--json", "as_json", is_flag=True, help="One JSON object, as `schedule --json` plus leveling.")
def command(plan: str, method: str, time_limit: float, workers: int, objective: str, within_float: bool,
            as_json: bool) -> None:
    """Level PLAN: move tasks so nobody is over-allocated, keeping every link."""
    project = load_plan(plan).project
    try:
        with search_progress(method == "optimal" and not as_json, time_limit) as on_progress:
            leveled = level_plan(project, method="optimal" if method == "optimal" else "heuristic",
                                 time_limit=time_limit, workers=workers, within_float=within_float,
                                 on_progress=on_progress,
                                 objective=engine_objective(objective))
    except PlanError as err:
        print_problems(err.problems)
        raise SystemExit(PLAN_ERROR_EXIT) from err
    if as_json:
        click.echo(json.dumps(schedule_json.leveled_dict(leveled, project), indent=2, ensure_ascii=False))
        return
    console = stdout()
    console.print(_summary(leveled))
    console.print(_table(leveled))
    if leveled.unresolved:
        console.print(f"[yellow]Within float, {len(leveled.unresolved)} task(s) stay over-allocated:[/yellow] "
                      + ", ".join(leveled.unresolved[:10]) + (" and more" if len(leveled.unresolved) > 10 else ""))


def _summary(leveled: LeveledPlan) -> str:
    r, s = leveled.result, leveled.schedule
    bound = "proven optimal" if r.proven_optimal else f"at most {r.gap:.1%} longer than the best possible"
    return (f"[bold]{s.project_name}[/bold] leveled ({r.method}): finishes {s.finish:%a %Y-%m-%d %H:%M}, "
            f"{bound} (lower bound {days(r.lower_bound * leveled.slot, s.minutes_per_day)}, "
            f"{r.schedules} schedules, {r.runtime:.2f} s)")


def _table(leveled: LeveledPlan) -> Table:
    s = leveled.schedule
    table = Table(title_justify="left")
    for name in ("WBS", "ID", "Task", "Who", "Start", "Finish", "Delay", "Waited for"):
        table.add_column(name, no_wrap=name not in ("Task", "Waited for"),
                         justify="right" if name == "Delay" else "left")
    for task in s.tasks:
        delay = leveled.delay_minutes.get(task.id, 0)
        style = "bold" if task.summary else ("red" if task.critical else "")
        who = ", ".join(task.resources) if not task.summary else ""
        if leveled.picked and task.id in leveled.picked:
            who += " (picked)"
        table.add_row(task.wbs, task.id, ("  " * task.level) + task.name, who, f"{task.start:%a %Y-%m-%d %H:%M}",
                      f"{task.finish:%a %Y-%m-%d %H:%M}", days(delay, s.minutes_per_day) if delay else "",
                      leveled.waited_for.get(task.id, ""), style=style)
    return table
