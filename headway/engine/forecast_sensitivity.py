"""Sensitivity for a tornado chart: Spearman rank correlation of each task's duration with the finish.

Ranks are mid-ranks (ties share their average rank), computed for all tasks at once by counting:
each task's values are shifted into a range of their own, one ``bincount`` and ``cumsum`` give
how many values lie at or below each, so no per-task sort is needed (only a task with a long
tail, spanning over 4 minutes per iteration, is compressed to its distinct values first). A task whose duration never
varies has sensitivity 0.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from headway.engine.worktime import IntArray

FloatArray = npt.NDArray[np.float64]
BLOCK = 256  # tasks ranked at a time, to bound memory


def sensitivity(dur: IntArray, finish: IntArray) -> FloatArray:
    """Spearman correlation of every row of ``dur`` (tasks × iterations) with ``finish``."""
    n = dur.shape[1]
    out = np.zeros(len(dur))
    target = midranks(finish[None, :])[0]
    target -= (n + 1) / 2
    target_norm = float(np.sqrt(target @ target))
    if target_norm == 0:
        return out
    varying = np.flatnonzero(dur.min(axis=1) != dur.max(axis=1))
    for first in range(0, len(varying), BLOCK):
        rows = varying[first:first + BLOCK]
        ranks = midranks(dur[rows])
        ranks -= (n + 1) / 2
        out[rows] = ranks @ target / (np.sqrt(np.einsum("ij,ij->i", ranks, ranks)) * target_norm)
    return out


def midranks(values: IntArray) -> FloatArray:
    """1-based mid-ranks of each row of ``values`` within that row."""
    rows, n = values.shape
    low = values.min(axis=1).astype(np.int64)
    span = values.max(axis=1).astype(np.int64) - low + 1
    wide = np.flatnonzero(span > 4 * n)
    if len(wide) or int(span.sum()) >= 2**31:
        values = values.astype(np.int64)
    if len(wide):  # a long tail: rank the row's distinct values instead
        for row in wide:
            values[row] = np.unique(values[row], return_inverse=True)[1]
            low[row], span[row] = 0, values[row].max() + 1
    start = np.concatenate(([0], np.cumsum(span)[:-1]))
    flat = values - (low - start).astype(values.dtype)[:, None]
    counts = np.bincount(flat.ravel(), minlength=int(span.sum()))
    # a value's mid-rank: values of its row at or below it, less half its ties
    table = np.cumsum(counts) - (counts - 1) / 2 - np.repeat(np.arange(rows) * n, span)
    out: FloatArray = table[flat]
    return out
