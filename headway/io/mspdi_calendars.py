"""MSPDI calendars ⇄ Headway calendars: weekday patterns, exceptions and derived (resource) calendars.

MS Project numbers weekdays Sunday = 1 … Saturday = 7; a derived calendar (``BaseCalendarUID``)
lists only the days that differ from its base, and its exceptions add to the base's, as in
Headway. Exceptions come either as old-style ``WeekDay`` entries with ``DayType`` 0 and a
``TimePeriod`` (every version writes these, 2007+ with each recurrence expanded) or as a
2007+ ``Exceptions`` block, which is read only when the first kind is absent.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from lxml import etree

from headway.io.import_ids import unique_ids
from headway.io.mspdi_recurrence import occurrences
from headway.io.mspdi_values import NS, format_datetime, format_time, parse_datetime, parse_time
from headway.model import STANDARD_WEEK, Calendar, CalendarException, DateRange, DayHours, TimeRange

Find = Callable[[etree._Element, str], str | None]
Warn = Callable[[str, str, "str | None"], None]


@dataclass
class RawCalendar:
    """One ``Calendar`` element as read, before inheritance is applied."""

    uid: str
    name: str
    base_uid: str | None
    days: dict[int, DayHours] = field(default_factory=dict)  # Monday = 0
    exceptions: list[CalendarException] = field(default_factory=list)


def read_calendars(root: etree._Element, ns: str, warn: Warn) -> tuple[list[Calendar], dict[str, str]]:
    """Headway calendars and the map from MS Project calendar UID to calendar id."""
    read = [_read_one(el, ns, warn) for el in root.iterfind(f"{ns}Calendars/{ns}Calendar")]
    raws = [r for r in read if r is not None]
    ids = unique_ids(((r.name, r.uid) for r in raws), prefix="calendar")
    by_uid = {r.uid: cid for r, cid in zip(raws, ids, strict=True)}
    raw_by_uid = {r.uid: r for r in raws}
    out = []
    for raw, cid in zip(raws, ids, strict=True):
        base = by_uid.get(raw.base_uid) if raw.base_uid is not None else None
        week: tuple[DayHours, ...] | None = None
        if raw.days or base is None:
            resolved = list(_resolved_week(raw_by_uid, raw.base_uid, set()) if base is not None else STANDARD_WEEK)
            for day, hours in raw.days.items():
                resolved[day] = hours
            week = tuple(resolved)
        out.append(Calendar(cid, raw.name, week, base, exceptions=tuple(raw.exceptions)))
    return out, by_uid


def _resolved_week(raws: dict[str, RawCalendar], uid: str | None, seen: set[str]) -> list[DayHours]:
    raw = raws.get(uid) if uid is not None else None
    if raw is None or raw.uid in seen:
        return list(STANDARD_WEEK)
    seen.add(raw.uid)
    week = _resolved_week(raws, raw.base_uid, seen) if raw.base_uid in raws else list(STANDARD_WEEK)
    for day, hours in raw.days.items():
        week[day] = hours
    return week


def _text(el: etree._Element, ns: str, tag: str) -> str | None:
    child = el.find(ns + tag)
    return None if child is None or child.text is None else child.text.strip()


def _read_one(el: etree._Element, ns: str, warn: Warn) -> RawCalendar | None:
    uid = _text(el, ns, "UID")
    if uid is None:
        warn("calendar_without_uid", "a calendar without a UID was skipped", None)
        return None
    base = _text(el, ns, "BaseCalendarUID")
    is_base = _text(el, ns, "IsBaseCalendar") == "1"
    raw = RawCalendar(uid, _text(el, ns, "Name") or f"Calendar {uid}",
                      None if is_base or base in (None, "-1") else base)
    for day in el.iterfind(f"{ns}WeekDays/{ns}WeekDay"):
        _read_weekday(raw, day, ns, warn)
    if not raw.exceptions:
        for exc in el.iterfind(f"{ns}Exceptions/{ns}Exception"):
            raw.exceptions.extend(_read_exception(exc, ns, raw.name, warn))
    if el.find(f"{ns}WorkWeeks/{ns}WorkWeek") is not None:
        warn("work_weeks_ignored", f"calendar {raw.name!r}: alternate work weeks (WorkWeeks) are not "
             "supported; the default week is used", raw.name)
    return raw


def _hours(el: etree._Element, ns: str) -> DayHours:
    ranges = []
    for wt in el.iterfind(f"{ns}WorkingTimes/{ns}WorkingTime"):
        start, end = parse_time(_text(wt, ns, "FromTime")), parse_time(_text(wt, ns, "ToTime"))
        if start is None or end is None:
            continue
        if end <= start:
            end += 1440  # 00:00:00 as an end is midnight
        if end <= 1440:
            ranges.append(TimeRange(start, end))
    return tuple(sorted(ranges))


def _working(el: etree._Element, ns: str) -> bool:
    return _text(el, ns, "DayWorking") == "1"


def _read_weekday(raw: RawCalendar, el: etree._Element, ns: str, warn: Warn) -> None:
    kind = _text(el, ns, "DayType")
    hours = _hours(el, ns) if _working(el, ns) else ()
    if kind is not None and kind.isdigit() and 1 <= int(kind) <= 7:
        raw.days[(int(kind) + 5) % 7] = hours  # Sunday (1) → 6, Monday (2) → 0
        return
    span = _period(el, ns)
    if kind == "0" and span is not None:
        raw.exceptions.append(CalendarException(span, hours))
    else:
        warn("bad_calendar_day", f"calendar {raw.name!r}: a WeekDay entry without a usable DayType or "
             "TimePeriod was skipped", raw.name)


def _period(el: etree._Element, ns: str) -> DateRange | None:
    start = parse_datetime(_text(el, ns, f"TimePeriod/{ns}FromDate"))
    end = parse_datetime(_text(el, ns, f"TimePeriod/{ns}ToDate"))
    if start is None or end is None:
        return None
    last = (end - dt.timedelta(minutes=1)).date() if end.time() == dt.time() and end > start else end.date()
    return DateRange(start.date(), max(last, start.date()))


def _read_exception(el: etree._Element, ns: str, calendar: str, warn: Warn) -> list[CalendarException]:
    span = _period(el, ns)
    if span is None:
        warn("bad_calendar_exception", f"calendar {calendar!r}: an exception without dates was skipped", calendar)
        return []
    hours = _hours(el, ns) if _working(el, ns) else ()
    name = _text(el, ns, "Name") or ""

    def number(tag: str, default: int) -> int:
        value = _text(el, ns, tag)
        return int(value) if value is not None and value.lstrip("-").isdigit() else default

    kind = number("Type", 1)
    if kind == 1 and number("Occurrences", 1) <= 1:
        return [CalendarException(span, hours, name)]
    days = occurrences(kind, span, period=number("Period", 1), count=number("Occurrences", 0) or None,
                       days_of_week=number("DaysOfWeek", 0), month=number("Month", 0) + 1,
                       month_day=number("MonthDay", 1), month_item=number("MonthItem", 0),
                       month_position=number("MonthPosition", 0))
    if not days:
        warn("bad_calendar_exception", f"calendar {calendar!r}: exception {name!r} (Type {kind}) covers no day "
             "and was skipped", calendar)
    return [CalendarException(DateRange(d, d), hours, name) for d in days]


# --- writing -------------------------------------------------------------------------------------

def write_calendars(parent: etree._Element, calendars: list[tuple[int, Calendar, int | None]]) -> None:
    """``Calendar`` elements for ``(uid, calendar, base uid)``; every base calendar lists all seven days."""
    for uid, cal, base_uid in calendars:
        el = etree.SubElement(parent, f"{{{NS}}}Calendar")
        _sub(el, "UID", str(uid))
        _sub(el, "Name", cal.name or cal.id)
        _sub(el, "IsBaseCalendar", "0" if base_uid is not None else "1")
        _sub(el, "BaseCalendarUID", str(base_uid) if base_uid is not None else "-1")
        week = cal.week if cal.week is not None else (STANDARD_WEEK if base_uid is None else None)
        if week is None and not cal.exceptions:
            continue
        days = etree.SubElement(el, f"{{{NS}}}WeekDays")
        for i, hours in enumerate(week or ()):
            _write_day(days, str((i + 1) % 7 + 1), hours)
        for exc in cal.exceptions:
            _write_day(days, "0", exc.hours, exc.days)


def _write_day(parent: etree._Element, kind: str, hours: DayHours, span: DateRange | None = None) -> etree._Element:
    day = etree.SubElement(parent, f"{{{NS}}}WeekDay")
    _sub(day, "DayType", kind)
    _sub(day, "DayWorking", "1" if hours else "0")
    if span is not None:
        period = etree.SubElement(day, f"{{{NS}}}TimePeriod")
        _sub(period, "FromDate", format_datetime(dt.datetime.combine(span.start, dt.time())))
        _sub(period, "ToDate", format_datetime(dt.datetime.combine(span.end, dt.time(23, 59))))
    if hours:
        times = etree.SubElement(day, f"{{{NS}}}WorkingTimes")
        for rng in hours:
            wt = etree.SubElement(times, f"{{{NS}}}WorkingTime")
            _sub(wt, "FromTime", format_time(rng.start))
            _sub(wt, "ToTime", format_time(rng.end))
    return day


def _sub(parent: etree._Element, tag: str, text: str) -> etree._Element:
    el = etree.SubElement(parent, f"{{{NS}}}{tag}")
    el.text = text
    return el
