"""Forward and backward passes, vectorised over topological levels with NumPy.

Each task's times are indices on its own calendar's working-minute axis. Within a level no
task depends on another, so a level is a handful of array operations over all its links;
the cost grows with tasks + links, never with dates. Lags count working time on the project
calendar (or elapsed time). When every task runs on the project calendar and no lag is
elapsed, links are plain integer offsets ("uniform" mode); otherwise each link converts
through wall-clock instants between the calendars involved.
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
    """Instants ``ref`` moved by each link's lag: elapsed minutes or project working time."""
    out = ref + net.elag[links]
    working = net.wlag[links] != 0
    if working.any():
        axis = net.calendars
        cal = np.full(int(working.sum()), PROJECT_CALENDAR)
        moved = axis.end_of(cal, axis.to_work(cal, ref[working]) + net.wlag[links][working])
        out[working] = moved
    return out


def unshift(net: Network, t: IntArray, links: IntArray) -> IntArray:
    """The latest reference instants whose ``shift`` is not after ``t``."""
    out = t - net.elag[links]
    working = net.wlag[links] != 0
    if working.any():
        axis = net.calendars
        cal = np.full(int(working.sum()), PROJECT_CALENDAR)
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
        if bounds[k] < bounds[k + 1]:
            links = order[bounds[k]:bounds[k + 1]]
            p, s = net.src[links], net.dst[links]
            if uniform:
                ref = np.where(net.from_finish[links], es[p] + dur[p], es[p]) + net.wlag[links]
            else:
                ref_abs = np.where(net.from_finish[links], ef_abs[p], es_abs[p])
                ref = axis.to_work(cal[s], shift(net, ref_abs, links))
            cand = ref - np.where(net.to_finish[links], dur[s], 0)
            seg = segments(s)
            best = np.maximum.reduceat(cand, seg)
            win = _first_max(cand, best, seg)
            pos = np.searchsorted(tasks, s[seg])  # a level's tasks are in ascending order
            wins = best >= start[pos]
            start[pos] = np.maximum(start[pos], best)
            chosen[pos[wins]] = links[win[wins]]
        start = np.where(fixed[tasks], fixed_w[tasks], start)
        chosen[fixed[tasks]] = -1
        es[tasks], driver[tasks] = start, chosen
        if not uniform:
            es_abs[tasks], ef_abs[tasks] = _instants(net, tasks, start, chosen, floor[tasks], es_abs, ef_abs)
    if uniform:
        es_abs, ef_abs = _uniform_instants(net, es, driver, floor)
    return es, es_abs, ef_abs, driver


def _uniform_instants(net: Network, es: IntArray, driver: IntArray, floor: IntArray) -> tuple[IntArray, IntArray]:
    """All instants at once when one calendar serves every task.

    Only link-driven milestones depend on their predecessors' instants; they settle in as
    many rounds as the longest chain of milestones driving milestones.
    """
    axis, cal, dur = net.calendars, net.cal, net.dur
    es_abs = axis.start_of(cal, es)
    ef_abs = np.where(dur == 0, es_abs, axis.end_of(cal, es + dur))
    ms = np.flatnonzero((dur == 0) & (driver >= 0))
    if ms.size:
        li, lowest = driver[ms], axis.start_of(cal[ms], floor[ms])
        pred, from_finish = net.src[li], net.from_finish[li]
        for _ in range(ms.size + 1):
            new = np.maximum(shift(net, np.where(from_finish, ef_abs[pred], es_abs[pred]), li), lowest)
            if np.array_equal(new, es_abs[ms]):
                break
            es_abs[ms] = ef_abs[ms] = new
    return es_abs, ef_abs


def _instants(net: Network, tasks: IntArray, start: IntArray, chosen: IntArray, floor: IntArray,
              es_abs: IntArray, ef_abs: IntArray) -> tuple[IntArray, IntArray]:
    """Start and finish instants of ``tasks``.

    A milestone sits exactly where its driving link puts it (a predecessor's finish, or that
    plus a lag), but never before the working start of its own earliest date (a lead that
    ties with the project start would otherwise land on the previous working day).
    """
    axis, cal, dur = net.calendars, net.cal[tasks], net.dur[tasks]
    s_abs = axis.start_of(cal, start)
    f_abs = axis.end_of(cal, start + dur)
    linked = np.flatnonzero((dur == 0) & (chosen >= 0))
    if linked.size:
        li = chosen[linked]
        pred = net.src[li]
        ref = np.where(net.from_finish[li], ef_abs[pred], es_abs[pred])
        lowest = axis.start_of(cal[linked], floor[linked])
        s_abs[linked] = np.maximum(shift(net, ref, li), lowest)
    return s_abs, np.where(dur == 0, s_abs, f_abs)


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
