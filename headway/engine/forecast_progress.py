"""The forecast from where the project stands: recorded progress fixes the past, only the rest is sampled.

At the status instant every leaf task is one of three kinds, as in the progress-aware schedule
(which gives the dates used here):

- **complete**: its start and duration are what happened; it is never sampled, no risk fires
  on it, and it is never critical;
- **in progress**: pinned at its actual start; its duration is the working time up to the
  status instant plus the remaining work, and only the remaining work is sampled (scaled by
  the draw's ratio to the planned duration);
- **not started**: sampled as usual, and starts no earlier than the status instant.

Links into a started task no longer hold it back (its start is a fact; its remaining work
runs from the status instant). Without progress the forecast is unchanged.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from headway.engine.clock import ProjectClock
from headway.engine.network import NONE, Network
from headway.engine.progress import progress_as_of, status_instant
from headway.engine.results import Schedule
from headway.engine.worktime import IntArray
from headway.model import Project

BoolArray = npt.NDArray[np.bool_]


@dataclass(frozen=True, slots=True)
class Standing:
    """Started leaf rows at the status instant, in project working minutes from the start."""

    status: dt.datetime
    status_minutes: int
    rows: IntArray          # started rows (complete or in progress)
    complete: BoolArray     # per started row
    start: IntArray         # per started row: its (actual) start
    elapsed: IntArray       # per started row: working minutes from its start to its finish (complete)
                            # or to the status instant (in progress)
    remaining: IntArray     # per started row: planned working minutes still to go (0 when complete)
    actual_cost: dict[int, float]  # complete rows with a recorded actual cost

    def complete_rows(self) -> IntArray:
        out: IntArray = self.rows[self.complete]
        return out


def standing(project: Project, net: Network, plan: Schedule, clock: ProjectClock) -> Standing | None:
    """Where each leaf of ``net`` stands on ``plan`` (the progress-aware schedule); None without progress."""
    status = status_instant(project) if project.progress else None
    if status is None:
        return None
    standings = progress_as_of(project, status)
    index = {tid: i for i, tid in enumerate(net.ids)}
    rows, complete, cost = [], [], {}
    for tid, s in standings.items():
        if tid in index and s.started:
            rows.append(index[tid])
            complete.append(s.complete)
            if s.complete and s.actual_cost is not None:
                cost[index[tid]] = s.actual_cost
    status_m = clock.minutes(status)
    tasks = [plan.task(net.ids[i]) for i in rows]
    start = clock.minutes_of([t.start for t in tasks]) if tasks else np.zeros(0, np.int64)
    finish = clock.minutes_of([t.finish for t in tasks]) if tasks else np.zeros(0, np.int64)
    done = np.array(complete, bool)
    start = np.minimum(start, status_m)
    elapsed = np.where(done, np.maximum(finish - start, 0), np.maximum(status_m - start, 0))
    remaining = np.array([0 if c else max(t.remaining_minutes or 0, 0) for c, t in zip(complete, tasks, strict=True)],
                         np.int64)
    if len(rows):  # an elapsed task's remaining time is in clock minutes: scale it as its duration is
        per_day = round(project.working_time.hours_per_day * 60)
        remaining = np.where(net.elapsed[np.array(rows, np.int64)], remaining * per_day // 1440, remaining)
    return Standing(status, status_m, np.array(rows, np.int64), done, start, elapsed, remaining, cost)


def apply_to_durations(st: Standing, dur: IntArray, base: IntArray) -> None:
    """In place: complete rows take their actual duration; in-progress rows their elapsed time plus
    the remaining work scaled by each draw's ratio to the planned duration."""
    if not len(st.rows):
        return
    done, going = st.rows[st.complete], st.rows[~st.complete]
    dur[done] = st.elapsed[st.complete][:, None]
    if len(going):
        planned = base[going].astype(np.float64)[:, None]
        ratio = np.divide(dur[going], planned, out=np.ones(dur[going].shape), where=planned > 0)
        left = np.rint(st.remaining[~st.complete][:, None] * ratio).astype(dur.dtype)
        dur[going] = st.elapsed[~st.complete][:, None].astype(dur.dtype) + left


def apply_to_floors(st: Standing, floor: IntArray, fnet: IntArray) -> tuple[IntArray, IntArray]:
    """Started rows are pinned at their start; the rest start no earlier than the status instant."""
    floor = np.maximum(floor, st.status_minutes)
    fnet = fnet.copy()
    floor[st.rows] = st.start
    fnet[st.rows] = NONE
    return floor, fnet


def without_links_into(net: Network, rows: IntArray) -> Network:
    """``net`` without the links whose successor is one of ``rows``."""
    if not len(rows):
        return net
    keep = ~np.isin(net.dst, rows)
    return dataclasses.replace(net, src=net.src[keep], dst=net.dst[keep], link_written=net.link_written[keep],
                               from_finish=net.from_finish[keep], to_finish=net.to_finish[keep],
                               wlag=net.wlag[keep], elag=net.elag[keep])
