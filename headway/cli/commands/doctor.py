"""`headway doctor PLAN`: schedule problems with their evidence and fixes measured on what-if copies."""

from __future__ import annotations

import datetime as dt
import json

import click

from headway.cli.console import print_problems, stdout
from headway.cli.loading import PLAN_ERROR_EXIT, PlanFailed, load_plan
from headway.engine.advisor import FORECAST_ITERATIONS, diagnose
from headway.engine.advisor.findings import SEVERITIES, severity_rank
from headway.engine.advisor.fixes import MAX_MEASURED
from headway.engine.advisor.measure import P80_ITERATIONS
from headway.model import PlanError
from headway.reports.doctor_json import doctor_dict
from headway.reports.doctor_terminal import doctor_view

FINDINGS_EXIT = 1


@click.command("doctor")
@click.argument("plan", type=click.Path(exists=True, dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help='Print {"findings": [...]} (see docs/advisor.md).')
@click.option("--fail-on", type=click.Choice(SEVERITIES), default=None,
              help="Exit 1 when there is a finding this severe or worse (for CI).")
@click.option("--today", type=click.DateTime(["%Y-%m-%d"]), default=None,
              help="Date to judge stale progress against (default: today).")
@click.option("--iterations", type=click.IntRange(min=0), default=FORECAST_ITERATIONS, show_default=True,
              help="Forecast iterations for deadline_at_risk (0: skip the forecast).")
@click.option("--seed", type=int, default=0, show_default=True, help="Random seed of the forecasts.")
@click.option("--p80", is_flag=True, help=f"Also measure each fix's P80 ({P80_ITERATIONS} seeded iterations).")
@click.option("--max-fixes", type=click.IntRange(min=0), default=MAX_MEASURED, show_default=True,
              help="Changes re-scheduled at most (each is a full schedule; 0: no fixes).")
def command(plan: str, as_json: bool, fail_on: str | None, today: dt.datetime | None, iterations: int, seed: int,
            p80: bool, max_fixes: int) -> None:
    """Find schedule problems in PLAN and measure fixes by re-scheduling a what-if copy of it."""
    project = load_plan(plan).project
    try:
        result = diagnose(project, today=today.date() if today else None, forecast_iterations=iterations, seed=seed,
                          fixes=max_fixes > 0, max_measured=max_fixes, p80_iterations=P80_ITERATIONS if p80 else None)
    except PlanError as err:
        print_problems(err.problems)
        raise PlanFailed(PLAN_ERROR_EXIT) from err
    except ValueError as err:  # leveling found no schedule
        raise click.ClickException(str(err)) from err
    if as_json:
        click.echo(json.dumps(doctor_dict(result), indent=2, ensure_ascii=False))
    else:
        stdout().print(doctor_view(result))
    if fail_on is not None and any(severity_rank(f.severity) <= severity_rank(fail_on) for f in result.findings):
        raise SystemExit(FINDINGS_EXIT)
