"""Progress: a stale status date, in-progress tasks with no news, work done out of sequence."""

from __future__ import annotations

from headway.engine.advisor.findings import Context, Finding
from headway.engine.network import as_datetime
from headway.engine.progress import progress_as_of, status_instant

STALE_DAYS = 14  # a status date this many calendar days before today is stale
QUIET_DAYS = 14  # an in-progress task with no entry for this many days before the status date is quiet


def detect(ctx: Context) -> list[Finding]:
    return [*_stale(ctx), *_out_of_sequence(ctx)]


def _stale(ctx: Context) -> list[Finding]:
    out = []
    project = ctx.project
    if project.status_date is not None:
        age = (ctx.today - as_datetime(project.status_date).date()).days
        if age > STALE_DAYS:
            out.append(Finding(
                "stale_progress", "warning", (),
                f"the status date {project.status_date} is {age} days old",
                "Progress is known only up to the status date; every date the plan shows after it assumes "
                "nothing happened since. Record progress and move the status date.",
                {"status_date": str(project.status_date), "today": ctx.today.isoformat(), "age_days": age,
                 "threshold_days": STALE_DAYS}, no_fix="record progress: 'headway update PLAN …'"))
    when = status_instant(project)
    if when is None:
        return out
    for tid, standing in progress_as_of(project).items():
        quiet = (when - standing.as_of).days
        if standing.started and not standing.complete and quiet > QUIET_DAYS:
            out.append(Finding(
                "stale_progress", "info", (tid,),
                f"{tid} is in progress with no update for {quiet} days before the status date",
                "A started task that nobody has reported on for weeks is often stuck or quietly done.",
                {"last_update": standing.as_of.isoformat(), "quiet_days": quiet, "threshold_days": QUIET_DAYS,
                 "done": standing.done}, no_fix="ask the people on it and record progress"))
    return out


def _out_of_sequence(ctx: Context) -> list[Finding]:
    return [Finding(
        "out_of_sequence_progress", "warning", (p.entity_id,), f"{p.entity_id} {p.message}",
        "Progress says the task began (or finished) before a predecessor allowed. Either the predecessor's "
        "progress is missing or the link is wrong; the schedule keeps the remaining work waiting.",
        {"problem": p.message}, no_fix="record the predecessor's progress, or fix the link")
        for p in ctx.cpm.problems if p.code == "out_of_sequence" and p.entity_id is not None]
