"""Who works on what, when: assignment spans and over-allocation findings."""

from __future__ import annotations

import datetime as dt

from headway.engine.cpm import schedule
from headway.engine.results import Schedule
from headway.model import Problem, Project, Severity

Span = tuple[dt.datetime, dt.datetime, float, str]  # start, finish, units, task id


def assignment_spans(project: Project, result: Schedule) -> dict[str, list[Span]]:
    """Per person: (start, finish, units, task) of every assignment that takes time."""
    people = project.resources_by_id()
    out: dict[str, list[Span]] = {}
    for task in project.tasks:
        if not task.assignments:
            continue
        st = result.task(task.id)
        if st.summary or st.finish <= st.start:
            continue
        for a in task.assignments:
            units = a.units if a.units is not None else people[a.resource].units
            out.setdefault(a.resource, []).append((st.start, st.finish, units, task.id))
    return out


def overallocations(project: Project, result: Schedule) -> list[Problem]:
    """One warning per person who is ever asked for more than their units, at the worst moment."""
    people = project.resources_by_id()
    found = []
    for rid, spans in assignment_spans(project, result).items():
        events = sorted([(s, u, t) for s, _, u, t in spans] + [(f, -u, t) for _, f, u, t in spans],
                        key=lambda e: (e[0], e[1]))
        load = 0.0
        running: set[str] = set()
        worst: tuple[float, dt.datetime, list[str]] | None = None
        for when, change, tid in events:
            load += change
            if change > 0:
                running.add(tid)
            else:
                running.discard(tid)
            if load > people[rid].units + 1e-9 and (worst is None or load > worst[0]):
                worst = (load, when, sorted(running))
        if worst is not None:
            load_peak, when, tasks = worst
            found.append(Problem(
                "over_allocated", f"asked for {load_peak:.0%} of {people[rid].units:.0%} at {when:%Y-%m-%d %H:%M} "
                f"({', '.join(tasks[:5])}{' and more' if len(tasks) > 5 else ''})", Severity.WARNING, rid,
                people[rid].origin, "run 'headway level' to move tasks, or assign someone else"))
    return found


def findings(project: Project) -> list[Problem]:
    """Everything worth telling about a plan once scheduled: its problems and over-allocations.

    Raises ``PlanError`` when the plan cannot be scheduled.
    """
    result = schedule(project)
    return [*result.problems, *overallocations(project, result)]
