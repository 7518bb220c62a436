"""People (and other resources) who do the work, and their assignments to tasks."""

from __future__ import annotations

from dataclasses import dataclass, field

from headway.model.calendar import DateRange, DayHours
from headway.model.problems import SourceLocation


@dataclass(frozen=True, slots=True)
class Rates:
    """Cost rates in the project currency: per working hour, overtime hour, and per use."""

    standard: float = 0.0
    overtime: float = 0.0
    per_use: float = 0.0


@dataclass(frozen=True, slots=True)
class Resource:
    """A person or team. ``units`` is the maximum load (1.0 = full time, 0.5 = half time).

    ``calendar`` names a calendar (default: the project's); ``week`` overrides its weekly
    hours for this person (part-time by days or hours); ``vacations`` are days off.
    """

    id: str
    name: str = ""
    role: str | None = None
    units: float = 1.0
    rates: Rates = Rates()
    calendar: str | None = None
    week: tuple[DayHours, ...] | None = None
    vacations: tuple[DateRange, ...] = ()
    email: str | None = None
    tags: tuple[str, ...] = ()
    source_uid: str | None = None  # the id the source tool gave it (MS Project UID…)
    origin: SourceLocation | None = field(default=None, compare=False)


@dataclass(frozen=True, slots=True)
class Assignment:
    """``resource`` works on a task at ``units`` (None: at the resource's own max units).

    With ``alternatives`` (or a ``role``, which lists everyone with it) the work goes to one of
    ``resource`` and the alternatives: leveling picks who; unleveled, ``resource`` does it.
    """

    resource: str
    units: float | None = None
    origin: SourceLocation | None = field(default=None, compare=False)
    alternatives: tuple[str, ...] = ()
    role: str | None = None

    @property
    def candidates(self) -> tuple[str, ...]:
        """Everyone who may do this work, the default first."""
        return (self.resource, *self.alternatives)
