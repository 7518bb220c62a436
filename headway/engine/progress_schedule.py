"""Progress-aware scheduling as a preprocessing of the network, so the passes stay as they are.

With progress recorded, every leaf task is one of three kinds at the status instant:

- **complete**: pinned where it happened (actual start to actual finish; without actuals, its
  planned dates cut off at the status date);
- **in progress**: pinned at its actual start and stretched so its remaining work runs from
  the status date on (the late dates stay free, so it keeps its float);
- **not started**: floored at the status date.

Links into a started task keep their logic for its remaining work ("retained logic"): after
a pass, any in-progress task whose predecessors finish after the status date is stretched
further and the passes run again. Every link a started task broke is an ``out_of_sequence``
warning.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from headway.engine.network import NONE, Network, as_datetime
from headway.engine.passes import Passes, shift
from headway.engine.progress import TaskProgress, end_of, progress_as_of, status_instant
from headway.engine.rollup import LeafDates, LeafTracking
from headway.engine.worktime import IntArray
from headway.model import Problem, Project, Severity

NOT_STARTED, IN_PROGRESS, COMPLETE = 0, 1, 2
PINNED = 3  # fixed_kind of a started task: its start is fixed, its late dates are not capped
FloatArray = npt.NDArray[np.float64]


@dataclass
class Tracking:
    """The standing of every leaf task and the arrays that pin it in the network."""

    status: dt.datetime
    index: IntArray                # leaf indices of started tasks
    standing: list[TaskProgress]   # their standings, aligned with ``index``
    planned: dict[str, tuple[dt.datetime, dt.datetime]]
    base_dur: IntArray             # working minutes each leaf would take untouched
    kind: IntArray                 # NOT_STARTED, IN_PROGRESS or COMPLETE per leaf
    start_w: IntArray              # pinned start index (started tasks)
    resume_w: IntArray             # where the remaining work starts (in-progress tasks)
    stated: IntArray               # remaining working minutes as entered, -1 where not stated
    done: FloatArray               # percent complete as entered, 0..1 (0 where not stated)
    remaining: IntArray = field(default_factory=lambda: np.zeros(0, np.int64))  # set by ``apply``
    needs_planned: bool = False  # started tasks lack actual dates: take them from the untracked plan
    percent: FloatArray = field(default_factory=lambda: np.zeros(0, float))  # set by ``apply``

def standings_of(project: Project) -> dict[str, TaskProgress]:
    """Each task's standing at the status instant (none when the plan records no progress)."""
    return progress_as_of(project) if project.progress else {}


def needs_plan(standings: dict[str, TaskProgress]) -> bool:
    """Whether some started task lacks actual dates, which then come from the untracked plan."""
    return any(p.started and (p.actual_start is None or (p.complete and p.actual_finish is None))
               for p in standings.values())


def prepare(project: Project, net: Network, standings: dict[str, TaskProgress],
            planned: dict[str, tuple[dt.datetime, dt.datetime]] | None = None) -> Tracking | None:
    """The tracking of ``project`` over ``net``; None when the plan records no progress."""
    status = status_instant(project) if project.progress else None
    if status is None:
        return None
    where = {tid: i for i, tid in enumerate(net.ids)}
    started = [(where[tid], p) for tid, p in standings.items() if tid in where and p.started]
    n = len(net.ids)
    kind = np.zeros(n, np.int64)
    for i, p in started:
        kind[i] = COMPLETE if p.complete else IN_PROGRESS
    done = np.zeros(n, float)
    stated = np.full(n, -1, np.int64)
    for i, p in started:
        done[i] = p.done or 0.0
        if p.remaining is not None:
            stated[i] = max(p.remaining.minutes(project.working_time), 0)
    return Tracking(status, np.array([i for i, _ in started], np.int64), [p for _, p in started],
                    planned or {}, net.dur.copy(), kind, np.zeros(n, np.int64), np.zeros(n, np.int64),
                    stated, done)


def horizon_dates(tracking: Tracking) -> list[dt.date]:
    """Dates the calendars must reach: the status date and every actual date."""
    out = [tracking.status.date()]
    for p in tracking.standing:
        out += [as_datetime(d).date() for d in (p.actual_start, p.actual_finish) if d is not None]
    return out


def apply(tr: Tracking, net: Network) -> None:
    """Pin started tasks and floor the others at the status date (after calendars are attached).

    Idempotent: calendars may be attached again for a longer horizon.
    """
    axis, n = net.calendars, len(net.ids)
    tr.remaining, tr.percent = tr.base_dur.copy(), np.zeros(n, float)
    status_abs = max(net.to_abs(tr.status), 0)
    status_w = axis.to_work(net.cal, np.full(n, status_abs))
    waiting = np.flatnonzero(tr.kind == NOT_STARTED)
    raise_floor = waiting[net.floor_abs[waiting] < status_abs]
    net.floor_abs[raise_floor] = status_abs
    for i in raise_floor.tolist():
        net.floor_kind[i] = "status_date"
    if not tr.index.size:
        return
    idx = tr.index
    cal, base, sw = net.cal[idx], tr.base_dur[idx], status_w[idx]
    start_w, finish_w = _started_dates(tr, net, idx)
    given_start = start_w != NONE
    complete = tr.kind[idx] == COMPLETE
    done_w = np.rint(tr.done[idx] * base).astype(np.int64)
    # without an actual start, a task starts as planned, or early enough for the work done by the status date
    planned_start, latest = _planned_w(tr, net, idx, 0), sw - np.where(complete, 0, done_w)
    early_enough = np.where(planned_start <= latest, planned_start, sw - np.where(complete, base, done_w))
    start_w = np.maximum(np.where(given_start, start_w, early_enough), 0)
    start_w = np.where((base == 0) & (finish_w != NONE), finish_w, start_w)  # a milestone happens at its finish
    planned_finish = np.where(given_start, start_w + base, _planned_w(tr, net, idx, 1, start_w + base))
    finish_w = np.where(finish_w == NONE, np.minimum(planned_finish, sw), finish_w)
    stated = tr.stated[idx]
    rem = np.where(stated >= 0, stated, np.maximum(base - done_w, 0))
    tr.remaining[idx] = np.where(complete, 0, rem)
    tr.start_w[idx] = start_w
    tr.resume_w[idx] = np.maximum(sw, start_w)
    # a hold (leveling, an open blocker) keeps an in-progress task's remaining work waiting
    held = np.array([net.floor_kind[i].startswith("leveling:") for i in idx.tolist()], bool) & ~complete
    if held.any():
        hold_w = axis.to_work(cal, net.floor_abs[idx])
        tr.resume_w[idx] = np.where(held, np.maximum(tr.resume_w[idx], hold_w), tr.resume_w[idx])
    net.dur[idx] = np.where(complete, np.maximum(finish_w - start_w, 0), tr.resume_w[idx] + rem - start_w)
    net.fixed_kind[idx] = PINNED
    net.fixed_abs[idx] = axis.start_of(cal, start_w)
    for i in idx.tolist():
        if not net.floor_kind[i].startswith("leveling:"):
            net.floor_kind[i] = "actual_start"
    stated_done = np.array([p.done is not None for p in tr.standing], bool)
    tr.percent[idx] = np.where(complete, 1.0, np.where(
        stated_done, tr.done[idx], np.clip(1 - rem / np.maximum(base, 1), 0, 1) * (base > 0)))


def _started_dates(tr: Tracking, net: Network, idx: IntArray) -> tuple[IntArray, IntArray]:
    """Working indices of the actual start and finish as entered (NONE where not given)."""
    starts = [max(net.to_abs(as_datetime(p.actual_start)), 0) if p.actual_start is not None else -1
              for p in tr.standing]
    finishes = [max(net.to_abs(end_of(p.actual_finish)), 0) if p.actual_finish is not None else -1
                for p in tr.standing]
    out = []
    for values in (starts, finishes):
        t = np.array(values, np.int64)
        w = net.calendars.to_work(net.cal[idx], np.maximum(t, 0))
        out.append(np.where(t >= 0, w, NONE))
    return out[0], out[1]


def _planned_w(tr: Tracking, net: Network, idx: IntArray, which: int,
               fallback: IntArray | None = None) -> IntArray:
    """Working indices of the planned start (0) or finish (1); ``fallback`` where not planned."""
    big = np.iinfo(np.int64).max // 4
    default = fallback if fallback is not None else np.full(len(idx), big)
    values = [tr.planned.get(net.ids[i]) for i in idx.tolist()]
    t = np.array([max(net.to_abs(v[which]), 0) if v else 0 for v in values], np.int64)
    w = net.calendars.to_work(net.cal[idx], t)
    has = np.array([v is not None for v in values], bool)
    out: IntArray = np.where(has, w, default)
    return out


def _needs(net: Network, p: Passes, links: IntArray) -> IntArray:
    """Working index on each link's successor calendar that its predecessor's dates impose."""
    pred = net.src[links]
    ref = shift(net, np.where(net.from_finish[links], p.ef_abs[pred], p.es_abs[pred]), links)
    out: IntArray = net.calendars.to_work(net.cal[net.dst[links]], ref)
    return out


def retain_logic(tr: Tracking, net: Network, p: Passes) -> bool:
    """Stretch in-progress tasks whose remaining work must wait for a predecessor; True if any moved."""
    links = np.flatnonzero(tr.kind[net.dst] == IN_PROGRESS) if len(net.dst) else np.zeros(0, np.int64)
    if not links.size:
        return False
    s = net.dst[links]
    resume = _needs(net, p, links) - np.where(net.to_finish[links], tr.remaining[s], 0)
    want = tr.resume_w.copy()
    np.maximum.at(want, s, resume)
    moved = np.flatnonzero((want > tr.resume_w) & (tr.kind == IN_PROGRESS))
    if not moved.size:
        return False
    tr.resume_w[moved] = want[moved]
    net.dur[moved] = want[moved] + tr.remaining[moved] - tr.start_w[moved]
    return True


def out_of_sequence(tr: Tracking, net: Network, p: Passes) -> list[Problem]:
    """A warning for each link a started task broke: begun (or finished) before its link allowed."""
    links = np.flatnonzero(tr.kind[net.dst] != NOT_STARTED) if len(net.dst) else np.zeros(0, np.int64)
    if not links.size:
        return []
    s = net.dst[links]
    finish_link = net.to_finish[links]
    have = np.where(finish_link, tr.start_w[s] + net.dur[s], tr.start_w[s])
    broken = (_needs(net, p, links) > have) & (~finish_link | (tr.kind[s] == COMPLETE))
    out = []
    for k in np.flatnonzero(broken).tolist():
        li, i = int(links[k]), int(s[k])
        written = net.written_at(int(net.link_written[li]))
        what = "finished" if finish_link[k] else "started"
        out.append(Problem(
            "out_of_sequence", f"{what} before its {written.link.type.value} link from {written.predecessor!r} "
            "allowed; its remaining work still waits for the link", Severity.WARNING, net.ids[i],
            net.tasks[i].origin, "record the predecessor's progress, or change the link if the plan was wrong"))
    return out


def leaf_tracking(tr: Tracking, net: Network, dates: LeafDates) -> LeafTracking:
    """What each leaf's result reports: percent complete, actual dates, remaining and total duration.

    A started task's late start is its actual start: that much is history.
    """
    started = tr.kind != NOT_STARTED
    dates.late_start = np.where(started, dates.early_start, dates.late_start)
    dates.start = np.where(started, dates.early_start, dates.start)
    dates.finish = np.where(started, dates.early_finish, dates.finish)
    complete = tr.kind == COMPLETE
    actual = np.where(complete, net.dur, np.rint(tr.percent * tr.base_dur).astype(np.int64))
    duration = np.where(started, actual + tr.remaining, tr.base_dur)
    return LeafTracking(
        done=tr.percent.tolist(), remaining=tr.remaining.tolist(), duration=duration.tolist(),
        actual_start=np.where(started, dates.early_start, NONE).tolist(),
        actual_finish=np.where(complete, dates.early_finish, NONE).tolist())
