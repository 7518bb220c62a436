"""Solver-neutral facts about a problem: earliest starts, the critical-path bound, hint checks."""

from __future__ import annotations

from collections import deque

import numpy as np

from headway.engine.leveling.problem import RcpspProblem
from headway.engine.worktime import IntArray


def earliest_starts(problem: RcpspProblem) -> IntArray | None:
    """Earliest start per task from releases, fixed starts and delays; None on a positive cycle.

    Longest paths by label correcting over edges sorted in topological order, so an acyclic
    network settles in one pass; negative delays may close cycles, which settle (or prove
    the network infeasible) within ``tasks + 1`` passes.
    """
    rank = _topological_rank(problem)
    edges = sorted(
        zip(problem.pred.tolist(), problem.succ.tolist(), problem.delay.tolist(), strict=True),
        key=lambda edge: rank[edge[0]],
    )
    best = np.where(problem.fixed >= 0, problem.fixed, problem.release).tolist()
    for _ in range(problem.tasks + 1):
        changed = False
        for p, s, d in edges:
            if best[p] + d > best[s]:
                best[s] = best[p] + d
                changed = True
        if not changed:
            return np.asarray(best, np.int64)
    return None


def critical_path_bound(problem: RcpspProblem, earliest: IntArray) -> int:
    """Resource-free lower bound on the makespan: the latest earliest finish."""
    return int((earliest + problem.duration).max()) if problem.tasks else 0


def makespan_of(problem: RcpspProblem, start: IntArray) -> int:
    """Makespan of a schedule: the latest finish (0 for no tasks)."""
    return int((start + problem.duration).max()) if problem.tasks else 0


def is_valid_schedule(problem: RcpspProblem, start: IntArray) -> bool:
    """Whether ``start`` keeps every release, fixed start, delay and capacity (incl. the horizon)."""
    start = np.asarray(start, np.int64)
    if start.shape != (problem.tasks,):
        return False
    end = start + problem.duration
    fixed = problem.fixed >= 0
    if (start[fixed] != problem.fixed[fixed]).any() or (end > problem.horizon).any():
        return False
    if (start[~fixed] < problem.release[~fixed]).any():
        return False
    if (start[problem.succ] < start[problem.pred] + problem.delay).any():
        return False
    return bool((_usage(problem, start) <= problem.capacity).all())


def _usage(problem: RcpspProblem, start: IntArray) -> IntArray:
    """Units of each resource in use per slot (difference array, then a running sum)."""
    diff = np.zeros((len(problem.resources), problem.horizon + 1), np.int64)
    for k in range(len(problem.resources)):
        np.add.at(diff[k], start, problem.demand[:, k])
        np.add.at(diff[k], start + problem.duration, -problem.demand[:, k])
    return np.cumsum(diff, axis=1)[:, : problem.horizon]


def _topological_rank(problem: RcpspProblem) -> list[int]:
    """Position of each task in a topological order (Kahn); tasks on cycles come last."""
    n = problem.tasks
    indegree = np.bincount(problem.succ, minlength=n).tolist()
    successors: list[list[int]] = [[] for _ in range(n)]
    for p, s in zip(problem.pred.tolist(), problem.succ.tolist(), strict=True):
        successors[p].append(s)
    ready = deque(i for i in range(n) if indegree[i] == 0)
    rank = [n] * n
    position = 0
    while ready:
        i = ready.popleft()
        rank[i] = position
        position += 1
        for s in successors[i]:
            indegree[s] -= 1
            if indegree[s] == 0:
                ready.append(s)
    return rank
