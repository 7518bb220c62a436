"""A plan diff against one of its saved baselines: the baseline's dates and durations vs now."""

from __future__ import annotations

from headway.engine.cost import project_cost
from headway.engine.diff import PlanDiff, causes, clock_covering, date_moves
from headway.engine.diff_fields import FieldChange, TaskChange
from headway.engine.results import Schedule
from headway.model import Baseline, Project


def baseline_diff(project: Project, schedule: Schedule, baseline: Baseline) -> PlanDiff:
    """Compare ``baseline`` with the plan as scheduled now.

    A baseline keeps dates, duration, work and cost per task, not the plan itself, so ``changed``
    lists duration and work changes only, and critical-path changes are not known (left empty).
    """
    saved = baseline.tasks
    added = tuple(t.id for t in project.tasks if t.id not in saved)
    now_ids = {t.id for t in project.tasks}
    removed = tuple(tid for tid in saved if tid not in now_ids)
    per_day = schedule.minutes_per_day
    changes = []
    for task in schedule.tasks:
        was = saved.get(task.id)
        if was is None or task.summary:
            continue
        fields = []
        if was.duration_minutes and was.duration_minutes != task.duration_minutes:
            fields.append(FieldChange("duration", _days(was.duration_minutes, per_day),
                                      _days(task.duration_minutes, per_day)))
        if was.work_minutes != task.work_minutes:
            fields.append(FieldChange("work", _days(was.work_minutes, per_day), _days(task.work_minutes, per_day)))
        if fields:
            changes.append(TaskChange(task.id, task.name or task.id, tuple(fields), ()))
    old_finish = baseline.finish or max((t.finish for t in saved.values()), default=schedule.finish)
    clock = clock_covering(project, old_finish, schedule.finish, *(t.start for t in saved.values()),
                           *(t.finish for t in saved.values()), *(t.finish for t in schedule.tasks))
    moves = date_moves({tid: (t.start, t.finish) for tid, t in saved.items()}, schedule, clock)
    finish_delta = clock.minutes(schedule.finish) - clock.minutes(old_finish)
    return PlanDiff(
        added=added, removed=removed, changed=tuple(changes), renamed=(), moved=(), date_moves=moves,
        causes=causes(schedule, moves, finish_delta, changes, set(added)),
        became_critical=(), stopped_critical=(), old_finish=old_finish, new_finish=schedule.finish,
        finish_delta_minutes=finish_delta, old_cost=round(baseline.cost, 2),
        new_cost=round(project_cost(project, schedule), 2), minutes_per_day=per_day)


def _days(minutes: int, per_day: int) -> str:
    value = minutes / per_day if per_day else 0.0
    return f"{value:.2f}".rstrip("0").rstrip(".") + "d"
