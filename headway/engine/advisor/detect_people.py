"""People: over-allocation in the plan as written, and one person on most of the critical path."""

from __future__ import annotations

import datetime as dt

from headway.engine.advisor.candidates import reassignments
from headway.engine.advisor.changes import AddPerson, Change
from headway.engine.advisor.findings import Context, Finding
from headway.engine.network import as_datetime
from headway.engine.usage import assignment_spans

CRITICAL_SHARE = 0.6  # one person on at least this share of the critical tasks…
CRITICAL_MIN = 3  # …and on at least this many of them
TASKS_TRIED = 3  # tasks of an over-allocated person tried for reassignment


def detect(ctx: Context) -> list[Finding]:
    return [*_over_allocation(ctx), *_single_person(ctx)]


def overloads(ctx: Context) -> dict[str, tuple[float, dt.datetime, list[str]]]:
    """Per over-allocated person (plan as written, unleveled): peak load, when, and the tasks
    that overlap beyond their units at any moment."""
    people = ctx.project.resources_by_id()
    out: dict[str, tuple[float, dt.datetime, list[str]]] = {}
    for rid, spans in assignment_spans(ctx.project, ctx.cpm).items():
        events = sorted([(s, u, t) for s, _, u, t in spans] + [(f, -u, t) for _, f, u, t in spans],
                        key=lambda e: (e[0], e[1]))
        load, running, involved = 0.0, set[str](), set[str]()
        peak: tuple[float, dt.datetime] | None = None
        for when, change, tid in events:
            load += change
            (running.add if change > 0 else running.discard)(tid)
            if load > people[rid].units + 1e-9:
                involved |= running
                if peak is None or load > peak[0]:
                    peak = (load, when)
        if peak is not None:
            order = {t.id: i for i, t in enumerate(ctx.project.tasks)}
            out[rid] = (peak[0], peak[1], sorted(involved, key=order.__getitem__))
    return out


def _over_allocation(ctx: Context) -> list[Finding]:
    out = []
    people = ctx.project.resources_by_id()
    for rid, (peak, when, tasks) in overloads(ctx).items():
        longest = sorted(tasks, key=lambda t: -ctx.cpm.task(t).duration_minutes)[:TASKS_TRIED]
        candidates = reassignments(ctx, longest, rid)
        if f"new_{rid}" not in people:
            candidates.append(AddPerson(f"new_{rid}", rid, max(when.date(), _first_day(ctx))))
        out.append(Finding(
            "over_allocation", "warning", (rid, *tasks),
            f"{rid} is asked for {peak:.0%} of {people[rid].units:.0%} at {when:%Y-%m-%d %H:%M} "
            f"({', '.join(tasks[:5])}{' and more' if len(tasks) > 5 else ''})",
            "As written, the plan has this person on overlapping work. Leveling serialises it, which "
            "pushes dates; giving some of the work to a free colleague may avoid the delay.",
            {"peak_units": round(peak, 4), "units": people[rid].units, "at": when.isoformat(), "tasks": tasks},
            candidates=tuple(candidates),
            no_fix=""))
    return out


def _first_day(ctx: Context) -> dt.date:
    """When a new person could start at the earliest: the status date, else the project start."""
    return as_datetime(ctx.project.status_date or ctx.project.start).date()


def _single_person(ctx: Context) -> list[Finding]:
    critical = ctx.critical
    if len(critical) < CRITICAL_MIN:
        return []
    tasks = ctx.project.tasks_by_id()
    count: dict[str, list[str]] = {}
    for tid in critical:
        for a in tasks[tid].assignments:
            count.setdefault(a.resource, []).append(tid)
    out = []
    for rid, mine in sorted(count.items()):
        share = len(mine) / len(critical)
        if share < CRITICAL_SHARE or len(mine) < CRITICAL_MIN:
            continue
        longest = sorted(mine, key=lambda t: -ctx.plan.task(t).duration_minutes)[:TASKS_TRIED]
        candidates: list[Change] = reassignments(ctx, longest, rid)
        if f"new_{rid}" not in ctx.project.resources_by_id():
            candidates.append(AddPerson(f"new_{rid}", rid, _first_day(ctx)))
        out.append(Finding(
            "single_person_critical", "warning", (rid, *mine),
            f"{rid} works on {len(mine)} of the {len(critical)} critical tasks ({share:.0%})",
            "When one person carries the critical path, their absence or any slip of theirs moves the "
            "finish one-for-one, and their tasks cannot run in parallel. Spread the work.",
            {"share": round(share, 4), "critical_tasks": len(critical), "tasks": mine},
            candidates=tuple(candidates)))
    return out
