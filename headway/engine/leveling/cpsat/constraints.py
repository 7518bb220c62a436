"""Constraint families, one function each: precedence, makespan, resource capacity."""

from __future__ import annotations

import numpy as np
from ortools.sat.python import cp_model

from headway.engine.leveling.cpsat.variables import TaskVars
from headway.engine.leveling.problem import RcpspProblem
from headway.engine.worktime import IntArray

Blocker = tuple[int, int, int]  # start slot, length, units taken


def precedences(model: cp_model.CpModel, problem: RcpspProblem, v: TaskVars) -> None:
    """``start[succ] >= start[pred] + delay`` for every link (delays may be negative)."""
    for p, s, d in zip(problem.pred.tolist(), problem.succ.tolist(), problem.delay.tolist(), strict=True):
        model.add(v.start[s] >= v.start[p] + d)


def makespan_covers_ends(model: cp_model.CpModel, problem: RcpspProblem, v: TaskVars) -> None:
    """``makespan >= start[i] + duration[i]`` for every task."""
    for s, d in zip(v.start, problem.duration.tolist(), strict=True):
        model.add(v.makespan >= s + d)


def resource_capacity(model: cp_model.CpModel, problem: RcpspProblem, v: TaskVars) -> None:
    """One cumulative per resource at its peak capacity, with blockers where capacity dips.

    Slots at or after the horizon need no blocker: no task may end after it.
    """
    for k in range(len(problem.resources)):
        users = [i for i in np.flatnonzero(problem.demand[:, k] > 0).tolist() if problem.duration[i] > 0]
        if not users:
            continue
        peak = int(problem.capacity[k].max(initial=0))
        intervals = [v.interval[i] for i in users]
        demands = [int(problem.demand[i, k]) for i in users]
        for start, length, units in capacity_blockers(problem.capacity[k]):
            intervals.append(model.new_fixed_size_interval_var(start, length, f"blocker_{k}_{start}"))
            demands.append(units)
        model.add_cumulative(intervals, demands, peak)


def capacity_blockers(capacity: IntArray) -> list[Blocker]:
    """Each maximal run of equal capacity below the peak, as (start, length, peak - capacity)."""
    if not len(capacity):
        return []
    cuts = np.flatnonzero(np.diff(capacity)) + 1
    starts = np.concatenate(([0], cuts))
    ends = np.concatenate((cuts, [len(capacity)]))
    peak = int(capacity.max())
    return [
        (int(a), int(b - a), peak - int(capacity[a]))
        for a, b in zip(starts, ends, strict=True)
        if capacity[a] < peak
    ]
