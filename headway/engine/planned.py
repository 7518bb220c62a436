"""The schedule a plan is run on: leveled when it assigns anyone (nobody above their units), else CPM.
The agenda and the advisor both use this rule, so their dates agree."""

from __future__ import annotations

from headway.engine.cpm import schedule
from headway.engine.results import Schedule
from headway.model import Project


def uses_leveling(project: Project) -> bool:
    """Whether the plan is scheduled by leveling: someone is assigned to some task."""
    return any(task.assignments for task in project.tasks)


def planned_schedule(project: Project) -> Schedule:
    """The plan's schedule: heuristic leveling (deterministic) when it uses leveling, else CPM."""
    if not uses_leveling(project):
        return schedule(project)
    from headway.engine.leveling.plan import level_plan  # only here: leveling loads OR-Tools

    return level_plan(project).schedule
