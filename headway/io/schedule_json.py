"""A schedule as JSON-ready data: ``{"project": {...}, "tasks": [...]}`` (the CLI contract).

With the project at hand it also carries ``resources``: each person's daily usage.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import TYPE_CHECKING, Any

import numpy as np

from headway.engine.results import Driver, Schedule, ScheduledTask
from headway.engine.usage import ResourceUsage, Usage, resource_usage
from headway.model import Project

if TYPE_CHECKING:
    from headway.engine.leveling.plan import LeveledPlan


def iso(value: dt.datetime | None) -> str | None:
    """ISO 8601 local date-time to the second, or None."""
    return value.isoformat(timespec="seconds") if value is not None else None


def _driver(driver: Driver | None) -> dict[str, Any] | None:
    if driver is None:
        return None
    return {
        "kind": driver.kind.value, "date": iso(driver.date), "predecessor": driver.predecessor,
        "via": driver.via, "link_type": driver.link_type.value if driver.link_type else None,
        "lag": str(driver.lag) if driver.lag is not None else None, "constraint": driver.constraint,
        "waited_for": driver.waited_for,
    }


def task_dict(task: ScheduledTask) -> dict[str, Any]:
    """One task's fields; dates are ISO 8601 local date-times, floats integer working minutes."""
    return {
        "id": task.id, "name": task.name, "parent": task.parent, "wbs": task.wbs,
        "summary": task.summary, "milestone": task.milestone,
        "start": iso(task.start), "finish": iso(task.finish),
        "early_start": iso(task.early_start), "early_finish": iso(task.early_finish),
        "late_start": iso(task.late_start), "late_finish": iso(task.late_finish),
        "duration_minutes": task.duration_minutes, "work_minutes": task.work_minutes,
        "total_float_minutes": task.total_float_minutes, "free_float_minutes": task.free_float_minutes,
        "critical": task.critical, "calendar": task.calendar, "resources": list(task.resources),
        "deadline": iso(task.deadline), "driver": _driver(task.driver),
        "percent_complete": round(task.percent_complete, 4), "actual_start": iso(task.actual_start),
        "actual_finish": iso(task.actual_finish), "remaining_minutes": task.remaining_minutes,
        "source_uid": task.source_uid,
    }


def schedule_dict(schedule: Schedule) -> dict[str, Any]:
    """The whole schedule as plain data."""
    return {
        "project": {
            "name": schedule.project_name, "start": iso(schedule.start), "finish": iso(schedule.finish),
            "duration_minutes": schedule.duration_minutes, "status_date": iso(schedule.status_date),
            "minutes_per_day": schedule.minutes_per_day, "critical_path": list(schedule.critical_path),
        },
        "tasks": [task_dict(t) for t in schedule.tasks],
        "links": [{"predecessor": link.predecessor, "successor": link.successor, "type": link.type.value,
                   "lag": str(link.lag), "driving": link.driving} for link in schedule.links],
        "problems": [{"code": p.code, "severity": p.severity.value, "message": p.message,
                      "task": p.entity_id} for p in schedule.problems],
    }


def _round(value: float) -> int | float:
    return round(value) if abs(value - round(value)) < 1e-6 else round(value, 2)


def _load(value: float) -> float | None:
    return round(value, 4) if np.isfinite(value) else None  # work on a day off: no ratio


def resource_dict(person: ResourceUsage, usage: Usage | None = None) -> dict[str, Any]:
    """One person's totals and per-period usage; periods without work or working time are left out.

    ``load`` is null where work falls on a day the person does not work. With ``usage``, each
    period also lists its tasks.
    """
    load, (peak, peak_at) = person.load, person.peak
    periods = []
    for i, period in enumerate(person.periods):
        work, available = float(person.work[i]), float(person.available[i])
        if work <= 0 and available <= 0:
            continue
        entry: dict[str, Any] = {"period": period.label, "work_minutes": _round(work),
                                 "available_minutes": _round(available), "load": _load(float(load[i]))}
        if usage is not None:
            entry["tasks"] = [t for t, _ in usage.contributions(person.id, i)]
        periods.append(entry)
    return {
        "id": person.id, "name": person.name, "units": person.units, "work_minutes": _round(person.total_work),
        "peak_load": _load(peak), "peak_at": peak_at.label if peak_at is not None else None,
        "over_allocated": person.over_allocated, "usage": periods,
    }


def resources_list(project: Project, schedule: Schedule) -> list[dict[str, Any]]:
    """Every person's daily usage over the schedule, as ``resource_dict``."""
    return [resource_dict(r) for r in resource_usage(project, schedule).resources]


def usage_dict(usage: Usage, project_name: str) -> dict[str, Any]:
    """A ``Usage`` (any period length) with the tasks behind each period: ``headway usage --json``."""
    return {"project": project_name, "by": usage.by, "from": usage.periods[0].start.isoformat(),
            "to": (usage.periods[-1].end - dt.timedelta(days=1)).isoformat(),
            "resources": [resource_dict(r, usage) for r in usage.resources]}


def leveled_dict(leveled: LeveledPlan, project: Project) -> dict[str, object]:
    """The ``schedule --json`` object with each task's leveling delay, a ``leveling`` summary and
    everyone's daily ``resources`` usage on the leveled dates."""
    data = schedule_dict(leveled.schedule)
    data["resources"] = resources_list(leveled.project or project, leveled.schedule)
    picked = leveled.picked or {}
    for task in data["tasks"]:
        task["leveling_delay_minutes"] = leveled.delay_minutes.get(task["id"], 0)
        task["waited_for"] = leveled.waited_for.get(task["id"])
        task["picked"] = picked.get(task["id"])
    r = leveled.result
    data["leveling"] = {
        "method": r.method, "status": r.status.value, "proven_optimal": r.proven_optimal,
        "slot_minutes": leveled.slot, "makespan_slots": r.makespan, "lower_bound_slots": r.lower_bound,
        "gap": round(r.gap, 4), "schedules": r.schedules, "runtime_seconds": round(r.runtime, 3),
        "unresolved": list(leveled.unresolved), "objective": leveled.objective,
    }
    return data


def dumps(schedule: Schedule, project: Project | None = None) -> str:
    """JSON text of ``schedule_dict``, with ``resources`` usage when ``project`` is given."""
    data = schedule_dict(schedule)
    if project is not None:
        data["resources"] = resources_list(project, schedule)
    return json.dumps(data, indent=2, ensure_ascii=False)
