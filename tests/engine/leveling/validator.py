"""An independent checker of leveled schedules: plain loops over slots, no headway leveling code.

It is the oracle the leveling engines are tested against, and ``bench/psplib.py`` loads it by
path, so it imports nothing of headway (the problem is read through its attributes only).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any


def makespan(problem: Any, start: Sequence[int]) -> int:
    """The slot after the last one any task runs in (0 for no tasks)."""
    durations = [int(d) for d in problem.duration]
    return max((int(s) + d for s, d in zip(start, durations, strict=True)), default=0)


def violations(problem: Any, start: Sequence[int]) -> list[str]:
    """Every way ``start`` breaks ``problem``; empty when the schedule is valid.

    Checks the start vector's length, releases, fixed starts, every start-to-start delay, and
    slot by slot that no resource is used above its capacity (none is available from the
    horizon on, so only tasks without demand may run past it).
    """
    names = list(problem.names)
    n = len(names)
    if len(start) != n:
        return [f"{len(start)} starts for {n} tasks"]
    starts = [int(s) for s in start]
    durations = [int(d) for d in problem.duration]
    found: list[str] = []
    for i in range(n):
        if starts[i] < 0:
            found.append(f"{names[i]} starts at {starts[i]}, before slot 0")
        if starts[i] < int(problem.release[i]):
            found.append(f"{names[i]} starts at {starts[i]}, before its release {int(problem.release[i])}")
        fixed = int(problem.fixed[i])
        if fixed >= 0 and starts[i] != fixed:
            found.append(f"{names[i]} starts at {starts[i]}, not at its fixed start {fixed}")
    for p, s, delay in zip(problem.pred, problem.succ, problem.delay, strict=True):
        p, s, delay = int(p), int(s), int(delay)
        if starts[s] < starts[p] + delay:
            found.append(f"{names[s]} starts at {starts[s]}, before {names[p]} start {starts[p]} + delay {delay}")
    found += _overloads(problem, starts, durations)
    return found


def _overloads(problem: Any, starts: list[int], durations: list[int]) -> list[str]:
    """Slots where the running tasks need more of a resource than it has."""
    resources = list(problem.resources)
    horizon = int(problem.capacity.shape[1])
    demand = [[int(x) for x in row] for row in problem.demand]
    found: list[str] = []
    for k, resource in enumerate(resources):
        used: dict[int, int] = {}
        for i in range(len(starts)):
            if demand[i][k] == 0:
                continue
            for t in range(starts[i], starts[i] + durations[i]):
                used[t] = used.get(t, 0) + demand[i][k]
        for t in sorted(used):
            available = int(problem.capacity[k][t]) if 0 <= t < horizon else 0
            if used[t] > available:
                running = [str(problem.names[i]) for i in range(len(starts))
                           if demand[i][k] and starts[i] <= t < starts[i] + durations[i]]
                found.append(f"{resource} slot {t}: {used[t]} used > {available} available "
                             f"by {', '.join(running)}")
    return found
