"""Saving a schedule as a named baseline: ``capture`` it, then ``with_baseline`` in the plan."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from headway.engine.results import Schedule
from headway.model import Baseline, BaselineTask, Project

DEFAULT_NAME = "baseline"


def capture(schedule: Schedule, name: str, saved: dt.datetime,
            costs: Mapping[str, float] | None = None) -> Baseline:
    """The dates, work, duration and cost of every task in ``schedule`` as baseline ``name``."""
    costs = costs or {}
    tasks = {t.id: BaselineTask(t.start, t.finish, t.work_minutes, _cents(costs.get(t.id, 0.0)), t.duration_minutes)
             for t in schedule.tasks}
    total = sum(costs.get(t.id, 0.0) for t in schedule.tasks if not t.summary)
    return Baseline(name, saved.replace(second=0, microsecond=0), tasks, schedule.finish, _cents(total))


def _cents(amount: float) -> float:
    """Money as saved: to the cent, so the file shows 1234.57 rather than float noise."""
    return round(float(amount), 2)


def with_baseline(project: Project, baseline: Baseline) -> Project:
    """The plan with ``baseline`` replacing the one of the same name, or appended."""
    kept = [b for b in project.baselines if b.name != baseline.name]
    at = next((i for i, b in enumerate(project.baselines) if b.name == baseline.name), len(kept))
    return project.replace(baselines=(*kept[:at], baseline, *kept[at:]))


def find(project: Project, name: str | None) -> Baseline | None:
    """The baseline called ``name``; without a name, the one saved last."""
    if name is not None:
        return next((b for b in project.baselines if b.name == name), None)
    return max(project.baselines, key=lambda b: b.saved, default=None)
