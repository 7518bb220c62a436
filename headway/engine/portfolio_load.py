"""How loaded each person of a portfolio is: assigned work, peak load and when, per project."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from headway.engine.results import Schedule
from headway.engine.usage import Span, assignment_spans
from headway.model import Project
from headway.model.portfolio import SEPARATOR


@dataclass(frozen=True, slots=True)
class ResourceLoad:
    """One person's load: assigned work (working minutes), the highest load (units) and when it
    first occurs, and the work per project key."""

    resource: str
    name: str
    units: float
    work_minutes: int
    peak_units: float
    peak_at: dt.datetime | None
    projects: tuple[tuple[str, int], ...]


def project_key(task_id: str) -> str:
    """The project key of a merged task id (``infra/db-ready`` -> ``infra``)."""
    return task_id.split(SEPARATOR, 1)[0]


def resource_loads(merged: Project, result: Schedule, project: str | None = None) -> tuple[ResourceLoad, ...]:
    """The load of every person of ``merged`` (a merged portfolio), or, for one ``project`` key,
    of the people that project uses, counting only its tasks."""
    spans = assignment_spans(merged, result)
    out = []
    for person in merged.resources:
        mine = [s for s in spans.get(person.id, []) if project is None or project_key(s[3]) == project]
        if project is not None and not mine:
            continue
        work: dict[str, int] = {}
        for _, _, units, tid in mine:
            key = project_key(tid)
            work[key] = work.get(key, 0) + round(result.task(tid).duration_minutes * units)
        peak, when = _peak(mine)
        out.append(ResourceLoad(person.id, person.name, person.units, sum(work.values()), peak, when,
                                tuple(work.items())))
    return tuple(out)


def _peak(spans: list[Span]) -> tuple[float, dt.datetime | None]:
    """The highest sum of units at any instant, and the first instant it is reached."""
    events = sorted([(s, u) for s, _, u, _ in spans] + [(f, -u) for _, f, u, _ in spans])  # ends first on ties
    load, best, when = 0.0, 0.0, None
    for instant, change in events:
        load += change
        if load > best + 1e-9:
            best, when = load, instant
    return round(best, 6), when
