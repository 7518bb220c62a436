"""The serial scheme for exact problems: task calendars, exact links, choices, latest starts.

Tasks are taken in priority order once all their predecessors are placed. Each goes to the
earliest start its links allow where every resource it needs has room in each slot its
calendar works; a task with a choice of people tries each and keeps the earliest finish. A
task that may not start after ``latest`` (leveling within float) and finds no room by then
starts as early as its links allow and is reported as left over-allocated.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from headway.engine.leveling.problem import RcpspProblem
from headway.engine.leveling.sgs import FloatArray
from headway.engine.worktime import IntArray

Need = tuple[tuple[int, int], ...]  # (resource, units) pairs
Option = tuple[Need, int, int]  # what the task needs, its calendar, the picked resource (-1 none)


@dataclass(frozen=True)
class ExactNetwork:
    """Links, needs and options of an exact problem as Python lists, prepared once."""

    preds: tuple[tuple[tuple[int, bool, bool, int], ...], ...]  # (predecessor, from_finish, to_finish, lag)
    succs: tuple[tuple[int, ...], ...]
    options: tuple[tuple[Option, ...], ...]
    choice_of: dict[int, int]  # task -> index of its choice

    @staticmethod
    def of(problem: RcpspProblem) -> ExactNetwork:
        n = problem.tasks
        preds: list[list[tuple[int, bool, bool, int]]] = [[] for _ in range(n)]
        succs: list[list[int]] = [[] for _ in range(n)]
        for p, s, ff, tf, lag in zip(problem.pred.tolist(), problem.succ.tolist(), problem.from_finish.tolist(),
                                     problem.to_finish.tolist(), problem.lag.tolist(), strict=True):
            preds[s].append((p, ff, tf, lag))
            succs[p].append(s)
        demand = problem.demand.tolist()
        peak = problem.capacity.max(axis=1, initial=0).tolist()
        base: list[Need] = [tuple((k, u) for k, u in enumerate(row) if u > 0) for row in demand]
        cal = problem.calendar.tolist()
        options: list[tuple[Option, ...]] = [((base[i], cal[i], -1),) for i in range(n)]
        choice_of = {}
        for c, choice in enumerate(problem.choices):
            i = choice.task
            choice_of[i] = c
            every = [(_merge(base[i], k, u), ck, k)
                     for k, u, ck in zip(choice.resources, choice.units, choice.calendars, strict=True)]
            can = [o for o in every if all(units <= peak[r] for r, units in o[0])]  # others never fit
            options[i] = tuple(can or every)
        return ExactNetwork(tuple(map(tuple, preds)), tuple(map(tuple, succs)), tuple(options), choice_of)


def _merge(need: Need, k: int, units: int) -> Need:
    merged = dict(need)
    merged[k] = merged.get(k, 0) + units
    return tuple(sorted(merged.items()))


@dataclass(frozen=True)
class ExactSchedule:
    """What the serial scheme decided: starts, finishes, picks per choice, tasks left over-allocated."""

    start: IntArray
    finish: IntArray
    pick: IntArray
    unresolved: tuple[int, ...]


class _Grid:
    """Free capacity per resource and slot, and each calendar's working slots."""

    def __init__(self, problem: RcpspProblem) -> None:
        self.free: list[list[int]] = problem.capacity.astype(np.int64).tolist()
        self.horizon = problem.horizon
        self.work = problem.work

    def span(self, cal: int, first: int, count: int) -> tuple[int, int] | None:
        """Slots [start, end) of ``count`` working slots of ``cal`` from position ``first``
        (None past the horizon). A task holds its people over its whole span."""
        start = self.slot_at(cal, first)
        end = self.slot_at(cal, first + count - 1) + 1
        return (start, end) if end <= self.horizon else None

    def position(self, cal: int, t: int) -> int:
        """Index of the first working slot of ``cal`` at or after ``t``."""
        if cal < 0:
            return t
        work = self.work[cal]
        if len(work) and t > work[-1]:
            return len(work) + t - int(work[-1]) - 1
        return int(np.searchsorted(work, t))

    def slot_at(self, cal: int, pos: int) -> int:
        """The slot of working position ``pos`` (past the list, every slot works)."""
        if cal < 0:
            return pos
        work = self.work[cal]
        if pos < len(work):
            return int(work[pos])
        return (int(work[-1]) if len(work) else -1) + pos - len(work) + 1

    def fit(self, need: Need, cal: int, duration: int, first: int) -> int:
        """The first position ≥ ``first`` where ``need`` fits for ``duration`` working slots, or -1."""
        pos = first
        while True:
            span = self.span(cal, pos, duration)
            if span is None:
                return -1
            start, end = span
            clash = -1
            for k, units in need:
                row = self.free[k]
                for t in range(end - 1, max(start, clash + 1) - 1, -1):
                    if row[t] < units:
                        clash = t
                        break
            if clash < 0:
                return pos
            pos = max(self.position(cal, clash + 1), pos + 1)

    def book(self, need: Need, cal: int, duration: int, pos: int) -> None:
        span = self.span(cal, pos, duration)
        if span is None:
            raise ValueError("a task runs past the horizon")
        for k, units in need:
            row = self.free[k]
            for t in range(*span):
                row[t] -= units


def serial_exact(problem: RcpspProblem, net: ExactNetwork, order_key: FloatArray) -> ExactSchedule:
    """Serial SGS on task calendars; lowest ``order_key`` first among tasks whose predecessors are placed."""
    n = problem.tasks
    dur, release = problem.duration.tolist(), problem.release.tolist()
    fixed, latest = problem.fixed.tolist(), problem.latest.tolist()
    grid = _Grid(problem)
    start, finish = [-1] * n, [-1] * n
    pick = [-1] * len(problem.choices)
    unresolved: list[int] = []
    for i in range(n):  # fixed tasks hold their slots whatever else happens
        if fixed[i] >= 0:
            need, cal, k = net.options[i][0]
            pos = grid.position(cal, fixed[i]) if dur[i] else fixed[i]
            start[i], finish[i] = _place(grid, need, cal, dur[i], pos, fixed[i])
            if i in net.choice_of:
                pick[net.choice_of[i]] = k
    waiting = [len(p) for p in net.preds]
    key = order_key.tolist()
    heap = [(key[i], i) for i in range(n) if waiting[i] == 0 and start[i] < 0]
    heapq.heapify(heap)
    for i in range(n):
        if start[i] >= 0:
            _release(i, net, waiting, start, heap, key)
    while heap:
        _, i = heapq.heappop(heap)
        if start[i] >= 0:
            continue
        best: tuple[bool, int, int, int] | None = None  # over-allocated, finish, option, position
        for o, (need, cal, _) in enumerate(net.options[i]):
            first = _earliest_position(grid, net, i, cal, dur[i], release[i], start, finish)
            pos = grid.fit(need, cal, dur[i], first) if dur[i] and need else first
            late = pos < 0 or (latest[i] >= 0 and _start_of(grid, cal, dur[i], pos)
                               > max(latest[i], _start_of(grid, cal, dur[i], first)))
            if late and latest[i] >= 0:
                pos = first  # leveling within float: it stays put, over-allocated
            elif pos < 0:
                continue
            candidate = (late, _end_of(grid, cal, dur[i], pos), o, pos)
            if best is None or candidate < best:
                best = candidate
        if best is None:
            raise ValueError(f"task {problem.names[i]!r} finds no room before the horizon")
        if best[0]:
            unresolved.append(i)
        _, _, o, pos = best
        need, cal, k = net.options[i][o]
        start[i], finish[i] = _place(grid, need, cal, dur[i], pos, None)
        if i in net.choice_of:
            pick[net.choice_of[i]] = k
        _release(i, net, waiting, start, heap, key)
    if min(start, default=0) < 0:
        raise ValueError("tasks left that can never become eligible")
    return ExactSchedule(np.array(start, np.int64), np.array(finish, np.int64), np.array(pick, np.int64),
                         tuple(unresolved))


def _start_of(grid: _Grid, cal: int, duration: int, pos: int) -> int:
    return grid.slot_at(cal, pos) if duration else pos


def _end_of(grid: _Grid, cal: int, duration: int, pos: int) -> int:
    return grid.slot_at(cal, pos + duration - 1) + 1 if duration else pos


def _place(grid: _Grid, need: Need, cal: int, duration: int, pos: int, at: int | None) -> tuple[int, int]:
    """Book the task at position ``pos``; its start and finish slots (``at`` forces a fixed start)."""
    if duration == 0:
        return (at if at is not None else pos), (at if at is not None else pos)
    if need:
        grid.book(need, cal, duration, pos)
    return (at if at is not None else grid.slot_at(cal, pos)), _end_of(grid, cal, duration, pos)


def _earliest_position(grid: _Grid, net: ExactNetwork, i: int, cal: int, duration: int, release: int,
                       start: list[int], finish: list[int]) -> int:
    """The first position (a slot for milestones) the task's release and links allow."""
    from_start = release
    to_finish = -(1 << 62)
    for p, ff, tf, lag in net.preds[i]:
        t = (finish[p] if ff else start[p]) + lag
        if tf:
            to_finish = max(to_finish, t)
        else:
            from_start = max(from_start, t)
    from_start = max(from_start, 0)
    if duration == 0:
        return max(from_start, to_finish)
    pos = grid.position(cal, from_start)
    if to_finish > -(1 << 62):  # start + duration >= t (see RcpspProblem: links to a finish)
        pos = max(pos, grid.position(cal, to_finish - duration))
    return max(pos, 0)


def _release(i: int, net: ExactNetwork, waiting: list[int], start: list[int], heap: list[tuple[float, int]],
             key: list[float]) -> None:
    for s in net.succs[i]:
        waiting[s] -= 1
        if waiting[s] == 0 and start[s] < 0:
            heapq.heappush(heap, (key[s], s))


def reversed_exact(problem: RcpspProblem) -> RcpspProblem:
    """Time runs backwards from the horizon: finishes become starts, calendars and links mirror.

    A forward link from the predecessor's start (finish) to the successor's finish (start)
    becomes a backward link from the successor's start (finish) to the predecessor's finish
    (start). Releases, latest starts and due dates are dropped: the backward pass only orders.
    """
    h = problem.horizon
    work = tuple(np.ascontiguousarray((h - 1 - w[w < h])[::-1]) for w in problem.work)  # still sorted
    from_finish, to_finish = ~problem.to_finish, ~problem.from_finish
    d = problem.duration
    delay = problem.lag + np.where(from_finish, d[problem.succ], 0) - np.where(to_finish, d[problem.pred], 0)
    n = problem.tasks
    return RcpspProblem(
        names=problem.names, duration=d, demand=problem.demand, resources=problem.resources,
        capacity=np.ascontiguousarray(problem.capacity[:, ::-1]), pred=problem.succ, succ=problem.pred,
        delay=delay, release=np.zeros(n, np.int64), priority=problem.priority, calendar=problem.calendar,
        work=work, lag=problem.lag, from_finish=from_finish, to_finish=to_finish, choices=problem.choices)


def justify_exact(problem: RcpspProblem, net: ExactNetwork, back: RcpspProblem, back_net: ExactNetwork,
                  found: ExactSchedule, order: Callable[[FloatArray], FloatArray], rounds: int = 2) -> ExactSchedule:
    """Forward-backward improvement on calendars: pack right, then left again, while it helps.

    ``order`` turns a key into the serial scheme's order (it puts task priorities first).
    """
    best = found
    tie = np.arange(problem.tasks) * 1e-6
    for _ in range(rounds):
        try:
            rev = serial_exact(back, back_net, -best.finish.astype(float) + tie)
            left = serial_exact(problem, net, order((problem.horizon - rev.finish).astype(float) + tie))
        except ValueError:  # no room within the horizon this way round
            break
        if left.unresolved or left.finish.max(initial=0) >= best.finish.max(initial=0):
            break
        best = left
    return best

