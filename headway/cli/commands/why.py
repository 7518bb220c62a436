"""`headway why PLAN TASK`: what drives a task's dates, back to the start."""

from __future__ import annotations

import click
from rich.markup import escape

from headway.cli.console import stdout
from headway.cli.loading import load_schedule
from headway.engine.explain import why
from headway.model import did_you_mean


@click.command("why")
@click.argument("plan", type=click.Path(exists=True, dir_okay=False))
@click.argument("task")
def command(plan: str, task: str) -> None:
    """Explain why TASK starts when it does, step by step back to the project start."""
    project, result = load_schedule(plan)
    if task not in result:
        hint = did_you_mean(task, [t.id for t in result.tasks])
        raise click.BadParameter(f"no task {task!r} in {plan}" + (f"; {hint}" if hint else ""),
                                 param_hint="TASK")
    console = stdout()
    for n, step in enumerate(why(project, result, task)):
        console.print(("  " * n) + ("└ " if n else "") + escape(step.reason))
