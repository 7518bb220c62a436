"""Working-time arithmetic on precomputed interval arrays.

Instants are integer minutes since the axis origin (local wall-clock midnight), so daylight
saving changes never alter working hours. A calendar is a sorted array of working intervals
``[start, end)`` with the working minutes completed before each; every conversion is a
binary search (``numpy.searchsorted``), vectorised over many tasks and calendars at once.

Conventions, for a calendar ``c`` (``w`` counts working minutes from the origin):

- ``to_work(t)``: working minutes completed by instant ``t``;
- ``start_of(w)``: the instant working minute ``w`` begins (a task starting at index ``w``);
- ``end_of(w)``: the instant the ``w``-th working minute ends (a task finishing at ``w``),
  so a 3-day task from Monday 08:00 ends Wednesday 17:00, not Thursday 08:00.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

IntArray = npt.NDArray[np.int64]


@dataclass(frozen=True)
class Intervals:
    """The working intervals of one calendar on the minute axis (sorted, non-empty, disjoint)."""

    starts: IntArray
    ends: IntArray

    @property
    def total(self) -> int:
        return int((self.ends - self.starts).sum())


def _between(x: IntArray, low: IntArray | int, high: IntArray | int) -> IntArray:
    """``np.clip`` for ``low <= high``, without its per-call overhead (four times a ufunc's on the small
    arrays of one topological level, and conversions run several times per level)."""
    out: IntArray = np.minimum(np.maximum(x, low), high)
    return out


class CalendarAxis:
    """Several calendars stacked into one set of arrays for vectorised conversions.

    Calendar ``k`` is shifted by ``k`` spans on both the time and the work axis, so a single
    ``searchsorted`` serves a mixed batch of (calendar, value) queries.
    """

    def __init__(self, calendars: Sequence[Intervals], horizon: int) -> None:
        if not calendars:
            raise ValueError("at least one calendar is needed")
        self.horizon = horizon
        self.span = np.int64(horizon + 1)
        starts, lengths, firsts, lasts, totals = [], [], [], [], []
        offset = 0
        for cal in calendars:
            if len(cal.starts) == 0:  # no working time at all: a single empty interval
                cal = Intervals(np.array([0], np.int64), np.array([0], np.int64))
            starts.append(cal.starts)
            lengths.append(cal.ends - cal.starts)
            firsts.append(offset)
            offset += len(cal.starts)
            lasts.append(offset - 1)
            totals.append(cal.total)
        shift = np.repeat(np.arange(len(calendars), dtype=np.int64) * self.span,
                          [len(s) for s in starts])
        self.length = np.concatenate(lengths)
        self.start = np.concatenate(starts) + shift
        self.cum = np.concatenate([np.concatenate(([0], np.cumsum(x)[:-1])) for x in lengths])
        self.cum_end_shifted = self.cum + self.length + shift
        self.first = np.array(firsts, np.int64)
        self.last = np.array(lasts, np.int64)
        self.totals = np.array(totals, np.int64)
        self.count = len(calendars)

    def _shift(self, cal: IntArray) -> IntArray:
        return np.asarray(cal, np.int64) * self.span

    def to_work(self, cal: IntArray, t: IntArray) -> IntArray:
        """Working minutes of ``cal`` completed by instant ``t``."""
        q = _between(np.asarray(t, np.int64), 0, self.horizon) + self._shift(cal)
        i = self.start.searchsorted(q, side="right") - 1
        before = i < self.first[cal]
        i = np.maximum(i, self.first[cal])
        w = self.cum[i] + _between(q - self.start[i], 0, self.length[i])
        return np.where(before, 0, w)

    def start_of(self, cal: IntArray, w: IntArray) -> IntArray:
        """The instant working minute ``w`` of ``cal`` begins (extrapolated past the horizon)."""
        w = np.asarray(w, np.int64)
        i = self.cum_end_shifted.searchsorted(w + self._shift(cal), side="right")
        i = _between(i, self.first[cal], self.last[cal])
        out: IntArray = self.start[i] - self._shift(cal) + (w - self.cum[i])
        return out

    def end_of(self, cal: IntArray, w: IntArray) -> IntArray:
        """The instant ``w`` working minutes of ``cal`` have been completed (end of minute w-1)."""
        w = np.asarray(w, np.int64)
        i = self.cum_end_shifted.searchsorted(w + self._shift(cal), side="left")
        i = _between(i, self.first[cal], self.last[cal])
        out: IntArray = self.start[i] - self._shift(cal) + (w - self.cum[i])
        return out

    def is_working(self, cal: IntArray, t: IntArray) -> npt.NDArray[np.bool_]:
        """Whether instant ``t`` lies inside a working interval of ``cal`` (end excluded)."""
        q = _between(np.asarray(t, np.int64), 0, self.horizon) + self._shift(cal)
        i = self.start.searchsorted(q, side="right") - 1
        ok = i >= self.first[cal]
        i = np.maximum(i, self.first[cal])
        return ok & (q < self.start[i] + self.length[i])

    def last_start_at_or_before(self, cal: IntArray, t: IntArray) -> IntArray:
        """The largest ``w`` with ``start_of(w) <= t``: the latest start index not after ``t``."""
        w = self.to_work(cal, t)
        return np.where(self.is_working(cal, t), w, w - 1)

    def beyond(self, cal: IntArray, w: IntArray) -> bool:
        """Whether any index ``w`` lies past the end of its calendar's horizon."""
        return bool(np.any(np.asarray(w) > self.totals[cal]))
