"""Gaps in the plan's data: tasks without an owner or an estimate, and very long tasks."""

from __future__ import annotations

import statistics

from headway.engine.advisor.candidates import reassignments
from headway.engine.advisor.changes import Change, Split
from headway.engine.advisor.detect_logic import ancestors, leaves
from headway.engine.advisor.findings import Context, Finding

LONG_FACTOR = 3.0  # a task this many times the median leaf task is long…
LONG_MIN_DAYS = 10.0  # …when it is also at least this many working days
LONG_DAYS = 40.0  # a task at least this long is long whatever the median


def detect(ctx: Context) -> list[Finding]:
    return [*_missing_owner(ctx), *_missing_estimate(ctx), *_long_tasks(ctx)]


def _work_leaves(ctx: Context) -> list[str]:
    tasks = ctx.project.tasks_by_id()
    return [tid for tid in leaves(ctx.project) if not tasks[tid].milestone]


def _missing_owner(ctx: Context) -> list[Finding]:
    tasks = ctx.project.tasks_by_id()
    orphans = tuple(tid for tid in _work_leaves(ctx) if not tasks[tid].assignments
                    and not any(tasks[a].owner for a in ancestors(ctx.project, tid)))
    if not orphans:
        return []
    return [Finding(
        "missing_owner", "info", orphans,
        f"{len(orphans)} task(s) have no owner and nobody assigned: {', '.join(orphans[:5])}"
        + (" …" if len(orphans) > 5 else ""),
        "Work nobody owns is work nobody chases. Give each task (or its summary) an owner, or assign "
        "the people who do it.", {"tasks": len(orphans)},
        no_fix="naming an owner is a decision for the team, not a schedule change")]


def _missing_estimate(ctx: Context) -> list[Finding]:
    tasks = ctx.project.tasks_by_id()
    out = []
    for tid in _work_leaves(ctx):
        task = tasks[tid]
        if task.duration is None and task.effort is None:
            out.append(Finding(
                "missing_estimate", "warning", (tid,), f"{tid} has neither a duration nor an effort",
                "Without an estimate the task takes no time, so the schedule is optimistic by however "
                "long it really takes. Add a duration or an effort.", {"kind": "no_duration"},
                no_fix="only the people doing the work can estimate it"))
    if ctx.project.default_uncertainty is None:
        unsure = [tid for tid in ctx.critical if tasks[tid].estimate is None]
        if unsure:
            out.append(Finding(
                "missing_estimate", "info", tuple(unsure),
                f"{len(unsure)} critical task(s) have no three-point estimate",
                "The forecast treats a task without an optimistic/likely/pessimistic range as certain; on "
                "the critical path that makes P50/P80 look better than they are. Add estimates, or a "
                "project default_uncertainty.", {"kind": "no_range", "tasks": unsure[:20]},
                no_fix="estimates change the forecast's spread, not the planned dates"))
    return out


def _long_tasks(ctx: Context) -> list[Finding]:
    lengths = {tid: ctx.plan.task(tid).duration_minutes for tid in _work_leaves(ctx) if tid in ctx.plan}
    positive = [m for m in lengths.values() if m > 0]
    if not positive:
        return []
    median = statistics.median(positive)
    per_day = ctx.per_day
    out = []
    for tid, minutes in lengths.items():
        days = minutes / per_day
        if not (days >= LONG_DAYS or (minutes > LONG_FACTOR * median and days >= LONG_MIN_DAYS)):
            continue
        candidates: list[Change] = [c for c in reassignments(ctx, [tid]) if isinstance(c, Split)]
        out.append(Finding(
            "long_task", "info", (tid,),
            f"{tid} lasts {days:g} working days, {minutes / median:.1f}× the plan's median task",
            "A long task hides its progress until late and is hard to estimate. Break it into pieces "
            "with their own deliverables, or share it.",
            {"duration_minutes": minutes, "median_minutes": median, "duration_days": round(days, 2),
             "threshold_factor": LONG_FACTOR, "threshold_days": LONG_MIN_DAYS},
            candidates=tuple(candidates),
            no_fix="" if candidates else "nobody with the same role is free to share it; break it up by hand"))
    return out
