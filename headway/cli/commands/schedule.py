"""`headway schedule PLAN`: the computed schedule as a table, JSON or CSV."""

from __future__ import annotations

import click
from rich.table import Table

from headway.cli.console import days, duration_text, stdout
from headway.cli.loading import load_schedule
from headway.engine.results import Schedule
from headway.io import schedule_csv, schedule_json


@click.command("schedule")
@click.argument("plan", type=click.Path(exists=True, dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object {project, tasks, links, problems}.")
@click.option("--csv", "as_csv", is_flag=True, help="Print CSV, one row per task.")
def command(plan: str, as_json: bool, as_csv: bool) -> None:
    """Schedule PLAN: early and late dates, floats and the critical path."""
    if as_json and as_csv:
        raise click.UsageError("choose one of --json and --csv")
    project, result = load_schedule(plan)
    if as_json:
        click.echo(schedule_json.dumps(result, project))
    elif as_csv:
        click.echo(schedule_csv.dumps(result), nl=False)
    else:
        stdout().print(schedule_table(result, progress=bool(project.progress)))


def schedule_table(result: Schedule, only_critical: bool = False, progress: bool = False) -> Table:
    """A Rich table of the schedule; critical tasks in red, summaries in bold; ``progress`` adds a % column."""
    per_day = result.minutes_per_day
    table = Table(title=f"{result.project_name}: {result.start:%Y-%m-%d} → {result.finish:%Y-%m-%d %H:%M} "
                  f"({days(result.duration_minutes, per_day)} working)", title_justify="left")
    columns = ("WBS", "ID", "Task", "Start", "Finish", "Dur.", "Total float", "Free float", "%")
    for name in columns[:9 if progress else 8]:
        table.add_column(name, no_wrap=name != "Task",
                         justify="right" if name in ("Dur.", "Total float", "Free float", "%") else "left")
    for task in result.tasks:
        if only_critical and not (task.critical and not task.summary):
            continue
        style = "bold" if task.summary else ("red" if task.critical else "")
        name = ("  " * task.level) + task.name + (" ◆" if task.milestone else "")
        cells = [task.wbs, task.id, name, f"{task.start:%a %Y-%m-%d %H:%M}", f"{task.finish:%a %Y-%m-%d %H:%M}",
                 duration_text(task.duration_minutes, per_day, task.calendar),
                 days(task.total_float_minutes, per_day), days(task.free_float_minutes, per_day)]
        table.add_row(*cells, *([f"{task.percent_complete:.0%}"] if progress else []), style=style)
    return table
