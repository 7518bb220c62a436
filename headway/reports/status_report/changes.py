"""What changed since the last report: a plan diff against an earlier version of the plan (from
git, read by the caller) or the latest baseline saved by then, else the progress recorded since."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from headway.engine.completion import fraction_done
from headway.engine.cpm import schedule
from headway.engine.diff import PlanDiff, diff
from headway.engine.diff_baseline import baseline_diff
from headway.engine.progress import end_of, progress_as_of
from headway.engine.results import Schedule
from headway.model import Baseline, Project

GIT, BASELINE, PROGRESS = "git", "baseline", "progress"


@dataclass(frozen=True, slots=True)
class ProgressChange:
    """A task whose recorded progress moved since the last report (fractions 0..1)."""

    id: str
    name: str
    before: float
    after: float

    @property
    def finished(self) -> bool:
        return self.after >= 1 > self.before


@dataclass(frozen=True, slots=True)
class Changes:
    """The changes since ``since``; ``source`` says what they were measured against
    ("git", "baseline" or "progress") and ``against`` names it (a commit, a baseline)."""

    since: dt.date
    source: str
    against: str
    diff: PlanDiff | None
    progress: tuple[ProgressChange, ...]


def changes_since(project: Project, current: Schedule, since: dt.date, *, previous: Project | None = None,
                  previous_label: str = "") -> Changes:
    """Changes since ``since``: against ``previous`` (the plan at the last commit before that date)
    when given, else the latest baseline saved on or before it, else the progress recorded since."""
    moved = _progress_since(project, current, since)
    if previous is not None:
        return Changes(since, GIT, previous_label, diff(previous, schedule(previous), project, current), moved)
    saved = _baseline_by(project, since)
    if saved is not None:
        return Changes(since, BASELINE, saved.name, baseline_diff(project, current, saved), moved)
    return Changes(since, PROGRESS, "", None, moved)


def _baseline_by(project: Project, since: dt.date) -> Baseline | None:
    taken = [b for b in project.baselines if b.saved.date() <= since]
    return max(taken, key=lambda b: b.saved) if taken else None


def _progress_since(project: Project, current: Schedule, since: dt.date) -> tuple[ProgressChange, ...]:
    before = progress_as_of(project, end_of(since))
    after = progress_as_of(project)
    out = []
    for task in current.tasks:
        if task.summary:
            continue
        was = fraction_done(before.get(task.id), task.duration_minutes, project.working_time)
        now = fraction_done(after.get(task.id), task.duration_minutes, project.working_time)
        if abs(now - was) > 1e-9:
            out.append(ProgressChange(task.id, task.name or task.id, round(was, 4), round(now, 4)))
    return tuple(out)
