"""Reporting periods over a date range: days, ISO weeks (Monday to Sunday) or calendar months."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np

from headway.engine.worktime import IntArray

Granularity = Literal["day", "week", "month"]
GRANULARITIES: tuple[Granularity, ...] = ("day", "week", "month")


@dataclass(frozen=True, slots=True)
class Period:
    """Whole days from ``start`` up to ``end`` (excluded), labelled ``2027-01-04``, ``2027-W01`` or ``2027-01``."""

    start: dt.date
    end: dt.date
    label: str

    @property
    def days(self) -> int:
        return (self.end - self.start).days


def period_of(day: dt.date, by: Granularity) -> Period:
    """The period of kind ``by`` that holds ``day``."""
    if by == "day":
        return Period(day, day + dt.timedelta(days=1), day.isoformat())
    if by == "week":
        monday = day - dt.timedelta(days=day.weekday())
        year, week, _ = monday.isocalendar()
        return Period(monday, monday + dt.timedelta(days=7), f"{year}-W{week:02d}")
    first = day.replace(day=1)
    following = (first + dt.timedelta(days=32)).replace(day=1)
    return Period(first, following, f"{first:%Y-%m}")


def periods(first: dt.date, last: dt.date, by: Granularity) -> tuple[Period, ...]:
    """Whole periods from the one holding ``first`` to the one holding ``last`` (at least one)."""
    out = [period_of(first, by)]
    while out[-1].end <= last:
        out.append(period_of(out[-1].end, by))
    return tuple(out)


def day_to_period(spans: Sequence[Period]) -> IntArray:
    """For each day from the first period's start to the last one's end, the index of its period."""
    return np.repeat(np.arange(len(spans), dtype=np.int64), [p.days for p in spans])
