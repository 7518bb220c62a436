"""A portfolio schedule as JSON-ready data: per project the ``schedule --json`` object, plus loads.

``{"portfolio": {...}, "projects": [{"key", "name", "priority", "file", …, "schedule": {...}}],
"resources": [...], "leveling": {...} | null, "problems": [...]}``. Each project's
``schedule`` is what ``headway schedule --json`` prints for it (with ``leveling_delay_minutes``
and ``waited_for`` per task when leveled, as ``headway level --json``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from headway.engine.leveling.plan import LeveledPlan
from headway.engine.portfolio import PortfolioSchedule, ProjectSchedule
from headway.engine.portfolio_load import ResourceLoad
from headway.io.schedule_json import iso, leveled_dict, resources_list, schedule_dict
from headway.model import Problem


def load_dict(load: ResourceLoad) -> dict[str, Any]:
    """One person's load: work in working minutes, peak as a fraction (1.0 = full time)."""
    return {"id": load.resource, "name": load.name, "units": load.units, "work_minutes": load.work_minutes,
            "peak_units": load.peak_units, "peak_at": iso(load.peak_at),
            "projects": [{"key": key, "work_minutes": work} for key, work in load.projects]}


def _problem(problem: Problem) -> dict[str, Any]:
    return {"code": problem.code, "severity": problem.severity.value, "message": problem.message,
            "entity": problem.entity_id, "location": str(problem.location) if problem.location else None}


def _schedule(part: ProjectSchedule, result: PortfolioSchedule) -> tuple[dict[str, Any], Any]:
    """The project's ``schedule --json`` object, and the leveling summary (the same for every project)."""
    if result.leveled is None:
        data = schedule_dict(part.schedule)
        data["resources"] = resources_list(part.plan, part.schedule)
        return data, None
    lev = result.leveled
    mine = LeveledPlan(part.schedule, lev.result, dict(part.delay_minutes), dict(part.waited_for), lev.slot,
                       part.plan)
    data = leveled_dict(mine, part.plan)
    return data, data.pop("leveling")


def portfolio_dict(result: PortfolioSchedule, files: Mapping[str, str]) -> dict[str, Any]:
    """The whole portfolio schedule as plain data; ``files`` maps project keys to plan files."""
    merged = result.schedule
    projects, leveling = [], None
    for part in result.projects:
        schedule, leveling = _schedule(part, result)
        projects.append({
            "key": part.key, "name": part.project.name, "priority": part.project.priority,
            "file": files.get(part.key), "finish_delay_minutes": part.finish_delay_minutes,
            "deadlines": part.deadlines, "late": [{"task": tid, "late_minutes": late} for tid, late in part.late],
            "resources": [load_dict(load) for load in part.load], "schedule": schedule})
    return {
        "portfolio": {"name": merged.project_name, "start": iso(merged.start), "finish": iso(merged.finish),
                      "duration_minutes": merged.duration_minutes, "minutes_per_day": merged.minutes_per_day},
        "projects": projects,
        "resources": [load_dict(load) for load in result.load],
        "leveling": leveling,
        "problems": [_problem(p) for p in result.problems],
    }
