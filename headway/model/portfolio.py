"""A portfolio: several projects that share a pool of people and calendars and link to each other."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from headway.model.calendar import Calendar
from headway.model.problems import SourceLocation
from headway.model.project import Project
from headway.model.resource import Resource

SEPARATOR = "/"  # between a project key and a task id: ``infra/db-ready``


@dataclass(frozen=True, slots=True)
class Pool:
    """Calendars and resources shared by the projects of a portfolio (the pool file)."""

    calendars: tuple[Calendar, ...] = ()
    resources: tuple[Resource, ...] = ()
    origin: SourceLocation | None = field(default=None, compare=False)

    def complete(self, project: Project) -> Project:
        """``project`` plus the pool's calendars and resources that it does not define itself."""
        cal_ids = {c.id for c in project.calendars}
        res_ids = {r.id for r in project.resources}
        return project.replace(
            calendars=project.calendars + tuple(c for c in self.calendars if c.id not in cal_ids),
            resources=project.resources + tuple(r for r in self.resources if r.id not in res_ids))

    def as_project(self) -> Project:
        """The pool as a project without tasks, so the plan checks apply to it."""
        return Project(name="", start=dt.date.min, calendars=self.calendars, resources=self.resources,
                       origin=self.origin)


@dataclass(frozen=True, slots=True)
class Member:
    """One project of a portfolio and its ``key``: the name other projects' links use for it."""

    key: str
    project: Project


@dataclass(frozen=True, slots=True)
class Portfolio:
    """Projects scheduled together, in the order given, with the pool they share."""

    members: tuple[Member, ...]
    pool: Pool = Pool()
    name: str = "Portfolio"

    def keys(self) -> list[str]:
        return [m.key for m in self.members]


def qualified(key: str, task_id: str) -> str:
    """A task id made unique across a portfolio: ``infra/db-ready``."""
    return f"{key}{SEPARATOR}{task_id}"
