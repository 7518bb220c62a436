"""The critical path and a task's chain of drivers as JSON-ready data (``critical --json``, ``why --json``)."""

from __future__ import annotations

from typing import Any

from headway.engine.explain import why
from headway.engine.results import Schedule
from headway.io.schedule_json import iso, schedule_dict, task_dict
from headway.model import Project


def critical_dict(schedule: Schedule) -> dict[str, Any]:
    """``project`` as in ``schedule --json``; ``path``: the driving chain to the finish, in order;
    ``tasks``: every task without float (summaries left out), in plan order."""
    return {"project": schedule_dict(schedule)["project"],
            "path": [task_dict(schedule.task(tid)) for tid in schedule.critical_path],
            "tasks": [task_dict(t) for t in schedule.tasks if t.critical and not t.summary]}


def why_dict(project: Project, schedule: Schedule, task_id: str) -> dict[str, Any]:
    """The steps from ``task_id`` back along its driving links: each task, its early dates and the
    reason in words. KeyError for an unknown task."""
    return {"task": task_id,
            "steps": [{"task": s.task_id, "start": iso(s.start), "finish": iso(s.finish), "reason": s.reason}
                      for s in why(project, schedule, task_id)]}
