"""What-if changes as typed values, each applied to a copy of a plan (the plan itself is never touched).

Every change has a canonical ``text`` in the change language that ``io/change_text.py`` parses back
to an equal value, so a fix the advisor proposes can be re-run as ``headway whatif --change``.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from headway.engine.network import as_datetime
from headway.engine.progress import progress_as_of
from headway.model import (
    Assignment,
    DateRange,
    Duration,
    Link,
    LinkType,
    Project,
    Resource,
    Task,
    TimeUnit,
)
from headway.model.problems import did_you_mean


class ChangeError(ValueError):
    """A change that does not fit the plan (unknown task, no such assignment or link…)."""


def _days(value: Duration) -> str:
    return str(value)


@dataclass(frozen=True, slots=True)
class Reassign:
    """Give ``task``'s assignment of ``old`` to ``new`` (same units)."""

    task: str
    old: str
    new: str

    @property
    def text(self) -> str:
        return f"reassign {self.task} from {self.old} to {self.new}"


@dataclass(frozen=True, slots=True)
class Split:
    """Share ``task`` with ``person``: effort is spread over one more person; a fixed duration
    shrinks in proportion (n people → n+1)."""

    task: str
    person: str

    @property
    def text(self) -> str:
        return f"split {self.task} with {self.person}"


@dataclass(frozen=True, slots=True)
class FastTrack:
    """Turn the finish-to-start link ``predecessor -> successor`` into start-to-start with ``lag``
    (None: half the predecessor's length, in whole days)."""

    predecessor: str
    successor: str
    lag: Duration | None = None

    @property
    def text(self) -> str:
        lag = f" lag {_days(self.lag)}" if self.lag is not None else ""
        return f"fast-track {self.predecessor} -> {self.successor}{lag}"


@dataclass(frozen=True, slots=True)
class AddPerson:
    """A new person like ``like`` (role, units, rates, calendar), free from ``start``, who may take
    over any not-yet-started work of ``like`` (leveling picks who does it)."""

    person: str
    like: str
    start: dt.date

    @property
    def text(self) -> str:
        return f"add {self.person} like {self.like} from {self.start.isoformat()}"


@dataclass(frozen=True, slots=True)
class MoveDeadline:
    """Set ``task``'s deadline to ``date``."""

    task: str
    date: dt.date

    @property
    def text(self) -> str:
        return f"move deadline {self.task} to {self.date.isoformat()}"


@dataclass(frozen=True, slots=True)
class Cut:
    """Drop ``task`` from scope; its successors take over its predecessors so the logic holds."""

    task: str

    @property
    def text(self) -> str:
        return f"cut {self.task}"


@dataclass(frozen=True, slots=True)
class SetDuration:
    """Give ``task`` a fixed ``duration`` (any effort is dropped)."""

    task: str
    duration: Duration

    @property
    def text(self) -> str:
        return f"set {self.task} duration {_days(self.duration)}"


@dataclass(frozen=True, slots=True)
class RemoveLink:
    """Remove the link ``predecessor -> successor`` as written on the successor."""

    predecessor: str
    successor: str

    @property
    def text(self) -> str:
        return f"remove link {self.predecessor} -> {self.successor}"


Change = Reassign | Split | FastTrack | AddPerson | MoveDeadline | Cut | SetDuration | RemoveLink


def apply_all(project: Project, changes: Sequence[Change]) -> Project:
    """``project`` with ``changes`` applied in order; ChangeError names the first that does not fit."""
    for change in changes:
        project = apply(project, change)
    return project


def apply(project: Project, change: Change) -> Project:
    """A copy of ``project`` with ``change`` applied."""
    match change:
        case Reassign():
            return _reassign(project, change)
        case Split():
            return _split(project, change)
        case FastTrack():
            return _fast_track(project, change)
        case AddPerson():
            return _add_person(project, change)
        case MoveDeadline():
            task = _leafish(project, change.task, summaries_ok=True)
            return _with_task(project, replace(task, deadline=change.date))
        case Cut():
            return _cut(project, change)
        case SetDuration():
            if change.duration.amount < 0:
                raise ChangeError(f"{change.text!r}: a duration cannot be negative")
            task = _leafish(project, change.task)
            return _with_task(project, replace(task, duration=change.duration, effort=None,
                                               milestone=change.duration.amount == 0))
        case RemoveLink():
            task = _leafish(project, change.successor, summaries_ok=True)
            _link(project, change.predecessor, task, change.text)
            return _with_task(project, replace(task, links=tuple(
                link for link in task.links if not _is(link, change.predecessor))))
    raise ChangeError(f"unknown change {change!r}")  # pragma: no cover - the match is exhaustive


def _unknown(kind: str, name: str, known: Iterable[str]) -> ChangeError:
    hint = did_you_mean(name, known)
    return ChangeError(f"no {kind} {name!r} in the plan" + (f" ({hint})" if hint else ""))


def _leafish(project: Project, task_id: str, *, summaries_ok: bool = False) -> Task:
    tasks = project.tasks_by_id()
    if task_id not in tasks:
        raise _unknown("task", task_id, tasks)
    if not summaries_ok and task_id in project.summary_ids():
        raise ChangeError(f"{task_id!r} is a summary task: name one of its subtasks")
    return tasks[task_id]


def _person(project: Project, person: str) -> Resource:
    people = project.resources_by_id()
    if person not in people:
        raise _unknown("person", person, people)
    return people[person]


def _with_task(project: Project, task: Task) -> Project:
    return project.replace(tasks=tuple(task if t.id == task.id else t for t in project.tasks))


def _is(link: Link, predecessor: str) -> bool:
    return link.project is None and link.predecessor == predecessor


def _link(project: Project, predecessor: str, successor: Task, text: str) -> Link:
    _leafish(project, predecessor, summaries_ok=True)
    for link in successor.links:
        if _is(link, predecessor):
            return link
    raise ChangeError(f"{text!r}: {successor.id!r} has no link from {predecessor!r}")


def _reassign(project: Project, change: Reassign) -> Project:
    task = _leafish(project, change.task)
    _person(project, change.old)
    _person(project, change.new)
    held = [a.resource for a in task.assignments]
    if change.old not in held:
        raise ChangeError(f"{change.text!r}: {change.old!r} is not assigned to {task.id!r}"
                          + (f" (assigned: {', '.join(held)})" if held else " (nobody is)"))
    if change.new in held:
        raise ChangeError(f"{change.text!r}: {change.new!r} already works on {task.id!r}")
    assignments = tuple(Assignment(change.new, a.units, a.origin) if a.resource == change.old else a
                        for a in task.assignments)
    return _with_task(project, replace(task, assignments=assignments))


def _split(project: Project, change: Split) -> Project:
    task = _leafish(project, change.task)
    _person(project, change.person)
    if any(a.resource == change.person for a in task.assignments):
        raise ChangeError(f"{change.text!r}: {change.person!r} already works on {task.id!r}")
    if task.milestone or (task.duration is None and task.effort is None):
        raise ChangeError(f"{change.text!r}: {task.id!r} has no work to share")
    assignments = (*task.assignments, Assignment(change.person))
    duration = task.duration
    if task.effort is None and duration is not None:
        n = max(len(task.assignments), 1)
        duration = Duration(round(duration.amount * n / (n + 1), 2), duration.unit)
    return _with_task(project, replace(task, assignments=assignments, duration=duration))


def _fast_track(project: Project, change: FastTrack) -> Project:
    task = _leafish(project, change.successor, summaries_ok=True)
    link = _link(project, change.predecessor, task, change.text)
    if link.type is not LinkType.FS:
        raise ChangeError(f"{change.text!r}: the link is {link.type.value}, not finish-to-start")
    lag = change.lag if change.lag is not None else default_overlap(project, change.predecessor)
    new = Link(change.predecessor, LinkType.SS, lag, link.origin)
    return _with_task(project, replace(task, links=tuple(new if ln is link else ln for ln in task.links)))


def default_overlap(project: Project, predecessor: str) -> Duration:
    """Half the predecessor's length in whole working days (rounded up): how far behind its start
    a fast-tracked successor starts."""
    task = project.task(predecessor)
    length = task.duration or task.effort
    if length is None:
        return Duration(0)
    minutes = length.minutes(project.working_time)
    if task.duration is None:
        minutes //= max(len(task.assignments), 1)
    per_day = project.working_time.hours_per_day * 60
    return Duration(math.ceil(minutes / per_day / 2), TimeUnit.DAY)


def _add_person(project: Project, change: AddPerson) -> Project:
    like = _person(project, change.like)
    if change.person in project.resources_by_id():
        raise ChangeError(f"{change.text!r}: {change.person!r} is already in the plan")
    first = as_datetime(project.start).date()
    away = (DateRange(first - dt.timedelta(days=1), change.start - dt.timedelta(days=1)),) \
        if change.start > first else ()
    person = Resource(change.person, change.person, like.role, like.units, like.rates, like.calendar, like.week,
                      away)
    started = {tid for tid, p in progress_as_of(project).items() if p.started}
    tasks = []
    for task in project.tasks:
        if task.id not in started and any(a.resource == like.id for a in task.assignments):
            task = replace(task, assignments=tuple(
                replace(a, alternatives=(*a.alternatives, change.person)) if a.resource == like.id else a
                for a in task.assignments))
        tasks.append(task)
    return project.replace(resources=(*project.resources, person), tasks=tuple(tasks))


def _cut(project: Project, change: Cut) -> Project:
    task = _leafish(project, change.task)
    gone = change.task
    tasks = []
    for other in project.tasks:
        if other.id == gone:
            continue
        if any(_is(link, gone) for link in other.links):
            kept = [link for link in other.links if not _is(link, gone)]
            have = {link.written for link in kept} | {other.id}
            for inherited in task.links:
                if inherited.written not in have:
                    kept.append(inherited)
                    have.add(inherited.written)
            other = replace(other, links=tuple(kept))
        tasks.append(other)
    risks = tuple(replace(r, impacts=tuple(i for i in r.impacts if i.task != gone)) for r in project.risks
                  if not r.impacts or any(i.task != gone for i in r.impacts))
    correlations = tuple(replace(c, tasks=tuple(t for t in c.tasks if t != gone)) for c in project.correlations)
    return project.replace(
        tasks=tuple(tasks), progress=tuple(e for e in project.progress if e.task != gone),
        timesheets=tuple(e for e in project.timesheets if e.task != gone),
        issues=tuple(replace(i, tasks=tuple(t for t in i.tasks if t != gone)) for i in project.issues),
        risks=risks,
        correlations=tuple(c for c in correlations if len(c.tasks) > 1))
