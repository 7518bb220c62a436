"""The risk register: uncertain events that, when they happen, delay named tasks or cost money."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field

from headway.model.duration import Duration
from headway.model.problems import SourceLocation
from headway.model.task import Estimate


class RiskStatus(enum.Enum):
    """Only ``open`` risks can still fire; a ``closed`` one is kept for the record."""

    OPEN = "open"
    CLOSED = "closed"


@dataclass(frozen=True, slots=True)
class RiskImpact:
    """What happens to ``task`` when the risk fires: a delay (fixed or three-point) and/or a cost."""

    task: str
    delay: Estimate | Duration | None = None
    cost: float = 0.0
    origin: SourceLocation | None = field(default=None, compare=False)


@dataclass(frozen=True, slots=True)
class Correlation:
    """Tasks whose durations err together (same team, same technology, same unknowns).

    ``coefficient`` (0..1) is the correlation of the normal scores behind their draws (a
    one-factor Gaussian copula); a summary id stands for every task beneath it.
    """

    tasks: tuple[str, ...]
    coefficient: float
    origin: SourceLocation | None = field(default=None, compare=False)


@dataclass(frozen=True, slots=True)
class Risk:
    """An entry of the risk register; ``probability`` (0..1) is its chance to happen."""

    id: str
    title: str
    probability: float
    impacts: tuple[RiskImpact, ...] = ()
    owner: str | None = None
    mitigation: str = ""
    status: RiskStatus = RiskStatus.OPEN
    origin: SourceLocation | None = field(default=None, compare=False)
