"""Reusing a schedule already computed for the very same ``Project`` object, where a caller asks for it.

A ``Project`` is immutable, so its schedule never changes. The server edits a task by building a new
project and scheduling it (to refuse an edit that cannot be scheduled), then shows that project's
schedule to the next reader: with ``reusing(memo)`` around both, the second ``schedule`` is a lookup.
Calendars are kept the same way, by their definitions (``reuse``): an edit seldom changes anyone's
calendar, so the next schedule builds none. Outside such a block (the CLI, tests, benchmarks) every
call computes afresh.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, TypeVar

from headway.engine.results import Schedule
from headway.model import Project

T = TypeVar("T")
PARTS = 1024  # calendar pieces kept: day plans, their intersections and intervals

_ACTIVE: ContextVar[ScheduleMemo | None] = ContextVar("headway_schedule_memo", default=None)


class ScheduleMemo:
    """The schedules of the last ``size`` projects, by identity; safe to share between threads."""

    def __init__(self, size: int = 4, parts: int = PARTS) -> None:
        self._size, self._max_parts = size, parts
        self._kept: OrderedDict[int, tuple[Project, Schedule]] = OrderedDict()
        self._parts: OrderedDict[Hashable, Any] = OrderedDict()
        self._made: dict[int, Hashable] = {}  # id of each kept value -> its key
        self._lock = threading.Lock()

    def get(self, project: Project, compute: Callable[[Project], Schedule]) -> Schedule:
        """The kept schedule of ``project`` (this object, not an equal one), else ``compute(project)``'s."""
        with self._lock:
            kept = self._kept.get(id(project))
            if kept is not None and kept[0] is project:  # the entry holds the project: its id is not reused
                self._kept.move_to_end(id(project))
                return kept[1]
        result = compute(project)  # outside the lock: other projects are scheduled meanwhile
        with self._lock:
            self._kept[id(project)] = (project, result)
            while len(self._kept) > self._size:
                self._kept.popitem(last=False)
        return result

    def reuse(self, key: Hashable, make: Callable[[], T]) -> T:
        """The value kept for ``key`` (equal definitions; ``Same`` for identity), else ``make()``'s."""
        with self._lock:
            if key in self._parts:
                self._parts.move_to_end(key)
                kept: T = self._parts[key]
                return kept
        value = make()
        with self._lock:
            if key not in self._parts:
                self._parts[key] = value
                self._made[id(value)] = key
            while len(self._parts) > self._max_parts:
                _, dropped = self._parts.popitem(last=False)
                self._made.pop(id(dropped), None)
            kept = self._parts[key]
        return kept

    def holds(self, value: object) -> bool:
        """Whether ``value`` is one this memo made and keeps (so keys built on it can match again)."""
        with self._lock:
            key = self._made.get(id(value))
            return key is not None and self._parts.get(key) is value

    def __len__(self) -> int:
        with self._lock:
            return len(self._kept)


@contextmanager
def reusing(memo: ScheduleMemo) -> Iterator[None]:
    """Within the block (this thread or task), ``cpm.schedule`` answers from ``memo`` when it can."""
    token = _ACTIVE.set(memo)
    try:
        yield
    finally:
        _ACTIVE.reset(token)


def active_memo() -> ScheduleMemo | None:
    """The memo of the enclosing ``reusing`` block, if any."""
    return _ACTIVE.get()


class Same:
    """A key part that matches only this very object (kept alive by the key, so its id is not reused)."""

    __slots__ = ("obj",)

    def __init__(self, obj: object) -> None:
        self.obj = obj

    def __hash__(self) -> int:
        return id(self.obj)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Same) and other.obj is self.obj


def reused(key: Hashable, make: Callable[[], T], *, built_on: tuple[object, ...] = ()) -> T:
    """``make()``, or the value the active memo keeps for ``key`` (no memo active: always ``make()``).
    ``built_on``: objects the key names by identity; unless the memo keeps them all, nothing is kept
    (a key on a passing object could never match again)."""
    memo = _ACTIVE.get()
    if memo is None or not all(memo.holds(obj) for obj in built_on):
        return make()
    return memo.reuse(key, make)
