"""Resource-free time windows and lower bounds on the best makespan."""

from __future__ import annotations

import numpy as np

from headway.engine.leveling.problem import RcpspProblem
from headway.engine.leveling.sgs import FloatArray


def topological_order(problem: RcpspProblem) -> list[int]:
    """A topological order of the tasks (the delay graph is acyclic)."""
    succs: list[list[int]] = [[] for _ in range(problem.tasks)]
    for p, s in zip(problem.pred.tolist(), problem.succ.tolist(), strict=True):
        succs[p].append(s)
    indeg = np.bincount(problem.succ, minlength=problem.tasks).tolist()
    queue = [i for i in range(problem.tasks) if indeg[i] == 0]
    out: list[int] = []
    while queue:
        i = queue.pop()
        out.append(i)
        for s in succs[i]:
            indeg[s] -= 1
            if indeg[s] == 0:
                queue.append(s)
    if len(out) != problem.tasks:
        raise ValueError("the precedence delays contain a cycle")
    return out


def time_windows(problem: RcpspProblem) -> tuple[FloatArray, FloatArray]:
    """Earliest starts and latest finishes ignoring resources (latest against the critical path)."""
    order = topological_order(problem)
    preds: list[list[tuple[int, int]]] = [[] for _ in range(problem.tasks)]
    succs: list[list[tuple[int, int]]] = [[] for _ in range(problem.tasks)]
    for p, s, d in zip(problem.pred.tolist(), problem.succ.tolist(), problem.delay.tolist(), strict=True):
        preds[s].append((p, d))
        succs[p].append((s, d))
    dur = problem.duration.tolist()
    es = problem.release.tolist()
    fixed = problem.fixed.tolist()
    for i in order:
        es[i] = max([es[i]] + [es[p] + d for p, d in preds[i]])
        if fixed[i] >= 0:
            es[i] = fixed[i]
    finish = max((e + d for e, d in zip(es, dur, strict=True)), default=0)
    ls = [f if f >= 0 else finish - d for f, d in zip(fixed, dur, strict=True)]
    for i in reversed(order):  # a fixed task pins its predecessors' latest starts too
        ls[i] = min([ls[i]] + [ls[s] - d for s, d in succs[i]])
    return np.array(es, float), np.array(ls, float) + problem.duration


def critical_path(problem: RcpspProblem) -> int:
    """Length of the longest path of delays and durations (a lower bound on the makespan)."""
    es, _ = time_windows(problem)
    return int((es + problem.duration).max(initial=0))


def resource_bound(problem: RcpspProblem) -> int:
    """Earliest time by which each resource could have delivered all the work it must do."""
    work = (problem.demand * problem.duration[:, None]).sum(axis=0)
    bound = 0
    for k, need in enumerate(work.tolist()):
        if need <= 0:
            continue
        supplied = np.cumsum(problem.capacity[k])
        t = int(np.searchsorted(supplied, need))  # supplied[t] >= need: done by slot t + 1
        bound = max(bound, t + 1 if t < len(supplied) else problem.horizon + 1)
    return bound


def lower_bound(problem: RcpspProblem) -> int:
    """The larger of the critical-path and resource-work bounds."""
    return max(critical_path(problem), resource_bound(problem))
