"""MPXJ tasks to Headway tasks: hierarchy, durations, milestones, links with lags, constraints,
deadlines, priorities, calendars and assignments. What Headway cannot hold becomes a warning."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from headway.io.import_ids import unique_ids
from headway.io.mpxj_map_calendars import CalendarMap
from headway.io.mpxj_map_values import (
    APPROXIMATED_CONSTRAINTS,
    CONSTRAINTS,
    LINK_TYPES,
    duration_of,
    from_minutes,
    working_minutes,
)
from headway.io.mpxj_records import SourceDuration, SourceProject, SourceRelation, SourceTask
from headway.model import (
    Assignment,
    Constraint,
    ConstraintType,
    Duration,
    Link,
    Task,
    TimeUnit,
    WorkingTimeSettings,
)

__all__ = ["TaskContext", "kept_tasks", "map_tasks", "task_ids"]

Warn = Callable[[str, str, str | None], None]
_WORKING_UNITS = frozenset({"MINUTES", "HOURS", "DAYS", "WEEKS", "MONTHS"})
_HARD = (ConstraintType.MSO, ConstraintType.MFO, ConstraintType.SNLT, ConstraintType.FNLT)


@dataclass(frozen=True)
class TaskContext:
    """What task mapping needs from the rest of the file."""

    settings: WorkingTimeSettings
    start: dt.datetime
    ids: dict[str, str]            # task uid -> Headway id
    calendars: dict[str, str]      # calendar uid -> Headway id
    resources: dict[str, str]      # work resource uid -> Headway id
    skipped_resources: frozenset[str]  # material and cost resources, left out
    by_uid: dict[str, SourceTask]
    warn: Warn
    resource_calendars: dict[str, str]  # resource uid -> calendar uid
    calendar_map: CalendarMap
    starts_are_set: bool = False  # GanttProject: a task starts where it was put unless a link pushes it


def kept_tasks(src: SourceProject, warn: Warn) -> list[SourceTask]:
    """The tasks Headway schedules: not the project summary, inactive, external or subproject tasks."""
    dropped: set[str] = set()
    out = []
    for task in src.tasks:
        if task.outline_level <= 0 and (task.uid == "0" or task.summary):
            continue  # MS Project's project summary task: Headway's project itself
        reason = _drop_reason(task)
        if task.parent is not None and task.parent in dropped:
            dropped.add(task.uid)
            continue
        if reason is not None:
            dropped.add(task.uid)
            code = "inactive_task_skipped" if reason == "inactive" else "task_skipped"
            warn(code, f'task {task.uid} "{task.name}" is {reason}; it and its subtasks are left out', None)
            continue
        out.append(task)
    return out


def _drop_reason(task: SourceTask) -> str | None:
    if not task.active:
        return "inactive"
    if task.external:
        return "an external task (a link to another project)"
    if task.subproject:
        return "an inserted subproject"
    return None


def task_ids(tasks: list[SourceTask], primavera: bool) -> dict[str, str]:
    """Headway ids by the shared import policy, from each task's name and the tool's id."""
    uids = [_source_uid(t, primavera) for t in tasks]
    ids = unique_ids((t.name, uid) for t, uid in zip(tasks, uids, strict=True))
    return {t.uid: tid for t, tid in zip(tasks, ids, strict=True)}


def _source_uid(task: SourceTask, primavera: bool) -> str:
    return task.code if primavera and task.code else task.uid


def map_tasks(src: SourceProject, kept: list[SourceTask], ctx: TaskContext) -> tuple[Task, ...]:
    parents = {t.parent for t in kept if t.parent is not None}
    return tuple(_task(t, t.uid in parents, src.primavera, ctx) for t in kept)


def _task(task: SourceTask, is_summary: bool, primavera: bool, ctx: TaskContext) -> Task:
    tid = ctx.ids[task.uid]
    empty = task.summary and not is_summary  # a WBS node or summary with nothing under it: no work of its own
    duration, milestone = (None, False) if is_summary or empty else _duration(task, tid, ctx)
    constraint = _constraint(task, tid, ctx)
    if task.manual and not is_summary:
        constraint = _manual(task, tid, ctx) or constraint
    elif ctx.starts_are_set and constraint is None and not is_summary and task.start is not None:
        constraint = Constraint(ConstraintType.SNET, _day_or_time(task.start))
    _feature_warnings(task, tid, is_summary, ctx)
    return Task(
        id=tid, name=task.name, parent=ctx.ids.get(task.parent) if task.parent is not None else None,
        duration=duration, milestone=milestone, links=_links(task, tid, ctx),
        assignments=() if is_summary else _assignments(task, tid, ctx), constraint=constraint,
        deadline=task.deadline, priority=min(max(task.priority, 0), 1000) if task.priority is not None else 500,
        cost=task.fixed_cost or None, calendar=_calendar(task, tid, is_summary, ctx),
        notes=task.notes, source_uid=_source_uid(task, primavera),
    )


def _calendar(task: SourceTask, tid: str, is_summary: bool, ctx: TaskContext) -> str | None:
    if task.calendar is not None:
        return ctx.calendars.get(task.calendar)
    people = [ctx.resource_calendars[a.resource] for a in task.assignments
              if a.resource in ctx.resource_calendars and a.resource in ctx.resources]
    cals = ctx.calendar_map
    if is_summary or cals.alike(people):
        return None
    union, dropped = cals.union(people)
    ctx.warn("union_calendar", "the people assigned work different hours; as in the source, the task runs "
             f"whenever any of them works (calendar {union!r}"
             + (", keeping only the days off they share)" if dropped else ")"), tid)
    return union


def _duration(task: SourceTask, tid: str, ctx: TaskContext) -> tuple[Duration | None, bool]:
    value = task.duration or SourceDuration(0.0, "DAYS")
    duration = duration_of(value, ctx.settings)
    if duration is None:
        ctx.warn("unsupported_duration", f"duration {value.amount:g} {value.unit.lower()} cannot be read; "
                 "taken as 0", tid)
        duration = Duration(0.0, TimeUnit.DAY)
    if duration.amount == 0:
        return None, True
    if task.pause_minutes > 0 and not duration.elapsed:
        minutes = duration.amount * ctx.settings.unit_minutes(duration.unit) + task.pause_minutes
        duration = from_minutes(minutes, duration.unit, ctx.settings)
    if task.milestone:
        ctx.warn("milestone_with_duration", f"marked as a milestone but takes {duration}; imported as a task "
                 "with that duration", tid)
    return duration, False


def _constraint(task: SourceTask, tid: str, ctx: TaskContext) -> Constraint | None:
    if task.constraint is None:
        return None
    kind = CONSTRAINTS.get(task.constraint)
    if kind is None:
        ctx.warn("constraint_skipped", f"constraint {task.constraint.lower()} is not supported; left out", tid)
        return None
    if kind is ConstraintType.ASAP:
        return None
    if task.constraint in APPROXIMATED_CONSTRAINTS:
        ctx.warn("constraint_approximated", f"constraint {task.constraint.lower()} imported as {kind.value}", tid)
    if not kind.needs_date:
        return Constraint(kind)
    if task.constraint_date is None:
        ctx.warn("constraint_without_date", f"constraint {kind.value} has no date; left out", tid)
        return None
    if kind in _HARD and task.constraint_date < ctx.start:
        ctx.warn("constraint_skipped", f"constraint {kind.value} {task.constraint_date} is before the project "
                 f"start {ctx.start}, which Headway cannot schedule; left out", tid)
        return None
    return Constraint(kind, task.constraint_date)


def _day_or_time(when: dt.datetime) -> dt.date | dt.datetime:
    """A date alone for midnight (tools that plan in whole days), else the date-time."""
    return when.date() if when.time() == dt.time() else when


def _manual(task: SourceTask, tid: str, ctx: TaskContext) -> Constraint | None:
    """A manually scheduled task stays where the tool put it: must start on its recorded start."""
    if task.start is None:
        ctx.warn("manual_task", "manually scheduled without a start date; scheduled automatically", tid)
        return None
    if task.start < ctx.start:
        ctx.warn("manual_task", f"manually scheduled at {task.start}, before the project start; scheduled "
                 "automatically", tid)
        return None
    ctx.warn("manual_task", f"manually scheduled: kept at its recorded start {task.start} with a must-start-on "
             "constraint", tid)
    return Constraint(ConstraintType.MSO, task.start)


def _feature_warnings(task: SourceTask, tid: str, is_summary: bool, ctx: TaskContext) -> None:
    if task.split:
        ctx.warn("split_task", f"the task is split in the source (paused for {task.pause_minutes:g} working "
                 "minutes); imported as one piece spanning the pause", tid)
    if task.leveling_delay is not None and task.leveling_delay.amount > 0:
        ctx.warn("leveling_delay_ignored", f"leveling delay {task.leveling_delay.amount:g} "
                 f"{task.leveling_delay.unit.lower()} is not applied (Headway levels on demand)", tid)
    if is_summary and task.assignments:
        ctx.warn("summary_assignment", f"{len(task.assignments)} assignment(s) on a summary task left out", tid)


def _links(task: SourceTask, tid: str, ctx: TaskContext) -> tuple[Link, ...]:
    out = []
    for rel in task.relations:
        pred = ctx.ids.get(rel.predecessor)
        if pred is None or pred == tid:
            what = "itself" if pred == tid else f"task {rel.predecessor}, which is not imported"
            ctx.warn("link_skipped", f"link from {what} left out", tid)
            continue
        if _related(task.uid, rel.predecessor, ctx.by_uid):
            ctx.warn("link_skipped", f"link between {pred!r} and its own summary or subtask left out", tid)
            continue
        kind = LINK_TYPES.get(rel.type)
        if kind is None:
            ctx.warn("link_skipped", f"link type {rel.type.lower()} from {pred!r} is not supported; left out", tid)
            continue
        out.append(Link(pred, kind, _lag(rel, pred, tid, ctx)))
    return tuple(out)


def _related(a: str, b: str, by_uid: dict[str, SourceTask]) -> bool:
    def ancestors(uid: str) -> set[str]:
        out: set[str] = set()
        current = by_uid[uid].parent if uid in by_uid else None
        while current is not None and current not in out:
            out.add(current)
            current = by_uid[current].parent if current in by_uid else None
        return out
    return a in ancestors(b) or b in ancestors(a)


def _lag(rel: SourceRelation, pred: str, tid: str, ctx: TaskContext) -> Duration:
    lag = duration_of(rel.lag, ctx.settings)
    if lag is not None:
        return lag
    if rel.lag.unit not in ("PERCENT", "ELAPSED_PERCENT"):
        ctx.warn("lag_skipped", f"lag {rel.lag.amount:g} {rel.lag.unit.lower()} from {pred!r} cannot be read; "
                 "taken as 0", tid)
        return Duration(0.0, TimeUnit.DAY)
    source = ctx.by_uid[rel.predecessor]
    base = working_minutes(source.duration, ctx.settings) if source.duration is not None else 0.0
    minutes = float(round(base * rel.lag.amount / 100.0))
    elapsed = rel.lag.unit == "ELAPSED_PERCENT"
    unit = TimeUnit.ELAPSED_MINUTE if elapsed else TimeUnit.MINUTE
    ctx.warn("percent_lag_converted", f"lag of {rel.lag.amount:g}% of {pred!r}'s duration imported as a fixed "
             f"{minutes:g} {'elapsed ' if elapsed else ''}minutes", tid)
    return Duration(minutes, unit)


def _assignments(task: SourceTask, tid: str, ctx: TaskContext) -> tuple[Assignment, ...]:
    out: list[Assignment] = []
    seen: set[str] = set()
    for asg in task.assignments:
        rid = ctx.resources.get(asg.resource)
        if rid is None:
            if asg.resource not in ctx.skipped_resources:
                ctx.warn("assignment_skipped", f"assignment of unknown resource {asg.resource} left out", tid)
            continue
        if rid in seen:
            ctx.warn("assignment_skipped", f"{rid!r} is assigned twice; the second assignment is left out", tid)
            continue
        seen.add(rid)
        units = asg.units if asg.units is not None and asg.units > 0 else None
        if asg.units is not None and asg.units <= 0:
            ctx.warn("bad_units", f"{rid!r} is assigned at {asg.units:.0%}; imported at their max units", tid)
        if asg.contour != "FLAT":
            ctx.warn("work_contour_ignored", f"{rid!r} works to a {asg.contour.lower().replace('_', ' ')} contour; "
                     "Headway spreads work evenly", tid)
        elif asg.work_minutes is not None and task.duration is not None and task.duration.unit in _WORKING_UNITS:
            planned = working_minutes(task.duration, ctx.settings) * (units if units is not None else 1.0)
            if abs(asg.work_minutes - planned) > 1:
                ctx.warn("assignment_work_differs", f"the source records {asg.work_minutes / 60:g}h of work for "
                         f"{rid!r}; Headway counts duration × units = {planned / 60:g}h", tid)
        if asg.delay_minutes > 0:
            ctx.warn("assignment_delay_ignored", f"{rid!r} starts {asg.delay_minutes:g} minutes after the task in the "
                     "source; Headway starts everyone with the task", tid)
        out.append(Assignment(rid, units))
    return tuple(out)
