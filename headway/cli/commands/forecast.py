"""`headway forecast PLAN`: Monte Carlo finish-date and cost percentiles, deadline and milestone odds,
criticality, sensitivity, risks by effect on P80, and the finish distribution."""

from __future__ import annotations

import json
from typing import Any

import click

from headway.cli.console import days, print_problems, stage_progress, stdout
from headway.cli.loading import PLAN_ERROR_EXIT, PlanFailed, load_plan
from headway.engine.calibration import Calibration, PersonCalibration, calibrate, people_summary, records_from_project
from headway.engine.forecast import Forecast, forecast
from headway.engine.forecast_leveled import with_leveled_sequence
from headway.engine.leveling.plan import level_plan
from headway.io import history
from headway.io.forecast_json import calibration_dict, forecast_dict
from headway.model import PlanError, Project

MOST_CRITICAL = 10


@click.command("forecast")
@click.argument("plan", type=click.Path(exists=True, dir_okay=False))
@click.option("--iterations", type=click.IntRange(min=1), default=10_000, show_default=True,
              help="Number of sampled schedules.")
@click.option("--seed", type=int, default=0, show_default=True, help="Random seed (same seed, same forecast).")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@click.option("--progress/--no-progress", default=True, show_default=True,
              help="Show a progress bar on stderr (only on a terminal).")
@click.option("--level", "leveled", is_flag=True,
              help="Level the plan first and keep each person's leveled order of work in every iteration.")
@click.option("--calibrate", is_flag=True,
              help="Calibrate durations on how this plan's finished tasks turned out against their estimates.")
@click.option("--history", "histories", multiple=True, type=click.Path(exists=True, dir_okay=False),
              help="Estimate-vs-actual history CSV (person,project,task,estimate,actual,estimated_on,finished_on) "
              "to calibrate on; repeatable.")
@click.option("--tasks", "per_task", is_flag=True, help="With --json: every task's P50 and P80 finish too.")
def command(plan: str, iterations: int, seed: int, as_json: bool, progress: bool, leveled: bool, calibrate: bool,
            histories: tuple[str, ...], per_task: bool) -> None:
    """Forecast the finish from three-point estimates, open risks and progress: P10…P90, odds, criticality.

    With --calibrate or --history, each task's likely duration is multiplied by draws from its
    person's record of actual/estimate, and the uncalibrated forecast is shown beside it."""
    project = load_plan(plan).project
    try:
        calibration = None
        if calibrate or histories:
            calibration = calibrate_on(project, histories, own=calibrate)
        links = None
        if leveled:
            project, links = with_leveled_sequence(level_plan(project), project)
        with stage_progress(progress, f"sampling {iterations} schedules") as on_stage:
            result = forecast(project, iterations=iterations, seed=seed, on_progress=on_stage,
                              calibration=calibration, task_percentiles=per_task and as_json)
            plain = forecast(project, iterations=iterations, seed=seed) if calibration is not None else None
    except PlanError as err:
        print_problems(err.problems)
        raise PlanFailed(PLAN_ERROR_EXIT) from err
    summary = people_summary(calibration, project) if calibration is not None else None
    if as_json:
        extra: dict[str, Any] = {"leveled_links": links} if links is not None else {}
        if calibration is not None and plain is not None and summary is not None:
            extra["calibration"] = calibration_dict(calibration.correlation, summary, plain)
        click.echo(json.dumps(forecast_dict(result) | extra, indent=2))
        return
    if links is not None:
        stdout().print(f"Leveled first: {links} link(s) keep each person's order of work in every iteration.")
    _print(result, project.currency)
    if plain is not None and summary is not None and calibration is not None:
        _print_calibration(plain, result, summary, calibration.correlation)


def calibrate_on(project: Project, histories: tuple[str, ...], *, own: bool) -> Calibration:
    """The calibration from the history files and, with ``own``, this plan's finished tasks."""
    records = records_from_project(project) if own else []
    for path in histories:
        records += history.read(path, project.working_time)
    return calibrate(records)


def _print_calibration(plain: Forecast, result: Forecast, summary: list[PersonCalibration],
                       correlation: float) -> None:
    console = stdout()
    console.print(f"[bold]Calibrated on history[/bold] (within-project correlation {correlation:.2f}); "
                  "without calibration:")
    for p in (50, 80):
        console.print(f"  P{p} finish {plain.percentile_finish[p]:%a %Y-%m-%d}  (calibrated "
                      f"{result.percentile_finish[p]:%a %Y-%m-%d})")
    console.print("  person        tasks  own share  median ×  P80 ×")
    for s in summary:
        console.print(f"  {s.person:<12} {s.points:>6}  {s.weight:>9.0%}  {s.p50:>8.2f}  {s.p80:>5.2f}")


def _print(result: Forecast, currency: str) -> None:
    console = stdout()
    per_day = result.minutes_per_day
    since = f", from progress up to {result.status_date:%Y-%m-%d}" if result.status_date is not None else ""
    console.print(f"[bold]Forecast[/bold] from {result.iterations} iterations{since} "
                  f"(mean {days(round(result.mean_minutes), per_day)}, plan {days(result.planned_minutes, per_day)}):")
    for p in (50, 80):
        console.print(f"  P{p} finish {result.percentile_finish[p]:%a %Y-%m-%d %H:%M}  "
                      f"({days(result.percentile_minutes[p], per_day)})")
    if result.cost is not None:
        c = result.cost
        console.print(f"  cost: plan {c.planned:,.0f} {currency}, P50 {c.percentiles[50]:,.0f}, "
                      f"P80 {c.percentiles[80]:,.0f}")
    for odds in result.deadlines:
        console.print(f"  {odds.probability:.0%} chance to meet {odds.task} deadline {odds.deadline}"
                      + (f" (P80 {odds.p80_finish:%Y-%m-%d})" if odds.p80_finish is not None else ""))
    for m in result.milestones:
        console.print(f"  {m.probability:.0%} chance to reach {m.task} by its {m.target_kind} date "
                      f"{m.target:%Y-%m-%d} (P80 {m.p80_finish:%Y-%m-%d})")
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
