"""A schedule as JSON-ready data: ``{"project": {...}, "tasks": [...]}`` (the CLI contract)."""

from __future__ import annotations

import datetime as dt
import json
from typing import TYPE_CHECKING, Any

from headway.engine.results import Driver, Schedule, ScheduledTask

if TYPE_CHECKING:
    from headway.engine.leveling.plan import LeveledPlan


def _iso(value: dt.datetime | None) -> str | None:
    return value.isoformat(timespec="seconds") if value is not None else None


def _driver(driver: Driver | None) -> dict[str, Any] | None:
    if driver is None:
        return None
    return {
        "kind": driver.kind.value, "date": _iso(driver.date), "predecessor": driver.predecessor,
        "via": driver.via, "link_type": driver.link_type.value if driver.link_type else None,
        "lag": str(driver.lag) if driver.lag is not None else None, "constraint": driver.constraint,
        "waited_for": driver.waited_for,
    }


def task_dict(task: ScheduledTask) -> dict[str, Any]:
    """One task's fields; dates are ISO 8601 local date-times, floats integer working minutes."""
    return {
        "id": task.id, "name": task.name, "parent": task.parent, "wbs": task.wbs,
        "summary": task.summary, "milestone": task.milestone,
        "start": _iso(task.start), "finish": _iso(task.finish),
        "early_start": _iso(task.early_start), "early_finish": _iso(task.early_finish),
        "late_start": _iso(task.late_start), "late_finish": _iso(task.late_finish),
        "duration_minutes": task.duration_minutes, "work_minutes": task.work_minutes,
        "total_float_minutes": task.total_float_minutes, "free_float_minutes": task.free_float_minutes,
        "critical": task.critical, "calendar": task.calendar, "resources": list(task.resources),
        "deadline": _iso(task.deadline), "driver": _driver(task.driver),
    }


def schedule_dict(schedule: Schedule) -> dict[str, Any]:
    """The whole schedule as plain data."""
    return {
        "project": {
            "name": schedule.project_name, "start": _iso(schedule.start), "finish": _iso(schedule.finish),
            "duration_minutes": schedule.duration_minutes, "status_date": _iso(schedule.status_date),
            "minutes_per_day": schedule.minutes_per_day, "critical_path": list(schedule.critical_path),
        },
        "tasks": [task_dict(t) for t in schedule.tasks],
        "links": [{"predecessor": link.predecessor, "successor": link.successor, "type": link.type.value,
                   "lag": str(link.lag), "driving": link.driving} for link in schedule.links],
        "problems": [{"code": p.code, "severity": p.severity.value, "message": p.message,
                      "task": p.entity_id} for p in schedule.problems],
    }


def leveled_dict(leveled: LeveledPlan) -> dict[str, object]:
    """The ``schedule --json`` object with each task's leveling delay and a ``leveling`` summary."""
    data = schedule_dict(leveled.schedule)
    for task in data["tasks"]:
        task["leveling_delay_minutes"] = leveled.delay_minutes.get(task["id"], 0)
        task["waited_for"] = leveled.waited_for.get(task["id"])
    r = leveled.result
    data["leveling"] = {
        "method": r.method, "status": r.status.value, "proven_optimal": r.proven_optimal,
        "slot_minutes": leveled.slot, "makespan_slots": r.makespan, "lower_bound_slots": r.lower_bound,
        "gap": round(r.gap, 4), "schedules": r.schedules, "runtime_seconds": round(r.runtime, 3),
    }
    return data


def dumps(schedule: Schedule) -> str:
    """JSON text of ``schedule_dict``."""
    return json.dumps(schedule_dict(schedule), indent=2, ensure_ascii=False)
