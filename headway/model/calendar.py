"""Working calendars as data: weekly hours, holiday sources and exceptions (no arithmetic)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from headway.model.problems import SourceLocation

WEEKDAYS: tuple[str, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


@dataclass(frozen=True, slots=True, order=True)
class TimeRange:
    """Working time within one day, in minutes after midnight: ``start`` < ``end`` ≤ 1440."""

    start: int
    end: int

    @property
    def minutes(self) -> int:
        return self.end - self.start

    def __str__(self) -> str:
        return f"{self.start // 60:02d}:{self.start % 60:02d}-{self.end // 60:02d}:{self.end % 60:02d}"


DayHours = tuple[TimeRange, ...]
STANDARD_DAY: DayHours = (TimeRange(8 * 60, 12 * 60), TimeRange(13 * 60, 17 * 60))
# Monday to Sunday; the contract's default: Mon-Fri 08:00-12:00 and 13:00-17:00.
STANDARD_WEEK: tuple[DayHours, ...] = (STANDARD_DAY,) * 5 + ((), ())


@dataclass(frozen=True, slots=True)
class DateRange:
    """Whole days from ``start`` to ``end``, both included."""

    start: dt.date
    end: dt.date

    def __contains__(self, day: object) -> bool:
        return isinstance(day, dt.date) and self.start <= day <= self.end


@dataclass(frozen=True, slots=True)
class CalendarException:
    """Days whose hours differ from the week: ``hours=()`` is a day off, else the new hours."""

    days: DateRange
    hours: DayHours = ()
    name: str = ""


@dataclass(frozen=True, slots=True)
class HolidaySource:
    """Public holidays of a country (ISO 3166 code) and optional subdivision, via ``holidays``."""

    country: str
    subdivision: str | None = None


@dataclass(frozen=True, slots=True)
class Calendar:
    """A named working calendar.

    ``week`` gives hours per weekday (Monday first); ``None`` inherits from ``base``
    (another calendar's id) or, without a base, the standard week. Holidays and exceptions
    add to the base's; exceptions win over holidays, later exceptions over earlier ones.
    """

    id: str
    name: str = ""
    week: tuple[DayHours, ...] | None = None
    base: str | None = None
    holidays: tuple[HolidaySource, ...] = ()
    exceptions: tuple[CalendarException, ...] = ()
    origin: SourceLocation | None = field(default=None, compare=False)
