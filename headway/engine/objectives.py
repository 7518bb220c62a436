"""Where each objective stands: achieved, on track, at risk, missed or not started, and why.

An objective is judged from its deliverables (tasks: milestones or summaries) against their
deadlines — the task's own deadline, else its finish in the latest baseline — using the
scheduled finish and, when a forecast is given, the P80 finish; and from its success
criteria's recorded ``met``. The first rule that applies wins:

1. missed: a criterion is recorded as not met, or a finished deliverable finished after its deadline;
2. achieved: every deliverable is finished and every criterion is met (at least one of them exists);
3. at_risk: a deliverable is scheduled, or forecast at P80, to finish after its deadline;
4. not_started: no deliverable has started and no criterion has been judged;
5. on_track: otherwise.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Mapping
from dataclasses import dataclass

from headway.engine.baselines import find
from headway.engine.progress import end_of
from headway.engine.results import Schedule, ScheduledTask
from headway.model import Project
from headway.model.objectives import Objective, SuccessCriterion


class ObjectiveState(enum.Enum):
    """An objective's state, as stable snake_case values."""

    ACHIEVED = "achieved"
    ON_TRACK = "on_track"
    AT_RISK = "at_risk"
    MISSED = "missed"
    NOT_STARTED = "not_started"


@dataclass(frozen=True, slots=True)
class Deliverable:
    """One deliverable of an objective: its finish now, forecast P80, target and standing."""

    id: str
    name: str
    finish: dt.datetime | None  # None: not in the plan
    p80_finish: dt.datetime | None
    target: dt.datetime | None  # the deadline, else the baseline finish
    target_kind: str  # "deadline", "baseline" or ""
    started: bool
    finished: bool


@dataclass(frozen=True, slots=True)
class ObjectiveStatus:
    """An objective's state with the reason, its deliverables and criteria counts."""

    id: str
    title: str
    state: ObjectiveState
    reason: str
    deliverables: tuple[Deliverable, ...]
    criteria_met: int
    criteria_total: int


def objective_states(project: Project, current: Schedule, *,
                     p80_finish: Mapping[str, dt.datetime] | None = None) -> tuple[ObjectiveStatus, ...]:
    """The state of every objective of ``project`` scheduled as ``current`` (with its progress);
    ``p80_finish`` maps task ids to their forecast P80 finish where known."""
    baseline = find(project, None)
    saved = {tid: t.finish for tid, t in baseline.tasks.items()} if baseline is not None else {}
    deadlines = {t.id: end_of(t.deadline) for t in project.tasks if t.deadline is not None}
    forecast = p80_finish or {}
    out = []
    for objective in project.objectives:
        items = tuple(_deliverable(tid, current, deadlines, saved, forecast) for tid in objective.deliverables)
        state, reason = _judge(objective, items)
        judged = [c.met for c in objective.criteria if c.met is not None]
        out.append(ObjectiveStatus(objective.id, objective.title, state, reason, items, sum(1 for m in judged if m),
                                   len(objective.criteria)))
    return tuple(out)


def _deliverable(tid: str, current: Schedule, deadlines: Mapping[str, dt.datetime],
                 saved: Mapping[str, dt.datetime], forecast: Mapping[str, dt.datetime]) -> Deliverable:
    target, kind = (deadlines[tid], "deadline") if tid in deadlines else \
        (saved[tid], "baseline") if tid in saved else (None, "")
    if tid not in current:
        return Deliverable(tid, tid, None, None, target, kind, False, False)
    task = current.task(tid)
    finished = task.percent_complete >= 1 or task.actual_finish is not None
    started = finished or task.percent_complete > 0 or task.actual_start is not None
    return Deliverable(tid, task.name or tid, task.finish, forecast.get(tid), target, kind, started, finished)


def _judge(objective: Objective, items: tuple[Deliverable, ...]) -> tuple[ObjectiveState, str]:
    failed = [c.metric for c in objective.criteria if c.met is False]
    if failed:
        return ObjectiveState.MISSED, "criterion not met: " + ", ".join(failed)
    late_done = [d for d in items if d.finished and d.target is not None and d.finish is not None
                 and d.finish > d.target]
    if late_done:
        d = late_done[0]
        return ObjectiveState.MISSED, f"{d.id} finished {_day(d.finish)}, after its {d.target_kind} {_day(d.target)}"
    if (items or objective.criteria) and all(d.finished for d in items) and all(c.met for c in objective.criteria):
        return ObjectiveState.ACHIEVED, _achieved(objective, items)
    for d in items:
        if d.finished or d.target is None:
            continue
        if d.finish is None:
            return ObjectiveState.AT_RISK, f"deliverable {d.id} is not in the plan"
        if d.finish > d.target:
            return ObjectiveState.AT_RISK, (f"{d.id} is scheduled to finish {_day(d.finish)}, after its "
                                            f"{d.target_kind} {_day(d.target)}")
        if d.p80_finish is not None and d.p80_finish > d.target:
            return ObjectiveState.AT_RISK, (f"{d.id} P80 finish {_day(d.p80_finish)} is after its "
                                            f"{d.target_kind} {_day(d.target)}")
    if not any(d.started for d in items) and all(c.met is None for c in objective.criteria):
        return ObjectiveState.NOT_STARTED, "no deliverable has started yet"
    open_items = [d for d in items if not d.finished]
    if not open_items:
        pending = sum(1 for c in objective.criteria if c.met is None)
        return ObjectiveState.ON_TRACK, f"delivered; {pending} criterion/criteria not judged yet"
    return ObjectiveState.ON_TRACK, f"{len(open_items)} deliverable(s) open, each on course for its target"


def _achieved(objective: Objective, items: tuple[Deliverable, ...]) -> str:
    parts = []
    if items:
        parts.append(f"{len(items)} deliverable(s) finished")
    if objective.criteria:
        parts.append(f"{len(objective.criteria)} criterion/criteria met")
    return " and ".join(parts)


def _day(value: dt.datetime | None) -> str:
    """A date as people write it: an instant at midnight (a deadline's end of day) is the day before."""
    if value is None:
        return "n/a"
    return f"{value - dt.timedelta(days=1) if value.time() == dt.time() else value:%Y-%m-%d}"


def _late_task(task: ScheduledTask | None) -> bool:
    return task is not None and task.deadline is not None and task.finish > task.deadline


def _finished_task(task: ScheduledTask | None) -> bool:
    return task is not None and (task.actual_finish is not None or task.percent_complete >= 1.0)


def _scheduled(schedule: Schedule, task_id: str | None) -> ScheduledTask | None:
    if task_id is None or task_id not in schedule:
        return None
    return schedule.task(task_id)


def criterion_state(criterion: SuccessCriterion, schedule: Schedule) -> str:
    """A success criterion's state: ``met`` / ``missed`` as the team recorded it; otherwise ``due`` once
    its milestone has finished (it should now be judged), ``at risk`` while that milestone is scheduled
    past its deadline, else ``open``."""
    if criterion.met is not None:
        return "met" if criterion.met else "missed"
    milestone = _scheduled(schedule, criterion.milestone)
    if _finished_task(milestone):
        return "due"
    return "at risk" if _late_task(milestone) else "open"
