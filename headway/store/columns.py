"""Column types for model values that SQL has no single type for, stored losslessly as text."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import String
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator

from headway.model import Duration, TimeUnit

DateOrTime = dt.date | dt.datetime


class DateOrTimeText(TypeDecorator[DateOrTime]):
    """A date or a date-time, kept apart (a plan's ``2027-01-04`` is not ``2027-01-04T00:00``).

    ISO 8601 text keeps microseconds and any UTC offset exactly, on SQLite and PostgreSQL alike,
    and sorts chronologically for naive values.
    """

    impl = String(40)
    cache_ok = True

    def process_bind_param(self, value: DateOrTime | None, dialect: Dialect) -> str | None:
        return None if value is None else value.isoformat()

    def process_result_value(self, value: Any, dialect: Dialect) -> DateOrTime | None:
        if value is None:
            return None
        text = str(value)
        return dt.datetime.fromisoformat(text) if "T" in text else dt.date.fromisoformat(text)


class DateTimeText(TypeDecorator[dt.datetime]):
    """A date-time as ISO 8601 text (naive or with an offset, as given)."""

    impl = String(40)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Dialect) -> str | None:
        return None if value is None else value.isoformat()

    def process_result_value(self, value: Any, dialect: Dialect) -> dt.datetime | None:
        return None if value is None else dt.datetime.fromisoformat(str(value))


def duration_text(value: Duration) -> str:
    """``1.5 d``: the amount as Python writes a float (exact round trip), then the unit."""
    return f"{float(value.amount)!r} {value.unit.value}"


def parse_duration(text: str) -> Duration:
    amount, unit = text.split(" ")
    return Duration(float(amount), TimeUnit(unit))


class DurationText(TypeDecorator[Duration]):
    """A duration or lag as written (amount and unit, working or elapsed), e.g. ``3.0 d``, ``-1.0 ed``."""

    impl = String(40)
    cache_ok = True

    def process_bind_param(self, value: Duration | None, dialect: Dialect) -> str | None:
        return None if value is None else duration_text(value)

    def process_result_value(self, value: Any, dialect: Dialect) -> Duration | None:
        return None if value is None else parse_duration(str(value))
