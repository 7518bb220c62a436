"""Forward and backward passes, vectorised over topological levels with NumPy.

Each task's times are indices on its own calendar's working-minute axis. Within a level no
task depends on another, so a level is a handful of array operations over all its links;
the cost grows with tasks + links, never with dates. When every task shares one calendar
and no lag is elapsed time, links are plain integer offsets ("uniform" mode); otherwise each
link converts through wall-clock instants between the two tasks' calendars.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from headway.engine.network import NONE, Network
from headway.engine.worktime import IntArray

NEG = np.iinfo(np.int64).min // 2
POS = np.iinfo(np.int64).max // 2


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
    depth = 0
    done = 0
    while frontier.size:
        level[frontier] = depth
        done += frontier.size
        counts = ptr[frontier + 1] - ptr[frontier]
        total = int(counts.sum())
        if total == 0:
            break
        starts = np.repeat(ptr[frontier] - np.cumsum(counts) + counts, counts)
        out = by_src[starts + np.arange(total)]
        targets = dst[out]
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
    """Results of both passes as working-minute indices on each task's calendar."""

    es: IntArray
    ef: IntArray
    ls: IntArray
    lf: IntArray
    es_abs: IntArray
    ef_abs: IntArray
    finish_abs: int
    driver_link: IntArray  # index into links, or -1 when a date (start/constraint) drives
    free_float: IntArray
    at_finish: npt.NDArray[np.bool_]  # milestones shown at a predecessor's finish


def _group_by(keys: IntArray, level_of_key: IntArray) -> tuple[IntArray, IntArray]:
    """Link order sorted by (level of key, key) and the link bounds of each level."""
    order = np.lexsort((keys, level_of_key[keys]))
    bounds = np.searchsorted(level_of_key[keys][order], np.arange(level_of_key.max(initial=-1) + 2))
    return order, bounds


def _segments(keys: IntArray) -> IntArray:
    """Start positions of runs of equal ``keys`` (keys sorted)."""
    return np.flatnonzero(np.concatenate(([True], keys[1:] != keys[:-1])))


def forward(net: Network, lv: Levels, uniform: bool) -> tuple[IntArray, IntArray, IntArray, IntArray, IntArray]:
    """Early start/finish indices and instants, and each task's driving link (or -1)."""
    n, axis, cal, dur = len(net.ids), net.axis, net.cal, net.dur
    floor = axis.to_work(cal, net.floor_abs)
    has_fnet = net.fnet_abs != NONE
    floor = np.where(has_fnet, np.maximum(floor, axis.to_work(cal, net.fnet_abs) - dur), floor)
    fixed = net.fixed_kind > 0
    fixed_w = fixed_start(net)
    start_w = axis.to_work(cal, np.full(n, net.start_abs))
    es = np.zeros(n, np.int64)
    es_abs = np.zeros(n, np.int64)
    ef_abs = np.zeros(n, np.int64)
    driver = np.full(n, -1, np.int64)
    order, bounds = _group_by(net.dst, lv.level)
    for k in range(len(lv.bounds) - 1):
        tasks = lv.order[lv.bounds[k]:lv.bounds[k + 1]]
        start = floor[tasks]
        a, b = bounds[k], bounds[k + 1]
        if a < b:
            links = order[a:b]
            p, s = net.src[links], net.dst[links]
            if uniform:
                ref = np.where(net.from_finish[links], es[p] + dur[p], es[p])
            else:
                ref_abs = np.where(net.from_finish[links], ef_abs[p], es_abs[p]) + net.elag[links]
                ref = axis.to_work(cal[s], ref_abs)
            cand = ref + net.wlag[links] - np.where(net.to_finish[links], dur[s], 0)
            seg = _segments(s)
            best = np.maximum.reduceat(cand, seg)
            win = _first_max(cand, best, seg)
            target = s[seg]
            pos = np.searchsorted(tasks, target)  # a level's tasks are in ascending order
            link_wins = best >= start[pos]
            start[pos] = np.maximum(start[pos], best)
            driver[target[link_wins]] = links[win[link_wins]]
        start = np.where(fixed[tasks], fixed_w[tasks], start)
        driver[tasks[fixed[tasks]]] = -1
        es[tasks] = start
        if not uniform:
            es_abs[tasks], ef_abs[tasks] = _instants(net, tasks, start, driver[tasks], start_w[tasks])
    if uniform:
        every = np.arange(n)
        es_abs, ef_abs = _instants(net, every, es, driver, start_w)
    return es, es + dur, es_abs, ef_abs, driver


def milestone_at_finish(net: Network, tasks: IntArray, start: IntArray, driver: IntArray,
                        start_w: IntArray) -> npt.NDArray[np.bool_]:
    """Milestones driven by a predecessor's finish (no elapsed lag) sit at that finish.

    Others sit at the next working start; so does one at the project start, whose "finish"
    would fall on the previous working day.
    """
    linked = driver >= 0
    li = np.where(linked, driver, 0)
    by_finish = linked & net.from_finish[li] & (net.elag[li] == 0) if len(net.links) else linked
    return by_finish & (net.dur[tasks] == 0) & (start > start_w)


def _instants(net: Network, tasks: IntArray, start: IntArray, driver: IntArray,
              start_w: IntArray) -> tuple[IntArray, IntArray]:
    """Start and finish instants of ``tasks``; a milestone's two are the same instant."""
    cal, dur = net.cal[tasks], net.dur[tasks]
    s_abs = net.axis.start_of(cal, start)
    f_abs = net.axis.end_of(cal, start + dur)
    at_finish = milestone_at_finish(net, tasks, start, driver, start_w)
    s_abs = np.where(at_finish, f_abs, s_abs)
    f_abs = np.where(dur == 0, s_abs, f_abs)
    return s_abs, f_abs


def _first_max(cand: IntArray, best: IntArray, seg: IntArray) -> IntArray:
    """Position (into ``cand``) of the first maximum in each segment."""
    seg_of = np.repeat(np.arange(len(seg)), np.diff(np.append(seg, len(cand))))
    hit = np.where(cand == best[seg_of], np.arange(len(cand)), len(cand))
    return np.minimum.reduceat(hit, seg)


def fixed_start(net: Network) -> IntArray:
    """Start index forced by must-start-on / must-finish-on (meaningless where there is none)."""
    axis, cal, dur = net.axis, net.cal, net.dur
    when = np.where(net.fixed_kind > 0, net.fixed_abs, 0)
    return axis.to_work(cal, when) - np.where(net.fixed_kind == 2, dur, 0)


def _finish_ceiling(net: Network, finish_abs: int) -> IntArray:
    """The latest finish each task may have before any successor: project finish and limits."""
    axis, cal, dur = net.axis, net.cal, net.dur
    ceiling = axis.to_work(cal, np.full(len(net.ids), finish_abs))
    limited = net.finish_limit_abs != NONE
    ceiling = np.where(limited, np.minimum(ceiling, axis.to_work(cal, net.finish_limit_abs)), ceiling)
    snlt = net.snlt_abs != NONE
    if snlt.any():
        as_date = axis.to_work(cal, net.snlt_abs)
        exact = axis.last_start_at_or_before(cal, net.snlt_abs)
        latest_start = np.where(net.snlt_is_date == 1, as_date, exact)
        ceiling = np.where(snlt, np.minimum(ceiling, latest_start + dur), ceiling)
    fixed = net.fixed_kind > 0
    return np.where(fixed, np.minimum(ceiling, fixed_start(net) + dur), ceiling)


def _succ_bound(net: Network, links: IntArray, s_start: IntArray, s_finish: IntArray,
                uniform: bool) -> IntArray:
    """Latest finish index of each link's predecessor allowed by its successor's dates."""
    p, s = net.src[links], net.dst[links]
    k = np.where(net.to_finish[links], s_finish[s], s_start[s]) - net.wlag[links]
    from_finish = net.from_finish[links]
    dur_p = net.dur[p]
    if uniform:
        return np.where(from_finish, k, k + dur_p)
    axis = net.axis
    t = axis.start_of(net.cal[s], k) - net.elag[links]
    by_finish = axis.to_work(net.cal[p], t)
    by_start = axis.last_start_at_or_before(net.cal[p], t) + dur_p
    return np.where(from_finish, by_finish, by_start)


def backward(net: Network, lv: Levels, finish_abs: int, uniform: bool) -> tuple[IntArray, IntArray]:
    """Late start and finish indices, from the project finish and every finish limit."""
    dur = net.dur
    lf = _finish_ceiling(net, finish_abs)
    ls = lf - dur
    order, bounds = _group_by(net.src, lv.level)
    for k in range(len(lv.bounds) - 2, -1, -1):
        tasks = lv.order[lv.bounds[k]:lv.bounds[k + 1]]
        a, b = bounds[k], bounds[k + 1]
        if a < b:
            links = order[a:b]
            cand = _succ_bound(net, links, ls, lf, uniform)
            p = net.src[links]
            seg = _segments(p)
            lf[p[seg]] = np.minimum(lf[p[seg]], np.minimum.reduceat(cand, seg))
        ls[tasks] = lf[tasks] - dur[tasks]
    return ls, lf


def free_float(net: Network, es: IntArray, ef: IntArray, finish_abs: int, uniform: bool) -> IntArray:
    """How far each task can slip without moving any successor's early dates or the finish."""
    bound = net.axis.to_work(net.cal, np.full(len(net.ids), finish_abs))
    if len(net.links):
        cand = _succ_bound(net, np.arange(len(net.links)), es, ef, uniform)
        np.minimum.at(bound, net.src, cand)
    return np.maximum(bound - ef, 0)


def is_uniform(net: Network) -> bool:
    """Whether every task shares one calendar and every lag is working time."""
    return bool((net.cal == net.cal[0]).all() and not net.elag.any()) if len(net.ids) else True


def run(net: Network, lv: Levels, force_general: bool = False) -> Passes:
    """Both passes and free float."""
    uniform = is_uniform(net) and not force_general
    es, ef, es_abs, ef_abs, driver = forward(net, lv, uniform)
    finish_abs = int(ef_abs.max(initial=net.start_abs))
    ls, lf = backward(net, lv, finish_abs, uniform)
    ff = free_float(net, es, ef, finish_abs, uniform)
    start_w = net.axis.to_work(net.cal, np.full(len(net.ids), net.start_abs))
    at_finish = milestone_at_finish(net, np.arange(len(net.ids)), es, driver, start_w)
    return Passes(es, ef, ls, lf, es_abs, ef_abs, finish_abs, driver, ff, at_finish)


def overflow(net: Network, p: Passes) -> bool:
    """Whether any date fell past the precomputed calendars (the horizon must grow)."""
    return net.axis.beyond(net.cal, p.ef) or bool(np.any(p.ef_abs > net.axis.horizon))


__all__ = ["Levels", "Passes", "overflow", "run", "topological_levels"]
