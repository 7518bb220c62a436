"""Weekly working hours in plan files: partial weeks written, full weeks in the model."""

from __future__ import annotations

from collections.abc import Mapping

from headway.model import STANDARD_WEEK, WEEKDAYS, Calendar, DayHours

Week = tuple[DayHours, ...]
# Shorthand keys in a `week:` mapping and the weekday indexes they stand for (Monday = 0).
WEEK_SHORTHANDS: dict[str, tuple[int, ...]] = {"weekdays": (0, 1, 2, 3, 4), "weekend": (5, 6)}


def calendar_week(calendar_id: str | None, calendars: Mapping[str, Calendar]) -> Week:
    """The full week of a calendar, following ``base`` (the standard week when none is set)."""
    seen: set[str] = set()
    current = calendars.get(calendar_id) if calendar_id is not None else None
    while current is not None and current.id not in seen:
        if current.week is not None:
            return current.week
        seen.add(current.id)
        current = calendars.get(current.base) if current.base is not None else None
    return STANDARD_WEEK


def inherited_week(calendar: Calendar, calendars: Mapping[str, Calendar]) -> Week:
    """The week a calendar's own ``week:`` entries are written against."""
    return calendar_week(calendar.base, calendars)


def apply_days(base: Week, days: Mapping[int, DayHours]) -> Week:
    """``base`` with the given weekdays replaced."""
    return tuple(days.get(index, hours) for index, hours in enumerate(base))


def changed_days(week: Week, base: Week) -> dict[str, DayHours]:
    """The weekdays (by name) on which ``week`` differs from ``base``, Monday first."""
    return {WEEKDAYS[i]: hours for i, hours in enumerate(week) if i >= len(base) or hours != base[i]}
