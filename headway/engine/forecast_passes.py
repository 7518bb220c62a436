"""The CPM passes of the Monte Carlo forecast, vectorised over iterations.

Durations and early starts are tasks × iterations arrays; a forward pass over the topological
levels raises each task's early start from its predecessors, a backward pass gives late starts
and so each task's total float per iteration. Every link is a start-to-start offset: its lag,
plus the predecessor's duration from a finish, minus the successor's to a finish.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from headway.engine.network import NONE, Network
from headway.engine.passes import Levels, grouped, segments
from headway.engine.worktime import IntArray

FloatArray = npt.NDArray[np.float64]


def schedule_runs(net: Network, levels: Levels, offset: IntArray, floor: IntArray, fnet: IntArray,
              dur: IntArray) -> tuple[IntArray, IntArray]:
    """Early starts (tasks × iterations) and the project duration per iteration."""
    es = np.repeat(floor[:, None].astype(dur.dtype), dur.shape[1], axis=1)
    limited = np.flatnonzero(fnet != NONE)
    es[limited] = np.maximum(es[limited], fnet[limited, None] - dur[limited])
    forward(net, levels, offset, dur, es)
    return es, finishes(es, dur)


def _add_gap(out: IntArray, scratch: IntArray, net: Network, links: IntArray, lag: IntArray, dur: IntArray,
             sign: int) -> None:
    """Add ``sign`` × each link's start-to-start offset per iteration to ``out``, in place.

    The offset is the lag, plus the predecessor's duration for a link from its finish, minus the
    successor's for a link to its finish. ``scratch`` is a buffer the size of ``out``.
    """
    out += (sign * lag[links]).astype(out.dtype)[:, None]
    ends = ((net.src[links], net.from_finish[links], sign), (net.dst[links], net.to_finish[links], -sign))
    for rows, into, add in ends:
        if into.any():
            np.take(dur, rows, axis=0, out=scratch)
            (np.add if add > 0 else np.subtract)(out, scratch, out=out, where=into[:, None])


def _reduce(ufunc: np.ufunc, cand: IntArray, seg: IntArray) -> IntArray:
    """``ufunc.reduceat(cand, seg, axis=0)``, a rank at a time: the k-th row of every segment
    together (several times faster than ``reduceat`` along rows, which runs row by row)."""
    if len(seg) == len(cand):
        return cand
    size = np.diff(np.append(seg, len(cand)))
    best: IntArray = cand[seg]
    for k in range(1, int(size.max())):
        longer = np.flatnonzero(size > k)
        if len(longer) == len(seg):
            ufunc(best, cand[seg + k], out=best)
        else:
            best[longer] = ufunc(best[longer], cand[seg[longer] + k])
    return best


def _buffers(keys: IntArray, bounds: IntArray, dur: IntArray) -> tuple[IntArray, IntArray]:
    """Two scratch arrays for the largest level's links, reused to spare allocations."""
    widest = int(np.diff(bounds).max(initial=0))
    return np.empty((widest, dur.shape[1]), dur.dtype), np.empty((widest, dur.shape[1]), dur.dtype)


def forward(net: Network, lv: Levels, lag: IntArray, dur: IntArray, es: IntArray) -> None:
    """Raise early starts ``es`` (tasks × iterations, holding the floors) level by level."""
    order, bounds = grouped(net.dst, lv.level)
    buf, scratch = _buffers(net.dst, bounds, dur)
    for k in range(1, len(lv.bounds) - 1):
        if bounds[k] < bounds[k + 1]:
            links = order[bounds[k]:bounds[k + 1]]
            cand = buf[:len(links)]
            np.take(es, net.src[links], axis=0, out=cand)
            _add_gap(cand, scratch[:len(links)], net, links, lag, dur, 1)
            seg = segments(net.dst[links])
            target = net.dst[links][seg]
            best = _reduce(np.maximum, cand, seg)
            es[target] = np.maximum(best, es[target], out=best)


def criticality(net: Network, lv: Levels, lag: IntArray, dur: IntArray, es: IntArray,
                 finish: IntArray) -> FloatArray:
    """Share of iterations in which each task has no total float (backward pass per iteration)."""
    ls = finish[None, :] - dur
    order, bounds = grouped(net.src, lv.level)
    buf, scratch = _buffers(net.src, bounds, dur)
    for k in range(len(lv.bounds) - 2, -1, -1):
        if bounds[k] < bounds[k + 1]:
            links = order[bounds[k]:bounds[k + 1]]
            cand = buf[:len(links)]
            np.take(ls, net.dst[links], axis=0, out=cand)
            _add_gap(cand, scratch[:len(links)], net, links, lag, dur, -1)
            seg = segments(net.src[links])
            source = net.src[links][seg]
            best = _reduce(np.minimum, cand, seg)
            ls[source] = np.minimum(best, ls[source], out=best)
    ls -= es
    out: FloatArray = np.count_nonzero(ls <= 0, axis=1) / dur.shape[1]
    return out


def finishes(es: IntArray, dur: IntArray) -> IntArray:
    """Project duration per iteration: the latest early finish, a block of tasks at a time."""
    out = np.zeros(dur.shape[1], dur.dtype)
    for first in range(0, len(dur), 512):
        block = es[first:first + 512] + dur[first:first + 512]
        np.maximum(out, block.max(axis=0), out=out)
    return out
