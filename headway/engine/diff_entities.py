"""What changed outside the tasks between two versions of a plan: calendars, resources, the
project's own fields, objectives and stakeholders, as plain words (like ``diff_fields`` for tasks)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol, TypeVar

from headway.engine.diff_fields import FieldChange
from headway.model import Calendar, Project, Resource
from headway.model.calendar import WEEKDAYS, CalendarException, DateRange, DayHours
from headway.model.objectives import Objective, Stakeholder, SuccessCriterion

# The project's fields compared, as (plan-file word, how to read it).
PROJECT_FIELDS: tuple[tuple[str, Callable[[Project], object]], ...] = (
    ("name", lambda p: p.name), ("start", lambda p: p.start), ("status_date", lambda p: p.status_date),
    ("calendar", lambda p: p.calendar), ("timezone", lambda p: p.timezone), ("currency", lambda p: p.currency),
    ("budget", lambda p: p.budget), ("priority", lambda p: p.priority),
    ("hours_per_day", lambda p: p.working_time.hours_per_day),
    ("days_per_week", lambda p: p.working_time.days_per_week),
    ("days_per_month", lambda p: p.working_time.days_per_month),
    ("default_uncertainty", lambda p: p.default_uncertainty), ("description", lambda p: p.description.strip()),
)
# Project fields that can move dates (the rest only read differently).
SCHEDULING_PROJECT_FIELDS = frozenset({"start", "status_date", "calendar", "timezone", "hours_per_day",
                                       "days_per_week", "days_per_month"})


@dataclass(frozen=True, slots=True)
class EntityChange:
    """A calendar, resource, objective or stakeholder in both plans whose fields differ."""

    id: str
    fields: tuple[FieldChange, ...]

    def summary(self) -> str:
        """``holiday 2027-03-01 added; week mon 08:00-17:00 -> 09:00-17:00``."""
        return "; ".join(_field_words(f) for f in self.fields)


@dataclass(frozen=True, slots=True)
class EntityDiff:
    """Added and removed ids, and the changes of those in both, in plan order."""

    added: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    changed: tuple[EntityChange, ...] = ()

    @property
    def empty(self) -> bool:
        return not (self.added or self.removed or self.changed)

    def change(self, entity_id: str) -> EntityChange | None:
        return next((c for c in self.changed if c.id == entity_id), None)


def _field_words(change: FieldChange) -> str:
    if not change.old:
        return f"{change.field} added" + ("" if change.new == "yes" else f": {change.new}")
    if not change.new:
        return f"{change.field} removed" + ("" if change.old == "yes" else f": was {change.old}")
    return f"{change.field} {change.old} -> {change.new}"


def project_changes(old: Project, new: Project) -> tuple[FieldChange, ...]:
    """The project's own fields that differ, then scope, out-of-scope and assumption statements."""
    out = [FieldChange(name, words(read(old)), words(read(new))) for name, read in PROJECT_FIELDS]
    out = [c for c in out if c.old != c.new]
    for name in ("scope", "out_of_scope", "assumptions"):
        out += _items(name, getattr(old, name), getattr(new, name))
    return tuple(out)


def calendar_diff(old: Project, new: Project) -> EntityDiff:
    return _entities(old.calendars, new.calendars, _calendar_fields)


def resource_diff(old: Project, new: Project) -> EntityDiff:
    return _entities(old.resources, new.resources, _resource_fields)


def objective_diff(old: Project, new: Project) -> EntityDiff:
    return _entities(old.objectives, new.objectives, _objective_fields)


def stakeholder_diff(old: Project, new: Project) -> EntityDiff:
    return _entities(old.stakeholders, new.stakeholders, _stakeholder_fields)


class _HasId(Protocol):
    @property
    def id(self) -> str: ...


E = TypeVar("E", bound=_HasId)


def _entities(old: Sequence[E], new: Sequence[E], fields: Callable[[E, E], list[FieldChange]]) -> EntityDiff:
    before, after = {e.id: e for e in old}, {e.id: e for e in new}
    changed = [EntityChange(e.id, tuple(f)) for e in new if e.id in before if (f := fields(before[e.id], e))]
    return EntityDiff(tuple(e.id for e in new if e.id not in before), tuple(e.id for e in old if e.id not in after),
                      tuple(changed))


def _plain(old: object, new: object, names: Iterable[str]) -> list[FieldChange]:
    out = [FieldChange(n, words(getattr(old, n)), words(getattr(new, n))) for n in names]
    return [c for c in out if c.old != c.new]


def _calendar_fields(old: Calendar, new: Calendar) -> list[FieldChange]:
    out = _plain(old, new, ("name", "base"))
    out += _week(old.week, new.week)
    out += _items("holidays", [_holiday(h.country, h.subdivision) for h in old.holidays],
                  [_holiday(h.country, h.subdivision) for h in new.holidays])
    out += _dated("exception", {_span(e.days): _exception(e) for e in old.exceptions},
                  {_span(e.days): _exception(e) for e in new.exceptions})
    return out


def _resource_fields(old: Resource, new: Resource) -> list[FieldChange]:
    out = _plain(old, new, ("name", "role", "calendar", "email", "tags"))
    if old.units != new.units:
        out.append(FieldChange("units", f"{old.units:.0%}", f"{new.units:.0%}"))
    for name in ("standard", "overtime", "per_use"):
        before, after = getattr(old.rates, name), getattr(new.rates, name)
        if before != after:
            out.append(FieldChange("rate" if name == "standard" else f"{name.replace('_', '-')} rate",
                                   words(before), words(after)))
    out += _week(old.week, new.week)
    out += _dated("vacation", {_span(v): "off" for v in old.vacations}, {_span(v): "off" for v in new.vacations})
    return out


def _objective_fields(old: Objective, new: Objective) -> list[FieldChange]:
    out = _plain(old, new, ("title", "description", "owner", "deliverables"))
    return out + _items("criterion", [_criterion(c) for c in old.criteria], [_criterion(c) for c in new.criteria])


def _stakeholder_fields(old: Stakeholder, new: Stakeholder) -> list[FieldChange]:
    return _plain(old, new, ("name", "role", "organisation", "interest", "influence", "report", "cadence", "email",
                             "resource", "consulted", "informed", "notes"))


def _week(old: tuple[DayHours, ...] | None, new: tuple[DayHours, ...] | None) -> list[FieldChange]:
    """Weekly hours per day: ``week mon`` 08:00-12:00, 13:00-17:00 -> 09:00-17:00 ("" = inherited)."""
    if old == new:
        return []
    if old is None or new is None:
        return [FieldChange("week", _week_words(old), _week_words(new))]
    return [FieldChange(f"week {day}", _hours(a), _hours(b))
            for day, a, b in zip(WEEKDAYS, old, new, strict=True) if a != b]


def _week_words(week: tuple[DayHours, ...] | None) -> str:
    if week is None:
        return ""
    return "; ".join(f"{day} {_hours(hours)}" for day, hours in zip(WEEKDAYS, week, strict=True))


def _hours(hours: DayHours) -> str:
    return ", ".join(str(r) for r in hours) or "off"


def _items(name: str, old: Iterable[str], new: Iterable[str]) -> list[FieldChange]:
    """List items added or removed, one change each: ``holiday DE`` "" -> "yes"."""
    before, after = list(old), list(new)
    label = {"holidays": "holiday", "assumptions": "assumption", "out_of_scope": "out of scope"}.get(name, name)
    out = [FieldChange(f"{label} {item}", "yes", "") for item in before if item not in after]
    return out + [FieldChange(f"{label} {item}", "", "yes") for item in after if item not in before]


def _dated(name: str, old: dict[str, str], new: dict[str, str]) -> list[FieldChange]:
    """Dated entries (exceptions, vacations) added, removed or changed, in date order."""
    keys = sorted(set(old) | set(new))
    return [FieldChange(f"{name} {k}", old.get(k, ""), new.get(k, "")) for k in keys if old.get(k) != new.get(k)]


def _span(days: DateRange) -> str:
    return days.start.isoformat() if days.start == days.end else f"{days.start}..{days.end}"


def _exception(e: CalendarException) -> str:
    hours = _hours(e.hours) if e.hours else "day off"
    return f"{hours} ({e.name})" if e.name else hours


def _holiday(country: str, subdivision: str | None) -> str:
    return f"{country}-{subdivision}" if subdivision else country


def _criterion(c: SuccessCriterion) -> str:
    by = f" by {c.milestone}" if c.milestone else ""
    met = "" if c.met is None else (" (met)" if c.met else " (missed)")
    return f"{c.metric}: {c.target}{by}{met}"


def words(value: object) -> str:
    """A value as a plan file would write it ("" when unset)."""
    if value is None or value == () or value == "":
        return ""
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, tuple):
        return ", ".join(words(v) for v in value)
    if hasattr(value, "value") and isinstance(value.value, str):  # an enum
        return value.value
    return str(value)
