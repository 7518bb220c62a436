"""`headway whatif PLAN --change "…"`: apply changes to a copy of the plan, re-schedule, compare."""

from __future__ import annotations

import json

import click

from headway.cli.console import print_problems, stdout
from headway.cli.loading import PLAN_ERROR_EXIT, PlanFailed, load_plan
from headway.engine.advisor.changes import ChangeError
from headway.engine.advisor.measure import P80_ITERATIONS, compare
from headway.io.change_text import FORMS, ChangeTextError, parse_change
from headway.model import PlanError
from headway.reports.doctor_json import whatif_dict
from headway.reports.doctor_terminal import whatif_view


@click.command("whatif", epilog="Changes: " + "; ".join(FORMS))
@click.argument("plan", type=click.Path(exists=True, dir_okay=False))
@click.option("--change", "changes", multiple=True, required=True, help="A change in plain words; repeatable.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@click.option("--p80", is_flag=True, help=f"Also compare the forecast P80 ({P80_ITERATIONS} seeded iterations).")
@click.option("--seed", type=int, default=0, show_default=True, help="Random seed of the P80 forecast.")
def command(plan: str, changes: tuple[str, ...], as_json: bool, p80: bool, seed: int) -> None:
    """Apply each --change to a copy of PLAN, re-schedule it as the plan is scheduled, and compare."""
    try:
        parsed = [parse_change(text) for text in changes]
    except ChangeTextError as err:
        raise click.UsageError(str(err)) from err
    project = load_plan(plan).project
    try:
        result = compare(project, parsed, p80_iterations=P80_ITERATIONS if p80 else None, seed=seed)
    except ChangeError as err:
        raise click.UsageError(str(err)) from err
    except PlanError as err:
        print_problems(err.problems)
        raise PlanFailed(PLAN_ERROR_EXIT) from err
    except ValueError as err:
        raise click.ClickException(str(err)) from err
    if as_json:
        click.echo(json.dumps(whatif_dict(result), indent=2, ensure_ascii=False))
    else:
        stdout().print(whatif_view(result))
