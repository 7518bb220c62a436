"""Per-task finish percentiles of the Monte Carlo forecast (opt-in: ``forecast(..., task_percentiles=True)``).

Every leaf's finish per iteration is its early start plus its duration (tasks × iterations); a
summary finishes with its last leaf. The percentiles are taken along the iterations for all rows
at once by an in-place partial sort at the ``inverted_cdf`` ranks (the k-th smallest with
k = ⌈p·n/100⌉, as ``numpy.percentile(..., method="inverted_cdf")`` gives for the project and the
milestones), then turned into dates, one per distinct minute.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

import numpy as np

from headway.engine.clock import ProjectClock
from headway.engine.worktime import IntArray

TASK_PERCENTILES = (50, 80)


def rank_of(p: int, n: int) -> int:
    """The 0-based rank of percentile ``p`` of ``n`` values under ``inverted_cdf`` (integer arithmetic)."""
    return max((p * n + 99) // 100 - 1, 0)


def percentile_rows(values: IntArray, percents: Sequence[int]) -> IntArray:
    """Each row's percentiles (rows × len(percents)); ``values`` is partially sorted in place."""
    if not values.shape[0]:
        return np.zeros((0, len(percents)), np.int64)
    ranks = [rank_of(p, values.shape[1]) for p in percents]
    values.partition(sorted(set(ranks)), axis=1)
    out: IntArray = values[:, ranks].astype(np.int64)
    return out


def finish_percentiles(ids: Sequence[str], leaves: Mapping[str, Sequence[str]], done: IntArray,
                       clock: ProjectClock) -> dict[str, tuple[dt.datetime, dt.datetime]]:
    """Task id -> (P50, P80 finish) for every leaf row of ``done`` (finish minutes, tasks × iterations,
    consumed: it is partially sorted in place) and every summary in ``leaves`` (its leaf ids)."""
    index = {tid: i for i, tid in enumerate(ids)}
    summaries = [(sid, [index[leaf] for leaf in members if leaf in index]) for sid, members in leaves.items()
                 if sid not in index]
    summaries = [(sid, rows) for sid, rows in summaries if rows]
    last = np.stack([done[rows].max(axis=0) for _, rows in summaries]) if summaries else done[:0]
    minutes = np.concatenate([percentile_rows(done, TASK_PERCENTILES), percentile_rows(last, TASK_PERCENTILES)])
    names = [*ids, *(sid for sid, _ in summaries)]
    dates = {int(m): finish_at(clock, int(m)) for m in np.unique(minutes)}
    return {tid: (dates[int(p50)], dates[int(p80)]) for tid, (p50, p80) in zip(names, minutes.tolist(), strict=True)}


def finish_at(clock: ProjectClock, minutes: int) -> dt.datetime:
    """The end instant of working minute ``minutes`` − 1 (the project start for no work)."""
    if minutes <= 0:
        return clock.start_at(0)
    return clock.start_at(minutes - 1) + dt.timedelta(minutes=1)
