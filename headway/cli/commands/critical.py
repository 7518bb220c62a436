"""`headway critical PLAN`: the critical path, in order."""

from __future__ import annotations

import json

import click

from headway.cli.commands.schedule import schedule_table
from headway.cli.console import days, stdout
from headway.cli.loading import load_schedule
from headway.io.explain_json import critical_dict


@click.command("critical")
@click.argument("plan", type=click.Path(exists=True, dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="One JSON object {project, path, tasks}.")
def command(plan: str, as_json: bool) -> None:
    """Show the driving chain to the project finish and every task with no float."""
    _, result = load_schedule(plan)
    if as_json:
        click.echo(json.dumps(critical_dict(result), indent=2, ensure_ascii=False))
        return
    console = stdout()
    console.print(f"[bold]Critical path[/bold] ({days(result.duration_minutes, result.minutes_per_day)} "
                  f"from {result.start:%a %Y-%m-%d} to {result.finish:%a %Y-%m-%d %H:%M}):")
    for tid in result.critical_path:
        task = result.task(tid)
        console.print(f"  {task.wbs:>6}  {tid}  [red]{task.name}[/red]  {task.start:%Y-%m-%d} → "
                      f"{task.finish:%Y-%m-%d}")
    console.print(schedule_table(result, only_critical=True))
