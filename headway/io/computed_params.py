"""The options of each computed result, as the CLI's options name them: frozen values, so a result
can be cached by ``(project, revision, kind, params)``."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

from headway.engine.periods import Granularity
from headway.engine.status_forecast import STATUS_ITERATIONS

FORECAST_ITERATIONS = 10_000  # `headway forecast`'s default
MAX_BLOCKER_DAYS = 10_000  # how long a blocker may be assumed to last


def _at_least(name: str, value: float | None, low: float) -> None:
    if value is not None and value < low:
        raise ValueError(f"{name} must be at least {low}, not {value}")


@dataclass(frozen=True, slots=True)
class ScheduleParams:
    """``headway schedule --json``: no options."""


@dataclass(frozen=True, slots=True)
class CriticalParams:
    """``headway critical --json``: no options."""


@dataclass(frozen=True, slots=True)
class LevelParams:
    """``headway level --json``: ``method`` heuristic or optimal (CP-SAT), its ``time_limit`` in
    seconds and CP-SAT ``workers``; ``objective`` finish or lateness; ``within_float``."""

    method: Literal["heuristic", "optimal"] = "heuristic"
    time_limit: float = 10.0
    workers: int = 2
    objective: Literal["finish", "lateness"] = "finish"
    within_float: bool = False

    def __post_init__(self) -> None:
        _at_least("time_limit", self.time_limit, 0.1)
        _at_least("workers", self.workers, 1)


@dataclass(frozen=True, slots=True)
class StatusParams:
    """``headway status --json``; ``status_date`` (API only) replaces the plan's status date."""

    baseline: str | None = None
    if_lasts: float | None = None
    undated: float | None = None
    iterations: int = STATUS_ITERATIONS
    seed: int = 0
    no_forecast: bool = False
    status_date: dt.date | dt.datetime | None = None

    def __post_init__(self) -> None:
        _at_least("iterations", self.iterations, 1)
        _at_least("seed", self.seed, 0)
        for name, days in (("if_lasts", self.if_lasts), ("undated", self.undated)):
            _at_least(name, days, 0)
            if days is not None and days > MAX_BLOCKER_DAYS:
                raise ValueError(f"{name} must be at most {MAX_BLOCKER_DAYS} working days, not {days}")


@dataclass(frozen=True, slots=True)
class EvmParams:
    """``headway evm --json``: S-curve period ``by``, a summary ``task`` as scope, a ``status_date``."""

    by: Granularity = "week"
    task: str | None = None
    status_date: dt.date | dt.datetime | None = None


@dataclass(frozen=True, slots=True)
class ForecastParams:
    """``headway forecast --json``: ``level`` first, ``calibrate`` on the plan's finished tasks, ``tasks``:
    every task's P50/P80 finish too."""

    iterations: int = FORECAST_ITERATIONS
    seed: int = 0
    level: bool = False
    calibrate: bool = False
    tasks: bool = False

    def __post_init__(self) -> None:
        _at_least("iterations", self.iterations, 1)
        _at_least("seed", self.seed, 0)


@dataclass(frozen=True, slots=True)
class UsageParams:
    """``headway usage --json``: period ``by``, ``leveled`` first, only ``resources``, days ``first``..``last``."""

    by: Granularity = "week"
    leveled: bool = False
    resources: tuple[str, ...] = ()
    first: dt.date | None = None
    last: dt.date | None = None


@dataclass(frozen=True, slots=True)
class WhyParams:
    """``headway why PLAN TASK --json``."""

    task: str


Params = (ScheduleParams | CriticalParams | LevelParams | StatusParams | EvmParams | ForecastParams | UsageParams
          | WhyParams)
