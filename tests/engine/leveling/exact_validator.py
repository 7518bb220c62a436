"""An independent checker for exact problems (task calendars, exact links, choices, latest starts).

Plain loops over slots and sets, no headway code: a task works in the slots its calendar lists
(beyond the last listed, every slot), holds its people from its start to its finish, and a
link into a finish asks start + duration >= t of it (see RcpspProblem).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any


def finish_of(work: Sequence[int] | None, start: int, duration: int) -> int:
    """The slot after the ``duration``-th working slot from ``start`` (``work`` None: every slot)."""
    if duration == 0:
        return start
    listed = set(work) if work is not None else None
    last = max(work) if work else -1
    t, done = start, 0
    while True:
        if listed is None or t in listed or t > last:
            done += 1
            if done == duration:
                return t + 1
        t += 1


def exact_violations(problem: Any, start: Sequence[int], pick: Sequence[int] = (),
                     unresolved: Sequence[int] = ()) -> list[str]:
    """Every way ``start`` (with ``pick`` per choice) breaks the exact ``problem``."""
    n = len(problem.names)
    names = list(problem.names)
    starts = [int(s) for s in start]
    cal = [int(c) for c in problem.calendar]
    need = [{k: int(u) for k, u in enumerate(row) if int(u) > 0} for row in problem.demand]
    found: list[str] = []
    for c, choice in enumerate(problem.choices):
        k = int(pick[c]) if c < len(pick) else -1
        if k not in choice.resources:
            found.append(f"{names[choice.task]}: picked {k}, not one of {choice.resources}")
            continue
        j = choice.resources.index(k)
        cal[choice.task] = choice.calendars[j]
        need[choice.task][k] = need[choice.task].get(k, 0) + choice.units[j]
    work = [[int(t) for t in w] for w in problem.work]
    durations = [int(d) for d in problem.duration]
    finish = []
    for i in range(n):
        w = work[cal[i]] if cal[i] >= 0 else None
        if durations[i] and w is not None and starts[i] not in set(w) and starts[i] <= max(w, default=-1):
            found.append(f"{names[i]} starts at {starts[i]}, outside its calendar")
        finish.append(finish_of(w, starts[i], durations[i]))
        if starts[i] < int(problem.release[i]):
            found.append(f"{names[i]} starts at {starts[i]}, before its release {int(problem.release[i])}")
        if int(problem.fixed[i]) >= 0 and starts[i] != int(problem.fixed[i]):
            found.append(f"{names[i]} starts at {starts[i]}, not at its fixed start {int(problem.fixed[i])}")
    for p, s, ff, tf, lag in zip(problem.pred, problem.succ, problem.from_finish, problem.to_finish, problem.lag,
                                 strict=True):
        p, s = int(p), int(s)
        t = (finish[p] if ff else starts[p]) + int(lag)
        if tf and starts[s] + durations[s] < t:
            found.append(f"{names[s]} starts at {starts[s]}: its finish link from {names[p]} wants {t}")
        if not tf and starts[s] < t:
            found.append(f"{names[s]} starts at {starts[s]}, before {t} (link from {names[p]})")
    skip = set(int(i) for i in unresolved)
    horizon = int(problem.capacity.shape[1])
    for k, resource in enumerate(problem.resources):
        used: dict[int, int] = {}
        for i in range(n):
            if i in skip or k not in need[i]:
                continue
            for t in range(starts[i], finish[i]):
                used[t] = used.get(t, 0) + need[i][k]
        for t, u in sorted(used.items()):
            available = int(problem.capacity[k][t]) if 0 <= t < horizon else 0
            if u > available:
                found.append(f"{resource} slot {t}: {u} used > {available} available")
    return found
