"""Forward and backward passes, vectorised over topological levels with NumPy.

Each task's times are indices on its own calendar's working-minute axis. Within a level no
task depends on another, so a level is a handful of array operations over all its links;
the cost grows with tasks + links, never with dates. Lags count working time on the
successor's task calendar, else the project calendar (or elapsed time), as MS Project counts
them. When every task runs on the project calendar and no lag is elapsed, links are plain
integer offsets ("uniform" mode); otherwise each link converts through wall-clock instants
between the calendars involved. Links hold in wall-clock time: a finish a link requires in
the successor's non-working time is shown at its next working minute.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from headway.engine.network import NONE, PROJECT_CALENDAR, Network
from headway.engine.worktime import IntArray

BoolArray = npt.NDArray[np.bool_]


@dataclass
class Levels:
    """Topological levels: ``order[bounds[k]:bounds[k+1]]`` are the tasks of level ``k``."""

    level: IntArray
    order: IntArray
    bounds: IntArray


def topological_levels(n: int, src: IntArray, dst: IntArray) -> Levels | None:
    """Kahn's algorithm a level at a time; None when the links contain a cycle."""
    indeg = np.bincount(dst, minlength=n).astype(np.int64)
    by_src = np.argsort(src, kind="stable")
    ptr = np.searchsorted(src[by_src], np.arange(n + 1))
    level = np.full(n, -1, np.int64)
    frontier = np.flatnonzero(indeg == 0)
    depth = done = 0
    while frontier.size:
        level[frontier] = depth
        done += frontier.size
        counts = ptr[frontier + 1] - ptr[frontier]
        total = int(counts.sum())
        if total == 0:
            break
        starts = np.repeat(ptr[frontier] - np.cumsum(counts) + counts, counts)
        targets = dst[by_src[starts + np.arange(total)]]
        np.subtract.at(indeg, targets, 1)
        frontier = np.unique(targets[indeg[targets] == 0])
        depth += 1
    if done < n:
        return None
    order = np.argsort(level, kind="stable")
    bounds = np.searchsorted(level[order], np.arange(level.max(initial=-1) + 2))
    return Levels(level, order, bounds)


@dataclass
class Passes:
    """Both passes: indices on each task's calendar, early instants, drivers, free float."""

    es: IntArray
    ef: IntArray
    ls: IntArray
    lf: IntArray
    es_abs: IntArray  # a milestone's start and finish instants are the same instant
    ef_abs: IntArray
    finish_abs: int
    driver_link: IntArray  # index of the driving leaf link, or -1 when a date drives
    free_float: IntArray


def grouped(keys: IntArray, level: IntArray) -> tuple[IntArray, IntArray]:
    """Link order sorted by (level of key, key), and where each level's links begin."""
    order = np.lexsort((keys, level[keys]))
    bounds = np.searchsorted(level[keys][order], np.arange(level.max(initial=-1) + 2))
    return order, bounds


def segments(keys: IntArray) -> IntArray:
    """Start positions of runs of equal ``keys`` (keys sorted)."""
    return np.flatnonzero(np.concatenate(([True], keys[1:] != keys[:-1])))


def _first_max(cand: IntArray, best: IntArray, seg: IntArray) -> IntArray:
    """Position (into ``cand``) of the first maximum in each segment."""
    seg_of = np.repeat(np.arange(len(seg)), np.diff(np.append(seg, len(cand))))
    hit = np.where(cand == best[seg_of], np.arange(len(cand)), len(cand))
    out: IntArray = np.minimum.reduceat(hit, seg)
    return out


def shift(net: Network, ref: IntArray, links: IntArray) -> IntArray:
    """Instants ``ref`` moved by each link's lag: elapsed minutes, or working time of the
    successor's task calendar (the project calendar when it has none)."""
    out = ref + net.elag[links]
    working = net.wlag[links] != 0
    if working.any():
        axis = net.calendars
        cal = net.lag_cal[net.dst[links][working]]
        moved = axis.end_of(cal, axis.to_work(cal, ref[working]) + net.wlag[links][working])
        out[working] = moved
    return out


def unshift(net: Network, t: IntArray, links: IntArray) -> IntArray:
    """The latest reference instants whose ``shift`` is not after ``t``."""
    out = t - net.elag[links]
    working = net.wlag[links] != 0
    if working.any():
        axis = net.calendars
        cal = net.lag_cal[net.dst[links][working]]
        out[working] = axis.start_of(cal, axis.to_work(cal, t[working]) - net.wlag[links][working])
    return out


def fixed_start(net: Network) -> IntArray:
    """Start index forced by must-start-on / must-finish-on (meaningless where there is none)."""
    axis = net.calendars
    when = np.where(net.fixed_kind > 0, net.fixed_abs, 0)
    out: IntArray = axis.to_work(net.cal, when) - np.where(net.fixed_kind == 2, net.dur, 0)
    return out


def forward(net: Network, lv: Levels, uniform: bool) -> tuple[IntArray, IntArray, IntArray, IntArray]:
    """Early start indices, start and finish instants, and each task's driving link (or -1)."""
    n, axis, cal, dur = len(net.ids), net.calendars, net.cal, net.dur
    floor = axis.to_work(cal, net.floor_abs)
    floor = np.where(net.fnet_abs != NONE, np.maximum(floor, axis.to_work(cal, net.fnet_abs) - dur), floor)
    fixed, fixed_w = net.fixed_kind > 0, fixed_start(net)
    es, es_abs, ef_abs = np.zeros(n, np.int64), np.zeros(n, np.int64), np.zeros(n, np.int64)
    driver = np.full(n, -1, np.int64)
    order, bounds = grouped(net.dst, lv.level)
    for k in range(len(lv.bounds) - 1):
        tasks = lv.order[lv.bounds[k]:lv.bounds[k + 1]]
        start, chosen = floor[tasks], np.full(len(tasks), -1, np.int64)
        need_finish, need_any = np.full(len(tasks), NONE), np.full(len(tasks), NONE)
        if bounds[k] < bounds[k + 1]:
            links = order[bounds[k]:bounds[k + 1]]
            p, s = net.src[links], net.dst[links]
            seg = segments(s)
            pos = np.searchsorted(tasks, s[seg])  # a level's tasks are in ascending order
            if uniform:
                ref = np.where(net.from_finish[links], es[p] + dur[p], es[p]) + net.wlag[links]
            else:
                t = shift(net, np.where(net.from_finish[links], ef_abs[p], es_abs[p]), links)
                ref = axis.to_work(cal[s], t)
                need_any[pos] = np.maximum.reduceat(t, seg)
                need_finish[pos] = np.maximum.reduceat(np.where(net.to_finish[links], t, NONE), seg)
            cand = ref - np.where(net.to_finish[links], dur[s], 0)
            best = np.maximum.reduceat(cand, seg)
            win = _first_max(cand, best, seg)
            wins = best >= start[pos]
            start[pos] = np.maximum(start[pos], best)
            chosen[pos[wins]] = links[win[wins]]
        start = np.where(fixed[tasks], fixed_w[tasks], start)
        chosen[fixed[tasks]] = -1
        es[tasks], driver[tasks] = start, chosen
        if not uniform:
            es_abs[tasks], ef_abs[tasks] = _instants(net, tasks, start, floor[tasks], need_finish, need_any)
    if uniform:
        es_abs, ef_abs = _uniform_instants(net, es, floor)
    return es, es_abs, ef_abs, driver


def _snap_up(net: Network, cal: IntArray, t: IntArray) -> IntArray:
    """The earliest instant not before ``t`` at which a task on ``cal`` can finish.

    That is ``t`` itself in working time or at the end of it; in a gap (a night, a day off) the
    next working minute's start, where MS Project shows such a finish (08:00 the next working day).
    """
    axis = net.calendars
    w = axis.to_work(cal, t)
    out: IntArray = np.where(axis.end_of(cal, w) >= t, t, axis.start_of(cal, w))
    return out


def _base_instants(net: Network, tasks: IntArray, start: IntArray, floor: IntArray,
                  linked_milestone: BoolArray) -> tuple[IntArray, IntArray]:
    """Start and finish instants from working indices alone, before links raise any.

    A must-finish-on milestone sits at the end of its working minute (17:00, not 08:00 the next
    day); a linked milestone begins at the working start of its floor (links then raise it).
    """
    axis, cal, dur = net.calendars, net.cal[tasks], net.dur[tasks]
    milestone = dur == 0
    s_abs = axis.start_of(cal, start)
    s_abs = np.where(milestone & (net.fixed_kind[tasks] == 2), axis.end_of(cal, start), s_abs)
    s_abs = np.where(linked_milestone, axis.start_of(cal, floor), s_abs)
    f_abs = np.where(milestone, s_abs, axis.end_of(cal, start + dur))
    return s_abs, f_abs


def _instants(net: Network, tasks: IntArray, start: IntArray, floor: IntArray,
              need_finish: IntArray, need_any: IntArray) -> tuple[IntArray, IntArray]:
    """Start and finish instants of ``tasks`` given the latest instant their links require.

    A milestone sits exactly where its latest link puts it (a predecessor's finish, or that
    plus a lag), but never before the working start of its own earliest date (a lead that
    ties with the project start would otherwise land on the previous working day). A finish
    a link requires in the task's non-working time is shown at its next working minute.
    """
    free = net.fixed_kind[tasks] == 0  # must-start-on, must-finish-on and started tasks ignore links
    milestone = net.dur[tasks] == 0
    linked = free & (need_any != NONE)
    s_abs, f_abs = _base_instants(net, tasks, start, floor, milestone & linked)
    s_abs = np.where(milestone & linked, np.maximum(s_abs, need_any), s_abs)
    finish_need = np.where(free & ~milestone & (need_finish != NONE), need_finish, NONE)
    f_abs = np.maximum(f_abs, _snap_up(net, net.cal[tasks], finish_need))
    return s_abs, np.where(milestone, s_abs, f_abs)


def _uniform_instants(net: Network, es: IntArray, floor: IntArray) -> tuple[IntArray, IntArray]:
    """All instants at once when one calendar serves every task (links then settle them)."""
    tasks = np.arange(len(net.ids))
    free = net.fixed_kind == 0
    linked_milestone = np.zeros(len(tasks), bool)
    linked_milestone[net.dst[free[net.dst]]] = True
    linked_milestone &= net.dur == 0
    es_abs, ef_abs = _base_instants(net, tasks, es, floor, linked_milestone)
    _settle(net, es_abs, ef_abs, free)
    return es_abs, ef_abs


def _settle(net: Network, s_abs: IntArray, f_abs: IntArray, free: BoolArray) -> None:
    """Raise, in place, the finishes (and milestones) of ``free`` tasks to what their links require.

    Working indices already satisfy every link, so this only moves instants within a gap
    between working times; it runs in rounds over the links whose predecessor just moved, as
    many as the longest chain of such moves.
    """
    dur, n = net.dur, len(net.ids)
    relevant = np.flatnonzero(free[net.dst] & (net.to_finish | (dur[net.dst] == 0))) if len(net.dst) else net.dst
    moved = np.ones(n, bool)
    for _ in range(n + 1):
        links = relevant[moved[net.src[relevant]]]
        if not links.size:
            break
        p, s = net.src[links], net.dst[links]
        t = shift(net, np.where(net.from_finish[links], f_abs[p], s_abs[p]), links)
        target = np.where(dur[s] == 0, t, _snap_up(net, net.cal[s], t))
        want = np.full(n, NONE)
        np.maximum.at(want, s, target)
        moved = want > f_abs
        if not moved.any():
            break
        f_abs[moved] = want[moved]
        milestone = moved & (dur == 0)
        s_abs[milestone] = f_abs[milestone]


def _finish_ceiling(net: Network, finish_abs: int) -> IntArray:
    """The latest finish each task may have before any successor: project finish and limits."""
    axis, cal, dur = net.calendars, net.cal, net.dur
    ceiling = axis.to_work(cal, np.full(len(net.ids), finish_abs))
    limited = net.finish_limit_abs != NONE
    ceiling = np.where(limited, np.minimum(ceiling, axis.to_work(cal, net.finish_limit_abs)), ceiling)
    snlt = net.snlt_abs != NONE
    if snlt.any():
        latest = np.where(net.snlt_is_date == 1, axis.to_work(cal, net.snlt_abs),
                          axis.last_start_at_or_before(cal, net.snlt_abs))
        ceiling = np.where(snlt, np.minimum(ceiling, latest + dur), ceiling)
    capped = (net.fixed_kind == 1) | (net.fixed_kind == 2)  # a task pinned by progress keeps its float
    out: IntArray = np.where(capped, np.minimum(ceiling, fixed_start(net) + dur), ceiling)
    return out


def _succ_bound(net: Network, links: IntArray, s_start: IntArray, s_finish: IntArray,
                uniform: bool) -> IntArray:
    """Latest finish index of each link's predecessor allowed by its successor's dates."""
    p, s = net.src[links], net.dst[links]
    k = np.where(net.to_finish[links], s_finish[s], s_start[s])
    from_finish, dur_p = net.from_finish[links], net.dur[p]
    if uniform:
        k = k - net.wlag[links]
        out: IntArray = np.where(from_finish, k, k + dur_p)
        return out
    axis = net.calendars
    t = unshift(net, axis.start_of(net.cal[s], k), links)
    by_finish = axis.to_work(net.cal[p], t)
    by_start = axis.last_start_at_or_before(net.cal[p], t) + dur_p
    # a milestone's instant may be the end of working time, so it is bound like a finish
    out = np.where(from_finish | (dur_p == 0), by_finish, by_start)
    return out


def backward(net: Network, lv: Levels, finish_abs: int, uniform: bool) -> tuple[IntArray, IntArray]:
    """Late start and finish indices, from the project finish and every finish limit."""
    lf = _finish_ceiling(net, finish_abs)
    ls = lf - net.dur
    order, bounds = grouped(net.src, lv.level)
    for k in range(len(lv.bounds) - 2, -1, -1):
        tasks = lv.order[lv.bounds[k]:lv.bounds[k + 1]]
        if bounds[k] < bounds[k + 1]:
            links = order[bounds[k]:bounds[k + 1]]
            cand = _succ_bound(net, links, ls, lf, uniform)
            p = net.src[links]
            seg = segments(p)
            lf[p[seg]] = np.minimum(lf[p[seg]], np.minimum.reduceat(cand, seg))
        ls[tasks] = lf[tasks] - net.dur[tasks]
    return ls, lf


def free_float(net: Network, es: IntArray, ef: IntArray, finish_abs: int, uniform: bool) -> IntArray:
    """How far each task can slip without moving any successor's early dates or the finish."""
    bound = net.calendars.to_work(net.cal, np.full(len(net.ids), finish_abs))
    if len(net.src):
        cand = _succ_bound(net, np.arange(len(net.src)), es, ef, uniform)
        np.minimum.at(bound, net.src, cand)
    out: IntArray = np.maximum(bound - ef, 0)
    return out


def is_uniform(net: Network) -> bool:
    """Whether every task runs on the project calendar and every lag is working time."""
    return bool((net.cal == PROJECT_CALENDAR).all() and not net.elag.any())


def longest_path_minutes(net: Network, lv: Levels) -> int:
    """Length of the longest path in working minutes, ignoring calendars and dates (for sizing)."""
    es = np.zeros(len(net.ids), np.int64)
    order, bounds = grouped(net.dst, lv.level)
    lag = net.wlag + net.elag // 3
    for k in range(1, len(lv.bounds) - 1):
        if bounds[k] < bounds[k + 1]:
            links = order[bounds[k]:bounds[k + 1]]
            p, s = net.src[links], net.dst[links]
            cand = np.where(net.from_finish[links], es[p] + net.dur[p], es[p]) + lag[links]
            cand -= np.where(net.to_finish[links], net.dur[s], 0)
            np.maximum.at(es, s, cand)
    return int((es + net.dur).max(initial=0))


def run(net: Network, lv: Levels, force_general: bool = False, *, forward_only: bool = False) -> Passes:
    """Both passes and free float (``forward_only``: early dates only, late dates set equal)."""
    uniform = is_uniform(net) and not force_general
    es, es_abs, ef_abs, driver = forward(net, lv, uniform)
    ef = es + net.dur
    finish_abs = int(ef_abs.max(initial=net.start_abs))
    if forward_only:
        return Passes(es, ef, es, ef, es_abs, ef_abs, finish_abs, driver, np.zeros_like(es))
    ls, lf = backward(net, lv, finish_abs, uniform)
    ff = free_float(net, es, ef, finish_abs, uniform)
    return Passes(es, ef, ls, lf, es_abs, ef_abs, finish_abs, driver, ff)


def overflow(net: Network, p: Passes) -> bool:
    """Whether any date fell past the precomputed calendars (the horizon must grow)."""
    return net.calendars.beyond(net.cal, p.ef) or bool(np.any(p.ef_abs > net.calendars.horizon))
