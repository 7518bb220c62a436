"""Open blockers of the issue log applied to the schedule, and what they make slip.

An open ``blocker`` holds the tasks it affects (those not yet complete) until it is expected
to be resolved: its ``due`` date (the end of that day), or, when asked "what if it lasts N
more days", N working days of the project calendar after the status date. A blocker past its
due date still holds until the status date; one with no due date holds nothing unless a
duration is assumed, and is reported as open-ended. Holds reach the scheduler as
``start_after``; a task already in progress keeps its actual start and its remaining work
waits (``Hold.in_progress`` names those tasks).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, replace

from headway.engine.clock import ProjectClock
from headway.engine.completion import status_instant
from headway.engine.cpm import schedule as compute_schedule
from headway.engine.progress import TaskProgress, end_of, progress_as_of
from headway.engine.results import Schedule
from headway.model import Issue, Project


@dataclass(frozen=True, slots=True)
class Hold:
    """What one open blocker holds: its tasks until ``until`` (None: for an unknown time)."""

    issue: str
    title: str
    tasks: tuple[str, ...]
    until: dt.datetime | None
    remaining_days: float | None  # working days from the status date to ``until``
    assumed: bool  # ``until`` comes from an assumed duration, not the issue's due date
    overdue: bool  # its due date has passed and it is still open
    finish_slip_days: float = 0.0  # how far the project finish moves for this blocker alone
    in_progress: tuple[str, ...] = ()  # started tasks among ``tasks``: their remaining work waits


@dataclass(frozen=True, slots=True)
class Slip:
    """A task that finishes later because of the blockers."""

    id: str
    name: str
    milestone: bool
    critical: bool
    finish_without: dt.datetime
    finish_with: dt.datetime
    slip_minutes: int
    slip_days: float


@dataclass(frozen=True, slots=True)
class BlockerImpact:
    """The schedule with blockers applied, the one without, and what slips between them."""

    status_date: dt.datetime
    holds: tuple[Hold, ...]
    schedule: Schedule
    unblocked: Schedule
    slips: tuple[Slip, ...]
    finish_slip_minutes: int
    finish_slip_days: float

    @property
    def open_ended(self) -> tuple[Hold, ...]:
        """Blockers still open with no expected resolution: their impact is unknown."""
        return tuple(h for h in self.holds if h.until is None)


def apply_blockers(project: Project, *, if_lasts: float | None = None, undated: float | None = None,
                   unblocked: Schedule | None = None, each: bool = True) -> BlockerImpact:
    """Schedule ``project`` with its open blockers holding their tasks, and measure the slip.

    ``if_lasts``: every open blocker lasts that many more working days from the status date
    (instead of until its due date). ``undated``: the days assumed for blockers without a due
    date. ``unblocked``: the plain schedule, if the caller already has it. ``each``: also measure
    each blocker alone (one more schedule per blocker; otherwise ``Hold.finish_slip_days`` is 0
    when several blockers hold tasks).
    """
    status = status_instant(project)
    unblocked = unblocked or compute_schedule(project)
    per_day = unblocked.minutes_per_day
    horizon = max(unblocked.finish, status) + dt.timedelta(days=int(2 * max(if_lasts or 0, undated or 0)) + 60)
    due_dates = [end_of(i.due) for i in project.issues if i.blocking and i.due is not None]
    clock = ProjectClock(project, max([horizon, *due_dates]).date())
    states = progress_as_of(project, status)
    leaves = _leaves(project)
    holds = [_hold(issue, clock, status, per_day, if_lasts, undated, states, leaves)
             for issue in project.issues if issue.blocking]
    blocked = _schedule_with(project, holds, unblocked)
    finish_slip = clock.minutes(blocked.finish) - clock.minutes(unblocked.finish)
    active = [h for h in holds if h.until is not None and h.tasks]
    if each and len(active) > 1:
        holds = [_with_own_slip(project, h, unblocked, clock, per_day) if h in active else h for h in holds]
    elif len(active) == 1:  # the one that holds anything causes all of the slip
        holds = [replace(h, finish_slip_days=round(finish_slip / per_day, 4)) if h is active[0] else h
                 for h in holds]
    slips = _slips(unblocked, blocked, clock, per_day)
    return BlockerImpact(status, tuple(holds), blocked, unblocked, slips, finish_slip, round(finish_slip / per_day, 4))


def _leaves(project: Project) -> dict[str, list[str]]:
    """The leaf tasks of each task: itself, or for a summary the leaves beneath it (ids the plan
    lacks are not here, so an issue naming one holds nothing)."""
    children = project.children()

    def under(tid: str) -> list[str]:
        kids = children.get(tid)
        return [leaf for kid in kids for leaf in under(kid)] if kids else [tid]

    return {t.id: under(t.id) for t in project.tasks}


def _hold(issue: Issue, clock: ProjectClock, status: dt.datetime, per_day: int, if_lasts: float | None,
          undated: float | None, states: Mapping[str, TaskProgress], leaves: Mapping[str, list[str]]) -> Hold:
    tasks = tuple(dict.fromkeys(leaf for tid in issue.tasks for leaf in leaves.get(tid, [])
                                if not (leaf in states and states[leaf].complete)))
    now = clock.minutes(status)
    overdue = issue.due is not None and end_of(issue.due) < status
    lasts = if_lasts if if_lasts is not None else (undated if issue.due is None else None)
    if lasts is not None:
        until: dt.datetime | None = clock.start_at(now + round(lasts * per_day))
    elif issue.due is not None:
        until = max(end_of(issue.due), status)
    else:
        until = None
    remaining = round(max(clock.minutes(until) - now, 0) / per_day, 4) if until is not None else None
    started = tuple(tid for tid in tasks if tid in states and states[tid].started)
    return Hold(issue.id, issue.title, tasks, until, remaining, lasts is not None, overdue, in_progress=started)


def _schedule_with(project: Project, holds: list[Hold], unblocked: Schedule) -> Schedule:
    start_after: dict[str, tuple[dt.datetime, str]] = {}
    for hold in holds:
        if hold.until is None:
            continue
        for tid in hold.tasks:
            if tid not in start_after or start_after[tid][0] < hold.until:
                start_after[tid] = (hold.until, f"issue {hold.issue} ({hold.title})")
    if all(unblocked.task(tid).start >= until for tid, (until, _) in start_after.items()):
        return unblocked  # no hold binds: nothing would move
    return compute_schedule(project, start_after=start_after)


def _with_own_slip(project: Project, hold: Hold, unblocked: Schedule, clock: ProjectClock, per_day: int) -> Hold:
    alone = _schedule_with(project, [hold], unblocked)
    own = (clock.minutes(alone.finish) - clock.minutes(unblocked.finish)) / per_day
    return replace(hold, finish_slip_days=round(own, 4))


def _slips(before: Schedule, after: Schedule, clock: ProjectClock, per_day: int) -> tuple[Slip, ...]:
    if after is before:
        return ()
    old, new = list(before.tasks), list(after.tasks)
    moved = clock.minutes_of([t.finish for t in new]) - clock.minutes_of([t.finish for t in old])
    out = [Slip(b.id, b.name, b.milestone, a.critical, a.finish, b.finish, int(m), round(int(m) / per_day, 4))
           for a, b, m in zip(old, new, moved.tolist(), strict=True) if m > 0]
    out.sort(key=lambda s: -s.slip_minutes)
    return tuple(out)
