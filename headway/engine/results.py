"""Immutable results of scheduling: a ``Schedule`` of ``ScheduledTask`` values."""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TypeVar, overload

from headway.model import Duration, LinkType, Problem


class DriverKind(enum.Enum):
    """What fixes a task's early start."""

    PROJECT_START = "project_start"
    LINK = "link"
    CONSTRAINT = "constraint"
    STATUS_DATE = "status_date"
    ACTUAL_START = "actual_start"  # progress: the task started then
    SUMMARY = "summary"
    LEVELING = "leveling"


@dataclass(frozen=True, slots=True)
class Driver:
    """Why a task starts when it does.

    For a ``LINK`` driver, ``predecessor`` is the task the link was written on (maybe a
    summary) and ``via`` the leaf task whose date actually drove it. ``date`` is the
    instant the driver imposes before the task's calendar is applied; when the task starts
    later than the project calendar would allow, ``calendar_gap`` is set: the task's own
    calendar (holidays, vacations, part-time) made the gap.
    """

    kind: DriverKind
    date: dt.datetime
    predecessor: str | None = None
    via: str | None = None
    link_type: LinkType | None = None
    lag: Duration | None = None
    constraint: str | None = None
    calendar_gap: bool = False
    waited_for: str | None = None  # leveling: the resources and tasks it waited for


@dataclass(frozen=True, slots=True)
class ScheduledTask:
    """One task's computed dates (local date-times) and floats (working minutes)."""

    id: str
    name: str
    parent: str | None
    summary: bool
    milestone: bool
    wbs: str
    level: int
    start: dt.datetime
    finish: dt.datetime
    early_start: dt.datetime
    early_finish: dt.datetime
    late_start: dt.datetime
    late_finish: dt.datetime
    duration_minutes: int
    work_minutes: int
    total_float_minutes: int
    free_float_minutes: int
    critical: bool
    calendar: str
    resources: tuple[str, ...] = ()
    deadline: dt.datetime | None = None
    driver: Driver | None = None
    percent_complete: float = 0.0  # 0..1, duration-weighted for summaries
    actual_start: dt.datetime | None = None
    actual_finish: dt.datetime | None = None
    remaining_minutes: int | None = None  # working minutes still to go (None: not computed)
    source_uid: str | None = None  # the id the tool it was imported from gave it


@dataclass(frozen=True, slots=True)
class ScheduledLink:
    """A link between two scheduled tasks (as written) and whether it drives the successor."""

    predecessor: str
    successor: str
    type: LinkType
    lag: Duration
    driving: bool


T = TypeVar("T")


class LazySequence(Sequence[T]):
    """An immutable sequence whose items are built on first access.

    Scheduling 100k tasks takes well under a second; building 100k result objects would
    take longer than that, and most callers only read a few of them.
    """

    __slots__ = ("_items", "_make")

    def __init__(self, length: int, make: Callable[[int], T]) -> None:
        self._items: list[T | None] = [None] * length
        self._make = make

    def __len__(self) -> int:
        return len(self._items)

    @overload
    def __getitem__(self, index: int) -> T: ...
    @overload
    def __getitem__(self, index: slice) -> list[T]: ...

    def __getitem__(self, index: int | slice) -> T | list[T]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        item = self._items[index]
        if item is None:
            i = index + len(self) if index < 0 else index
            item = self._items[i] = self._make(i)
        return item

    def __iter__(self) -> Iterator[T]:
        return (self[i] for i in range(len(self)))

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Sequence) and len(self) == len(other) and all(
            a == b for a, b in zip(self, other, strict=True))

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"LazySequence({len(self)} items)"


@dataclass(frozen=True, slots=True)
class Schedule:
    """A computed schedule: project dates, tasks in WBS order, critical path, findings."""

    project_name: str
    start: dt.datetime
    finish: dt.datetime
    duration_minutes: int
    tasks: Sequence[ScheduledTask]
    links: Sequence[ScheduledLink]
    critical_path: tuple[str, ...]
    status_date: dt.datetime | None = None
    days_off: frozenset[dt.date] = frozenset()
    minutes_per_day: int = 480
    problems: tuple[Problem, ...] = ()
    _index: dict[str, int] = field(default_factory=dict, compare=False, repr=False)

    task_ids: Sequence[str] = field(default=(), compare=False, repr=False)

    def _positions(self) -> dict[str, int]:
        if not self._index and self.tasks:
            ids = self.task_ids or [t.id for t in self.tasks]
            self._index.update({tid: i for i, tid in enumerate(ids)})
        return self._index

    def task(self, task_id: str) -> ScheduledTask:
        """The scheduled task with ``task_id``; KeyError if absent."""
        return self.tasks[self._positions()[task_id]]

    def __contains__(self, task_id: object) -> bool:
        return task_id in self._positions()
