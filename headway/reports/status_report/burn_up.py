"""Burn-up series: leaf tasks finished by each progress date, and as the plan has them finish."""

from __future__ import annotations

import datetime as dt

from headway.engine.progress import end_of, progress_as_of
from headway.engine.results import Schedule
from headway.model import Project

Series = tuple[tuple[dt.datetime, int], ...]


def planned_finishes(plan: Schedule) -> Series:
    """Cumulative count of leaf tasks by their planned finish, starting at zero at the plan's start."""
    finishes = sorted(t.finish for t in plan.tasks if not t.summary)
    out = [(plan.start, 0)]
    out += [(when, k + 1) for k, when in enumerate(finishes)]
    return tuple(out)


def actual_finishes(project: Project, start: dt.datetime, status: dt.datetime) -> Series:
    """Cumulative count of leaf tasks complete at each progress date up to ``status`` (and at it),
    from zero at ``start``."""
    dates = sorted({end_of(e.date) for e in project.progress if end_of(e.date) <= status})
    if not dates:
        return ()
    out = []
    for when in [*dates, status] if dates[-1] < status else dates:
        states = progress_as_of(project, when)
        out.append((when, sum(1 for s in states.values() if s.complete)))
    return ((min(start, dates[0]), 0), *out)
