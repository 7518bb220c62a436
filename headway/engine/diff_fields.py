"""What changed in one task between two versions of a plan: fields and links, as plain words."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from headway.model import Assignment, Constraint, Link, ProgressEntry, Task

# Fields compared besides the name and links; a change to any of them (or to links) is a task's "own" change.
FIELDS = ("duration", "effort", "parent", "milestone", "assignments", "constraint", "deadline", "progress")


@dataclass(frozen=True, slots=True)
class FieldChange:
    """One field of a task moved ``old`` → ``new`` (values in plan-file words; "" when unset)."""

    field: str
    old: str
    new: str


@dataclass(frozen=True, slots=True)
class LinkChange:
    """A link from ``predecessor`` was ``added``, ``removed`` or ``changed`` (type and lag, e.g. ``FS+2d``)."""

    predecessor: str
    change: str
    old: str
    new: str


@dataclass(frozen=True, slots=True)
class TaskChange:
    """A task in both plans whose name, fields or links differ."""

    id: str
    name: str
    fields: tuple[FieldChange, ...]
    links: tuple[LinkChange, ...]

    def field(self, name: str) -> FieldChange | None:
        """The change of field ``name``, if it moved."""
        return next((f for f in self.fields if f.field == name), None)

    @property
    def scheduling(self) -> bool:
        """Whether anything but the name moved (a rename alone cannot move dates)."""
        return bool(self.links) or any(f.field != "name" for f in self.fields)

    def summary(self) -> str:
        """``duration 5d -> 8d; link from design added (FS)``."""
        parts = [f"{f.field} {f.old or '(none)'} -> {f.new or '(none)'}" for f in self.fields]
        for link in self.links:
            if link.change == "changed":
                parts.append(f"link from {link.predecessor} {link.old} -> {link.new}")
            else:
                parts.append(f"link from {link.predecessor} {link.change} ({link.old or link.new})")
        return "; ".join(parts)


def compare(old: Task, new: Task, old_progress: Iterable[ProgressEntry] = (),
            new_progress: Iterable[ProgressEntry] = ()) -> TaskChange | None:
    """The change from ``old`` to ``new`` (same id), or None when they schedule and read the same."""
    fields: list[FieldChange] = []
    if old.name != new.name:
        fields.append(FieldChange("name", old.name, new.name))
    for name in FIELDS:
        if name == "progress":
            before, after = _progress(old_progress), _progress(new_progress)
        else:
            before, after = _words(getattr(old, name)), _words(getattr(new, name))
        if before != after:
            fields.append(FieldChange(name, before, after))
    links = _links(old.links, new.links)
    if not fields and not links:
        return None
    return TaskChange(new.id, new.label, tuple(fields), links)


def link_words(link: Link) -> str:
    """``FS``, ``SS+2d``, ``FS-1d``."""
    lag = "" if not link.lag.amount else (str(link.lag) if link.lag.amount < 0 else f"+{link.lag}")
    return f"{link.type.value}{lag}"


def _links(old: tuple[Link, ...], new: tuple[Link, ...]) -> tuple[LinkChange, ...]:
    before = {link.written: link_words(link) for link in old}
    after = {link.written: link_words(link) for link in new}
    out = [LinkChange(p, "removed", w, "") for p, w in before.items() if p not in after]
    out += [LinkChange(p, "added", "", w) for p, w in after.items() if p not in before]
    out += [LinkChange(p, "changed", before[p], w) for p, w in after.items() if p in before and before[p] != w]
    return tuple(sorted(out, key=lambda c: (c.predecessor, c.change)))


def _progress(entries: Iterable[ProgressEntry]) -> str:
    """The latest progress entry in words: ``60% on 2027-01-08``."""
    latest = max(entries, key=lambda e: str(e.date), default=None)
    if latest is None:
        return ""
    parts = [f"{round(latest.done * 100)}%" if latest.done is not None else ""]
    if latest.remaining is not None:
        parts.append(f"{latest.remaining} left")
    if latest.actual_finish is not None:
        parts.append(f"finished {_words(latest.actual_finish)}")
    elif latest.actual_start is not None:
        parts.append(f"started {_words(latest.actual_start)}")
    return " ".join(p for p in parts if p) + f" on {_words(latest.date)}"


def _words(value: object) -> str:
    """A field value as a plan file would write it."""
    if value is None or value is False:
        return ""
    if value is True:
        return "yes"
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, tuple):
        return ", ".join(_words(v) for v in value)
    if isinstance(value, Constraint):
        return f"{value.type.value} {_words(value.date)}".strip()
    if isinstance(value, Assignment):
        return value.resource if value.units is None else f"{value.resource} {round(value.units * 100)}%"
    return str(value)
