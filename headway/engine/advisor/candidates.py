"""Changes worth measuring for a finding: free people with the same role, links to fast-track,
the driving chain into a task."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from headway.engine.advisor.changes import Change, FastTrack, Reassign, Split, default_overlap
from headway.engine.advisor.findings import Context
from headway.engine.results import DriverKind
from headway.engine.usage import assignment_spans
from headway.model import LinkType, Project

PEOPLE_TRIED = 2  # free people tried per task and person
CHAIN_STEPS = 12  # how far back the driving chain is walked


def same_role_free(ctx: Context, task_id: str, person: str) -> list[str]:
    """People with ``person``'s role, not already on ``task_id``, least busy during its dates first."""
    people = ctx.project.resources_by_id()
    role = people[person].role if person in people else None
    if role is None:
        return []
    task = ctx.project.task(task_id)
    on_task = {a.resource for a in task.assignments}
    span = ctx.plan.task(task_id)
    spans = assignment_spans(ctx.base.project, ctx.plan)
    busy: list[tuple[float, str]] = []
    for rid, resource in people.items():
        if rid == person or rid in on_task or resource.role != role:
            continue
        overlap = sum(_overlap(span.start, span.finish, s, f) * u for s, f, u, _ in spans.get(rid, ()))
        busy.append((overlap, rid))
    return [rid for _, rid in sorted(busy)[:PEOPLE_TRIED]]


def _overlap(a0: dt.datetime, a1: dt.datetime, b0: dt.datetime, b1: dt.datetime) -> float:
    return max((min(a1, b1) - max(a0, b0)).total_seconds(), 0.0)


def reassignments(ctx: Context, task_ids: Iterable[str], person: str | None = None) -> list[Change]:
    """Reassign each task from ``person`` (default: each of its people) to a free colleague, and
    split it with the freest one."""
    out: list[Change] = []
    for tid in task_ids:
        task = ctx.project.task(tid)
        holders = [a.resource for a in task.assignments if person is None or a.resource == person]
        for holder in holders:
            free = same_role_free(ctx, tid, holder)
            out += [Reassign(tid, holder, other) for other in free]
            if free and not task.milestone:
                out.append(Split(tid, free[0]))
    return out


def driving_chain(ctx: Context, task_id: str) -> list[str]:
    """The task and the tasks whose finish drives it, back along CPM's driving links."""
    chain = [task_id]
    current = task_id
    for _ in range(CHAIN_STEPS):
        if current not in ctx.cpm:
            break
        driver = ctx.cpm.task(current).driver
        if driver is None or driver.kind is not DriverKind.LINK or driver.predecessor is None:
            break
        current = driver.via or driver.predecessor
        if current in chain:
            break
        chain.append(current)
    return chain


def fast_tracks(ctx: Context, task_id: str, limit: int = 3) -> list[Change]:
    """Finish-to-start links written on the driving chain into ``task_id`` whose predecessor takes
    time, longest predecessor first, as FS → SS with half the predecessor as lag."""
    found: list[tuple[int, FastTrack]] = []
    chain = driving_chain(ctx, task_id)
    for succ in chain:
        driver = ctx.cpm.task(succ).driver
        if driver is None or driver.kind is not DriverKind.LINK or driver.predecessor is None:
            continue
        pred = driver.predecessor
        if not _written_fs(ctx.project, pred, succ) or pred in ctx.project.summary_ids() \
                or ctx.project.task(succ).milestone:  # a milestone takes no time: nothing to overlap
            continue
        length = ctx.cpm.task(pred).duration_minutes
        if length >= 2 * ctx.per_day:
            found.append((length, FastTrack(pred, succ, default_overlap(ctx.project, pred))))
    found.sort(key=lambda item: -item[0])
    return [change for _, change in found[:limit]]


def _written_fs(project: Project, pred: str, succ: str) -> bool:
    return any(link.project is None and link.predecessor == pred and link.type is LinkType.FS
               for link in project.task(succ).links)


def leveling_waits(ctx: Context, task_ids: Iterable[str]) -> list[Change]:
    """Reassignments for tasks on ``task_ids`` that leveling held back waiting for their people."""
    leveled = ctx.base.leveled
    if leveled is None:
        return []
    waited = [tid for tid in task_ids if leveled.delay_minutes.get(tid, 0) > 0]
    return reassignments(ctx, waited)
