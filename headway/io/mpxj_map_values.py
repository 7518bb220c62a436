"""MPXJ values to Headway values: durations and lags with their units, constraint and link types."""

from __future__ import annotations

from headway.io.mpxj_records import SourceDuration
from headway.model import ConstraintType, Duration, LinkType, TimeUnit, WorkingTimeSettings

__all__ = ["CONSTRAINTS", "LINK_TYPES", "duration_of", "from_minutes", "working_minutes"]

_UNITS = {
    "MINUTES": TimeUnit.MINUTE, "HOURS": TimeUnit.HOUR, "DAYS": TimeUnit.DAY, "WEEKS": TimeUnit.WEEK,
    "MONTHS": TimeUnit.MONTH, "ELAPSED_MINUTES": TimeUnit.ELAPSED_MINUTE, "ELAPSED_HOURS": TimeUnit.ELAPSED_HOUR,
    "ELAPSED_DAYS": TimeUnit.ELAPSED_DAY, "ELAPSED_WEEKS": TimeUnit.ELAPSED_WEEK,
}
# Units Headway has no name for, as a multiple of one it has (MS Project: an elapsed month is 30 days).
_SCALED = {"YEARS": (TimeUnit.MONTH, 12.0), "ELAPSED_MONTHS": (TimeUnit.ELAPSED_DAY, 30.0),
           "ELAPSED_YEARS": (TimeUnit.ELAPSED_DAY, 365.0)}

LINK_TYPES = {"FINISH_START": LinkType.FS, "START_START": LinkType.SS, "FINISH_FINISH": LinkType.FF,
              "START_FINISH": LinkType.SF}

# Primavera's "start on"/"finish on" and mandatory dates have no exact Headway equivalent: the
# nearest hard constraint stands in (the mapper warns).
CONSTRAINTS = {
    "AS_SOON_AS_POSSIBLE": ConstraintType.ASAP, "AS_LATE_AS_POSSIBLE": ConstraintType.ALAP,
    "MUST_START_ON": ConstraintType.MSO, "MUST_FINISH_ON": ConstraintType.MFO,
    "START_NO_EARLIER_THAN": ConstraintType.SNET, "START_NO_LATER_THAN": ConstraintType.SNLT,
    "FINISH_NO_EARLIER_THAN": ConstraintType.FNET, "FINISH_NO_LATER_THAN": ConstraintType.FNLT,
    "START_ON": ConstraintType.MSO, "FINISH_ON": ConstraintType.MFO,
    "MANDATORY_START": ConstraintType.MSO, "MANDATORY_FINISH": ConstraintType.MFO,
}
APPROXIMATED_CONSTRAINTS = frozenset({"START_ON", "FINISH_ON", "MANDATORY_START", "MANDATORY_FINISH"})


def _tidy(amount: float, unit: TimeUnit, settings: WorkingTimeSettings) -> Duration:
    """``amount`` of ``unit``, as whole hours or minutes when the amount is an awkward fraction."""
    rounded = round(amount, 3)
    if abs(rounded - amount) < 1e-9:
        return Duration(float(rounded), unit)
    minutes = round(amount * settings.unit_minutes(unit))
    if unit.elapsed:
        return Duration(float(minutes), TimeUnit.ELAPSED_MINUTE)
    if minutes % 60 == 0:
        return Duration(float(minutes // 60), TimeUnit.HOUR)
    return Duration(float(minutes), TimeUnit.MINUTE)


def from_minutes(minutes: float, unit: TimeUnit, settings: WorkingTimeSettings) -> Duration:
    """``minutes`` in ``unit`` if that reads cleanly, else in whole hours or minutes."""
    return _tidy(minutes / settings.unit_minutes(unit), unit, settings)


def duration_of(value: SourceDuration, settings: WorkingTimeSettings) -> Duration | None:
    """The Headway duration of ``value``; None for percentages, which need a reference duration."""
    unit = _UNITS.get(value.unit)
    if unit is not None:
        return _tidy(value.amount, unit, settings)
    scaled = _SCALED.get(value.unit)
    if scaled is not None:
        return _tidy(value.amount * scaled[1], scaled[0], settings)
    return None


def working_minutes(value: SourceDuration, settings: WorkingTimeSettings) -> float:
    """Minutes of ``value`` (working or elapsed, per its unit); 0 for percentages."""
    duration = duration_of(value, settings)
    return duration.amount * settings.unit_minutes(duration.unit) if duration is not None else 0.0
