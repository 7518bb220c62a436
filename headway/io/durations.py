"""Text forms of plan values: durations ("3d", "5ed"), percentages ("50%") and working hours."""

from __future__ import annotations

import re

from headway.model import Duration, TimeRange, TimeUnit

_UNIT_ALIASES = {"min": TimeUnit.MINUTE} | {unit.value: unit for unit in TimeUnit}
_NUMBER = r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?"
_DURATION_RE = re.compile(rf"\s*({_NUMBER})\s*(min|mo|em|eh|ed|ew|m|h|d|w)?\s*")
_PERCENT_RE = re.compile(rf"\s*({_NUMBER})\s*(%?)\s*")
_TIME = r"(\d{1,2}):(\d{2})"
_RANGE_RE = re.compile(rf"\s*{_TIME}\s*-\s*{_TIME}\s*")

# A duration or lag longer than this is a typo or garbage (and would make the scheduler's arrays huge)
LONGEST_YEARS = 100
_DAYS_PER_UNIT = {TimeUnit.MINUTE: 1 / 1440, TimeUnit.HOUR: 1 / 24, TimeUnit.DAY: 1.0, TimeUnit.WEEK: 7.0,
                  TimeUnit.MONTH: 30.0, TimeUnit.ELAPSED_MINUTE: 1 / 1440, TimeUnit.ELAPSED_HOUR: 1 / 24,
                  TimeUnit.ELAPSED_DAY: 1.0, TimeUnit.ELAPSED_WEEK: 7.0}

DURATION_HINT = "write e.g. 3d, 4h, 2w, 5ed (units m, h, d, w, mo; e- prefix for elapsed time)"
HOURS_HINT = "write hours as 'HH:MM-HH:MM', e.g. [08:00-12:00, 13:00-17:00]"


def parse_duration(value: object) -> Duration:
    """A Duration from ``3d``/``2.5h``/``-1d``/``5ed`` or a bare number of days; ValueError if bad."""
    if isinstance(value, bool) or value is None:
        raise ValueError(f"{value!r} is not a duration")
    if isinstance(value, int | float):
        amount = float(value)
        unit = TimeUnit.DAY
    else:
        match = _DURATION_RE.fullmatch(str(value))
        if match is None:
            raise ValueError(f"{value!r} is not a duration")
        amount = float(match.group(1))
        unit = _UNIT_ALIASES[match.group(2)] if match.group(2) else TimeUnit.DAY
    if amount != amount or amount in (float("inf"), float("-inf")):
        raise ValueError(f"{value!r} is not a finite duration")
    if abs(amount) * _DAYS_PER_UNIT[unit] > LONGEST_YEARS * 366:
        raise ValueError(f"{value!r} is longer than {LONGEST_YEARS} years")
    return Duration(amount, unit)


def format_duration(duration: Duration) -> str:
    """The canonical text of ``duration``, e.g. ``3d`` or ``2.5h``."""
    return str(duration)


def parse_percentage(value: object) -> float:
    """A fraction from ``50%`` or a plain number (``0.5``); ValueError if bad."""
    if isinstance(value, bool) or value is None:
        raise ValueError(f"{value!r} is not a percentage")
    if isinstance(value, int | float):
        result = float(value)
    else:
        match = _PERCENT_RE.fullmatch(str(value))
        if match is None:
            raise ValueError(f"{value!r} is not a percentage")
        result = float(match.group(1)) / (100 if match.group(2) else 1)
    if result != result or result in (float("inf"), float("-inf")):
        raise ValueError(f"{value!r} is not a finite percentage")
    return result


def format_percentage(fraction: float) -> str | float:
    """``50%`` for 0.5; the plain number when a percentage would not read back exactly."""
    percent = fraction * 100
    text = f"{int(percent)}%" if percent.is_integer() and abs(percent) < 1e15 else f"{percent!r}%"
    return text if parse_percentage(text) == fraction else fraction


def parse_time(hours: str, minutes: str, *, end: bool) -> int:
    """Minutes after midnight for HH:MM; ``24:00`` only as an end; ValueError if bad."""
    h, m = int(hours), int(minutes)
    if m > 59 or h > 24 or (h == 24 and (m or not end)):
        raise ValueError(f"{hours}:{minutes} is not a time of day")
    return h * 60 + m


def parse_time_range(text: str) -> TimeRange:
    """A TimeRange from ``08:00-12:00``; ValueError if malformed or not start < end."""
    match = _RANGE_RE.fullmatch(text)
    if match is None:
        raise ValueError(f"{text!r} is not a time range")
    start = parse_time(match.group(1), match.group(2), end=False)
    end = parse_time(match.group(3), match.group(4), end=True)
    if start >= end:
        raise ValueError(f"{text!r} ends before it starts")
    return TimeRange(start, end)


def format_time_range(rng: TimeRange) -> str:
    """``08:00-12:00`` for a TimeRange."""
    return str(rng)
