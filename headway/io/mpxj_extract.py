"""MPXJ's ``ProjectFile`` (Java objects) to ``SourceProject`` records (plain Python).

The only module, with ``mpxj_jvm``, that handles untyped Java objects: every value is converted
to a Python type here (dates, durations, enum names), so nothing Java leaks further.
"""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

from headway.io.mpxj_jvm import java_class
from headway.io.mpxj_records import (
    Ranges,
    SourceAssignment,
    SourceBaseline,
    SourceCalendar,
    SourceDuration,
    SourceException,
    SourceProject,
    SourceRelation,
    SourceResource,
    SourceTask,
    SourceWeek,
)

__all__ = ["extract"]

Java = Any  # an object of the JVM, handled only in this module
_DAYS = ("MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY", "SUNDAY")
_BASELINES = 11  # the baseline and Baseline1..Baseline10
_MINUTES_PER_RATE_UNIT = {"MINUTES": 1.0, "HOURS": 60.0, "ELAPSED_MINUTES": 1.0, "ELAPSED_HOURS": 60.0,
                          "ELAPSED_DAYS": 1440.0, "ELAPSED_WEEKS": 10080.0}


def extract(file: Java) -> SourceProject:
    """Every value Headway uses from an MPXJ ``ProjectFile``."""
    ctx = _Context(file)
    props = file.getProjectProperties()
    default = file.getDefaultCalendar()
    return SourceProject(
        name=_text(props.getProjectTitle()) or _text(props.getName()) or "",
        file_type=_text(props.getFileType()) or "",
        start=_datetime(props.getStartDate()),
        status_date=_datetime(props.getStatusDate()),
        minutes_per_day=_number(props.getMinutesPerDay()) or 480.0,
        minutes_per_week=_number(props.getMinutesPerWeek()) or 2400.0,
        days_per_month=_number(props.getDaysPerMonth()) or 20.0,
        currency=_text(props.getCurrencyCode()),
        calendar=_uid(default) if default is not None else None,
        calendars=tuple(_calendar(c) for c in file.getCalendars()),
        resources=tuple(_resource(r, ctx) for r in file.getResources() if r.getUniqueID() is not None),
        tasks=tuple(_task(t, ctx) for t in file.getTasks() if t.getUniqueID() is not None),
        ignored_errors=tuple(_text(e.getMessage()) or _text(e.toString()) or "" for e in file.getIgnoredErrors()),
    )


class _Context:
    """Unit conversion through the file's own settings (minutes per day and so on)."""

    def __init__(self, file: Java) -> None:
        self.props = file.getProjectProperties()
        self.minutes = java_class("org.mpxj.TimeUnit").MINUTES

    def minutes_of(self, duration: Java) -> float | None:
        if duration is None:
            return None
        return float(duration.convertUnits(self.minutes, self.props).getDuration())

    def per_hour(self, rate: Java) -> float:
        if rate is None:
            return 0.0
        unit = _name(rate.getUnits()) or "HOURS"
        minutes = _MINUTES_PER_RATE_UNIT.get(unit)
        if minutes is None:  # days, weeks, months, years: in the file's working time
            one = java_class("org.mpxj.Duration").getInstance(1.0, rate.getUnits())
            minutes = self.minutes_of(one) or 60.0
        return float(rate.getAmount()) * 60.0 / minutes


# --- values -------------------------------------------------------------------------------------

def _text(value: Java) -> str | None:
    return None if value is None else str(value)


def _name(value: Java) -> str | None:
    return None if value is None else str(value.name())


def _number(value: Java) -> float | None:
    return None if value is None else float(value)


def _flag(value: Java) -> bool:
    return bool(value) if value is not None else False


def _uid(entity: Java) -> str:
    return str(entity.getUniqueID())


def _datetime(value: Java) -> dt.datetime | None:
    if value is None:
        return None
    return dt.datetime(int(value.getYear()), int(value.getMonthValue()), int(value.getDayOfMonth()),
                       int(value.getHour()), int(value.getMinute()), int(value.getSecond()))


def _date(value: Java) -> dt.date:
    return dt.date(int(value.getYear()), int(value.getMonthValue()), int(value.getDayOfMonth()))


def _duration(value: Java) -> SourceDuration | None:
    if value is None:
        return None
    return SourceDuration(float(value.getDuration()), _name(value.getUnits()) or "DAYS")


def _ranges(hours: Java) -> Ranges:
    out = []
    for rng in hours:
        start, end = rng.getStart(), rng.getEnd()
        if start is None or end is None:
            continue
        a = int(start.getHour()) * 60 + int(start.getMinute())
        b = int(end.getHour()) * 60 + int(end.getMinute())
        out.append((a, b if b > a else b + 1440))  # an end at 00:00 is midnight
    return tuple(sorted(out))


# --- calendars ----------------------------------------------------------------------------------

def _week_days(owner: Java) -> tuple[Ranges | None, ...]:
    day_of_week = java_class("java.time.DayOfWeek")
    out: list[Ranges | None] = []
    for day_name in _DAYS:
        day = getattr(day_of_week, day_name)
        kind = _name(owner.getCalendarDayType(day))
        hours = owner.getCalendarHours(day)
        if kind == "NON_WORKING":
            out.append(())
        elif kind == "WORKING" and hours is not None:
            out.append(_ranges(hours))
        else:
            out.append(None)
    return tuple(out)


def _calendar(cal: Java) -> SourceCalendar:
    parent = cal.getParent()
    exceptions: list[SourceException] = []
    for exc in cal.getCalendarExceptions():
        expanded = exc.getExpandedExceptions() if exc.getRecurring() is not None else [exc]
        for one in expanded:
            ranges = _ranges(one) if _flag(one.getWorking()) else ()
            exceptions.append(SourceException(_date(one.getFromDate()), _date(one.getToDate()), ranges,
                                              _text(one.getName()) or _text(exc.getName()) or ""))
    weeks = []
    for week in cal.getWorkWeeks():
        span = week.getDateRange()
        if span is None or span.getStart() is None or span.getEnd() is None:
            continue
        weeks.append(SourceWeek(_date(span.getStart()), _date(span.getEnd()), _week_days(week)))
    return SourceCalendar(_uid(cal), _text(cal.getName()) or "", _uid(parent) if parent is not None else None,
                          _week_days(cal), tuple(exceptions), tuple(weeks))


# --- resources and tasks ------------------------------------------------------------------------

def _resource(res: Java, ctx: _Context) -> SourceResource:
    cal, primary = res.getCalendar(), res.getPrimaryRole()
    max_units = _number(res.getMaxUnits())
    kind = "ROLE" if _flag(res.getRole()) else _name(res.getType()) or "WORK"
    return SourceResource(
        uid=_uid(res), name=_text(res.getName()) or "", kind=kind,
        max_units=None if max_units is None else max_units / 100.0,
        standard_rate=ctx.per_hour(res.getStandardRate()), overtime_rate=ctx.per_hour(res.getOvertimeRate()),
        cost_per_use=_number(res.getCostPerUse()) or 0.0, calendar=_uid(cal) if cal is not None else None,
        email=_text(res.getEmailAddress()), group=_text(res.getGroup()), code=_text(res.getResourceID()),
        role=_text(primary.getName()) if primary is not None else None)


def _assignments(task: Java, ctx: _Context) -> tuple[SourceAssignment, ...]:
    out = []
    for asg in task.getResourceAssignments():
        res = asg.getResource()
        if res is None:  # MS Project's placeholder for a task with nobody assigned
            continue
        units = _number(asg.getUnits())
        out.append(SourceAssignment(_uid(res), None if units is None else units / 100.0,
                                    ctx.minutes_of(asg.getWork()), (_text(asg.getWorkContour()) or "FLAT").upper(),
                                    ctx.minutes_of(asg.getDelay()) or 0.0))
    return tuple(out)


def _baselines(task: Java, ctx: _Context) -> tuple[SourceBaseline, ...]:
    out = []
    for index in range(_BASELINES):
        args = () if index == 0 else (index,)
        start, finish = _datetime(task.getBaselineStart(*args)), _datetime(task.getBaselineFinish(*args))
        if start is None or finish is None:
            continue
        out.append(SourceBaseline(index, start, finish, ctx.minutes_of(task.getBaselineDuration(*args)) or 0.0,
                                  ctx.minutes_of(task.getBaselineWork(*args)) or 0.0,
                                  _number(task.getBaselineCost(*args)) or 0.0))
    return tuple(out)


def _relations(task: Java) -> tuple[SourceRelation, ...]:
    out = []
    for rel in task.getPredecessors():
        pred = rel.getPredecessorTask()
        if pred is None or pred.getUniqueID() is None:
            continue
        out.append(SourceRelation(_uid(pred), _name(rel.getType()) or "FINISH_START",
                                  _duration(rel.getLag()) or SourceDuration(0.0, "DAYS")))
    return tuple(out)


def _pauses(task: Java, splits: list[Java], ctx: _Context) -> float:
    """Working minutes between the working periods of a split task, on the calendar it works on."""
    if len(splits) < 2:
        return 0.0
    assignments = [a for a in task.getResourceAssignments() if a.getResource() is not None]
    cal = assignments[0].getEffectiveCalendar() if len(assignments) == 1 else task.getEffectiveCalendar()
    if cal is None:
        return 0.0
    total = 0.0
    for before, after in itertools.pairwise(splits):
        if after.getStart().isAfter(before.getEnd()):
            total += float(cal.getWork(before.getEnd(), after.getStart(), ctx.minutes).getDuration())
    return total


def _code(task: Java) -> str | None:
    return _text(task.getActivityID()) or None


def _task(task: Java, ctx: _Context) -> SourceTask:
    parent, cal, priority = task.getParentTask(), task.getCalendar(), task.getPriority()
    splits = list(task.getWorkSplits() or [])
    return SourceTask(
        uid=_uid(task), name=_text(task.getName()) or "", outline_level=int(task.getOutlineLevel() or 0),
        parent=_uid(parent) if parent is not None and parent.getUniqueID() is not None else None,
        summary=_flag(task.getSummary()), milestone=_flag(task.getMilestone()),
        manual=_name(task.getTaskMode()) == "MANUALLY_SCHEDULED", active=task.getActive() is not False,
        duration=_duration(task.getDuration()), start=_datetime(task.getStart()), finish=_datetime(task.getFinish()),
        constraint=_name(task.getConstraintType()), constraint_date=_datetime(task.getConstraintDate()),
        deadline=_datetime(task.getDeadline()),
        priority=int(priority.getValue()) if priority is not None else None,
        calendar=_uid(cal) if cal is not None else None,
        percent_complete=_number(task.getPercentageComplete()) or 0.0,
        actual_start=_datetime(task.getActualStart()), actual_finish=_datetime(task.getActualFinish()),
        remaining=_duration(task.getRemainingDuration()), stop=_datetime(task.getStop()),
        notes=_text(task.getNotes()) or "", code=_code(task), fixed_cost=_number(task.getFixedCost()) or 0.0,
        leveling_delay=_duration(task.getLevelingDelay()),
        split=len(splits) > 1, pause_minutes=_pauses(task, splits, ctx),
        external=_flag(task.getExternalTask()), subproject=_text(task.getSubprojectFile()) is not None,
        relations=_relations(task), assignments=_assignments(task, ctx), baselines=_baselines(task, ctx),
    )
