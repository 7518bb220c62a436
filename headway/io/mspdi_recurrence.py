"""MS Project's recurring calendar exceptions (the 2007+ ``Exceptions`` block) as days.

``Type``: 1 every day of the range, 7 every ``Period`` days, 6 every ``Period`` weeks on the
``DaysOfWeek`` bits (Sunday = 1, Monday = 2, … Saturday = 64; weeks start on the Sunday on or
before the first date), 4 day ``MonthDay`` of every ``Period`` months, 5 the ``MonthPosition``-th
(0 first … 3 fourth, 4 last) ``MonthItem`` (0 day, 1 weekday, 2 weekend day, 3 Sunday …
9 Saturday) of every ``Period`` months, 2 ``Month``/``MonthDay`` every year, 3 the
``MonthPosition``-th ``MonthItem`` of ``Month`` every year (``Month`` 0 is January). Occurrences stop at the range's end
or after ``Occurrences``. MS Project also writes the expanded days as ``WeekDay`` entries, which
the tests use as the oracle for this module.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterator

from headway.model import DateRange

LIMIT = 10_000  # occurrences, against a runaway range


def occurrences(kind: int, span: DateRange, *, period: int = 1, count: int | None = None, days_of_week: int = 0,
                month: int = 1, month_day: int = 1, month_item: int = 0, month_position: int = 0) -> list[dt.date]:
    """The days an exception of ``kind`` covers within ``span`` (None for an unknown kind: [])."""
    period = max(period, 1)
    if kind == 1:
        found: Iterator[dt.date] = _days(span.start, 1)
    elif kind == 7:
        found = _days(span.start, period)
    elif kind == 6:
        found = _weekly(span.start, period, days_of_week)
    elif kind in (4, 5):
        found = _monthly(span.start, period, lambda y, m: _pick(y, m, kind == 4, month_day, month_item,
                                                                  month_position))
    elif kind in (2, 3):
        found = _monthly(dt.date(span.start.year, 1, 1), 12, lambda y, _: _pick(
            y, month, kind == 2, month_day, month_item, month_position))
    else:
        return []
    out: list[dt.date] = []
    for day in found:
        if day > span.end or len(out) >= (count or LIMIT):
            break
        if day >= span.start:
            out.append(day)
    return out


def _days(first: dt.date, step: int) -> Iterator[dt.date]:
    day = first
    while True:
        yield day
        day += dt.timedelta(days=step)


def _weekly(first: dt.date, period: int, mask: int) -> Iterator[dt.date]:
    sunday = first - dt.timedelta(days=(first.weekday() + 1) % 7)
    offsets = [k for k in range(7) if mask & (1 << k)]
    if not offsets:
        return
    while True:
        for k in offsets:
            yield sunday + dt.timedelta(days=k)
        sunday += dt.timedelta(weeks=period)


def _monthly(first: dt.date, period: int, pick: object) -> Iterator[dt.date]:
    year, month = first.year, first.month
    for _ in range(LIMIT):
        day = pick(year, month)  # type: ignore[operator]
        if day is not None:
            yield day
        month += period
        year, month = year + (month - 1) // 12, (month - 1) % 12 + 1


def _pick(year: int, month: int, absolute: bool, month_day: int, item: int, position: int) -> dt.date | None:
    """Day ``month_day`` (absolute), else the ``position``-th day of kind ``item`` of that month."""
    last = calendar.monthrange(year, month)[1]
    if absolute:
        return dt.date(year, month, min(month_day, last)) if month_day >= 1 else None
    days = [dt.date(year, month, d) for d in range(1, last + 1)]
    if item == 1:
        days = [d for d in days if d.weekday() < 5]
    elif item == 2:
        days = [d for d in days if d.weekday() >= 5]
    elif 3 <= item <= 9:
        days = [d for d in days if d.weekday() == (item - 4) % 7]
    if not days:
        return None
    return days[-1] if position >= 4 else days[min(position, len(days) - 1)]
