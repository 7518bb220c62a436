"""MSPDI wire values ⇄ Headway values: durations, lag formats, dates, link and constraint codes.

MS Project XML stores durations as ``PT8H0M0S`` (working time, or wall-clock time for elapsed
formats), link lags in tenths of a minute (percent lags as the percentage), and a format code
saying which unit the user typed. The model keeps the unit, so these helpers pick the unit
from the format code and fall back to minutes when the amount is not a whole number of it.
"""

from __future__ import annotations

import datetime as dt
import re

from headway.model import ConstraintType, Duration, LinkType, TimeUnit, WorkingTimeSettings

NS = "http://schemas.microsoft.com/project"

# DurationFormat / LagFormat codes; 35.. are the "estimated" variants (code + 32).
FORMAT_UNITS: dict[int, TimeUnit] = {
    3: TimeUnit.MINUTE, 4: TimeUnit.ELAPSED_MINUTE, 5: TimeUnit.HOUR, 6: TimeUnit.ELAPSED_HOUR,
    7: TimeUnit.DAY, 8: TimeUnit.ELAPSED_DAY, 9: TimeUnit.WEEK, 10: TimeUnit.ELAPSED_WEEK,
    11: TimeUnit.MONTH, 12: TimeUnit.ELAPSED_DAY,  # elapsed month: 30 elapsed days
}
PERCENT_FORMATS = (19, 20)
ELAPSED_FORMATS = (4, 6, 8, 10, 12, 20)
UNIT_FORMATS: dict[TimeUnit, int] = {
    TimeUnit.MINUTE: 3, TimeUnit.ELAPSED_MINUTE: 4, TimeUnit.HOUR: 5, TimeUnit.ELAPSED_HOUR: 6,
    TimeUnit.DAY: 7, TimeUnit.ELAPSED_DAY: 8, TimeUnit.WEEK: 9, TimeUnit.ELAPSED_WEEK: 10, TimeUnit.MONTH: 11,
}

LINK_TYPES: dict[int, LinkType] = {0: LinkType.FF, 1: LinkType.FS, 2: LinkType.SF, 3: LinkType.SS}
LINK_CODES: dict[LinkType, int] = {v: k for k, v in LINK_TYPES.items()}

CONSTRAINT_TYPES: dict[int, ConstraintType] = {
    0: ConstraintType.ASAP, 1: ConstraintType.ALAP, 2: ConstraintType.MSO, 3: ConstraintType.MFO,
    4: ConstraintType.SNET, 5: ConstraintType.SNLT, 6: ConstraintType.FNET, 7: ConstraintType.FNLT,
}
CONSTRAINT_CODES: dict[ConstraintType, int] = {v: k for k, v in CONSTRAINT_TYPES.items()}

_DURATION = re.compile(r"^(-)?P(?:(\d+(?:\.\d+)?)Y)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)D)?"
                       r"(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$")


def base_format(code: int | None) -> int | None:
    """The format without its "estimated" flag (39 → 7)."""
    if code is None:
        return None
    return code - 32 if 35 <= code <= 52 else code


def parse_minutes(text: str | None) -> float | None:
    """Minutes in an ISO 8601 duration such as ``PT8H30M0S`` (None when unreadable)."""
    if not text:
        return None
    match = _DURATION.match(text.strip())
    if match is None:
        return None
    sign, years, months, days, hours, minutes, seconds = match.groups()
    total = (float(years or 0) * 365 + float(months or 0) * 30 + float(days or 0)) * 1440
    total += float(hours or 0) * 60 + float(minutes or 0) + float(seconds or 0) / 60
    return -total if sign else total


def format_minutes(minutes: float) -> str:
    """``PT8H30M0S`` for 510 minutes (negative values get a leading ``-``)."""
    sign = "-" if minutes < 0 else ""
    seconds = round(abs(minutes) * 60)
    return f"{sign}PT{seconds // 3600}H{seconds % 3600 // 60}M{seconds % 60}S"


def duration_from_minutes(minutes: float, unit: TimeUnit, settings: WorkingTimeSettings) -> Duration:
    """``minutes`` in ``unit`` when that is a whole (or two-decimal) number of it, else in minutes."""
    per = settings.unit_minutes(unit)
    amount = minutes / per
    if abs(amount * 100 - round(amount * 100)) < 1e-6 and round(round(amount, 2) * per) == round(minutes):
        amount = round(amount, 2)
        return Duration(int(amount) if float(amount).is_integer() else amount, unit)
    fallback = TimeUnit.ELAPSED_MINUTE if unit.elapsed else TimeUnit.MINUTE
    whole = round(minutes, 2)
    return Duration(int(whole) if float(whole).is_integer() else whole, fallback)


def format_code(duration: Duration, estimated: bool = False) -> int:
    """The DurationFormat/LagFormat code of a duration's unit."""
    return UNIT_FORMATS[duration.unit] + (32 if estimated else 0)


def parse_datetime(text: str | None) -> dt.datetime | None:
    """A local date-time as MS Project writes it (``2003-01-07T08:00:00``); None when unreadable."""
    if not text:
        return None
    try:
        value = dt.datetime.fromisoformat(text.strip())
    except ValueError:
        return None
    return value.replace(tzinfo=None, microsecond=0)


def format_datetime(value: dt.datetime) -> str:
    return value.strftime("%Y-%m-%dT%H:%M:%S")


def parse_time(text: str | None) -> int | None:
    """Minutes after midnight of ``08:30:00``; ``00:00:00`` as an end means midnight (1440)."""
    if not text:
        return None
    try:
        clock = dt.time.fromisoformat(text.strip())
    except ValueError:
        return None
    return clock.hour * 60 + clock.minute


def format_time(minutes: int) -> str:
    minutes %= 1440
    return f"{minutes // 60:02d}:{minutes % 60:02d}:00"
