"""Tasks, milestones and summary tasks, with their links, constraints and estimates."""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass, field

from headway.model.duration import ZERO, Duration
from headway.model.problems import SourceLocation
from headway.model.resource import Assignment


class LinkType(enum.Enum):
    """Dependency types: finish-to-start, start-to-start, finish-to-finish, start-to-finish."""

    FS = "FS"
    SS = "SS"
    FF = "FF"
    SF = "SF"

    @property
    def from_finish(self) -> bool:
        """Whether the predecessor's finish (not start) drives the link."""
        return self in (LinkType.FS, LinkType.FF)

    @property
    def to_finish(self) -> bool:
        """Whether the link constrains the successor's finish (not start)."""
        return self in (LinkType.FF, LinkType.SF)


@dataclass(frozen=True, slots=True)
class Link:
    """A dependency on ``predecessor``; a negative ``lag`` is a lead.

    ``project`` names another project of a portfolio that ``predecessor`` belongs to (written
    ``infra/db-ready``); such an external link is scheduled only when the projects are
    scheduled together.
    """

    predecessor: str
    type: LinkType = LinkType.FS
    lag: Duration = ZERO
    origin: SourceLocation | None = field(default=None, compare=False)
    project: str | None = None

    @property
    def written(self) -> str:
        """The predecessor as written: ``db-ready``, or ``infra/db-ready`` for another project's task."""
        return self.predecessor if self.project is None else f"{self.project}/{self.predecessor}"


class ConstraintType(enum.Enum):
    """Date constraints, with MS Project's abbreviations."""

    ASAP = "asap"
    ALAP = "alap"
    SNET = "start-no-earlier-than"
    SNLT = "start-no-later-than"
    FNET = "finish-no-earlier-than"
    FNLT = "finish-no-later-than"
    MSO = "must-start-on"
    MFO = "must-finish-on"

    @property
    def needs_date(self) -> bool:
        return self not in (ConstraintType.ASAP, ConstraintType.ALAP)

    @property
    def on_finish(self) -> bool:
        return self in (ConstraintType.FNET, ConstraintType.FNLT, ConstraintType.MFO)


# A date alone means the start of that day for start constraints (SNET, SNLT, MSO) and its end
# for finish constraints and deadlines; a date-time is taken as written.
DateOrTime = dt.date | dt.datetime


@dataclass(frozen=True, slots=True)
class Constraint:
    """A constraint type and, except for ASAP/ALAP, its date."""

    type: ConstraintType
    date: DateOrTime | None = None


class Distribution(enum.Enum):
    """How a forecast samples a three-point estimate."""

    TRIANGULAR = "triangular"
    PERT = "pert"
    LOGNORMAL = "lognormal"


@dataclass(frozen=True, slots=True)
class Estimate:
    """Three-point estimate kept for forecasting: optimistic, most likely, pessimistic."""

    optimistic: Duration
    most_likely: Duration
    pessimistic: Duration
    distribution: Distribution = Distribution.TRIANGULAR


@dataclass(frozen=True, slots=True)
class Task:
    """One entry of the work breakdown.

    A task with children is a summary task (its dates roll up); a leaf task has a
    ``duration`` (duration-driven) or an ``effort`` spread over its assignments
    (effort-driven); a milestone has neither. ``parent`` is the summary task's id.
    """

    id: str
    name: str = ""
    parent: str | None = None
    duration: Duration | None = None
    effort: Duration | None = None
    milestone: bool = False
    links: tuple[Link, ...] = ()
    assignments: tuple[Assignment, ...] = ()
    constraint: Constraint | None = None
    deadline: DateOrTime | None = None
    priority: int = 500
    cost: float | None = None  # fixed cost, accrued evenly over the task's working time
    budget: float | None = None  # budget of a summary task (or any task) in the project currency
    level: bool = True  # False: leveling never moves it ("do not level")
    leveling_delay: Duration | None = None  # held back this long after its early start when leveled
    estimate: Estimate | None = None
    calendar: str | None = None
    owner: str | None = None
    tags: tuple[str, ...] = ()
    notes: str = ""
    source_uid: str | None = None  # the id the source tool gave it (MS Project UID, P6 activity id…)
    origin: SourceLocation | None = field(default=None, compare=False)

    @property
    def label(self) -> str:
        """The name if given, else the id."""
        return self.name or self.id
