"""Turn calendar definitions into working intervals: weeks, holidays, exceptions, vacations.

Each calendar is first a *day plan* (one small pattern index per day), so intersecting the
calendars of several people is a cheap per-day operation; intervals come last.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from types import MappingProxyType

import holidays as holidays_lib
import numpy as np
import numpy.typing as npt

from headway.engine.schedule_memo import Same, reused
from headway.engine.worktime import Intervals
from headway.model import (
    STANDARD_WEEK,
    Calendar,
    CalendarException,
    DateRange,
    DayHours,
    HolidaySource,
    PlanError,
    Problem,
    Project,
    Resource,
    TimeRange,
)

DAY = 1440


@dataclass(frozen=True)
class ResolvedCalendar:
    """A calendar with its inheritance applied: one week, all holiday sources, all exceptions."""

    week: tuple[DayHours, ...]
    holidays: tuple[HolidaySource, ...]
    exceptions: tuple[CalendarException, ...]


@dataclass(frozen=True)
class DayPlan:
    """Working hours per day from ``day0``: ``patterns[index[i]]`` are the hours of day ``i``."""

    day0: dt.date
    patterns: tuple[DayHours, ...]
    index: npt.NDArray[np.int32]


def resolve(project: Project, calendar_id: str | None) -> ResolvedCalendar:
    """The calendar ``calendar_id`` (None: the project calendar) with its bases folded in."""
    by_id = project.calendars_by_id()
    cal_id = calendar_id if calendar_id is not None else project.calendar
    chain: list[Calendar] = []
    while cal_id is not None and cal_id in by_id and all(c.id != cal_id for c in chain):
        chain.append(by_id[cal_id])
        cal_id = by_id[cal_id].base
    week = next((c.week for c in chain if c.week is not None), STANDARD_WEEK)
    chain.reverse()  # base first, so a derived calendar's exceptions win
    return ResolvedCalendar(
        week=week,
        holidays=tuple(h for c in chain for h in c.holidays),
        exceptions=tuple(e for c in chain for e in c.exceptions),
    )


class HolidayCache:
    """Looks up public holidays once per (country, subdivision) for a span of years."""

    def __init__(self, years: range) -> None:
        self.years = years
        self._found: dict[HolidaySource, Mapping[dt.date, str]] = {}

    def dates(self, source: HolidaySource) -> Mapping[dt.date, str]:
        """Holiday dates and names; PlanError(unknown_holiday_region) for an unknown region."""
        if source not in self._found:
            self._found[source] = public_holidays(source.country, source.subdivision, self.years.start,
                                                  self.years.stop)
        return self._found[source]


@lru_cache(maxsize=256)
def public_holidays(country: str, subdivision: str | None, first_year: int, stop_year: int) -> Mapping[dt.date, str]:
    """The public holidays of a region in ``range(first_year, stop_year)``, read-only. Kept across calls:
    the ``holidays`` package takes milliseconds per country and year, and the answer never changes."""
    try:
        found = holidays_lib.country_holidays(country, subdiv=subdivision, years=range(first_year, stop_year))
    except NotImplementedError as exc:
        where = f"{country}" + (f"-{subdivision}" if subdivision else "")
        raise PlanError([Problem(
            "unknown_holiday_region", f"no public holidays known for {where!r}: {exc}",
            hint="use an ISO 3166 country code like DE, US or GB, and a valid subdivision")]) from exc
    return MappingProxyType(dict(found.items()))


class DayPlanBuilder:
    """Builds day plans over one horizon of days, sharing a pattern table."""

    def __init__(self, day0: dt.date, days: int, holiday_cache: HolidayCache) -> None:
        self.day0 = day0
        self.days = days
        self.holidays = holiday_cache
        self._weekday0 = day0.weekday()

    @classmethod
    def spanning(cls, day0: dt.date, days: int) -> DayPlanBuilder:
        """A builder for ``days`` days from ``day0``, with the holidays of the years they touch."""
        return cls(day0, days, HolidayCache(range(day0.year, day0.year + days // 365 + 2)))

    def _day(self, day: dt.date) -> int:
        return (day - self.day0).days

    def build(self, cal: ResolvedCalendar, week: tuple[DayHours, ...] | None = None,
              days_off: Iterable[DateRange] = ()) -> DayPlan:
        """Day plan of ``cal`` (``week`` overrides its week), minus ``days_off``."""
        off = tuple(days_off)
        return reused(("day plan", self.day0, self.days, cal, week, off), lambda: self._build(cal, week, off))

    def _build(self, cal: ResolvedCalendar, week: tuple[DayHours, ...] | None,
               days_off: Iterable[DateRange]) -> DayPlan:
        patterns: dict[DayHours, int] = {(): 0}
        week = week if week is not None else cal.week
        week_ids = np.array([patterns.setdefault(tuple(sorted(h)), len(patterns)) for h in week], np.int32)
        index = week_ids[(np.arange(self.days) + self._weekday0) % 7].astype(np.int32)
        for source in cal.holidays:
            for day in self.holidays.dates(source):
                i = self._day(day)
                if 0 <= i < self.days:
                    index[i] = 0
        for exc in cal.exceptions:
            self._paint(index, exc.days, patterns.setdefault(tuple(sorted(exc.hours)), len(patterns)))
        for rng in days_off:
            self._paint(index, rng, 0)
        table = tuple(sorted(patterns, key=patterns.__getitem__))
        index.setflags(write=False)  # day plans may be shared (schedule_memo)
        return DayPlan(self.day0, table, index)

    def _paint(self, index: npt.NDArray[np.int32], days: DateRange, pattern: int) -> None:
        lo, hi = max(self._day(days.start), 0), min(self._day(days.end) + 1, self.days)
        if lo < hi:
            index[lo:hi] = pattern


def intersect(plans: Sequence[DayPlan]) -> DayPlan:
    """Hours when every plan works (a task needing several people at once)."""
    return reused(("intersect", *map(Same, plans)), lambda: _intersect(plans), built_on=tuple(plans))


def _intersect(plans: Sequence[DayPlan]) -> DayPlan:
    result = plans[0]
    for other in plans[1:]:
        pairs = result.index.astype(np.int64) * len(other.patterns) + other.index
        uniq, inverse = np.unique(pairs, return_inverse=True)
        table = tuple(
            _intersect_hours(result.patterns[int(p) // len(other.patterns)],
                             other.patterns[int(p) % len(other.patterns)])
            for p in uniq)
        result = DayPlan(result.day0, table, inverse.astype(np.int32).reshape(-1))
    return result


def _intersect_hours(a: DayHours, b: DayHours) -> DayHours:
    out = []
    for x in a:
        for y in b:
            lo, hi = max(x.start, y.start), min(x.end, y.end)
            if lo < hi:
                out.append(TimeRange(lo, hi))
    return tuple(sorted(out))


def intervals(plan: DayPlan, origin: dt.date) -> Intervals:
    """Working intervals of ``plan`` in minutes since ``origin`` midnight."""
    return reused(("intervals", Same(plan), origin), lambda: _intervals(plan, origin), built_on=(plan,))


def _intervals(plan: DayPlan, origin: dt.date) -> Intervals:
    offset = (plan.day0 - origin).days * DAY
    starts: list[npt.NDArray[np.int64]] = []
    ends: list[npt.NDArray[np.int64]] = []
    for pid, hours in enumerate(plan.patterns):
        if not hours:
            continue
        days = np.flatnonzero(plan.index == pid).astype(np.int64) * DAY + offset
        for rng in hours:
            starts.append(days + rng.start)
            ends.append(days + rng.end)
    if not starts:
        empty = np.zeros(0, np.int64)
        return Intervals(empty, empty)
    s, e = np.concatenate(starts), np.concatenate(ends)
    order = np.argsort(s, kind="stable")
    return Intervals(s[order], e[order])


def continuous(days: int) -> Intervals:
    """Round-the-clock time, for elapsed durations."""
    return reused(("continuous", days), lambda: Intervals(np.array([0], np.int64), np.array([days * DAY], np.int64)))


def resource_plan(builder: DayPlanBuilder, project: Project, resource: Resource) -> DayPlan:
    """A person's working days: their calendar, personal week and vacations."""
    return builder.build(resolve(project, resource.calendar), resource.week, resource.vacations)
