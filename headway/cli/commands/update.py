"""`headway update PLAN TASK --done 60%`: record progress as a dated entry in the plan file."""

from __future__ import annotations

import datetime as dt

import click

from headway.cli.console import days, print_problems
from headway.cli.loading import PLAN_ERROR_EXIT, load_plan, require_plan_file
from headway.engine.cpm import schedule as compute_schedule
from headway.engine.progress import actuals_out_of_order, end_of, new_entry, progress_as_of
from headway.engine.results import ScheduledTask
from headway.io import plan as plan_file
from headway.io.durations import DURATION_HINT, parse_duration, parse_percentage
from headway.model import DateOrTime, Duration, PlanError, Project, did_you_mean, validate


def _when(ctx: click.Context, param: click.Parameter, value: str | None) -> DateOrTime | None:
    """A date (2027-02-03) or local date-time (2027-02-03T14:00)."""
    if value is None:
        return None
    try:
        when = dt.datetime.fromisoformat(value.strip())
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date; write YYYY-MM-DD or YYYY-MM-DDTHH:MM") from None
    if when.tzinfo is not None:
        raise click.BadParameter(f"{value!r} has a UTC offset; write the plan's local time")
    return when.date() if len(value.strip()) == 10 else when


def _percent(ctx: click.Context, param: click.Parameter, value: str | None) -> float | None:
    if value is None:
        return None
    text = value.strip()
    try:
        fraction = parse_percentage(text if text.endswith("%") else text + "%")
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a percentage; write e.g. 60%") from None
    if not 0 <= fraction <= 1:
        raise click.BadParameter(f"{value} is outside 0%..100%")
    return fraction


def _duration(ctx: click.Context, param: click.Parameter, value: str | None) -> Duration | None:
    if value is None:
        return None
    try:
        duration = parse_duration(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a duration; {DURATION_HINT}") from None
    if duration.amount < 0:
        raise click.BadParameter(f"{value} is negative")
    return duration


@click.command("update")
@click.argument("plan", type=click.Path(exists=True, dir_okay=False))
@click.argument("task")
@click.option("--done", metavar="PERCENT", callback=_percent, help="Percent complete, e.g. 60% (60 is 60% too).")
@click.option("--remaining", metavar="DURATION", callback=_duration, help="Remaining duration, e.g. 3d.")
@click.option("--started", metavar="DATE", callback=_when, help="Actual start.")
@click.option("--finished", metavar="DATE", callback=_when, help="Actual finish; the task is then 100% done.")
@click.option("--cost", type=click.FloatRange(min=0), help="Actual cost to date, in the plan's currency.")
@click.option("--note", default="", help="Free text kept with the entry.")
@click.option("--as-of", "as_of", metavar="DATE", callback=_when,
              help="Date of the entry (default: the plan's status date, else today).")
def command(plan: str, task: str, done: float | None, remaining: Duration | None, started: DateOrTime | None,
            finished: DateOrTime | None, cost: float | None, note: str, as_of: DateOrTime | None) -> None:
    """Record TASK's progress in PLAN as a new dated entry (earlier entries are kept as history).

    The plan file is rewritten in canonical form, atomically: comments and layout in it are lost.
    """
    if plan.lower().endswith((".sm", ".json")):
        raise click.UsageError("update rewrites a YAML plan file; give a .yaml plan")
    if all(value is None for value in (done, remaining, started, finished, cost)) and not note:
        raise click.UsageError("nothing to record: give --done, --remaining, --started, --finished or --cost")
    require_plan_file(plan)
    project = load_plan(plan).project
    _check_task(project, task)
    entry = new_entry(project, task, today=dt.date.today(), as_of=as_of, done=done, remaining=remaining,
                      started=started, finished=finished, cost=cost, note=note)
    when = entry.date
    updated = project.replace(progress=(*project.progress, entry))
    new = [p for p in validate(updated) if p.location is None and p.entity_id == task]
    if any(p.is_error for p in new):
        raise click.UsageError("; ".join(p.message for p in new if p.is_error))
    clash = actuals_out_of_order(progress_as_of(updated, end_of(when)).get(task))
    if clash is not None:
        raise click.UsageError(clash)
    print_problems(new)
    try:
        before, after = compute_schedule(project), compute_schedule(updated)
    except PlanError as err:
        print_problems(err.problems)
        raise SystemExit(PLAN_ERROR_EXIT) from err
    plan_file.save(updated, plan)
    click.echo(f"recorded {task} as of {when} in {plan}")
    click.echo(_line(after.task(task), before.task(task), after.minutes_per_day))


def _check_task(project: Project, task: str) -> None:
    ids = [t.id for t in project.tasks]
    if task not in ids:
        hint = did_you_mean(task, ids)
        raise click.BadParameter(f"no task {task!r} in the plan" + (f" ({hint})" if hint else ""), param_hint="TASK")
    if task in project.summary_ids():
        raise click.BadParameter(f"{task!r} is a summary task; record progress on its subtasks", param_hint="TASK")


def _line(task: ScheduledTask, before: ScheduledTask, per_day: int) -> str:
    moved = "" if task.finish == before.finish else f" (was {before.finish:%a %Y-%m-%d %H:%M})"
    left = days(task.remaining_minutes or 0, per_day)
    return (f"{task.id}: {task.percent_complete:.0%} done, {task.start:%a %Y-%m-%d %H:%M} → "
            f"{task.finish:%a %Y-%m-%d %H:%M}{moved}, {left} remaining")
