"""The resource-constrained scheduling problem both leveling engines solve, in integers.

Time is counted in slots (for PSPLIB one slot is one period; for a plan, a fixed number of
working minutes of the project calendar). Capacity may vary per slot, which is how calendars,
vacations and part-time reach the solvers. Every dependency is a minimum distance between two
starts, so all four link types and their lags fit one rule:

    start[succ] >= start[pred] + delay

(FS: delay = d_pred + lag; SS: lag; FF: d_pred - d_succ + lag; SF: lag - d_succ.)

Plans add three things PSPLIB does not have, which make a problem *exact* (``problem.exact``):

- **calendars**: a task with ``calendar[i] = c >= 0`` works only in the slots listed in
  ``work[c]`` (sorted; beyond the last one listed, every slot works). It must start in one of
  them and works in the next ``duration[i]`` of them, holding its resources from its start to its finish, so a
  vacation or a part-time week stretches it exactly as the calendar says.
- **exact links**: with calendars a finish depends on the start, so links are also given as
  ``from_finish``/``to_finish`` flags and a ``lag``: the predecessor's start (or finish) plus
  ``lag`` is at most the successor's start (or finish). ``delay`` stays the contiguous
  equivalent, which underestimates spans and so still gives valid lower bounds. A link to a
  task's finish asks ``start + duration >= t`` of it, as if it had no gaps: CPM on the real
  calendars places a task by counting back from such a finish, and a start that meets this
  is never earlier than the one it finds.
- **choices**: a task needs ``units`` of one of several resources and the leveler picks one
  (each option may bring its own calendar).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from headway.engine.worktime import IntArray

BoolArray = npt.NDArray[np.bool_]


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
    calendar: IntArray = field(default_factory=lambda: np.zeros(0, np.int64))  # -1: every slot works
    work: tuple[IntArray, ...] = ()  # per calendar: its working slots, sorted
    lag: IntArray = field(default_factory=lambda: np.zeros(0, np.int64))  # exact links (with the flags)
    from_finish: BoolArray = field(default_factory=lambda: np.zeros(0, bool))
    to_finish: BoolArray = field(default_factory=lambda: np.zeros(0, bool))
    choices: tuple[Choice, ...] = ()
    latest: IntArray = field(default_factory=lambda: np.zeros(0, np.int64))  # latest start wanted, -1 none

    def __post_init__(self) -> None:
        n = len(self.names)
        if not len(self.priority):
            object.__setattr__(self, "priority", np.full(n, 500, np.int64))
        if not len(self.fixed):
            object.__setattr__(self, "fixed", np.full(n, -1, np.int64))
        if not len(self.due):
            object.__setattr__(self, "due", np.full(n, -1, np.int64))
        if not len(self.calendar):
            object.__setattr__(self, "calendar", np.full(n, -1, np.int64))
        if not len(self.latest):
            object.__setattr__(self, "latest", np.full(n, -1, np.int64))
        if not len(self.lag) and len(self.pred):  # delays only: every link is start-to-start
            object.__setattr__(self, "lag", self.delay.copy())
            object.__setattr__(self, "from_finish", np.zeros(len(self.pred), bool))
            object.__setattr__(self, "to_finish", np.zeros(len(self.pred), bool))

    @property
    def exact(self) -> bool:
        """Whether tasks have calendars, choices or latest starts (only the exact serial scheme
        handles those)."""
        return bool(self.choices) or bool((self.calendar >= 0).any()) or bool((self.latest >= 0).any())

    def picked_calendar(self, pick: IntArray) -> IntArray:
        """Each task's calendar once ``pick`` (a resource per choice) is made."""
        cal = self.calendar.copy()
        for choice, k in zip(self.choices, pick.tolist(), strict=False):
            if k in choice.resources:
                cal[choice.task] = choice.calendars[choice.resources.index(k)]
        return cal

    def picked_demand(self, pick: IntArray) -> IntArray:
        """``demand`` with the units of each picked resource added."""
        demand = self.demand.copy()
        for choice, k in zip(self.choices, pick.tolist(), strict=False):
            if k in choice.resources:
                demand[choice.task, k] += choice.units[choice.resources.index(k)]
        return demand

    def finish(self, start: IntArray, calendar: IntArray | None = None) -> IntArray:
        """Finish slot of every task started at ``start`` (on ``calendar``, default its own)."""
        cal = self.calendar if calendar is None else calendar
        out: IntArray = start + self.duration
        for c in np.unique(cal[(cal >= 0) & (self.duration > 0)]).tolist():
            rows = np.flatnonzero((cal == c) & (self.duration > 0))
            out[rows] = working_end(self.work[c], start[rows], self.duration[rows])
        return out

    @property
    def tasks(self) -> int:
        return len(self.names)

    @property
    def horizon(self) -> int:
        return int(self.capacity.shape[1])


@dataclass(frozen=True)
class Choice:
    """Task ``task`` needs ``units[j]`` of ``resources[j]`` for one option ``j``; the leveler picks.

    ``calendars[j]`` is the task's calendar when option ``j`` is picked (-1: every slot works).
    """

    task: int
    resources: tuple[int, ...]
    units: tuple[int, ...]
    calendars: tuple[int, ...]


def working_end(work: IntArray, start: IntArray, duration: IntArray) -> IntArray:
    """End (exclusive) of ``duration`` working slots from ``start`` on a calendar working in ``work``.

    Beyond the last slot listed every slot works. ``start`` need not be working: work begins
    at the next working slot.
    """
    first = np.searchsorted(work, start)
    last = int(work[-1]) + 1 if len(work) else 0  # from here on, every slot works
    pos = first + duration - 1
    inside = pos < len(work)
    listed = work[np.minimum(pos, max(len(work) - 1, 0))] + 1 if len(work) else start
    after_listed = last + (pos - len(work) + 1)  # started inside, finished beyond the list
    beyond = np.maximum(start, last) + duration  # started beyond the list
    out: IntArray = np.where(first >= len(work), beyond, np.where(inside, listed, after_listed))
    return out


def weighted_lateness(problem: RcpspProblem, finish: IntArray) -> int:
    """``sum(priority * max(0, finish - due)) * (horizon + 1) + makespan``: lateness first, then the
    finish (the score the ``lateness`` objective minimises)."""
    counted = (problem.due >= 0) & (problem.priority > 0)
    late = np.maximum(0, finish - problem.due)[counted]
    return int((problem.priority[counted] * late).sum()) * (problem.horizon + 1) + int(finish.max(initial=0))


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
    pick: IntArray = field(default_factory=lambda: np.zeros(0, np.int64))  # per choice: the resource
    unresolved: tuple[int, ...] = ()  # tasks left over-allocated to stay within their latest start

    @property
    def gap(self) -> float:
        return (self.makespan - self.lower_bound) / self.makespan if self.makespan else 0.0

    @property
    def proven_optimal(self) -> bool:
        return self.status is SolveStatus.OPTIMAL
