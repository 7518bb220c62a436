"""The report's rows: plain values each section lists (milestones, risks, issues, tasks, people)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from headway.engine.evm import CurvePoint
from headway.engine.forecast import CdfPoint
from headway.model import DateOrTime


@dataclass(frozen=True, slots=True)
class MilestoneRow:
    """A key milestone: its finish now, in the baseline, forecast at P80, and whether it is done."""

    id: str
    name: str
    finish: dt.datetime
    baseline_finish: dt.datetime | None
    slip_days: float | None
    p80_finish: dt.datetime | None
    critical: bool
    done: bool


@dataclass(frozen=True, slots=True)
class DeadlineRow:
    """A deadline's forecast: finish now, P80 and the chance to meet it."""

    task: str
    name: str
    deadline: DateOrTime  # as written in the plan
    due: dt.datetime  # the instant it falls due (a date's end)
    finish: dt.datetime | None
    p80_finish: dt.datetime | None
    probability: float


@dataclass(frozen=True, slots=True)
class ForecastSummary:
    """The Monte Carlo outlook: P50/P80 finish, the key deadline's odds, every deadline, the CDF."""

    iterations: int
    seed: int
    p50: dt.datetime | None
    p80: dt.datetime | None
    key_deadline: DeadlineRow | None  # the latest deadline of the plan
    deadlines: tuple[DeadlineRow, ...]
    cdf: tuple[CdfPoint, ...]
    error: str | None = None


@dataclass(frozen=True, slots=True)
class Money:
    """EVM and budget at the status date (as ``headway evm`` computes them)."""

    currency: str
    budget: float | None  # as written on the project
    bac: float
    planned_cost: float
    pv: float
    ev: float
    ac: float
    eac: float | None  # BAC / CPI
    etc: float | None
    vac: float | None
    spi: float | None
    cpi: float | None
    spi_t: float | None
    s_curve: tuple[CurvePoint, ...]


@dataclass(frozen=True, slots=True)
class RiskRow:
    """An open risk: probability, impact (largest likely delay, working days), effect on P80."""

    id: str
    title: str
    probability: float
    impact_days: float
    cost: float
    p80_effect_days: float | None
    owner: str | None
    mitigation: str


@dataclass(frozen=True, slots=True)
class IssueRow:
    """An open issue of the log."""

    id: str
    title: str
    severity: str
    owner: str | None
    due: str | None
    blocking: bool
    tasks: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class TaskRow:
    """A task coming up: dates, whether it is critical, its float and people."""

    id: str
    name: str
    start: dt.datetime
    finish: dt.datetime
    critical: bool
    float_days: float
    resources: tuple[str, ...]
    done: float


@dataclass(frozen=True, slots=True)
class LoadRow:
    """A person asked for more than they have: peak load, when, how many periods over, and detail."""

    id: str
    name: str
    peak: float
    peak_period: str
    periods_over: int
    detail: str
