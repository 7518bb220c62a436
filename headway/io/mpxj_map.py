"""A ``SourceProject`` (what an MPXJ-read file says) to a Headway ``Project``, with a warning for
everything Headway cannot hold. Pure Python: no JVM needed, so it is tested with synthetic records."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from headway.io.import_ids import unique_ids
from headway.io.mpxj_map_calendars import map_calendars
from headway.io.mpxj_map_tasks import TaskContext, kept_tasks, map_tasks, task_ids
from headway.io.mpxj_map_tracking import map_baselines, map_progress
from headway.io.mpxj_records import SourceProject, SourceResource, SourceTask
from headway.model import (
    PlanError,
    Problem,
    Project,
    Rates,
    Resource,
    Severity,
    SourceLocation,
    WorkingTimeSettings,
)

__all__ = ["Mapped", "to_project"]

_CURRENCY_LENGTH = 3


@dataclass
class Mapped:
    """The project, the warnings on the way, and the Headway id of each imported task uid."""

    project: Project
    problems: list[Problem] = field(default_factory=list)
    ids: dict[str, str] = field(default_factory=dict)


class _Notes:
    """Collects warnings, each naming the file and the Headway id it concerns."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.problems: list[Problem] = []

    def warn(self, code: str, message: str, entity: str | None) -> None:
        self.problems.append(Problem(code, message, Severity.WARNING, entity, SourceLocation(self.path, 1)))


def to_project(src: SourceProject, path: str) -> Mapped:
    """The Headway project of ``src``; ``path`` names the file in warnings."""
    notes = _Notes(path)
    for message in src.ignored_errors:
        notes.warn("source_value_ignored", f"MPXJ could not read a value and skipped it: {message}", None)
    kept = kept_tasks(src, notes.warn)
    start = _start(src, kept, path, notes)
    settings = _settings(src)
    res_ids, skipped = _resource_ids(src.resources, notes)
    used = {c for c in (src.calendar,) if c is not None}
    used |= {t.calendar for t in kept if t.calendar is not None}
    used |= {r.calendar for r in src.resources if r.calendar is not None and r.uid in res_ids}
    calendars = map_calendars(src.calendars, used, notes.warn)
    ids = task_ids(kept, src.primavera)
    ctx = TaskContext(settings, start, ids, calendars.ids, res_ids, frozenset(skipped),
                      {t.uid: t for t in src.tasks}, notes.warn,
                      {r.uid: r.calendar for r in src.resources if r.uid in res_ids and r.calendar is not None},
                      calendars, src.file_type == "GAN")
    if ctx.starts_are_set:
        notes.warn("start_kept", "GanttProject places each task at its own start unless a link pushes it: "
                   "every task without a constraint gets start-no-earlier-than its start in the file", None)
    tasks = map_tasks(src, kept, ctx)
    parents = {t.parent for t in kept if t.parent is not None}
    leaves = {t.uid for t in kept if t.uid not in parents}
    progress = map_progress(kept, leaves, ids, src.status_date, start, settings)
    status = src.status_date
    if status is None and progress:
        status = start
        notes.warn("no_status_date", "the file records progress but no status date; the status date is set to the "
                   "project start, so the schedule keeps the source's dates (progress counts from when it was "
                   "recorded once you move status_date)", None)
    project = Project(
        name=src.name or path.rsplit("/", 1)[-1].rsplit(".", 1)[0], start=start, status_date=status,
        calendar=calendars.id_of(src.calendar), currency=_currency(src.currency), working_time=settings,
        calendars=calendars.all, resources=_resources(src, res_ids, calendars.ids, notes),
        tasks=tasks, progress=progress,
        baselines=map_baselines(src, kept, leaves, ids, src.status_date or start),
    )
    return Mapped(project, notes.problems, ids)


def _start(src: SourceProject, kept: list[SourceTask], path: str, notes: _Notes) -> dt.datetime:
    """The project start; moved back to the earliest task when the file schedules tasks before it."""
    starts = [t.start for t in kept if t.start is not None and not t.summary]
    starts += [t.actual_start for t in kept if t.actual_start is not None]
    if src.start is not None:
        if starts and min(starts) < src.start:
            notes.warn("project_start_moved", f"tasks start on {min(starts)}, before the project start {src.start}; "
                       "the project starts with them", None)
            return min(starts)
        return src.start
    if starts:
        return min(starts)
    raise PlanError([Problem("no_project_start", "the file gives no project start and no task dates",
                             location=SourceLocation(path, 1))])


def _settings(src: SourceProject) -> WorkingTimeSettings:
    per_day = src.minutes_per_day if src.minutes_per_day > 0 else 480.0
    per_week = src.minutes_per_week if src.minutes_per_week > 0 else per_day * 5
    return WorkingTimeSettings(per_day / 60.0, per_week / per_day, src.days_per_month or 20.0)


def _currency(code: str | None) -> str:
    return code.upper() if code and len(code) == _CURRENCY_LENGTH and code.isalpha() else "USD"


def _resource_ids(resources: tuple[SourceResource, ...], notes: _Notes) -> tuple[dict[str, str], list[str]]:
    """Ids of the work resources (shared import policy); material and cost resources are left out."""
    resources = tuple(r for r in resources if r.uid != "0" or r.name)  # MS Project's unnamed placeholder
    work = [r for r in resources if r.works]
    skipped = [r.uid for r in resources if not r.works]
    for res in resources:
        if not res.works:
            what = "role" if res.kind == "ROLE" else f"{res.kind.lower()} resource"
            notes.warn("resource_skipped", f'{what} {res.uid} "{res.name}" and its assignments are left out '
                       "(Headway plans the time of people and equipment)", None)
    ids = unique_ids(((r.name, r.uid) for r in work), prefix="resource")
    return {r.uid: rid for r, rid in zip(work, ids, strict=True)}, skipped


def _resources(src: SourceProject, ids: dict[str, str], calendars: dict[str, str], notes: _Notes,
               ) -> tuple[Resource, ...]:
    out = []
    for res in src.resources:
        if res.uid not in ids:
            continue
        units = res.max_units if res.max_units is not None and res.max_units > 0 else 1.0
        if res.max_units is not None and res.max_units <= 0:
            notes.warn("bad_units", f"max units {res.max_units:.0%} imported as 100%", ids[res.uid])
        out.append(Resource(
            id=ids[res.uid], name=res.name, role=res.role or res.group or None, units=units,
            rates=Rates(res.standard_rate, res.overtime_rate, res.cost_per_use),
            calendar=calendars.get(res.calendar) if res.calendar is not None else None,
            email=res.email or None,
            source_uid=res.code if src.primavera and res.code else res.uid))
    return tuple(out)
