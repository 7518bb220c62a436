"""Small value objects as JSON: weeks, day hours, date ranges, holiday sources, estimates, risk delays."""

from __future__ import annotations

import datetime as dt
from typing import Any

from headway.model import DateRange, DayHours, Distribution, Duration, Estimate, HolidaySource, TimeRange
from headway.store.columns import duration_text, parse_duration


def hours_json(hours: DayHours) -> list[list[int]]:
    return [[r.start, r.end] for r in hours]


def hours_value(data: list[list[int]]) -> DayHours:
    return tuple(TimeRange(start, end) for start, end in data)


def week_json(week: tuple[DayHours, ...] | None) -> list[list[list[int]]] | None:
    return None if week is None else [hours_json(day) for day in week]


def week_value(data: list[list[list[int]]] | None) -> tuple[DayHours, ...] | None:
    return None if data is None else tuple(hours_value(day) for day in data)


def ranges_json(ranges: tuple[DateRange, ...]) -> list[list[str]]:
    return [[r.start.isoformat(), r.end.isoformat()] for r in ranges]


def ranges_value(data: list[list[str]]) -> tuple[DateRange, ...]:
    return tuple(DateRange(dt.date.fromisoformat(a), dt.date.fromisoformat(b)) for a, b in data)


def holidays_json(sources: tuple[HolidaySource, ...]) -> list[list[str | None]]:
    return [[s.country, s.subdivision] for s in sources]


def holidays_value(data: list[list[str]]) -> tuple[HolidaySource, ...]:
    return tuple(HolidaySource(country, subdivision) for country, subdivision in data)


def estimate_json(estimate: Estimate | None) -> dict[str, str] | None:
    if estimate is None:
        return None
    return {"optimistic": duration_text(estimate.optimistic), "most_likely": duration_text(estimate.most_likely),
            "pessimistic": duration_text(estimate.pessimistic), "distribution": estimate.distribution.value}


def estimate_value(data: dict[str, str] | None) -> Estimate | None:
    if data is None:
        return None
    return Estimate(parse_duration(data["optimistic"]), parse_duration(data["most_likely"]),
                    parse_duration(data["pessimistic"]), Distribution(data["distribution"]))


def delay_json(delay: Estimate | Duration | None) -> dict[str, Any] | None:
    if delay is None:
        return None
    if isinstance(delay, Duration):
        return {"duration": duration_text(delay)}
    return {"estimate": estimate_json(delay)}


def delay_value(data: dict[str, Any] | None) -> Estimate | Duration | None:
    if data is None:
        return None
    if "duration" in data:
        return parse_duration(data["duration"])
    return estimate_value(data["estimate"])
