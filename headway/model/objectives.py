"""What a project is for and who cares: objectives with measurable success criteria, and the
stakeholder register (interest, influence, role, which report they get and how often)."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field

from headway.model.problems import SourceLocation


class Level(enum.Enum):
    """A stakeholder's interest in, or influence on, the project."""

    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"


class ReportKind(enum.Enum):
    """Which status report a stakeholder gets: an executive summary or the full detail."""

    SUMMARY = "summary"
    FULL = "full"
    NONE = "none"


class Cadence(enum.Enum):
    """How often a stakeholder gets their report."""

    DAILY = "daily"
    WEEKLY = "weekly"
    BIWEEKLY = "biweekly"
    MONTHLY = "monthly"
    MILESTONES = "milestones"  # at each key milestone only


@dataclass(frozen=True, slots=True)
class SuccessCriterion:
    """A measurable test of an objective: ``metric`` reaches ``target`` by ``milestone``.

    ``met`` is the team's recorded judgement (None: not judged yet); a criterion with a
    milestone is due when that milestone finishes.
    """

    metric: str
    target: str
    milestone: str | None = None  # task id
    met: bool | None = None
    origin: SourceLocation | None = field(default=None, compare=False)


@dataclass(frozen=True, slots=True)
class Objective:
    """Why the project exists, stated so it can be checked: delivered by ``deliverables``
    (task ids: milestones or summary tasks) and judged by its ``criteria``."""

    id: str
    title: str
    description: str = ""
    deliverables: tuple[str, ...] = ()
    criteria: tuple[SuccessCriterion, ...] = ()
    owner: str | None = None  # a resource or stakeholder id
    origin: SourceLocation | None = field(default=None, compare=False)


@dataclass(frozen=True, slots=True)
class Stakeholder:
    """Someone with a stake in the project. ``role`` is their part in it (sponsor, customer,
    team, …); ``resource`` links them to a person on the team when they are one.

    ``consulted`` and ``informed`` list task ids (a summary stands for its subtree) for the
    RACI matrix; responsible and accountable come from the tasks' assignments and owners.
    """

    id: str
    name: str
    role: str = ""
    organisation: str = ""
    interest: Level = Level.MEDIUM
    influence: Level = Level.MEDIUM
    report: ReportKind = ReportKind.FULL
    cadence: Cadence = Cadence.WEEKLY
    email: str | None = None
    resource: str | None = None
    consulted: tuple[str, ...] = ()
    informed: tuple[str, ...] = ()
    notes: str = ""
    origin: SourceLocation | None = field(default=None, compare=False)
