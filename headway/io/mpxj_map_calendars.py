"""MPXJ calendars to Headway calendars: day patterns inherited per day, exceptions, work weeks.

MS Project and Primavera let a derived calendar inherit single weekdays from its base; a Headway
calendar inherits its week whole, so such weeks are resolved day by day here. Work weeks (a
different week for a date range) become exceptions over their range, placed before the file's
own exceptions so those still win.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from headway.io.import_ids import unique_ids
from headway.io.mpxj_records import Ranges, SourceCalendar, SourceWeek
from headway.model import STANDARD_WEEK, Calendar, CalendarException, DateRange, DayHours, TimeRange

__all__ = ["CalendarMap", "map_calendars"]

MAX_WORK_WEEK_DAYS = 3660  # a work week longer than ten years is cut there (with a warning)
Warn = Callable[[str, str, str | None], None]


class CalendarMap:
    """The Headway calendars of a file and the id each MPXJ calendar uid got."""

    def __init__(self, calendars: tuple[Calendar, ...], ids: dict[str, str],
                 weeks: dict[str, tuple[Ranges, ...]], exceptions: dict[str, tuple[CalendarException, ...]]) -> None:
        self.calendars, self.ids, self.weeks = calendars, ids, weeks
        self.exceptions = exceptions  # each calendar's exceptions, inherited ones first
        self.unions: dict[tuple[str, ...], Calendar] = {}

    @property
    def all(self) -> tuple[Calendar, ...]:
        """The file's calendars and the unions made for tasks whose people work different hours."""
        return self.calendars + tuple(self.unions.values())

    def union(self, uids: list[str]) -> tuple[str, bool]:
        """The id of a calendar working whenever any of ``uids`` works: their weeks merged, with the
        exceptions they all share; and whether other exceptions were dropped."""
        key = tuple(sorted(set(uids)))
        exceptions = [self.exceptions[u] for u in key]
        common = tuple(e for e in exceptions[0] if all(e in other for other in exceptions[1:]))
        if key not in self.unions:
            week = tuple(_merge([r for u in key for r in self.weeks[u][day]]) for day in range(7))
            cid = "-or-".join(self.ids[u] for u in key)
            self.unions[key] = Calendar(cid, " or ".join(self.ids[u] for u in key),
                                        tuple(tuple(TimeRange(a, min(b, 1440)) for a, b in d) for d in week),
                                        exceptions=common)
        return self.unions[key].id, any(len(e) != len(common) for e in exceptions)

    def alike(self, uids: list[str]) -> bool:
        """Whether these calendars work the same hours (same week, same exceptions)."""
        known = [u for u in set(uids) if u in self.weeks]
        return len({(self.weeks[u], self.exceptions[u]) for u in known}) <= 1

    def id_of(self, uid: str | None) -> str | None:
        return self.ids.get(uid) if uid is not None else None

    def share_time(self, uids: list[str]) -> bool:
        """Whether the weeks of these calendars have some working minute in common."""
        weeks = [self.weeks[u] for u in set(uids) if u in self.weeks]
        if len(weeks) < 2:
            return True
        for day in range(7):
            common = set(range(1440))
            for week in weeks:
                common &= {m for a, b in week[day] for m in range(a, min(b, 1440))}
            if common:
                return True
        return False


def map_calendars(sources: tuple[SourceCalendar, ...], used: set[str], warn: Warn) -> CalendarMap:
    """The calendars whose uid is in ``used``, with every base they inherit from."""
    by_uid = {c.uid: c for c in sources}
    keep = _with_bases(used, by_uid)
    chosen = [c for c in sources if c.uid in keep]
    ids = dict(zip((c.uid for c in chosen),
                   unique_ids(((c.name, c.uid) for c in chosen), prefix="calendar"), strict=True))
    out = []
    for cal in chosen:
        base = cal.parent if cal.parent in by_uid else None
        week = None if base is not None and all(d is None for d in cal.days) else _resolved(cal, by_uid)
        exceptions = _weeks(cal, by_uid, warn, ids[cal.uid]) + tuple(
            CalendarException(DateRange(e.start, e.end), _hours(e.ranges, warn, ids[cal.uid]), e.name)
            for e in cal.exceptions)
        out.append(Calendar(ids[cal.uid], cal.name, _week(week, warn, ids[cal.uid]) if week else None,
                            ids[base] if base is not None else None, (), exceptions))
    mapped = {c.id: c for c in out}
    inherited = {c.uid: _inherited(mapped[ids[c.uid]], mapped) for c in chosen}
    return CalendarMap(tuple(out), ids, {c.uid: _resolved(c, by_uid) for c in chosen}, inherited)


def _inherited(cal: Calendar, by_id: dict[str, Calendar]) -> tuple[CalendarException, ...]:
    chain = []
    current: Calendar | None = cal
    while current is not None and current not in chain:
        chain.append(current)
        current = by_id.get(current.base) if current.base is not None else None
    return tuple(e for c in reversed(chain) for e in c.exceptions)


def _merge(ranges: list[tuple[int, int]]) -> Ranges:
    out: list[tuple[int, int]] = []
    for a, b in sorted(ranges):
        if out and a <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return tuple(out)


def _with_bases(used: set[str], by_uid: dict[str, SourceCalendar]) -> set[str]:
    out: set[str] = set()
    for uid in used:
        current: str | None = uid
        while current is not None and current in by_uid and current not in out:
            out.add(current)
            current = by_uid[current].parent
    return out


def _standard(day: int) -> Ranges:
    return tuple((r.start, r.end) for r in STANDARD_WEEK[day])


def _resolved(cal: SourceCalendar, by_uid: dict[str, SourceCalendar]) -> tuple[Ranges, ...]:
    """Hours of each weekday, following the chain of bases where a day inherits."""
    return tuple(_day(cal, day, by_uid) for day in range(7))


def _day(cal: SourceCalendar, day: int, by_uid: dict[str, SourceCalendar]) -> Ranges:
    current: SourceCalendar | None = cal
    seen: set[str] = set()
    while current is not None and current.uid not in seen:
        if current.days[day] is not None:
            return current.days[day] or ()
        seen.add(current.uid)
        current = by_uid.get(current.parent) if current.parent is not None else None
    return _standard(day)


def _hours(ranges: Ranges, warn: Warn, cal_id: str) -> DayHours:
    out = []
    for start, end in ranges:
        if end > 1440:
            warn("working_time_past_midnight", f"working time {start // 60:02d}:{start % 60:02d} to "
                 f"{end // 60 % 24:02d}:{end % 60:02d} runs past midnight; cut at 24:00", cal_id)
            end = 1440
        if start < end:
            out.append(TimeRange(start, end))
    return tuple(out)


def _week(days: tuple[Ranges, ...], warn: Warn, cal_id: str) -> tuple[DayHours, ...]:
    return tuple(_hours(d, warn, cal_id) for d in days)


def _weeks(cal: SourceCalendar, by_uid: dict[str, SourceCalendar], warn: Warn, cal_id: str,
           ) -> tuple[CalendarException, ...]:
    out: list[CalendarException] = []
    if not cal.weeks:
        return ()
    normal = _resolved(cal, by_uid)
    for week in cal.weeks:
        out += _week_exceptions(week, normal, warn, cal_id)
    return tuple(out)


def _week_exceptions(week: SourceWeek, normal: tuple[Ranges, ...], warn: Warn, cal_id: str,
                     ) -> list[CalendarException]:
    """One exception per run of days whose hours differ from the calendar's normal week."""
    end = week.end
    if (end - week.start).days > MAX_WORK_WEEK_DAYS:
        end = week.start + dt.timedelta(days=MAX_WORK_WEEK_DAYS)
        warn("work_week_cut", f"work week {week.start}..{week.end} is kept only until {end}", cal_id)
    out: list[CalendarException] = []
    day = week.start
    while day <= end:
        hours = week.days[day.weekday()]
        if hours is not None and hours != normal[day.weekday()]:
            out.append(CalendarException(DateRange(day, day), _hours(hours, warn, cal_id), "work week"))
        day += dt.timedelta(days=1)
    return out
