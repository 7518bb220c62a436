"""Success-criterion states for the plan document (objectives are judged by ``engine.objectives``).

A criterion is ``met`` / ``missed`` as the team recorded it; otherwise ``due`` once its milestone
has finished (it should now be judged), ``at risk`` while its milestone is scheduled past its
deadline, else ``open``.
"""

from __future__ import annotations

from headway.engine.results import Schedule, ScheduledTask
from headway.model.objectives import SuccessCriterion


def _late(task: ScheduledTask | None) -> bool:
    return task is not None and task.deadline is not None and task.finish > task.deadline


def _finished(task: ScheduledTask | None) -> bool:
    return task is not None and (task.actual_finish is not None or task.percent_complete >= 1.0)


def _find(schedule: Schedule, task_id: str | None) -> ScheduledTask | None:
    if task_id is None or task_id not in schedule:
        return None
    return schedule.task(task_id)


def criterion_state(criterion: SuccessCriterion, schedule: Schedule) -> str:
    """``met``, ``missed``, ``due``, ``at risk`` or ``open``."""
    if criterion.met is not None:
        return "met" if criterion.met else "missed"
    milestone = _find(schedule, criterion.milestone)
    if _finished(milestone):
        return "due"
    return "at risk" if _late(milestone) else "open"
