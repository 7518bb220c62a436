"""Rules a portfolio must satisfy beyond each plan's own: ``validate_portfolio(portfolio)``.

Dependency cycles across projects need the merged network and are found where it is built
(``headway.engine.portfolio_merge``).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

from headway.model.calendar import Calendar
from headway.model.portfolio import Portfolio, qualified
from headway.model.problems import Problem
from headway.model.resource import Resource
from headway.model.validate import did_you_mean

KEY_RE = re.compile(r"[A-Za-z0-9_.-]+")


def validate_portfolio(portfolio: Portfolio) -> list[Problem]:
    """Bad or repeated project keys, shared ids defined differently, unresolvable external links."""
    problems = _keys(portfolio)
    problems += _conflicts("resource", [portfolio.pool.resources, *(m.project.resources for m in portfolio.members)])
    problems += _conflicts("calendar", [portfolio.pool.calendars, *(m.project.calendars for m in portfolio.members)])
    problems += _timezones(portfolio)
    problems += _external_links(portfolio)
    return problems


def _keys(portfolio: Portfolio) -> list[Problem]:
    out = []
    counts = Counter(portfolio.keys())
    for member in portfolio.members:
        where = member.project.origin
        if KEY_RE.fullmatch(member.key) is None:
            out.append(Problem("bad_project_key", f"project key {member.key!r} (the file name) has characters "
                               "an id may not use", location=where,
                               hint="name plan files with letters, digits, '_', '.' and '-', e.g. infra.yaml"))
        if counts[member.key] > 1:
            out.append(Problem("duplicate_project", f"two plans have the key {member.key!r} (the file name)",
                               location=where, hint="each plan in a portfolio needs its own file name"))
    return out


def _conflicts(kind: str, groups: Iterable[Iterable[Resource | Calendar]]) -> list[Problem]:
    """An id defined twice must be defined the same way (the pool first, then each plan)."""
    first: dict[str, Resource | Calendar] = {}
    out = []
    for item in (item for group in groups for item in group):
        seen = first.setdefault(item.id, item)
        if seen is not item and seen != item:
            place = f"at {seen.origin}" if seen.origin is not None else "before"
            out.append(Problem(f"{kind}_conflict", f"{kind} {item.id!r} is defined differently {place}",
                               entity_id=item.id, location=item.origin,
                               hint=f"define a shared {kind} once, in the pool file, or make both the same"))
    return out


def _timezones(portfolio: Portfolio) -> list[Problem]:
    zones = [(m, m.project.timezone) for m in portfolio.members if m.project.timezone is not None]
    if not zones:
        return []
    first, zone = zones[0]
    return [Problem("timezone_conflict", f"time zone {other!r} differs from {zone!r} of project {first.key!r}",
                    location=m.project.origin, hint="projects scheduled together need one time zone")
            for m, other in zones[1:] if other != zone]


def _external_links(portfolio: Portfolio) -> list[Problem]:
    tasks = {m.key: {t.id for t in m.project.tasks} for m in portfolio.members}
    out = []
    for member in portfolio.members:
        for task in member.project.tasks:
            for link in task.links:
                if link.project is None:
                    continue
                where, who = link.origin or task.origin, qualified(member.key, task.id)
                if link.project not in tasks:
                    hint = did_you_mean(link.project, tasks) or "projects here: " + ", ".join(tasks)
                    out.append(Problem("unknown_project", f"predecessor {link.written!r}: project {link.project!r} "
                                       "is not in this portfolio", entity_id=who, location=where, hint=hint))
                elif link.predecessor not in tasks[link.project]:
                    choices = [qualified(link.project, tid) for tid in tasks[link.project]]
                    out.append(Problem("unknown_predecessor", f"predecessor {link.written!r} does not exist",
                                       entity_id=who, location=where, hint=did_you_mean(link.written, choices)))
    return out
