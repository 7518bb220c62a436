"""Write a scheduled Project as MS Project XML (MSPDI): ``write(project, schedule, path)``.

Strict where reading is lenient: the output validates against the Project 2007 schema
(``mspdi_pj12.xsd``; elements in schema order, ``SaveVersion`` and ``CurrencyCode`` present).
Dates are the ones Headway scheduled. Tasks and resources keep their ``source_uid`` as UID
when it is a free whole number. Every Headway calendar is written as a base calendar with its
inheritance and public holidays flattened into weekdays and exception days; each resource
gets its own resource calendar on top (its personal week and vacations), and a task whose people
work different hours gets a calendar of the hours they share (``mspdi_crews``).
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

from lxml import etree

from headway.engine.calendars import HolidayCache, resolve
from headway.engine.clock import ProjectClock
from headway.engine.progress import status_instant
from headway.engine.results import Schedule, ScheduledTask
from headway.io.mspdi_calendars import write_calendars
from headway.io.mspdi_crews import crew_calendars, crew_lag_minutes
from headway.io.mspdi_values import (
    CONSTRAINT_CODES,
    LINK_CODES,
    NS,
    format_code,
    format_datetime,
    format_minutes,
)
from headway.model import (
    STANDARD_WEEK,
    Baseline,
    Calendar,
    CalendarException,
    DateOrTime,
    DateRange,
    Duration,
    Problem,
    Project,
    Resource,
    Severity,
    Task,
    TimeUnit,
)

__all__ = ["dumps", "losses", "write"]

MAX_BASELINES = 11  # Baseline Number 0..10


def write(project: Project, schedule: Schedule, path: str | Path) -> None:
    """Write ``project`` with ``schedule``'s dates to ``path`` (atomically)."""
    data = dumps(project, schedule)
    target = Path(path)
    fd, temp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent or ".")
    try:
        with os.fdopen(fd, "wb") as stream:
            stream.write(data)
        os.replace(temp, target)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def dumps(project: Project, schedule: Schedule) -> bytes:
    """The MSPDI document as UTF-8 bytes."""
    return _Writer(project, schedule).document()


def losses(project: Project) -> list[Problem]:
    """Warnings for what MSPDI cannot hold, so an export never drops anything silently."""
    found: list[Problem] = []

    def lost(code: str, message: str, entity: str | None = None) -> None:
        found.append(Problem(code, message, Severity.WARNING, entity))

    for task in project.tasks:
        if any(a.alternatives or a.role for a in task.assignments):
            lost("choice_not_exported", "assignments that let leveling pick the person are written with their "
                 "default person", task.id)
        if task.estimate is not None:
            lost("estimate_not_exported", "three-point estimates have no MSPDI field; the duration is written",
                 task.id)
        if any(link.project is not None for link in task.links):
            lost("external_link_not_exported", "links to tasks of other plans are not written", task.id)
    if any(c.holidays for c in project.calendars):
        lost("holidays_expanded", "public holidays are written as calendar exception days for the years the "
             "schedule spans (and one either side)")
    kept = [name for name, items in (("risks", project.risks), ("issues", project.issues),
                                     ("timesheets", project.timesheets)) if items]
    if kept:
        lost("not_exported", f"{', '.join(kept)} have no place in MSPDI and are not written")
    numbered = {base.name for _, base in _baseline_numbers(project)}
    for base in project.baselines:
        if base.name not in numbered:
            lost("baseline_not_exported", f"baseline {base.name!r}: MSPDI holds 11 baselines", base.name)
    return found


def _uids(items: Iterable[str | None]) -> list[int]:
    """Each item's UID: its source uid when that is a free positive whole number, else the next free one."""
    wanted = list(items)
    taken: set[int] = set()
    keep: list[int | None] = []
    for uid in wanted:
        value = int(uid) if uid is not None and uid.isdigit() and int(uid) > 0 else None
        keep.append(value if value is not None and value not in taken else None)
        if value is not None and value not in taken:
            taken.add(value)
    out, next_free = [], max(taken, default=0) + 1
    for value in keep:
        if value is None:
            value, next_free = next_free, next_free + 1
        out.append(value)
    return out


def _baseline_numbers(project: Project) -> list[tuple[int, Baseline]]:
    """MS Project's baseline number per baseline: ``baseline`` is 0, ``baselineN`` is N, others the free
    numbers in order (at most 11 baselines fit)."""
    fixed = {"baseline": 0, **{f"baseline{n}": n for n in range(1, MAX_BASELINES)}}
    taken = {fixed[b.name] for b in project.baselines if b.name in fixed}
    free = iter(n for n in range(MAX_BASELINES) if n not in taken)
    out = []
    for base in project.baselines:
        number = fixed.get(base.name, next(free, None))
        if number is not None:
            out.append((number, base))
    return out


def _at(value: DateOrTime, end_of_day: bool) -> dt.datetime:
    if isinstance(value, dt.datetime):
        return value
    return dt.datetime.combine(value, dt.time(23, 59) if end_of_day else dt.time())


class _Writer:
    """Builds the document: project settings, calendars, tasks, resources, assignments."""

    def __init__(self, project: Project, schedule: Schedule) -> None:
        self.project, self.schedule = project, schedule
        self.root = etree.Element(f"{{{NS}}}Project", nsmap={None: NS})  # type: ignore[dict-item]
        self.task_uid = dict(zip([t.id for t in project.tasks], _uids(t.source_uid for t in project.tasks),
                                 strict=True))
        self.res_uid = dict(zip([r.id for r in project.resources], _uids(r.source_uid for r in project.resources),
                                strict=True))
        self.cal_uid: dict[str, int] = {}
        self.task_calendar: dict[str, str] = {t.id: t.calendar for t in project.tasks if t.calendar is not None}
        self.baselines = _baseline_numbers(project)
        self.res_cal_uid: dict[str, int] = {}
        self.crew_tasks: set[str] = set()
        self.clock: ProjectClock | None = None

    def _clock(self) -> ProjectClock:
        if self.clock is None:
            self.clock = ProjectClock(self.project, self.schedule.finish.date() + dt.timedelta(days=366))
        return self.clock

    def sub(self, parent: etree._Element, tag: str, text: object = None) -> etree._Element:
        el = etree.SubElement(parent, f"{{{NS}}}{tag}")
        if text is not None:
            el.text = text if isinstance(text, str) else format_datetime(text) if isinstance(
                text, dt.datetime) else str(int(text)) if isinstance(text, bool) else str(text)
        return el

    def document(self) -> bytes:
        self._header()
        self._calendars()
        self._tasks()
        self._resources()
        self._assignments()
        data: bytes = etree.tostring(self.root, xml_declaration=True, encoding="UTF-8", standalone=True,
                                     pretty_print=True)
        return data

    def _header(self) -> None:
        p, s, root = self.project, self.schedule, self.root
        per_day = round(p.working_time.hours_per_day * 60)
        self.sub(root, "SaveVersion", "12")
        self.sub(root, "Name", p.name or "Headway plan")
        self.sub(root, "Title", p.name or "Headway plan")
        self.sub(root, "ScheduleFromStart", "1")
        self.sub(root, "StartDate", s.start)
        self.sub(root, "FinishDate", s.finish)
        self.sub(root, "CurrencyCode", p.currency)
        self.sub(root, "CalendarUID", "1")
        self.sub(root, "MinutesPerDay", per_day)
        self.sub(root, "MinutesPerWeek", round(per_day * p.working_time.days_per_week))
        self.sub(root, "DaysPerMonth", round(p.working_time.days_per_month))
        self.sub(root, "DurationFormat", "7")
        self.sub(root, "WorkFormat", "2")
        if p.status_date is not None:
            self.sub(root, "StatusDate", _at(p.status_date, end_of_day=True))
        elif p.progress:
            instant = status_instant(p)  # the latest entry: the instant progress was scheduled from
            if instant is not None:
                self.sub(root, "StatusDate", instant)

    def _calendars(self) -> None:
        p = self.project
        ordered = [c.id for c in p.calendars]
        if p.calendar is None:
            ordered.insert(0, "")  # the implicit standard week
        elif p.calendar in ordered:
            ordered.remove(p.calendar)
            ordered.insert(0, p.calendar)
        first, last = self.schedule.start.year - 1, self.schedule.finish.year + 2
        holidays = HolidayCache(range(first, last))
        entries: list[tuple[int, Calendar, int | None]] = []
        for uid, cid in enumerate(ordered, start=1):
            self.cal_uid[cid] = uid
            entries.append((uid, self._flat(cid, holidays), None))
        next_uid = len(ordered) + 1
        for crew in crew_calendars(self.project, self.schedule, set(self.cal_uid)):
            self.cal_uid[crew.calendar.id] = next_uid
            self.task_calendar.update(dict.fromkeys(crew.tasks, crew.calendar.id))
            self.crew_tasks.update(crew.tasks)
            entries.append((next_uid, crew.calendar, None))
            next_uid += 1
        for res in p.resources:
            base = self.cal_uid.get(res.calendar or p.calendar or "", 1)
            self.res_cal_uid[res.id] = next_uid
            entries.append((next_uid, self._personal(res), base))
            next_uid += 1
        write_calendars(self.sub(self.root, "Calendars"), entries)

    def _flat(self, cid: str, holidays: HolidayCache) -> Calendar:
        """Calendar ``cid`` ("" for the standard week) with its bases and holidays folded in."""
        if not cid:
            return Calendar("standard", "Standard", STANDARD_WEEK)
        resolved = resolve(self.project, cid)
        days_off = [CalendarException(DateRange(day, day), (), name)
                    for source in resolved.holidays for day, name in sorted(holidays.dates(source).items())]
        name = next((c.name for c in self.project.calendars if c.id == cid), "") or cid
        return Calendar(cid, name, resolved.week, exceptions=(*days_off, *resolved.exceptions))

    def _personal(self, res: Resource) -> Calendar:
        vacations = tuple(CalendarException(days, (), "vacation") for days in res.vacations)
        return Calendar(f"{res.id}-calendar", res.name or res.id, res.week, exceptions=vacations)

    def _tasks(self) -> None:
        tasks = self.sub(self.root, "Tasks")
        summaries = self.project.summary_ids()
        for number, task in enumerate(self.project.tasks, start=1):
            scheduled = self.schedule.task(task.id)
            self._task(self.sub(tasks, "Task"), number, task, scheduled, task.id in summaries)

    def _task(self, el: etree._Element, number: int, task: Task, st: ScheduledTask, summary: bool) -> None:
        sub = self.sub
        elapsed = st.calendar == "24h"
        unit = task.duration.unit if task.duration is not None else TimeUnit.DAY
        sub(el, "UID", self.task_uid[task.id])
        sub(el, "ID", number)
        sub(el, "Name", task.name or task.id)
        sub(el, "Type", "1")
        sub(el, "WBS", st.wbs)
        sub(el, "OutlineNumber", st.wbs)
        sub(el, "OutlineLevel", st.level + 1)
        sub(el, "Priority", 1000 if not task.level else min(task.priority, 999))  # 1000: do not level
        sub(el, "Start", st.start)
        sub(el, "Finish", st.finish)
        sub(el, "Duration", format_minutes(st.duration_minutes))
        sub(el, "DurationFormat", format_code(task.duration) if task.duration is not None and not (
            summary or (unit is TimeUnit.MONTH and elapsed)) else "7")
        sub(el, "Work", format_minutes(st.work_minutes))
        sub(el, "Milestone", st.milestone)
        sub(el, "Summary", summary)
        sub(el, "Critical", st.critical)
        sub(el, "EarlyStart", st.early_start)
        sub(el, "EarlyFinish", st.early_finish)
        sub(el, "LateStart", st.late_start)
        sub(el, "LateFinish", st.late_finish)
        if task.cost is not None:
            sub(el, "FixedCost", round(task.cost * 100))
        sub(el, "PercentComplete", round(st.percent_complete * 100))
        if st.actual_start is not None:
            sub(el, "ActualStart", st.actual_start)
        if st.actual_finish is not None:
            sub(el, "ActualFinish", st.actual_finish)
        if st.actual_start is not None and st.actual_finish is None and st.remaining_minutes is not None:
            sub(el, "RemainingDuration", format_minutes(st.remaining_minutes))
        con = task.constraint
        sub(el, "ConstraintType", CONSTRAINT_CODES[con.type] if con is not None else 0)
        calendar = self.task_calendar.get(task.id)
        if calendar is not None and calendar in self.cal_uid:
            sub(el, "CalendarUID", self.cal_uid[calendar])
        if con is not None and con.date is not None:
            sub(el, "ConstraintDate", _at(con.date, end_of_day=con.type.on_finish))
        if task.deadline is not None:
            sub(el, "Deadline", _at(task.deadline, end_of_day=True))
        if task.leveling_delay is not None:
            sub(el, "LevelingDelay", round(task.leveling_delay.minutes(self.project.working_time) * 10))
            sub(el, "LevelingDelayFormat", format_code(task.leveling_delay) if task.leveling_delay.unit
                is not TimeUnit.MONTH else "11")
        if task.notes:
            sub(el, "Notes", task.notes)
        for link in task.links:
            if link.project is not None or link.predecessor not in self.task_uid:
                continue
            pl = sub(el, "PredecessorLink")
            sub(pl, "PredecessorUID", self.task_uid[link.predecessor])
            sub(pl, "Type", LINK_CODES[link.type])
            lag, pred = link.lag, self.schedule.task(link.predecessor)
            if task.id in self.crew_tasks and lag.amount and not lag.elapsed and not pred.summary:
                lag = Duration(crew_lag_minutes(self.project, self._clock(), link, pred), TimeUnit.ELAPSED_MINUTE)
            sub(pl, "LinkLag", round(lag.minutes(self.project.working_time) * 10))
            sub(pl, "LagFormat", format_code(lag) if lag.unit is not TimeUnit.MONTH else "11")
        self._baselines(el, task.id)

    def _baselines(self, el: etree._Element, task_id: str) -> None:
        for number, base in self.baselines:
            saved = base.tasks.get(task_id)
            if saved is None:
                continue
            bl = self.sub(el, "Baseline")
            self.sub(bl, "Number", number)
            self.sub(bl, "Start", saved.start)
            self.sub(bl, "Finish", saved.finish)
            self.sub(bl, "Duration", format_minutes(saved.duration_minutes))
            self.sub(bl, "DurationFormat", "7")
            self.sub(bl, "Work", format_minutes(saved.work_minutes))
            self.sub(bl, "Cost", round(saved.cost * 100))

    def _resources(self) -> None:
        resources = self.sub(self.root, "Resources")
        for number, res in enumerate(self.project.resources, start=1):
            el = self.sub(resources, "Resource")
            self.sub(el, "UID", self.res_uid[res.id])
            self.sub(el, "ID", number)
            self.sub(el, "Name", res.name or res.id)
            self.sub(el, "Type", "1")
            if res.role:
                self.sub(el, "Group", res.role)
            if res.email:
                self.sub(el, "EmailAddress", res.email)
            self.sub(el, "MaxUnits", f"{res.units:g}")
            self.sub(el, "StandardRate", f"{res.rates.standard:g}")
            self.sub(el, "StandardRateFormat", "2")
            self.sub(el, "OvertimeRate", f"{res.rates.overtime:g}")
            self.sub(el, "OvertimeRateFormat", "2")
            self.sub(el, "CostPerUse", f"{res.rates.per_use:g}")
            self.sub(el, "CalendarUID", self.res_cal_uid[res.id])

    def _assignments(self) -> None:
        assignments = self.sub(self.root, "Assignments")
        people = self.project.resources_by_id()
        uid = 0
        for task in self.project.tasks:
            st = self.schedule.task(task.id)
            for a in task.assignments:
                if a.resource not in people:
                    continue
                uid += 1
                units = a.units if a.units is not None else people[a.resource].units
                el = self.sub(assignments, "Assignment")
                self.sub(el, "UID", uid)
                self.sub(el, "TaskUID", self.task_uid[task.id])
                self.sub(el, "ResourceUID", self.res_uid[a.resource])
                self.sub(el, "Finish", st.finish)
                self.sub(el, "Start", st.start)
                self.sub(el, "Units", f"{units:g}")
                self.sub(el, "Work", format_minutes(st.duration_minutes * units))
