"""The difference between two versions of a plan: tasks, links, calendars, resources, project
settings, objectives and stakeholders, date moves and their causes.

Pure: two projects and their schedules in, an immutable ``PlanDiff`` out. Date moves are
measured in working minutes of the new plan's project calendar (positive = later).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from headway.engine.clock import ProjectClock
from headway.engine.cost import project_cost
from headway.engine.cpm import schedule as cpm_schedule
from headway.engine.diff_causes import Move, Reschedule, counterfactuals, measured_moves
from headway.engine.diff_entities import (
    EntityDiff,
    calendar_diff,
    objective_diff,
    project_changes,
    resource_diff,
    stakeholder_diff,
)
from headway.engine.diff_fields import FieldChange, TaskChange, compare
from headway.engine.network import as_datetime
from headway.engine.results import DriverKind, Schedule
from headway.model import ProgressEntry, Project


@dataclass(frozen=True, slots=True)
class DateMove:
    """A task in both schedules whose start or finish moved (minutes positive = later)."""

    id: str
    name: str
    milestone: bool
    old_start: dt.datetime
    new_start: dt.datetime
    old_finish: dt.datetime
    new_finish: dt.datetime
    start_delta_minutes: int
    finish_delta_minutes: int


@dataclass(frozen=True, slots=True)
class Cause:
    """Why milestone ``target`` (or the project finish) moved.

    ``kind`` "task": the nearest added or changed task on its driving chain (``task_id``);
    "calendar", "resource" or "project": that change (``entity``) moved it by ``delta_minutes``,
    measured by re-scheduling with the change undone; "unknown": none of these explains it.
    """

    target: str
    delta_minutes: int
    task_id: str | None
    change: str
    text: str
    kind: str = "task"
    entity: str | None = None


@dataclass(frozen=True, slots=True)
class PlanDiff:
    """Everything that differs between an old and a new version of a plan."""

    added: tuple[str, ...]
    removed: tuple[str, ...]
    changed: tuple[TaskChange, ...]
    renamed: tuple[str, ...]
    moved: tuple[str, ...]  # re-parented tasks
    date_moves: tuple[DateMove, ...]
    causes: tuple[Cause, ...]
    became_critical: tuple[str, ...]
    stopped_critical: tuple[str, ...]
    old_finish: dt.datetime
    new_finish: dt.datetime
    finish_delta_minutes: int
    old_cost: float
    new_cost: float
    minutes_per_day: int
    calendars: EntityDiff = field(default_factory=EntityDiff)
    resources: EntityDiff = field(default_factory=EntityDiff)
    project: tuple[FieldChange, ...] = ()  # the project's own fields, scope, out of scope, assumptions
    objectives: EntityDiff = field(default_factory=EntityDiff)
    stakeholders: EntityDiff = field(default_factory=EntityDiff)

    @property
    def cost_delta(self) -> float:
        return round(self.new_cost - self.old_cost, 2)

    @property
    def settings_changed(self) -> bool:
        """Whether anything outside the tasks changed (calendars, resources, project, objectives, stakeholders)."""
        return bool(self.project) or not all(
            d.empty for d in (self.calendars, self.resources, self.objectives, self.stakeholders))

    @property
    def empty(self) -> bool:
        """Whether nothing at all changed (plans, dates, critical path, cost)."""
        return not (self.added or self.removed or self.changed or self.date_moves or self.became_critical
                    or self.stopped_critical or self.finish_delta_minutes or self.cost_delta
                    or self.settings_changed)


def diff(old: Project, old_schedule: Schedule, new: Project, new_schedule: Schedule, *,
         reschedule: Reschedule = cpm_schedule) -> PlanDiff:
    """Compare ``old`` with ``new`` (both scheduled). ``reschedule`` schedules the copies that measure
    what a calendar, resource or project change did (default: plain CPM)."""
    before, after = old.tasks_by_id(), new.tasks_by_id()
    added = tuple(t.id for t in new.tasks if t.id not in before)
    removed = tuple(t.id for t in old.tasks if t.id not in after)
    old_progress, new_progress = _progress_by_task(old), _progress_by_task(new)
    changes = [c for t in new.tasks if t.id in before
               if (c := compare(before[t.id], t, old_progress[t.id], new_progress[t.id])) is not None]
    calendars, resources, project = calendar_diff(old, new), resource_diff(old, new), project_changes(old, new)
    old_dates = {t.id: (t.start, t.finish) for t in old_schedule.tasks}
    moved_targets = [t.id for t in new_schedule.tasks if t.milestone and t.id in old_dates
                     and old_dates[t.id][1] != t.finish]
    last = _finishing_task(new_schedule) if new_schedule.finish != old_schedule.finish else None
    if last is not None and last not in moved_targets:
        moved_targets.append(last)
    measured = measured_moves(counterfactuals(old, new, calendars, resources, project), new, moved_targets,
                              reschedule) if moved_targets else []
    clock = clock_covering(new, *(t.start for t in old_schedule.tasks), old_schedule.finish,
                           new_schedule.finish, *(t.finish for t in new_schedule.tasks),
                           *(when for *_, now, then in measured for when in (now, then)))
    moves = date_moves(old_dates, new_schedule, clock)
    finish_delta = clock.minutes(new_schedule.finish) - clock.minutes(old_schedule.finish)
    shared = [t for t in new_schedule.tasks if t.id in old_schedule]
    settings = _setting_causes(new_schedule, measured, clock)
    return PlanDiff(
        added=added, removed=removed, changed=tuple(changes),
        renamed=tuple(c.id for c in changes if c.field("name") is not None),
        moved=tuple(c.id for c in changes if c.field("parent") is not None),
        date_moves=moves,
        causes=causes(new_schedule, moves, finish_delta, changes, set(added), settings),
        became_critical=tuple(t.id for t in shared if t.critical and not old_schedule.task(t.id).critical),
        stopped_critical=tuple(t.id for t in shared if not t.critical and old_schedule.task(t.id).critical),
        old_finish=old_schedule.finish, new_finish=new_schedule.finish, finish_delta_minutes=finish_delta,
        old_cost=round(project_cost(old, old_schedule), 2), new_cost=round(project_cost(new, new_schedule), 2),
        minutes_per_day=new_schedule.minutes_per_day, calendars=calendars, resources=resources, project=project,
        objectives=objective_diff(old, new), stakeholders=stakeholder_diff(old, new))


def _setting_causes(schedule: Schedule, measured: Sequence[Move],
                    clock: ProjectClock) -> dict[str, list[Cause]]:
    """Per target, the calendar, resource and project changes that moved it, as causes."""
    out: dict[str, list[Cause]] = {}
    for case, target, now, then in measured:
        delta = clock.minutes(now) - clock.minutes(then)
        if not delta:
            continue
        kind, entity, change = case.kind, case.entity, case.change
        label = schedule.task(target).name or target
        verb = "pushed" if delta > 0 else "pulled"
        prefix = "project" if kind == "project" else f"{kind} {entity}"
        out.setdefault(target, []).append(Cause(target, delta, None, change, f"{prefix}: {change} {verb} {label} "
                                                f"{_days(delta, schedule.minutes_per_day)}", kind, entity))
    return out


def _progress_by_task(project: Project) -> defaultdict[str, list[ProgressEntry]]:
    out: defaultdict[str, list[ProgressEntry]] = defaultdict(list)
    for entry in project.progress:
        out[entry.task].append(entry)
    return out


def clock_covering(project: Project, *whens: dt.datetime) -> ProjectClock:
    """The project calendar as a clock covering every instant given, even before the project start
    (an old version of the plan may have started earlier); only differences of its minutes are used."""
    earliest = min(as_datetime(project.start), *whens)
    return ProjectClock(project.replace(start=earliest), max(whens).date() + dt.timedelta(days=31))


def date_moves(old: Mapping[str, tuple[dt.datetime, dt.datetime]], new: Schedule,
               clock: ProjectClock) -> tuple[DateMove, ...]:
    """Tasks of ``new`` whose (start, finish) differ from ``old``'s, in plan order."""
    moved = [t for t in new.tasks if t.id in old and old[t.id] != (t.start, t.finish)]
    if not moved:
        return ()
    instants = [when for t in moved for when in (*old[t.id], t.start, t.finish)]
    minutes = clock.minutes_of(instants).reshape(-1, 4).tolist()
    return tuple(DateMove(t.id, t.name or t.id, t.milestone, old[t.id][0], t.start, old[t.id][1], t.finish,
                          m[2] - m[0], m[3] - m[1]) for t, m in zip(moved, minutes, strict=True))


def causes(schedule: Schedule, moves: tuple[DateMove, ...], finish_delta: int, changes: list[TaskChange],
           added: set[str], settings: Mapping[str, list[Cause]] | None = None) -> tuple[Cause, ...]:
    """For each moved milestone, and the project finish: the nearest change up its driving chain, and
    each calendar, resource or project change (``settings``, measured) that moved it."""
    own = {c.id: c for c in changes if c.scheduling}
    settings = settings or {}
    targets = [(m.id, m.finish_delta_minutes) for m in moves if m.milestone and m.finish_delta_minutes]
    if finish_delta:
        last = _finishing_task(schedule)
        if last is not None and last not in {t for t, _ in targets}:
            targets.append((last, finish_delta))
    out: list[Cause] = []
    for target, delta in targets:
        found = _cause(schedule, target, delta, own, added)
        measured = settings.get(target, [])
        out += ([found] if found.task_id is not None or not measured else []) + measured
    return tuple(out)


def _finishing_task(schedule: Schedule) -> str | None:
    """The leaf task that finishes the project (last on the critical path, or the latest finish)."""
    leaves = [t for t in schedule.tasks if not t.summary and t.finish == schedule.finish]
    if not leaves:
        return None
    critical = [t for t in leaves if t.id in schedule.critical_path]
    return (critical or leaves)[-1].id


def _cause(schedule: Schedule, target: str, delta: int, own: dict[str, TaskChange],
           added: set[str]) -> Cause:
    days = _days(delta, schedule.minutes_per_day)
    verb = "pushed" if delta > 0 else "pulled"
    label = schedule.task(target).name or target
    for step in driving_chain(schedule, target):
        if step in own:
            change = own[step].summary()
            return Cause(target, delta, step, change, f"{step}: {change} {verb} {label} {days}")
        if step in added:
            return Cause(target, delta, step, "added", f"{step}: added task {verb} {label} {days}")
    text = f"{label} moved {days} {'later' if delta > 0 else 'earlier'}; no changed task, calendar, resource " \
           "or project setting explains it (a removed task may have)"
    return Cause(target, delta, None, "", text, "unknown")


def driving_chain(schedule: Schedule, task_id: str) -> list[str]:
    """``task_id`` and the tasks driving it, back to the start: the chain ``headway why`` explains."""
    chain: list[str] = []
    seen: set[str] = set()
    current: str | None = task_id
    while current is not None and current not in seen:
        chain.append(current)
        seen.add(current)
        driver = schedule.task(current).driver
        current = driver.via if driver is not None and driver.kind in (DriverKind.LINK, DriverKind.SUMMARY) else None
    return chain


def _days(minutes: int, per_day: int) -> str:
    """``3 working days`` / ``1.5 working days`` / ``1 working day``."""
    value = abs(minutes) / per_day if per_day else 0.0
    amount = f"{value:g}" if value.is_integer() else f"{value:.1f}"
    return f"{amount} working day{'' if amount == '1' else 's'}"

