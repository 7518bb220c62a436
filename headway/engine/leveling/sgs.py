"""Schedule-generation schemes: turn a priority order into a resource-feasible schedule.

The serial scheme takes tasks one at a time (each eligible once all its predecessors are
placed) and puts each at the earliest slot where its predecessors allow it and every
resource it needs has room for its whole duration. The parallel scheme walks time forward
and, at each decision point, starts every eligible task that fits, best priority first.
Capacity is a per-slot profile, so calendars and vacations are honoured exactly.
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from headway.engine.leveling.problem import RcpspProblem
from headway.engine.worktime import IntArray

FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True)
class Network:
    """Precedence structure of a problem as adjacency lists, prepared once per problem."""

    preds: tuple[tuple[tuple[int, int], ...], ...]  # per task: (predecessor, delay)
    succs: tuple[tuple[tuple[int, int], ...], ...]  # per task: (successor, delay)
    users: tuple[tuple[int, ...], ...]              # per task: resources it needs
    fixed: tuple[int, ...]

    @staticmethod
    def of(problem: RcpspProblem) -> Network:
        n = problem.tasks
        preds: list[list[tuple[int, int]]] = [[] for _ in range(n)]
        succs: list[list[tuple[int, int]]] = [[] for _ in range(n)]
        for p, s, d in zip(problem.pred.tolist(), problem.succ.tolist(), problem.delay.tolist(), strict=True):
            preds[s].append((p, d))
            succs[p].append((s, d))
        users = tuple(tuple(np.flatnonzero(problem.demand[i] > 0).tolist()) for i in range(n))
        return Network(tuple(map(tuple, preds)), tuple(map(tuple, succs)), users,
                       tuple(problem.fixed.tolist()))


class Profile:
    """Remaining capacity per resource and slot; grows past the horizon when needed."""

    def __init__(self, problem: RcpspProblem) -> None:
        self.free = problem.capacity.astype(np.int64).copy()
        self.demand = problem.demand

    def _ensure(self, end: int) -> None:
        if end > self.free.shape[1]:
            extra = max(end - self.free.shape[1], self.free.shape[1])
            self.free = np.concatenate([self.free, np.zeros((self.free.shape[0], extra), np.int64)], axis=1)

    def earliest_fit(self, task: int, users: tuple[int, ...], duration: int, earliest: int) -> int:
        """First slot ≥ ``earliest`` where ``task`` fits for ``duration`` slots, or -1 if never."""
        if duration == 0 or not users:
            return earliest
        need = self.demand[task, list(users)][:, None]
        window = max(4 * duration, 64)
        lo = earliest
        while lo < self.free.shape[1]:
            hi = min(lo + window + duration, self.free.shape[1])
            ok: npt.NDArray[np.bool_] = np.asarray((self.free[list(users), lo:hi] >= need).all(axis=0))
            if len(ok) >= duration:
                bad = np.concatenate(([0], np.cumsum(~ok)))
                fits = np.flatnonzero(bad[duration:] == bad[:-duration])
                if fits.size:
                    return lo + int(fits[0])
            if hi == self.free.shape[1]:
                return -1
            lo = hi - duration + 1
            window *= 2
        return -1

    def fits_at(self, task: int, users: tuple[int, ...], duration: int, start: int) -> bool:
        if duration == 0 or not users:
            return True
        if start + duration > self.free.shape[1]:
            return False
        need = self.demand[task, list(users)][:, None]
        return bool((self.free[list(users), start:start + duration] >= need).all())

    def book(self, task: int, users: tuple[int, ...], duration: int, start: int) -> None:
        if duration and users:
            self._ensure(start + duration)
            rows = list(users)
            self.free[rows, start:start + duration] -= self.demand[task, rows][:, None]


class ListProfile:
    """The same as ``Profile`` on Python lists: faster when tasks span only a few slots."""

    def __init__(self, problem: RcpspProblem) -> None:
        self.free: list[list[int]] = problem.capacity.astype(np.int64).tolist()
        self.demand: list[list[int]] = problem.demand.tolist()

    def _ensure(self, end: int) -> None:
        for row in self.free:
            if len(row) < end:
                row.extend([0] * (end - len(row)))

    def earliest_fit(self, task: int, users: tuple[int, ...], duration: int, earliest: int) -> int:
        """First slot ≥ ``earliest`` where ``task`` fits for ``duration`` slots, or -1 if never."""
        if duration == 0 or not users:
            return earliest
        need = self.demand[task]
        horizon = len(self.free[0])
        t = earliest
        while t + duration <= horizon:
            clash = -1
            for k in users:  # the latest slot in the window short of capacity, if any
                row, want = self.free[k], need[k]
                for j in range(t + duration - 1, max(t, clash + 1) - 1, -1):
                    if row[j] < want:
                        clash = j
                        break
            if clash < 0:
                return t
            t = clash + 1
        return -1

    def fits_at(self, task: int, users: tuple[int, ...], duration: int, start: int) -> bool:
        if duration == 0 or not users:
            return True
        if start + duration > len(self.free[0]):
            return False
        need = self.demand[task]
        return all(min(self.free[k][start:start + duration]) >= need[k] for k in users)

    def book(self, task: int, users: tuple[int, ...], duration: int, start: int) -> None:
        if duration and users:
            if start + duration > len(self.free[0]):
                self._ensure(start + duration)
            need = self.demand[task]
            for k in users:
                row, want = self.free[k], need[k]
                for j in range(start, start + duration):
                    row[j] -= want


def make_profile(problem: RcpspProblem) -> Profile | ListProfile:
    """Python lists for short tasks (less overhead), NumPy windows for long ones."""
    return ListProfile(problem) if int(problem.duration.max(initial=0)) <= 48 else Profile(problem)


def _place_fixed(problem: RcpspProblem, net: Network) -> tuple[Profile | ListProfile, list[int]]:
    """A fresh profile with the fixed tasks booked: they hold their slot whatever else happens."""
    profile = make_profile(problem)
    start = [-1] * problem.tasks
    dur = problem.duration.tolist()
    for i, f in enumerate(net.fixed):
        if f >= 0:
            start[i] = f
            profile.book(i, net.users[i], dur[i], f)
    return profile, start


def serial(problem: RcpspProblem, net: Network, order_key: FloatArray) -> IntArray:
    """Serial SGS: lowest ``order_key`` first among tasks whose predecessors are placed."""
    n = problem.tasks
    dur, release = problem.duration.tolist(), problem.release.tolist()
    profile, start = _place_fixed(problem, net)
    waiting = [len(p) for p in net.preds]
    key = order_key.tolist()
    heap = [(key[i], i) for i in range(n) if waiting[i] == 0 and start[i] < 0]
    for i in range(n):
        if start[i] >= 0:
            _release_successors(i, net, waiting, start, heap, key)
    heapq.heapify(heap)
    while heap:
        _, i = heapq.heappop(heap)
        if start[i] >= 0:
            continue
        earliest = max([release[i]] + [start[p] + d for p, d in net.preds[i]])
        at = profile.earliest_fit(i, net.users[i], dur[i], max(earliest, 0))
        if at < 0:
            raise ValueError(f"task {problem.names[i]!r} needs more than any slot offers")
        start[i] = at
        profile.book(i, net.users[i], dur[i], at)
        _release_successors(i, net, waiting, start, heap, key)
    return np.array(start, np.int64)


def _release_successors(i: int, net: Network, waiting: list[int], start: list[int],
                        heap: list[tuple[float, int]], key: list[float]) -> None:
    for s, _ in net.succs[i]:
        waiting[s] -= 1
        if waiting[s] == 0 and start[s] < 0:
            heapq.heappush(heap, (key[s], s))


def parallel(problem: RcpspProblem, net: Network, order_key: FloatArray) -> IntArray:
    """Parallel SGS: at each decision time start every eligible task that fits, best key first."""
    n = problem.tasks
    dur, release = problem.duration.tolist(), problem.release.tolist()
    profile, start = _place_fixed(problem, net)
    waiting = [len(p) for p in net.preds]
    key = order_key.tolist()
    placed = sum(1 for s in start if s >= 0)
    ready: list[tuple[float, int]] = []
    for i in range(n):
        if start[i] >= 0:
            _release_successors(i, net, waiting, start, ready, key)
    ready += [(key[i], i) for i in range(n) if waiting[i] == 0 and start[i] < 0]
    t = 0
    give_up = problem.horizon + int(problem.duration.sum()) + int(problem.release.max(initial=0)) + 1
    while placed < n:
        if t > give_up:
            raise ValueError("no room left for some tasks before the horizon")
        ready.sort()
        nxt: list[int] = []
        still: list[tuple[float, int]] = []
        for k, i in ready:
            if start[i] >= 0:
                continue
            earliest = max([release[i]] + [start[p] + d for p, d in net.preds[i]])
            if earliest <= t and profile.fits_at(i, net.users[i], dur[i], t):
                start[i] = t
                placed += 1
                profile.book(i, net.users[i], dur[i], t)
                released: list[tuple[float, int]] = []
                _release_successors(i, net, waiting, start, released, key)
                still += released
                nxt.append(t + max(dur[i], 1))
            else:
                still.append((k, i))
                nxt.append(max(earliest, t + 1))
        ready = still
        t = min(nxt) if nxt else t + 1
        if not ready and placed < n:
            raise ValueError("tasks left that can never become eligible")
    return np.array(start, np.int64)
