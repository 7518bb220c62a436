"""`headway forecast PLAN`: Monte Carlo finish-date percentiles, deadline odds and criticality."""

from __future__ import annotations

import json
from typing import Any

import click

from headway.cli.console import days, print_problems, stdout
from headway.cli.loading import PLAN_ERROR_EXIT, PlanFailed, load_plan
from headway.engine.forecast import Forecast, forecast
from headway.model import PlanError

MOST_CRITICAL = 10


@click.command("forecast")
@click.argument("plan", type=click.Path(exists=True, dir_okay=False))
@click.option("--iterations", type=click.IntRange(min=1), default=10_000, show_default=True,
              help="Number of sampled schedules.")
@click.option("--seed", type=int, default=0, show_default=True, help="Random seed (same seed, same forecast).")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
def command(plan: str, iterations: int, seed: int, as_json: bool) -> None:
    """Forecast the finish from three-point estimates and open risks: P10…P90, deadline odds, criticality."""
    project = load_plan(plan).project
    try:
        result = forecast(project, iterations=iterations, seed=seed)
    except PlanError as err:
        print_problems(err.problems)
        raise PlanFailed(PLAN_ERROR_EXIT) from err
    if as_json:
        click.echo(json.dumps(to_json(result), indent=2))
        return
    _print(result)


def to_json(result: Forecast) -> dict[str, Any]:
    """The `forecast --json` contract."""
    keys = {f"p{p}": p for p in result.percentile_minutes}
    return {
        "iterations": result.iterations,
        "duration_minutes": {"mean": result.mean_minutes} | {k: result.percentile_minutes[p] for k, p in keys.items()},
        "finish": {k: result.percentile_finish[p].isoformat() for k, p in keys.items()},
        "tasks": [{"id": tid, "criticality": share, "sensitivity": result.sensitivity.get(tid, 0.0)}
                  for tid, share in result.criticality.items()],
        "deadlines": [{"task": d.task, "deadline": d.deadline.isoformat(), "probability": d.probability}
                      for d in result.deadlines],
        "risks": [{"id": r.risk, "fired_share": r.fired_share, "p80_without_minutes": r.p80_without_minutes,
                   "p80_delta_minutes": r.p80_delta_minutes} for r in result.risks],
    }


def _print(result: Forecast) -> None:
    console = stdout()
    per_day = result.minutes_per_day
    console.print(f"[bold]Forecast[/bold] from {result.iterations} iterations "
                  f"(mean {days(round(result.mean_minutes), per_day)}):")
    for p in (50, 80):
        console.print(f"  P{p} finish {result.percentile_finish[p]:%a %Y-%m-%d %H:%M}  "
                      f"({days(result.percentile_minutes[p], per_day)})")
    for odds in result.deadlines:
        console.print(f"  {odds.probability:.0%} chance to meet {odds.task} deadline {odds.deadline}")
    ranked = sorted(result.criticality.items(), key=lambda item: -item[1])[:MOST_CRITICAL]
    if ranked:
        console.print("[bold]Most critical tasks[/bold] (share of iterations on a longest path):")
        for tid, share in ranked:
            console.print(f"  {share:>5.0%}  {tid}  (sensitivity {result.sensitivity.get(tid, 0.0):+.2f})")
    risks = sorted(result.risks, key=lambda r: -r.p80_delta_minutes)[:MOST_CRITICAL]
    if risks:
        console.print("[bold]Top risks by effect on P80[/bold] (how much P80 moves if the risk is removed):")
        for effect in risks:
            console.print(f"  {days(effect.p80_delta_minutes, per_day):>8}  {effect.risk}  "
                          f"(fired in {effect.fired_share:.0%} of iterations)")
