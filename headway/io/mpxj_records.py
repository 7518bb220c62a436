"""What an MPXJ-read file says, as plain typed Python values (no Java objects).

``mpxj_extract`` fills these from MPXJ's ``ProjectFile``; ``mpxj_map`` turns them into a Headway
``Project``. Keeping the two apart confines the untyped Java surface to one module and lets the
mapping be tested with synthetic records (percent and elapsed lags, every constraint type…)
without a JVM. Units and type names are MPXJ's enum names (``DAYS``, ``ELAPSED_PERCENT``,
``FINISH_START``, ``MUST_START_ON``…). Times of day are minutes after midnight, ``end`` up to 1440.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

Ranges = tuple[tuple[int, int], ...]


@dataclass(frozen=True, slots=True)
class SourceDuration:
    """An amount in an MPXJ time unit (``MINUTES``…``YEARS``, ``ELAPSED_*``, ``PERCENT``)."""

    amount: float
    unit: str


@dataclass(frozen=True, slots=True)
class SourceException:
    """Days ``start``..``end`` with other hours (``ranges``; empty: not working)."""

    start: dt.date
    end: dt.date
    ranges: Ranges = ()
    name: str = ""


@dataclass(frozen=True, slots=True)
class SourceWeek:
    """A work week in force from ``start`` to ``end``: hours per weekday, Monday first (None: inherit)."""

    start: dt.date
    end: dt.date
    days: tuple[Ranges | None, ...]


@dataclass(frozen=True, slots=True)
class SourceCalendar:
    """A calendar: ``days`` Monday first, None where the day inherits from ``parent``."""

    uid: str
    name: str
    parent: str | None = None
    days: tuple[Ranges | None, ...] = (None,) * 7
    exceptions: tuple[SourceException, ...] = ()
    weeks: tuple[SourceWeek, ...] = ()


@dataclass(frozen=True, slots=True)
class SourceResource:
    """A resource; rates are per hour in the project currency, ``max_units`` a fraction (1.0 = 100%)."""

    uid: str
    name: str
    kind: str = "WORK"  # WORK, NON_LABOR (equipment), MATERIAL, COST, ROLE (Primavera)
    max_units: float | None = 1.0
    standard_rate: float = 0.0
    overtime_rate: float = 0.0
    cost_per_use: float = 0.0
    calendar: str | None = None
    email: str | None = None
    group: str | None = None
    code: str | None = None  # the tool's own id shown to users (Primavera resource id)
    role: str | None = None  # Primavera primary role

    @property
    def works(self) -> bool:
        """Whether it spends time like a person (people and equipment), so Headway plans it."""
        return self.kind in ("WORK", "NON_LABOR")


@dataclass(frozen=True, slots=True)
class SourceAssignment:
    """``resource`` on a task at ``units`` (a fraction), with its work in minutes and contour."""

    resource: str
    units: float | None = None
    work_minutes: float | None = None
    contour: str = "FLAT"
    delay_minutes: float = 0.0


@dataclass(frozen=True, slots=True)
class SourceRelation:
    """A link from ``predecessor`` (a task uid): ``FINISH_START``… with a lag."""

    predecessor: str
    type: str = "FINISH_START"
    lag: SourceDuration = SourceDuration(0.0, "DAYS")


@dataclass(frozen=True, slots=True)
class SourceBaseline:
    """Baseline ``index`` (0: the baseline, 1..10: Baseline1..10) of a task."""

    index: int
    start: dt.datetime
    finish: dt.datetime
    duration_minutes: float = 0.0
    work_minutes: float = 0.0
    cost: float = 0.0


@dataclass(frozen=True, slots=True)
class SourceTask:
    """A task as the tool stored it, with the dates it computed (``start``/``finish``)."""

    uid: str
    name: str
    outline_level: int = 1
    parent: str | None = None
    summary: bool = False
    milestone: bool = False
    manual: bool = False
    active: bool = True
    duration: SourceDuration | None = None
    start: dt.datetime | None = None
    finish: dt.datetime | None = None
    constraint: str | None = None
    constraint_date: dt.datetime | None = None
    deadline: dt.datetime | None = None
    priority: int | None = None
    calendar: str | None = None
    percent_complete: float = 0.0
    actual_start: dt.datetime | None = None
    actual_finish: dt.datetime | None = None
    remaining: SourceDuration | None = None
    stop: dt.datetime | None = None  # where the completed part ends
    notes: str = ""
    code: str | None = None  # the id users see (Primavera activity id, WBS code)
    fixed_cost: float = 0.0
    leveling_delay: SourceDuration | None = None
    split: bool = False
    pause_minutes: float = 0.0  # working minutes of the pauses of a split task, on its calendar
    external: bool = False
    subproject: bool = False
    relations: tuple[SourceRelation, ...] = ()
    assignments: tuple[SourceAssignment, ...] = ()
    baselines: tuple[SourceBaseline, ...] = ()


@dataclass(frozen=True, slots=True)
class SourceProject:
    """A whole file: properties, calendars, resources and tasks in outline order."""

    name: str
    file_type: str  # MPXJ's name for the format: MPP, MPX, XER, PMXML, GAN, XML (Planner), MSPDI…
    start: dt.datetime | None = None
    status_date: dt.datetime | None = None
    minutes_per_day: float = 480.0
    minutes_per_week: float = 2400.0
    days_per_month: float = 20.0
    currency: str | None = None
    calendar: str | None = None
    calendars: tuple[SourceCalendar, ...] = ()
    resources: tuple[SourceResource, ...] = ()
    tasks: tuple[SourceTask, ...] = ()
    ignored_errors: tuple[str, ...] = ()

    @property
    def primavera(self) -> bool:
        """Whether the file comes from Primavera, whose activity ids are the ids users know."""
        return self.file_type in {"XER", "PMXML", "P3", "SDEF", "PRIMAVERA"}
