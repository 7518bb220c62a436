"""Causes of date moves outside the tasks: a calendar, a resource or the project's own settings.

Measured, not guessed: the new plan is re-scheduled with one changed calendar (or resource, or
the project's scheduling fields) put back as it was; a milestone that lands elsewhere in that
copy was moved by that change, by the difference.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from headway.engine.diff_entities import SCHEDULING_PROJECT_FIELDS, EntityDiff
from headway.engine.diff_fields import FieldChange
from headway.engine.results import Schedule
from headway.model import PlanError, Project

MAX_RESCHEDULES = 12  # beyond this many changed calendars and resources, each kind is put back as a whole
# Resource fields that can move dates (rates, names and roles cannot).
SCHEDULING_RESOURCE_FIELDS = ("units", "calendar", "week", "vacation")

Reschedule = Callable[[Project], Schedule]


@dataclass(frozen=True, slots=True)
class Counterfactual:
    """The new plan with ``kind`` ``entity`` put back as it was (``change`` says what was undone)."""

    kind: str  # "calendar", "resource" or "project"
    entity: str
    change: str
    project: Project


def counterfactuals(old: Project, new: Project, calendars: EntityDiff, resources: EntityDiff,
                    project: Sequence[FieldChange]) -> list[Counterfactual]:
    """One copy of ``new`` per date-moving change outside the tasks, with that change undone."""
    old_calendars, old_resources = old.calendars_by_id(), old.resources_by_id()
    cals = list(calendars.changed)
    people = [c for c in resources.changed if any(f.field.startswith(SCHEDULING_RESOURCE_FIELDS) for f in c.fields)]
    out = []
    if len(cals) + len(people) <= MAX_RESCHEDULES:
        for change in cals:
            undone = tuple(old_calendars[c.id] if c.id == change.id else c for c in new.calendars)
            out.append(Counterfactual("calendar", change.id, change.summary(), new.replace(calendars=undone)))
        for change in people:
            back = tuple(old_resources[r.id] if r.id == change.id else r for r in new.resources)
            out.append(Counterfactual("resource", change.id, change.summary(), new.replace(resources=back)))
    else:
        if cals:
            undone = tuple(old_calendars.get(c.id, c) for c in new.calendars)
            out.append(Counterfactual("calendar", ", ".join(c.id for c in cals), f"{len(cals)} calendars changed",
                                      new.replace(calendars=undone)))
        if people:
            back = tuple(old_resources.get(r.id, r) for r in new.resources)
            out.append(Counterfactual("resource", ", ".join(c.id for c in people),
                                      f"{len(people)} resources changed", new.replace(resources=back)))
    moving = [f for f in project if f.field in SCHEDULING_PROJECT_FIELDS]
    if moving:
        words = "; ".join(f"{f.field} {f.old or '(none)'} -> {f.new or '(none)'}" for f in moving)
        out.append(Counterfactual("project", "project", words, new.replace(
            start=old.start, status_date=old.status_date, calendar=old.calendar, timezone=old.timezone,
            working_time=old.working_time)))
    return out


Move = tuple[Counterfactual, str, dt.datetime, dt.datetime]


def measured_moves(cases: Sequence[Counterfactual], new: Project, targets: Sequence[str],
                   reschedule: Reschedule) -> list[Move]:
    """(case, target, finish now, finish with the change undone) for each target the case's change moved.

    Both sides are scheduled by ``reschedule``, so the measure holds however the caller's own
    schedule was made (leveled, with blockers…). A copy that cannot be scheduled (the old calendar
    names something the new plan dropped) is skipped: it measures nothing.
    """
    if not cases or not targets:
        return []
    try:
        plain = reschedule(new)
    except PlanError:
        return []
    out = []
    for case in cases:
        try:
            undone = reschedule(case.project)
        except PlanError:
            continue
        for target in targets:
            if target not in undone or target not in plain:
                continue
            now, then = plain.task(target).finish, undone.task(target).finish
            if now != then:
                out.append((case, target, now, then))
    return out
