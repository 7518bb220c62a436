"""Read MS Project XML (MSPDI) into a Project: ``read(path) -> ReadResult``.

Lenient, as MS Project's own files often fail the schema: a value that cannot be read is
skipped with a warning naming the element's line; malformed XML is one ``xml_syntax`` error
with the file and line. Tasks and resources get ids from their names (``import_ids``) and keep
their MS Project UID in ``source_uid``. Durations keep the unit the user typed in MS Project.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from lxml import etree

from headway.io.import_ids import unique_ids
from headway.io.mspdi_calendars import read_calendars
from headway.io.mspdi_people import union_calendars
from headway.io.mspdi_splits import widen_split_tasks
from headway.io.mspdi_tasks import TaskReader, as_written
from headway.io.mspdi_values import parse_datetime, parse_minutes
from headway.io.plan import ReadResult
from headway.model import (
    ConstraintType,
    PlanError,
    Problem,
    Project,
    Rates,
    Resource,
    Severity,
    SourceLocation,
    WorkingTimeSettings,
    validate,
)

__all__ = ["parse", "read", "recorded_dates"]


def parse(path: str | Path) -> etree._Element:
    """The root element of an MSPDI file; PlanError(xml_syntax) with file and line when malformed."""
    try:
        tree = etree.parse(str(path), etree.XMLParser(huge_tree=True, resolve_entities=False, no_network=True))
    except etree.XMLSyntaxError as err:
        line, column = err.lineno or 1, err.offset or 1
        raise PlanError([Problem("xml_syntax", f"not well-formed XML: {err.msg}", location=SourceLocation(
            str(path), max(line, 1), max(column, 1)), hint="the file is damaged or not MS Project XML")]) from err
    root = tree.getroot()
    if etree.QName(root).localname != "Project":
        raise PlanError([Problem("not_mspdi", f"the root element is <{etree.QName(root).localname}>, not <Project>",
                                 location=SourceLocation(str(path), line_of(root)),
                                 hint="save the plan from MS Project as 'XML Format (*.xml)'")])
    return root


def read(path: str | Path) -> ReadResult:
    """The plan in an MSPDI file with every warning; PlanError when it cannot be imported."""
    root = parse(path)
    reader = _Reader(root, str(path))
    project = reader.project()
    found = reader.problems + validate(project)
    if any(p.is_error for p in found):
        raise PlanError(found)
    return ReadResult(project, tuple(found))


def recorded_dates(path: str | Path) -> dict[str, tuple[dt.datetime, dt.datetime, bool]]:
    """Task id → MS Project's stored Start, Finish and whether it is auto-scheduled (not Manual)."""
    project = read(path).project
    root = parse(path)
    ns = _namespace(root)
    by_uid = {t.source_uid: t.id for t in project.tasks if t.source_uid is not None}
    out: dict[str, tuple[dt.datetime, dt.datetime, bool]] = {}
    for el in root.iterfind(f"{ns}Tasks/{ns}Task"):
        uid = el.findtext(f"{ns}UID")
        tid = by_uid.get(uid.strip()) if uid else None
        start, finish = parse_datetime(el.findtext(f"{ns}Start")), parse_datetime(el.findtext(f"{ns}Finish"))
        if tid is not None and start is not None and finish is not None:
            out[tid] = (start, finish, (el.findtext(f"{ns}Manual") or "0").strip() != "1")
    return out


def line_of(el: etree._Element) -> int:
    """The element's line in its file (1 when unknown)."""
    line = getattr(el, "sourceline", None)
    return line if isinstance(line, int) and line > 0 else 1


def _namespace(root: etree._Element) -> str:
    uri = etree.QName(root).namespace
    return f"{{{uri}}}" if uri else ""


class _Reader:
    """Reads one file in dependency order: project settings, calendars, resources, tasks."""

    def __init__(self, root: etree._Element, path: str) -> None:
        self.root, self.path, self.ns = root, path, _namespace(root)
        self.problems: list[Problem] = []
        self.origins: dict[str, SourceLocation] = {}  # where each task was read, for later warnings

    def text(self, el: etree._Element, tag: str) -> str | None:
        value = el.findtext(self.ns + tag)
        return value.strip() if value is not None and value.strip() else None

    def place(self, el: etree._Element) -> SourceLocation:
        return SourceLocation(self.path, line_of(el))

    def warn(self, code: str, message: str, entity: str | None = None, el: etree._Element | None = None) -> None:
        where = self.place(el) if el is not None else self.origins.get(entity or "", SourceLocation(self.path, 1))
        self.problems.append(Problem(code, message, Severity.WARNING, entity, where))

    def number(self, el: etree._Element, tag: str, default: float = 0.0) -> float:
        value = self.text(el, tag)
        if value is None:
            return default
        try:
            return float(value)
        except ValueError:
            self.warn("bad_value", f"<{tag}> {value!r} is not a number; {default} used", el=el)
            return default

    def project(self) -> Project:
        root = self.root
        settings = self._working_time()
        start = parse_datetime(self.text(root, "StartDate"))
        if start is None:
            start = min((d for d in (parse_datetime(self.text(t, "Start")) for t in root.iterfind(
                f"{self.ns}Tasks/{self.ns}Task")) if d is not None), default=dt.datetime(2000, 1, 3, 8))
            self.warn("missing_start", f"the file has no StartDate; the earliest task start {start} is used", el=root)
        if self.text(root, "ScheduleFromStart") == "0":
            self.warn("schedule_from_finish", "the plan is scheduled from its finish date in MS Project; Headway "
                      "schedules it forward from its start date", el=root)
        calendars, cal_ids = read_calendars(root, self.ns, lambda c, m, e: self.warn(c, m, e))
        resources, res_ids = self._resources(cal_ids)
        tasks = TaskReader(self, settings, cal_ids, res_ids, start)
        self.origins = {t.id: t.origin for t in tasks.tasks if t.origin is not None}
        start = self._start_before(start, tasks)
        given = parse_datetime(self.text(root, "StatusDate"))
        progress = tasks.progress(given)
        status: dt.datetime | dt.date | None = as_written(given, True) if given is not None else None
        if status is None and progress:
            status = start
            self.warn("no_status_date", "the file records progress but no status date; the status date is set "
                      "to the project start, so the schedule keeps MS Project's dates (progress counts from "
                      "when it was recorded once you move status_date)", el=root)
        project = Project(
            name=self.text(root, "Title") or self.text(root, "Name") or Path(self.path).stem,
            start=start, status_date=status, calendar=cal_ids.get(self.text(root, "CalendarUID") or ""),
            currency=self.text(root, "CurrencyCode") or "USD", working_time=settings,
            calendars=tuple(calendars), resources=tuple(resources), tasks=tuple(tasks.tasks),
            progress=tuple(progress), baselines=tuple(tasks.baselines(self._saved(start))))
        project = union_calendars(project, lambda c, m, e: self.warn(c, m, e))
        return widen_split_tasks(project, root, self.ns, lambda c, m, e: self.warn(c, m, e))

    def _start_before(self, start: dt.datetime, tasks: TaskReader) -> dt.datetime:
        """The project start, moved back to the earliest kept date (a manual task's or an actual start)."""
        pinned = [t.constraint.date for t in tasks.tasks if t.constraint is not None
                  and t.constraint.type is ConstraintType.MSO and isinstance(t.constraint.date, dt.datetime)]
        pinned += [p.actual_start for p in tasks.progress(None) if isinstance(p.actual_start, dt.datetime)]
        earliest = min(pinned, default=start)
        if earliest < start:
            self.warn("project_start_moved", f"the project start {start:%Y-%m-%d %H:%M} is after recorded task "
                      f"dates; {earliest:%Y-%m-%d %H:%M} is used", el=self.root)
            return earliest
        return start

    def _saved(self, start: dt.datetime) -> dt.datetime:
        return (parse_datetime(self.text(self.root, "LastSaved"))
                or parse_datetime(self.text(self.root, "CreationDate")) or start)

    def _working_time(self) -> WorkingTimeSettings:
        per_day = self.number(self.root, "MinutesPerDay", 480) or 480
        per_week = self.number(self.root, "MinutesPerWeek", per_day * 5) or per_day * 5
        per_month = self.number(self.root, "DaysPerMonth", 20) or 20
        return WorkingTimeSettings(per_day / 60, per_week / per_day, per_month)

    def _resources(self, cal_ids: dict[str, str]) -> tuple[list[Resource], dict[str, str]]:
        kept = []
        for el in self.root.iterfind(f"{self.ns}Resources/{self.ns}Resource"):
            uid, name = self.text(el, "UID"), self.text(el, "Name")
            if uid is None or self.text(el, "IsNull") == "1" or (uid == "0" and not name):
                continue
            kind = self.text(el, "Type") or "1"
            if kind != "1" or self.text(el, "IsCostResource") == "1":
                what = "material" if kind == "0" else "cost"
                self.warn("resource_skipped", f"{what} resource {name or uid!r} (UID {uid}) is not supported and "
                          "was skipped with its assignments", name, el)
                continue
            kept.append((el, uid, name))
        ids = unique_ids(((name, uid) for _, uid, name in kept), prefix="resource")
        out = []
        for (el, uid, name), rid in zip(kept, ids, strict=True):
            units = self.number(el, "MaxUnits", 1.0)
            if units <= 0:
                self.warn("bad_units", f"resource {rid!r} has MaxUnits {units}; 100% used", rid, el)
                units = 1.0
            rates = Rates(self.number(el, "StandardRate"), self.number(el, "OvertimeRate"),
                          self.number(el, "CostPerUse"))
            out.append(Resource(
                id=rid, name=name or "", role=self.text(el, "Group"), units=units, rates=rates,
                calendar=cal_ids.get(self.text(el, "CalendarUID") or ""), email=self.text(el, "EmailAddress"),
                source_uid=uid, origin=self.place(el)))
            if el.find(f"{self.ns}AvailabilityPeriods/{self.ns}AvailabilityPeriod") is not None:
                self.warn("availability_ignored", f"resource {rid!r}: availability periods are not supported; "
                          "MaxUnits is used throughout", rid, el)
        return out, {r.source_uid or "": r.id for r in out}

    def minutes(self, el: etree._Element, tag: str) -> float | None:
        value = self.text(el, tag)
        minutes = parse_minutes(value)
        if value is not None and minutes is None:
            self.warn("bad_value", f"<{tag}> {value!r} is not a duration; skipped", el=el)
        return minutes
