"""The resource-constrained scheduling problem both leveling engines solve, in integers.

Time is counted in slots (for PSPLIB one slot is one period; for a plan, a fixed number of
working minutes of the project calendar). Capacity may vary per slot, which is how calendars,
vacations and part-time reach the solvers. Every dependency is a minimum distance between two
starts, so all four link types and their lags fit one rule:

    start[succ] >= start[pred] + delay

(FS: delay = d_pred + lag; SS: lag; FF: d_pred - d_succ + lag; SF: lag - d_succ.)
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field

import numpy as np

from headway.engine.worktime import IntArray


@dataclass(frozen=True)
class RcpspProblem:
    """Tasks with durations and demands, resources with capacities, and start-to-start delays.

    ``demand[i, k]`` units of resource ``k`` are used by task ``i`` in every slot it runs;
    ``capacity[k, t]`` units are available in slot ``t`` (``t < horizon``; beyond, none).
    ``release[i]`` is the earliest start slot. ``fixed`` tasks (``fixed[i] >= 0``) must start
    exactly there (constraints, or "do not level").
    """

    names: tuple[str, ...]
    duration: IntArray
    demand: IntArray
    resources: tuple[str, ...]
    capacity: IntArray
    pred: IntArray
    succ: IntArray
    delay: IntArray
    release: IntArray
    priority: IntArray = field(default_factory=lambda: np.zeros(0, np.int64))
    fixed: IntArray = field(default_factory=lambda: np.zeros(0, np.int64))
    due: IntArray = field(default_factory=lambda: np.zeros(0, np.int64))  # latest finish wanted, -1 none

    def __post_init__(self) -> None:
        n = len(self.names)
        if not len(self.priority):
            object.__setattr__(self, "priority", np.full(n, 500, np.int64))
        if not len(self.fixed):
            object.__setattr__(self, "fixed", np.full(n, -1, np.int64))
        if not len(self.due):
            object.__setattr__(self, "due", np.full(n, -1, np.int64))

    @property
    def tasks(self) -> int:
        return len(self.names)

    @property
    def horizon(self) -> int:
        return int(self.capacity.shape[1])


class SolveStatus(enum.Enum):
    """How a leveling run ended."""

    OPTIMAL = "optimal"        # proven best
    FEASIBLE = "feasible"      # a valid schedule, not proven best
    INFEASIBLE = "infeasible"  # proven impossible (e.g. a demand above every capacity)
    UNKNOWN = "unknown"        # no schedule found in the time allowed


@dataclass(frozen=True)
class LevelResult:
    """A leveled schedule: start slot per task, its makespan, and what is known of the optimum.

    ``lower_bound`` is a proven bound on the best makespan (at least the critical path), so
    ``gap = (makespan - lower_bound) / makespan`` is how far from optimal it can be at most.
    """

    status: SolveStatus
    start: IntArray
    makespan: int
    lower_bound: int
    runtime: float
    method: str
    schedules: int = 0  # schedules generated (heuristic) or solutions found (optimal)

    @property
    def gap(self) -> float:
        return (self.makespan - self.lower_bound) / self.makespan if self.makespan else 0.0

    @property
    def proven_optimal(self) -> bool:
        return self.status is SolveStatus.OPTIMAL
