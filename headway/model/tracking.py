"""What happened and what was promised: progress entries, timesheets, baselines and the issue log.

Progress is a list of dated entries, so history is kept: the latest entry on or before the
status date says where a task stands. A date alone means the end of that day; a date-time is
taken as written.
"""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass, field

from headway.model.duration import Duration
from headway.model.problems import SourceLocation
from headway.model.task import DateOrTime


@dataclass(frozen=True, slots=True)
class ProgressEntry:
    """Where ``task`` stood on ``date``: any of percent complete (0..1), remaining duration,
    actual start and finish, and actual cost to date in the project currency."""

    date: DateOrTime
    task: str
    done: float | None = None
    remaining: Duration | None = None
    actual_start: DateOrTime | None = None
    actual_finish: DateOrTime | None = None
    actual_cost: float | None = None
    note: str = ""
    origin: SourceLocation | None = field(default=None, compare=False)


@dataclass(frozen=True, slots=True)
class TimesheetLine:
    """``resource`` worked ``work`` on ``task`` on ``date`` (actual work per person per day)."""

    date: dt.date
    resource: str
    task: str
    work: Duration
    overtime: Duration | None = None
    origin: SourceLocation | None = field(default=None, compare=False)


@dataclass(frozen=True, slots=True)
class BaselineTask:
    """One task as a baseline saved it: dates, work in minutes and cost."""

    start: dt.datetime
    finish: dt.datetime
    work_minutes: int = 0
    cost: float = 0.0
    duration_minutes: int = 0


@dataclass(frozen=True, slots=True)
class Baseline:
    """A named snapshot of the schedule to measure progress and variance against."""

    name: str
    saved: dt.datetime
    tasks: dict[str, BaselineTask] = field(default_factory=dict)
    finish: dt.datetime | None = None
    cost: float = 0.0
    origin: SourceLocation | None = field(default=None, compare=False)


class IssueStatus(enum.Enum):
    """Where an issue stands; only ``open`` ones can block work."""

    OPEN = "open"
    RESOLVED = "resolved"
    CLOSED = "closed"


class IssueSeverity(enum.Enum):
    """How bad an issue is; a ``blocker`` holds its affected tasks until it is resolved."""

    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    BLOCKER = "blocker"


@dataclass(frozen=True, slots=True)
class Issue:
    """An entry of the issue log. An open blocker holds ``tasks`` until ``due`` (its expected
    resolution date)."""

    id: str
    title: str
    severity: IssueSeverity = IssueSeverity.MEDIUM
    status: IssueStatus = IssueStatus.OPEN
    owner: str | None = None
    tasks: tuple[str, ...] = ()
    opened: DateOrTime | None = None
    due: DateOrTime | None = None
    resolved: DateOrTime | None = None
    resolution: str = ""
    origin: SourceLocation | None = field(default=None, compare=False)

    @property
    def blocking(self) -> bool:
        return self.status is IssueStatus.OPEN and self.severity is IssueSeverity.BLOCKER
