"""`headway why PLAN TASK`: what drives a task's dates, back to the start."""

from __future__ import annotations

import json

import click
from rich.markup import escape

from headway.cli.console import stdout
from headway.cli.loading import load_schedule
from headway.engine.explain import why
from headway.io.explain_json import why_dict
from headway.model import did_you_mean


@click.command("why")
@click.argument("plan", type=click.Path(exists=True, dir_okay=False))
@click.argument("task")
@click.option("--json", "as_json", is_flag=True, help="One JSON object {task, steps}.")
def command(plan: str, task: str, as_json: bool) -> None:
    """Explain why TASK starts when it does, step by step back to the project start."""
    project, result = load_schedule(plan)
    if task not in result:
        hint = did_you_mean(task, [t.id for t in result.tasks])
        raise click.BadParameter(f"no task {task!r} in {plan}" + (f"; {hint}" if hint else ""),
                                 param_hint="TASK")
    if as_json:
        click.echo(json.dumps(why_dict(project, result, task), indent=2, ensure_ascii=False))
        return
    console = stdout()
    for n, step in enumerate(why(project, result, task)):
        console.print(("  " * n) + ("└ " if n else "") + escape(step.reason))
