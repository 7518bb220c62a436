"""`headway check PLAN`: every error and warning in a plan, scheduling included."""

from __future__ import annotations

import click

from headway.cli.console import print_problems, stderr
from headway.cli.loading import PLAN_ERROR_EXIT, load_plan
from headway.engine.usage import findings
from headway.model import PlanError


@click.command("check")
@click.argument("plan", type=click.Path(exists=True, dir_okay=False))
@click.option("--strict", is_flag=True, help="Treat warnings as errors (exit 1).")
def command(plan: str, strict: bool) -> None:
    """Check PLAN and list every problem with file:line:column, id and a hint."""
    loaded = load_plan(plan)
    project, warnings = loaded.project, list(loaded.problems)
    try:
        found = findings(project)
    except PlanError as err:
        print_problems(err.problems)
        raise SystemExit(PLAN_ERROR_EXIT) from err
    seen = {(p.code, p.entity_id, p.message) for p in warnings}
    problems = warnings + [p for p in found if (p.code, p.entity_id, p.message) not in seen]
    print_problems(problems)
    console = stderr()
    leaves = len(project.tasks) - len(project.summary_ids())
    console.print(f"[green]{plan}: ok[/green] — {len(project.tasks)} tasks ({leaves} leaf), "
                  f"{sum(len(t.links) for t in project.tasks)} links, {len(project.resources)} resources, "
                  f"{len(problems)} warning(s)")
    if strict and problems:
        raise SystemExit(PLAN_ERROR_EXIT)
