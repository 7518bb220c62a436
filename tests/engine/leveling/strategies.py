"""Random leveling problems (hypothesis) and an exact brute-force solver for tiny ones.

Problems are built around a schedule known to be valid (a serial pass in a random
precedence order), so every drawn instance is feasible even with time-varying capacity,
releases and fixed starts, and the horizon is only a little longer than that schedule.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from hypothesis import strategies as st

from headway.engine.leveling.problem import Choice, RcpspProblem
from tests.engine.leveling.validator import makespan, violations

LINK_TYPES = ("FS", "SS", "FF", "SF")


def link_delay(kind: str, lag: int, d_pred: int, d_succ: int) -> int:
    """The start-to-start delay of a link of ``kind`` with ``lag`` (see problem.py)."""
    return {"FS": d_pred + lag, "SS": lag, "FF": d_pred - d_succ + lag, "SF": lag - d_succ}[kind]


@st.composite
def problems(draw: st.DrawFn, max_tasks: int = 12, max_resources: int = 3, max_duration: int = 6,
             fixed: bool = True, tight: bool = False) -> RcpspProblem:
    """A random feasible RcpspProblem: a DAG of mixed link types and lags, demands within
    capacity, some slots of reduced capacity ("vacations"), releases and fixed starts.

    The horizon leaves room for a serial pass in any precedence order (placing fixed tasks
    first); with ``tight`` it ends 0-4 slots after one valid schedule, so some orders do not fit.
    """
    n = draw(st.integers(1, max_tasks))
    r = draw(st.integers(1, max_resources))
    order = draw(st.permutations(range(n)))  # order[k] is the task at topological position k
    duration = [draw(st.integers(0, max_duration)) for _ in range(n)]
    base = [draw(st.integers(1, 5)) for _ in range(r)]
    demand = [[draw(st.integers(0, base[k])) if draw(st.booleans()) else 0 for k in range(r)] for _ in range(n)]
    pred, succ, delay = [], [], []
    for k in range(1, n):
        for j in draw(st.lists(st.integers(max(0, k - 5), k - 1), max_size=3, unique=True)):
            p, s = order[j], order[k]
            kind = draw(st.sampled_from(LINK_TYPES))
            lag = draw(st.integers(-3, 3))
            pred.append(p)
            succ.append(s)
            delay.append(link_delay(kind, lag, duration[p], duration[s]))
    release = [draw(st.integers(0, 6)) if draw(st.integers(0, 3)) == 0 else 0 for _ in range(n)]
    room = sum(duration) + sum(max(d, 0) for d in delay) + max(release) + 32
    capacity = [[base[k]] * room for k in range(r)]
    windows_end = 0
    for _ in range(draw(st.integers(0, 3))):
        k = draw(st.integers(0, r - 1))
        begin, length = draw(st.integers(0, 25)), draw(st.integers(1, 6))
        reduced = draw(st.integers(0, base[k] - 1))
        windows_end = max(windows_end, begin + length)
        for t in range(begin, begin + length):
            capacity[k][t] = min(capacity[k][t], reduced)
    draft = _problem(n, r, duration, demand, capacity, pred, succ, delay, release, [-1] * n)
    start = serial_schedule(draft, [order[k] for k in range(n)])
    horizon = max(1, makespan(draft, start) + draw(st.integers(0, 4)))
    if not tight:  # room for a serial pass in any precedence order, fixed tasks first
        horizon = max(horizon, max(release), windows_end) + sum(max(d, 0) for d in delay) + sum(duration) + 1
    pinned = [-1] * n
    if fixed:
        for i in draw(st.lists(st.integers(0, n - 1), max_size=2, unique=True)):
            pinned[i] = start[i]
    capacity = [(row + [row[-1]] * horizon)[:horizon] for row in capacity]
    return _problem(n, r, duration, demand, capacity, pred, succ, delay, release, pinned)


def _problem(n: int, r: int, duration: list[int], demand: list[list[int]], capacity: list[list[int]],
             pred: list[int], succ: list[int], delay: list[int], release: list[int], fixed: list[int]) -> RcpspProblem:
    return RcpspProblem(
        names=tuple(f"t{i}" for i in range(n)),
        duration=np.array(duration, np.int64),
        demand=np.array(demand, np.int64).reshape(n, r),
        resources=tuple(f"r{k}" for k in range(r)),
        capacity=np.array(capacity, np.int64).reshape(r, -1),
        pred=np.array(pred, np.int64),
        succ=np.array(succ, np.int64),
        delay=np.array(delay, np.int64),
        release=np.array(release, np.int64),
        fixed=np.array(fixed, np.int64),
    )


def serial_schedule(problem: RcpspProblem, order: Sequence[int]) -> list[int]:
    """Place tasks one by one in ``order`` (predecessors first) at the earliest slot that fits.

    Fixed tasks go at their fixed start (assumed to fit). A task without demand may run past
    the horizon; one with demand must fit before it, else ValueError.
    """
    n, r = problem.tasks, len(problem.resources)
    horizon = problem.horizon
    free = [[int(c) for c in problem.capacity[k]] for k in range(r)]
    start = [-1] * n
    for i in order:
        earliest = int(problem.release[i])
        for p, s, d in zip(problem.pred, problem.succ, problem.delay, strict=True):
            if int(s) == i:
                if start[int(p)] < 0:
                    raise ValueError(f"task {int(p)} is not placed before its successor {i}")
                earliest = max(earliest, start[int(p)] + int(d))
        dur, need = int(problem.duration[i]), [int(x) for x in problem.demand[i]]
        t = int(problem.fixed[i]) if problem.fixed[i] >= 0 else earliest
        while any(need) and dur and not _fits(free, need, t, dur, horizon):
            t += 1
            if t + dur > horizon:
                raise ValueError(f"task {i} does not fit before the horizon {horizon}")
        if any(need):
            for k in range(r):
                for u in range(t, t + dur):
                    free[k][u] -= need[k]
        start[i] = t
    return start


def _fits(free: list[list[int]], need: list[int], t: int, dur: int, horizon: int) -> bool:
    if t < 0 or t + dur > horizon:
        return False
    return all(free[k][u] >= need[k] for k in range(len(need)) for u in range(t, t + dur))


def topological_order(problem: RcpspProblem) -> list[int]:
    """Tasks with every predecessor before its successors (smallest index first)."""
    n = problem.tasks
    indegree = [0] * n
    for s in problem.succ:
        indegree[int(s)] += 1
    order: list[int] = []
    ready = sorted(i for i in range(n) if indegree[i] == 0)
    while ready:
        i = ready.pop(0)
        order.append(i)
        for p, s in zip(problem.pred, problem.succ, strict=True):
            if int(p) == i:
                indegree[int(s)] -= 1
                if indegree[int(s)] == 0:
                    ready.append(int(s))
    return order


def brute_force_schedule(problem: RcpspProblem) -> tuple[int, list[int]] | None:
    """An optimal (makespan, starts) by exhaustive search, or None if none exists.

    Depth-first over tasks in precedence order, trying every start slot up to the horizon;
    branches are cut by the best makespan so far and a critical-path bound. Tasks without
    demand only ever take their earliest slot (a later one can only delay successors).
    Meant for at most 6 or 7 tasks.
    """
    n, r = problem.tasks, len(problem.resources)
    horizon = problem.horizon
    order = topological_order(problem)
    dur = [int(d) for d in problem.duration]
    need = [[int(x) for x in row] for row in problem.demand]
    edges = [(int(p), int(s), int(d)) for p, s, d in zip(problem.pred, problem.succ, problem.delay, strict=True)]
    tail = dur[:]  # longest start-to-end distance of the rest of the project from each task
    for i in reversed(order):
        tail[i] = max([dur[i]] + [d + tail[s] for p, s, d in edges if p == i])
    free = [[int(c) for c in problem.capacity[k]] for k in range(r)]
    start = [-1] * n
    best: list[tuple[int, list[int]]] = []

    def bound(pos: int, span: int) -> int:
        est = {}
        lb = span
        for i in order[pos:]:
            e = max([int(problem.release[i])] + [(start[p] if start[p] >= 0 else est[p]) + d
                                                 for p, s, d in edges if s == i])
            est[i] = e if problem.fixed[i] < 0 else int(problem.fixed[i])
            lb = max(lb, est[i] + tail[i])
        return lb

    def dfs(pos: int, span: int) -> None:
        if pos == n:
            if not best or span < best[0][0]:
                best[:] = [(span, start[:])]
            return
        if best and bound(pos, span) >= best[0][0]:
            return
        i = order[pos]
        earliest = max([int(problem.release[i])] + [start[p] + d for p, s, d in edges if s == i])
        if problem.fixed[i] >= 0:
            candidates = [int(problem.fixed[i])] if problem.fixed[i] >= earliest else []
        elif any(need[i]) and dur[i]:
            candidates = list(range(earliest, horizon - dur[i] + 1))
        else:
            candidates = [earliest]
        for t in candidates:
            if best and max(span, t + tail[i]) >= best[0][0]:
                break
            busy = any(need[i]) and dur[i] > 0
            if busy and not _fits(free, need[i], t, dur[i], horizon):
                continue
            _take(free, need[i], t, dur[i] if busy else 0, -1)
            start[i] = t
            dfs(pos + 1, max(span, t + dur[i]))
            start[i] = -1
            _take(free, need[i], t, dur[i] if busy else 0, +1)

    dfs(0, 0)
    return best[0] if best else None


def _take(free: list[list[int]], need: list[int], t: int, dur: int, sign: int) -> None:
    for k in range(len(need)):
        for u in range(t, t + dur):
            free[k][u] += sign * need[k]


def brute_force_makespan(problem: RcpspProblem) -> int:
    """The optimal makespan of a tiny feasible problem, by exhaustive search (see above)."""
    found = brute_force_schedule(problem)
    if found is None:
        raise ValueError("the problem has no valid schedule")
    assert not violations(problem, found[1]), violations(problem, found[1])
    return found[0]


@st.composite
def exact_problems(draw: st.DrawFn, max_tasks: int = 10, max_resources: int = 3) -> RcpspProblem:
    """A random exact problem: tasks on random calendars, links of every type with lags into
    starts and finishes, choices between people (each with its own calendar), releases.

    Capacity is constant and the horizon generous, so every precedence order fits."""
    n = draw(st.integers(1, max_tasks))
    r = draw(st.integers(1, max_resources))
    ncal = draw(st.integers(0, 3))
    duration = [draw(st.integers(0, 5)) for _ in range(n)]
    capacity_of = [draw(st.integers(1, 4)) for _ in range(r)]
    horizon = 8 * (sum(duration) + 3 * n + 10)
    work = [np.array(sorted(draw(st.sets(st.integers(0, horizon - 1), min_size=horizon // 3,
                                           max_size=horizon // 3 + 2))), np.int64) for _ in range(ncal)]
    calendar = [draw(st.integers(-1, ncal - 1)) for _ in range(n)]
    demand = [[draw(st.integers(0, capacity_of[k])) if draw(st.booleans()) else 0 for k in range(r)]
              for _ in range(n)]
    pred, succ, lag, from_finish, to_finish, delay = [], [], [], [], [], []
    for s in range(1, n):
        for p in draw(st.lists(st.integers(max(0, s - 4), s - 1), max_size=2, unique=True)):
            kind = draw(st.sampled_from(LINK_TYPES))
            lg = draw(st.integers(-2, 3))
            pred.append(p)
            succ.append(s)
            lag.append(lg)
            from_finish.append(kind[0] == "F")
            to_finish.append(kind[1] == "F")
            delay.append(link_delay(kind, lg, duration[p], duration[s]))
    choices = []
    for i in draw(st.lists(st.integers(0, n - 1), max_size=3, unique=True)):
        room = [k for k in range(r) if demand[i][k] < capacity_of[k]]
        if not room:
            continue
        options = draw(st.lists(st.sampled_from(room), min_size=1, max_size=len(room), unique=True))
        choices.append(Choice(i, tuple(options),
                              tuple(draw(st.integers(1, capacity_of[k] - demand[i][k])) for k in options),
                              tuple(draw(st.integers(-1, ncal - 1)) for _ in options)))
    choices.sort(key=lambda c: c.task)
    release = [draw(st.integers(0, 6)) if draw(st.integers(0, 3)) == 0 else 0 for _ in range(n)]
    return RcpspProblem(
        names=tuple(f"t{i}" for i in range(n)), duration=np.array(duration, np.int64),
        demand=np.array(demand, np.int64).reshape(n, r), resources=tuple(f"r{k}" for k in range(r)),
        capacity=np.repeat(np.array(capacity_of, np.int64)[:, None], horizon, axis=1),
        pred=np.array(pred, np.int64), succ=np.array(succ, np.int64), delay=np.array(delay, np.int64),
        release=np.array(release, np.int64), calendar=np.array(calendar, np.int64), work=tuple(work),
        lag=np.array(lag, np.int64), from_finish=np.array(from_finish, bool), to_finish=np.array(to_finish, bool),
        choices=tuple(choices))
