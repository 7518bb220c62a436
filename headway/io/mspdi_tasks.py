"""MSPDI tasks → Headway tasks: hierarchy, durations, links, constraints, assignments, progress, baselines.

The outline (``OutlineLevel`` in ``ID`` order) becomes the task tree: a task with subtasks is a
summary. Manually scheduled tasks keep the dates MS Project recorded through a must-start-on
constraint (and a warning), since Headway schedules every task. Percent lags become the same
share of the predecessor's duration.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Protocol

from lxml import etree

from headway.io.import_ids import unique_ids
from headway.io.mspdi_values import (
    CONSTRAINT_TYPES,
    ELAPSED_FORMATS,
    FORMAT_UNITS,
    LINK_TYPES,
    PERCENT_FORMATS,
    base_format,
    duration_from_minutes,
    parse_datetime,
)
from headway.model import (
    Assignment,
    Baseline,
    BaselineTask,
    Constraint,
    ConstraintType,
    DateOrTime,
    Duration,
    Link,
    ProgressEntry,
    SourceLocation,
    Task,
    TimeUnit,
    WorkingTimeSettings,
)

DO_NOT_LEVEL = 1000  # MS Project's priority that leveling never moves


class Source(Protocol):
    """What the task reader needs of the file reader."""

    ns: str
    root: etree._Element

    def text(self, el: etree._Element, tag: str) -> str | None: ...
    def number(self, el: etree._Element, tag: str, default: float = 0.0) -> float: ...
    def minutes(self, el: etree._Element, tag: str) -> float | None: ...
    def warn(self, code: str, message: str, entity: str | None = None, el: etree._Element | None = None) -> None: ...
    def place(self, el: etree._Element) -> SourceLocation: ...


@dataclass
class _Row:
    el: etree._Element
    uid: str
    name: str
    level: int
    id: str = ""
    parent: str | None = None
    minutes: float = 0.0


class TaskReader:
    """Reads every task of a file; ``tasks``, then ``progress()`` and ``baselines()``."""

    def __init__(self, src: Source, settings: WorkingTimeSettings, cal_ids: Mapping[str, str],
                 res_ids: Mapping[str, str], start: dt.datetime) -> None:
        self.src, self.settings, self.cal_ids, self.start = src, settings, cal_ids, start
        self.res_ids = res_ids
        self.summary_el: etree._Element | None = None
        self.rows = self._rows()
        self.by_uid = {row.uid: row for row in self.rows}
        self.summaries = {row.parent for row in self.rows if row.parent is not None}
        default = base_format(int(src.number(src.root, "DurationFormat", 7)))
        self.default_unit = FORMAT_UNITS.get(default or 7, TimeUnit.DAY)
        for row in self.rows:
            row.minutes = max(src.minutes(row.el, "Duration") or 0.0, 0.0)
        assignments = self._assignments()
        self.tasks = [self._task(row, assignments.get(row.uid, ())) for row in self.rows]

    def _rows(self) -> list[_Row]:
        src, ns = self.src, self.src.ns
        elements = list(src.root.iterfind(f"{ns}Tasks/{ns}Task"))
        if all((src.text(el, "ID") or "").lstrip("-").isdigit() for el in elements):
            elements.sort(key=lambda el: int(src.text(el, "ID") or 0))
        rows = []
        inactive_below: int | None = None  # the outline level of an inactive summary being skipped
        for el in elements:
            uid = src.text(el, "UID")
            if uid is None:
                src.warn("task_without_uid", "a task without a UID was skipped", el=el)
                continue
            if uid == "0":
                self.summary_el = el  # the project summary task
                continue
            name = src.text(el, "Name") or ""
            if src.text(el, "IsNull") == "1":
                src.warn("blank_task_skipped", f"blank task row (UID {uid}) skipped", el=el)
                continue
            level = src.text(el, "OutlineLevel")
            outline = src.text(el, "OutlineNumber")
            depth = max(int(level) if level and level.isdigit() else (outline.count(".") + 1 if outline else 1), 1)
            if inactive_below is not None and depth > inactive_below:
                src.warn("inactive_task_skipped", f"task {name or uid!r} (UID {uid}) of an inactive summary "
                         "skipped", el=el)
                continue
            inactive_below = None
            if src.text(el, "Active") == "0":
                src.warn("inactive_task_skipped", f"inactive task {name or uid!r} (UID {uid}) skipped", el=el)
                inactive_below = depth
                continue
            rows.append(_Row(el, uid, name, depth))
        for row, tid in zip(rows, unique_ids((r.name, r.uid) for r in rows), strict=True):
            row.id = tid
        stack: list[_Row] = []
        for row in rows:
            while stack and stack[-1].level >= row.level:
                stack.pop()
            row.parent = stack[-1].id if stack else None
            stack.append(row)
        return rows

    def _assignments(self) -> dict[str, list[Assignment]]:
        src, ns = self.src, self.src.ns
        out: dict[str, list[Assignment]] = {}
        for el in src.root.iterfind(f"{ns}Assignments/{ns}Assignment"):
            task_uid, res_uid = src.text(el, "TaskUID"), src.text(el, "ResourceUID")
            row = self.by_uid.get(task_uid or "")
            if row is None or res_uid in (None, "-65535"):
                continue  # the project summary, a skipped task, or MS Project's "unassigned" placeholder
            rid = self.res_ids.get(res_uid or "")
            if rid is None:
                src.warn("assignment_skipped", f"task {row.id!r}: assignment of resource UID {res_uid}, which "
                         "was not imported, skipped", row.id, el)
                continue
            if row.id in self.summaries:
                src.warn("assignment_skipped", f"summary task {row.id!r}: assignment of {rid!r} skipped "
                         "(Headway assigns people to leaf tasks)", row.id, el)
                continue
            if any(a.resource == rid for a in out.get(row.uid, [])):
                src.warn("assignment_skipped", f"task {row.id!r}: a second assignment of {rid!r} skipped",
                         row.id, el)
                continue
            units = src.number(el, "Units", 1.0)
            work = src.minutes(el, "Work")
            if src.text(el, "WorkContour") not in (None, "0"):
                src.warn("work_contour_ignored", f"task {row.id!r}: {rid!r} works on a contour in MS Project; "
                         "Headway spreads work evenly", row.id, el)
            elif work is not None and abs(work - row.minutes * units) > 1:
                src.warn("assignment_work_differs", f"task {row.id!r}: MS Project records {work / 60:g}h of work "
                         f"for {rid!r}; Headway counts duration × units = {row.minutes * units / 60:g}h", row.id, el)
            if src.number(el, "LevelingDelay", 0.0) > 0 or src.number(el, "Delay", 0.0) > 0:
                src.warn("assignment_delay_ignored", f"task {row.id!r}: the delay of {rid!r}'s assignment is not "
                         "supported; the assignment starts with the task", row.id, el)
            out.setdefault(row.uid, []).append(Assignment(rid, units if units > 0 else None))
        return out

    def _task(self, row: _Row, assignments: list[Assignment] | tuple[()]) -> Task:
        src, el = self.src, row.el
        summary = row.id in self.summaries
        duration, milestone = (None, False) if summary else self._duration(row)
        constraint = self._constraint(row)
        if src.text(el, "Manual") == "1":
            constraint = self._manual(row, summary) or constraint
        priority = int(min(max(src.number(el, "Priority", 500), 0), 1000))
        cal_uid = src.text(el, "CalendarUID")
        due = parse_datetime(src.text(el, "Deadline"))
        deadline = as_written(due, True) if due is not None else None
        fixed_cost = src.number(el, "FixedCost", 0.0) / 100  # MSPDI amounts are in hundredths
        return Task(
            id=row.id, name=row.name, parent=row.parent, duration=duration, milestone=milestone,
            links=tuple(self._links(row)), assignments=tuple(assignments), constraint=constraint,
            deadline=deadline, priority=priority, level=priority < DO_NOT_LEVEL, cost=fixed_cost or None,
            leveling_delay=self._leveling_delay(row), calendar=self.cal_ids.get(cal_uid) if cal_uid else None,
            notes=src.text(el, "Notes") or "", source_uid=row.uid, origin=src.place(el))

    def _leveling_delay(self, row: _Row) -> Duration | None:
        """``LevelingDelay`` (tenths of a minute) in its ``LevelingDelayFormat`` unit."""
        tenths = self.src.number(row.el, "LevelingDelay", 0.0)
        if tenths <= 0:
            return None
        code = self.src.text(row.el, "LevelingDelayFormat")
        fmt = base_format(int(code)) if code and code.isdigit() else 7
        return duration_from_minutes(tenths / 10, FORMAT_UNITS.get(fmt or 7, TimeUnit.DAY), self.settings)

    def _duration(self, row: _Row) -> tuple[Duration | None, bool]:
        src, el = self.src, row.el
        if row.minutes == 0:
            return None, True
        code = src.text(el, "DurationFormat")
        fmt = base_format(int(code)) if code and code.isdigit() else None
        unit = FORMAT_UNITS.get(fmt, self.default_unit) if fmt is not None else self.default_unit
        if src.text(el, "Milestone") == "1":
            src.warn("milestone_with_duration", f"task {row.id!r} is flagged as a milestone but lasts "
                     f"{row.minutes:g} minutes; imported as a task with that duration", row.id, el)
        return duration_from_minutes(row.minutes, unit, self.settings), False

    def _constraint(self, row: _Row) -> Constraint | None:
        src, el = self.src, row.el
        code = src.text(el, "ConstraintType")
        kind = CONSTRAINT_TYPES.get(int(code)) if code and code.isdigit() else ConstraintType.ASAP
        if kind is None:
            src.warn("bad_value", f"task {row.id!r}: unknown ConstraintType {code}; as soon as possible used",
                     row.id, el)
            return None
        if kind is ConstraintType.ASAP:
            return None
        if not kind.needs_date:
            return Constraint(kind)
        when = parse_datetime(src.text(el, "ConstraintDate"))
        if when is None:
            src.warn("constraint_without_date", f"task {row.id!r}: {kind.value} without a ConstraintDate "
                     "skipped", row.id, el)
            return None
        return Constraint(kind, as_written(when, kind.on_finish))

    def _manual(self, row: _Row, summary: bool) -> Constraint | None:
        src, el = self.src, row.el
        start = parse_datetime(src.text(el, "Start"))
        if summary or start is None:
            src.warn("manual_task", f"task {row.id!r} is manually scheduled in MS Project; Headway schedules it "
                     "from its links and subtasks", row.id, el)
            return None
        src.warn("manual_task", f"task {row.id!r} is manually scheduled in MS Project; its recorded start "
                 f"{start:%Y-%m-%d %H:%M} is kept as a must-start-on constraint", row.id, el)
        return Constraint(ConstraintType.MSO, start)

    def _links(self, row: _Row) -> list[Link]:
        src, ns = self.src, self.src.ns
        links = []
        for el in row.el.iterfind(f"{ns}PredecessorLink"):
            pred = self.by_uid.get(src.text(el, "PredecessorUID") or "")
            if src.text(el, "CrossProject") == "1" or pred is None:
                what = "a link to another project" if src.text(el, "CrossProject") == "1" else (
                    f"a link from task UID {src.text(el, 'PredecessorUID')}, which was not imported")
                src.warn("link_skipped", f"task {row.id!r}: {what} was skipped", row.id, el)
                continue
            code = src.text(el, "Type")
            kind = LINK_TYPES.get(int(code)) if code and code.isdigit() else LINK_TYPES[1]
            if kind is None:
                src.warn("bad_value", f"task {row.id!r}: unknown link Type {code}; finish-to-start used", row.id, el)
                kind = LINK_TYPES[1]
            links.append(Link(pred.id, kind, self._lag(row, pred, el)))
        return links

    def _lag(self, row: _Row, pred: _Row, el: etree._Element) -> Duration:
        src = self.src
        lag = src.number(el, "LinkLag", 0.0)
        code = src.text(el, "LagFormat")
        fmt = base_format(int(code)) if code and code.isdigit() else 7
        if lag == 0:
            return Duration(0, FORMAT_UNITS.get(fmt or 7, TimeUnit.DAY))
        if fmt in PERCENT_FORMATS:
            minutes = lag / 100 * pred.minutes
            unit = TimeUnit.ELAPSED_MINUTE if fmt in ELAPSED_FORMATS else TimeUnit.MINUTE
            src.warn("percent_lag_converted", f"task {row.id!r}: lag of {lag:g}% of {pred.id!r}'s duration "
                     f"imported as {minutes:g} {'elapsed ' if unit.elapsed else ''}minutes", row.id, el)
            return duration_from_minutes(minutes, TimeUnit.DAY if not unit.elapsed else TimeUnit.ELAPSED_DAY,
                                         self.settings)
        unit = FORMAT_UNITS.get(fmt or 7, TimeUnit.DAY)
        return duration_from_minutes(lag / 10, unit, self.settings)

    def progress(self, status: dt.datetime | None) -> list[ProgressEntry]:
        """One entry per started leaf task, dated at the status date, or without one when it was known:
        the actual finish of a complete task, the "complete through" date (``Stop``) of one in progress."""
        src = self.src
        out = []
        for row in self.rows:
            if row.id in self.summaries:
                continue
            done = src.number(row.el, "PercentComplete", 0.0) / 100
            began = parse_datetime(src.text(row.el, "ActualStart"))
            ended = parse_datetime(src.text(row.el, "ActualFinish"))
            if done <= 0 and began is None:
                continue
            if ended is not None and began is not None and ended < began:
                ended = None
            stop = parse_datetime(src.text(row.el, "Stop"))
            known = ended if done >= 1 and ended is not None else (
                stop if stop is not None and began is not None and stop > began else began)
            when = status if status is not None and (began is None or began <= status) else known or self.start
            remaining = src.minutes(row.el, "RemainingDuration") if 0 < done < 1 else None
            out.append(ProgressEntry(when, row.id, done=min(done, 1.0), actual_start=began,
                                     actual_finish=ended if done >= 1 else None,
                                     remaining=None if remaining is None else duration_from_minutes(
                                         remaining, TimeUnit.HOUR, self.settings)))
        return out

    def baselines(self, saved: dt.datetime) -> list[Baseline]:
        """MS Project's baselines (Number 0 is ``baseline``, n is ``baselineN``) with every task saved in them."""
        src, ns = self.src, self.src.ns
        found: dict[int, dict[str, BaselineTask]] = {}
        totals: dict[int, tuple[dt.datetime | None, float]] = {}
        rows = [(row.id, row.el) for row in self.rows]
        if self.summary_el is not None:
            rows.append(("", self.summary_el))
        for tid, el in rows:
            for base in el.iterfind(f"{ns}Baseline"):
                number = int(src.number(base, "Number", 0))
                start = parse_datetime(src.text(base, "Start"))
                finish = parse_datetime(src.text(base, "Finish"))
                if start is None or finish is None:
                    src.warn("baseline_incomplete", f"baseline {number} of {'the project' if not tid else repr(tid)} "
                             "has no start or finish and was skipped", tid or None, base)
                    continue
                cost = src.number(base, "Cost", 0.0) / 100  # MSPDI costs are in cents
                if not tid:
                    totals[number] = (finish, cost)
                    continue
                found.setdefault(number, {})[tid] = BaselineTask(
                    start, finish, round(src.minutes(base, "Work") or 0), cost,
                    round(src.minutes(base, "Duration") or 0))
        out = []
        for number in sorted(found):
            finish, cost = totals.get(number, (None, 0.0))
            tasks = found[number]
            out.append(Baseline("baseline" if number == 0 else f"baseline{number}", saved, tasks,
                                finish or max(t.finish for t in tasks.values()),
                                cost or sum(t.cost for tid, t in tasks.items() if tid not in self.summaries)))
        return out


def as_written(when: dt.datetime, on_finish: bool) -> DateOrTime:
    """A date alone where the file holds one as Headway writes it (00:00 for a start, 23:59 for a finish)."""
    if when.time() == (dt.time(23, 59) if on_finish else dt.time()):
        return when.date()
    return when
