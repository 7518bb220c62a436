"""Where each task stands on the status date, folded from the plan's dated progress entries.

Entries are read in date order (file order breaks ties); each one overrides what it states.
``done`` and ``remaining`` travel together: the latest entry that gives either gives both, so
an old ``remaining`` does not outlive a newer ``done``. A date alone means the end of that day.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from headway.engine.network import as_datetime
from headway.model import DateOrTime, Duration, ProgressEntry, Project

_DAY = dt.timedelta(days=1)


@dataclass(frozen=True, slots=True)
class TaskProgress:
    """One task's standing: percent complete (0..1), remaining duration, actual dates and cost."""

    task: str
    as_of: dt.datetime
    done: float | None = None
    remaining: Duration | None = None
    actual_start: DateOrTime | None = None
    actual_finish: DateOrTime | None = None
    actual_cost: float | None = None

    @property
    def complete(self) -> bool:
        """Finished: an actual finish, 100% done, or nothing remaining."""
        return (self.actual_finish is not None or (self.done is not None and self.done >= 1)
                or (self.remaining is not None and self.remaining.amount <= 0 and self.done is None))

    @property
    def started(self) -> bool:
        """Work has begun (finished tasks included)."""
        return (self.complete or self.actual_start is not None or (self.done or 0) > 0
                or self.remaining is not None)


def end_of(value: DateOrTime) -> dt.datetime:
    """A date-time as written; a date alone as the end of that day (midnight after it)."""
    if isinstance(value, dt.datetime):
        return value
    return dt.datetime.combine(value, dt.time()) + _DAY


def status_instant(project: Project) -> dt.datetime | None:
    """The instant progress is known up to: the status date (its end, for a date alone) or,
    without one, the latest progress entry; None when the plan records no progress."""
    if project.status_date is not None:
        return end_of(project.status_date)
    return max((end_of(e.date) for e in project.progress), default=None)


def progress_as_of(project: Project, when: dt.datetime | None = None) -> dict[str, TaskProgress]:
    """Each leaf task's standing at ``when`` (default: the status instant), for tasks with entries."""
    cutoff = when if when is not None else status_instant(project)
    summaries = project.summary_ids()
    dated = sorted(((end_of(e.date), k, e) for k, e in enumerate(project.progress)
                    if e.task not in summaries), key=lambda item: (item[0], item[1]))
    out: dict[str, TaskProgress] = {}
    for at, _, entry in dated:
        if cutoff is not None and at > cutoff:
            break
        current = out.get(entry.task)
        out[entry.task] = _fold(current, at, entry) if current is not None else TaskProgress(
            entry.task, at, entry.done, entry.remaining, entry.actual_start, entry.actual_finish, entry.actual_cost)
    return out


def _fold(current: TaskProgress, at: dt.datetime, entry: ProgressEntry) -> TaskProgress:
    estimate = entry.done is not None or entry.remaining is not None
    return TaskProgress(
        current.task, at,
        done=entry.done if estimate else current.done,
        remaining=entry.remaining if estimate else current.remaining,
        actual_start=_latest(entry.actual_start, current.actual_start),
        actual_finish=_latest(entry.actual_finish, current.actual_finish),
        actual_cost=entry.actual_cost if entry.actual_cost is not None else current.actual_cost)


def _latest(new: DateOrTime | None, old: DateOrTime | None) -> DateOrTime | None:
    return new if new is not None else old


def new_entry(project: Project, task: str, *, today: dt.date, as_of: DateOrTime | None = None,
              done: float | None = None, remaining: Duration | None = None, started: DateOrTime | None = None,
              finished: DateOrTime | None = None, cost: float | None = None, note: str = "") -> ProgressEntry:
    """A progress entry as a user records it: dated ``as_of``, else the plan's status date, else
    ``today``; a finish given alone means 100% done."""
    if finished is not None and done is None and remaining is None:
        done = 1.0
    return ProgressEntry(as_of or project.status_date or today, task, done, remaining, started, finished, cost, note)


def actuals_out_of_order(standing: TaskProgress | None) -> str | None:
    """Why a task's recorded actuals cannot both be true (a start from an earlier entry after the
    finish of a later one), or None."""
    start = standing.actual_start if standing is not None else None
    finish = standing.actual_finish if standing is not None else None
    if start is not None and finish is not None and end_of(finish) <= as_datetime(start):
        return f"actual finish {finish} is before the actual start {start}"
    return None
