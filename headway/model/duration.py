"""Durations and lags as the user wrote them: an amount and a unit, working or elapsed."""

from __future__ import annotations

import enum
from dataclasses import dataclass


class TimeUnit(enum.Enum):
    """Units of a duration; ``E*`` units are elapsed (wall-clock) time."""

    MINUTE = "m"
    HOUR = "h"
    DAY = "d"
    WEEK = "w"
    MONTH = "mo"
    ELAPSED_MINUTE = "em"
    ELAPSED_HOUR = "eh"
    ELAPSED_DAY = "ed"
    ELAPSED_WEEK = "ew"

    @property
    def elapsed(self) -> bool:
        return self.value.startswith("e")


@dataclass(frozen=True, slots=True)
class WorkingTimeSettings:
    """How long a working day, week and month are, used to turn ``3d`` into minutes."""

    hours_per_day: float = 8.0
    days_per_week: float = 5.0
    days_per_month: float = 20.0

    def unit_minutes(self, unit: TimeUnit) -> float:
        """Minutes in one ``unit`` (working units use these settings, elapsed ones the clock)."""
        day = self.hours_per_day * 60
        return {
            TimeUnit.MINUTE: 1.0,
            TimeUnit.HOUR: 60.0,
            TimeUnit.DAY: day,
            TimeUnit.WEEK: day * self.days_per_week,
            TimeUnit.MONTH: day * self.days_per_month,
            TimeUnit.ELAPSED_MINUTE: 1.0,
            TimeUnit.ELAPSED_HOUR: 60.0,
            TimeUnit.ELAPSED_DAY: 1440.0,
            TimeUnit.ELAPSED_WEEK: 10080.0,
        }[unit]


@dataclass(frozen=True, slots=True)
class Duration:
    """``amount`` of ``unit``; negative amounts are leads when used as a lag."""

    amount: float
    unit: TimeUnit = TimeUnit.DAY

    @property
    def elapsed(self) -> bool:
        return self.unit.elapsed

    def minutes(self, settings: WorkingTimeSettings) -> int:
        """Whole minutes (working or elapsed, per ``unit``), rounded to the nearest minute."""
        return round(self.amount * settings.unit_minutes(self.unit))

    def __str__(self) -> str:
        amount = int(self.amount) if float(self.amount).is_integer() else self.amount
        return f"{amount}{self.unit.value}"


ZERO = Duration(0, TimeUnit.DAY)
