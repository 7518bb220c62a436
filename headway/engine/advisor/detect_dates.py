"""Dates in danger: negative float, deadlines the forecast says are at risk, near-critical paths."""

from __future__ import annotations

import datetime as dt

from headway.engine.advisor.candidates import driving_chain, fast_tracks, leveling_waits
from headway.engine.advisor.changes import Change, Cut, MoveDeadline
from headway.engine.advisor.findings import Context, Finding
from headway.engine.progress import progress_as_of

RISK_THRESHOLD = 0.8  # a deadline met in fewer runs than this is at risk…
RED_THRESHOLD = 0.5  # …and an error below this
NEAR_CRITICAL_DAYS = 2.0  # total float up to this is near-critical


def detect(ctx: Context) -> list[Finding]:
    return [*_negative_float(ctx), *_deadlines(ctx), *_near_critical(ctx)]


def _deadline_day(finish: dt.datetime) -> dt.date:
    """The day a deadline must be on to be met by ``finish`` (a finish at midnight is the day before)."""
    return (finish - dt.timedelta(minutes=1)).date()


def _speedups(ctx: Context, task_id: str) -> list[Change]:
    """Fast-track the driving chain, reassign what leveling held back on it, and (scope) cut its
    longest task that is not the one at risk."""
    chain = driving_chain(ctx, task_id)
    out: list[Change] = [*fast_tracks(ctx, task_id), *leveling_waits(ctx, chain)]
    summaries = ctx.project.summary_ids()
    cuttable = [t for t in chain[1:] if t not in summaries and ctx.cpm.task(t).duration_minutes > 0]
    if cuttable:
        out.append(Cut(max(cuttable, key=lambda t: ctx.cpm.task(t).duration_minutes)))
    return out


def _negative_float(ctx: Context) -> list[Finding]:
    out = []
    tasks = ctx.project.tasks_by_id()
    done = {tid for tid, p in progress_as_of(ctx.project).items() if p.complete}
    for problem in ctx.plan.problems:
        tid = problem.entity_id
        if problem.code != "negative_float" or tid is None or tid not in ctx.plan or tid in done:
            continue  # a finished task cannot be sped up
        st = ctx.plan.task(tid)
        candidates = _speedups(ctx, tid)
        if tasks[tid].deadline is not None:
            candidates.append(MoveDeadline(tid, _deadline_day(st.finish)))
        out.append(Finding(
            "negative_float", "error", (tid,), f"{tid} {problem.message}",
            "The task cannot finish by its deadline or date limit even if everything goes to plan: the "
            "work before it is too long. Shorten or overlap that work, or move the date.",
            {"total_float_minutes": st.total_float_minutes, "finish": st.finish.isoformat(),
             "deadline": str(tasks[tid].deadline) if tasks[tid].deadline else None,
             "driving_chain": driving_chain(ctx, tid)},
            candidates=tuple(candidates)))
    return out


def _deadlines(ctx: Context) -> list[Finding]:
    if ctx.forecast is None:
        return []
    out = []
    for odds in ctx.forecast.deadlines:
        if odds.probability >= RISK_THRESHOLD or odds.task not in ctx.plan:
            continue
        candidates = _speedups(ctx, odds.task)
        if odds.p80_finish is not None:
            candidates.append(MoveDeadline(odds.task, _deadline_day(odds.p80_finish)))
        out.append(Finding(
            "deadline_at_risk", "error" if odds.probability < RED_THRESHOLD else "warning", (odds.task,),
            f"{odds.task} meets its deadline {odds.deadline} in only {odds.probability:.0%} of forecast runs",
            f"Across {ctx.forecast.iterations} sampled schedules the task finishes after its deadline in "
            f"{1 - odds.probability:.0%} of them (threshold {RISK_THRESHOLD:.0%}). Take time out of the work "
            "that drives it, or agree a later date.",
            {"probability": round(odds.probability, 4), "threshold": RISK_THRESHOLD, "deadline": str(odds.deadline),
             "p50_finish": odds.p50_finish.isoformat() if odds.p50_finish else None,
             "p80_finish": odds.p80_finish.isoformat() if odds.p80_finish else None,
             "iterations": ctx.forecast.iterations},
            candidates=tuple(candidates)))
    return out


def _near_critical(ctx: Context) -> list[Finding]:
    done = {tid for tid, p in progress_as_of(ctx.project).items() if p.complete}
    limit = NEAR_CRITICAL_DAYS * ctx.per_day
    near = [(t.total_float_minutes, t.id) for t in ctx.sequenced.tasks
            if not t.summary and not t.milestone and not t.critical and t.id not in done
            and 0 < t.total_float_minutes <= limit]
    if not near:
        return []
    near.sort()
    ids = tuple(tid for _, tid in near)
    return [Finding(
        "near_critical_path", "info", ids,
        f"{len(ids)} task(s) are within {NEAR_CRITICAL_DAYS:g} working days of the critical path",
        "These tasks have so little float that a small slip makes them critical and moves the finish. "
        "Watch them as closely as the critical path.",
        {"float_minutes": {tid: m for m, tid in near[:30]}, "threshold_days": NEAR_CRITICAL_DAYS},
        no_fix="nothing is late yet: the advice is to watch them")]
