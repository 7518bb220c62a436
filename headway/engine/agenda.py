"""One person's agenda: their open tasks in a window of days, in the order to work on them, each
with the reason in plain words.

The order (the same rule as the web app's "my work" page): critical tasks first, then the
earliest due date (the task's deadline or its late finish, whichever is earlier), then the
soonest start, then the task id. A task is open while it is less than 100% complete; it is in the
window when it starts before the window ends and is not finished before the window begins (an
open task whose planned finish has already passed is overdue and stays on the agenda).
"""

from __future__ import annotations

import datetime as dt
from collections import deque
from dataclasses import dataclass

from headway.engine.results import Schedule, ScheduledTask
from headway.model import Project, Resource, did_you_mean


class UnknownPerson(ValueError):
    """The person asked for is not a resource of the plan; ``known`` lists the resource ids."""

    def __init__(self, person: str, known: tuple[str, ...]) -> None:
        hint = did_you_mean(person, known)
        listed = ", ".join(known) if known else "the plan has no resources"
        super().__init__(f"no person {person!r} in the plan" + (f" ({hint})" if hint else "")
                         + f"; resources: {listed}")
        self.person = person
        self.known = known


@dataclass(frozen=True, slots=True)
class AgendaItem:
    """One task on the agenda. ``due`` is the earlier of its deadline and its late finish;
    ``reasons`` say in plain words why it is where it is."""

    task: str
    name: str
    wbs: str
    start: dt.datetime
    finish: dt.datetime
    due: dt.datetime
    critical: bool
    total_float_minutes: int
    percent_complete: float
    deadline: dt.datetime | None
    reasons: tuple[str, ...]

    @property
    def reason(self) -> str:
        return "; ".join(self.reasons)


@dataclass(frozen=True, slots=True)
class Agenda:
    """What ``person`` should work on between ``window_start`` and ``window_end``, in order."""

    project: str
    person: str
    person_name: str
    window_start: dt.datetime
    window_end: dt.datetime
    items: tuple[AgendaItem, ...]


def find_person(project: Project, person: str) -> Resource:
    """The resource ``person`` names: a resource id, a resource's name (any case), or the id of a
    stakeholder linked to a resource. UnknownPerson otherwise."""
    for res in project.resources:
        if res.id == person:
            return res
    for res in project.resources:
        if res.name and res.name.casefold() == person.casefold():
            return res
    by_id = {r.id: r for r in project.resources}
    for holder in project.stakeholders:
        if holder.id == person and holder.resource in by_id:
            return by_id[holder.resource]
    raise UnknownPerson(person, tuple(r.id for r in project.resources))


def order_key(item: AgendaItem) -> tuple[bool, dt.datetime, dt.datetime, str]:
    """The agenda's order: critical first, then due, then start, then id."""
    return (not item.critical, item.due, item.start, item.task)


def agenda(project: Project, schedule: Schedule, person: str, *, start: dt.date | dt.datetime,
           days: int = 14) -> Agenda:
    """The agenda of ``person`` (see ``find_person``) for ``days`` days from ``start`` (a date
    means its midnight), from ``schedule``: the plan's schedule, leveled when the plan levels."""
    if days < 1:
        raise ValueError(f"the window must be at least one day, not {days}")
    who = find_person(project, person)
    begin = start if isinstance(start, dt.datetime) else dt.datetime.combine(start, dt.time())
    end = begin + dt.timedelta(days=days)
    drives = _DrivenMilestones(schedule)
    items = [_item(st, schedule, drives, begin) for st in schedule.tasks
             if _open(st) and who.id in st.resources and st.start < end]
    items.sort(key=order_key)
    return Agenda(schedule.project_name, who.id, who.name or who.id, begin, end, tuple(items))


def _open(st: ScheduledTask) -> bool:
    return not st.summary and st.percent_complete < 1


def _item(st: ScheduledTask, schedule: Schedule, drives: _DrivenMilestones, begin: dt.datetime) -> AgendaItem:
    due = min(st.deadline, st.late_finish) if st.deadline is not None else st.late_finish
    return AgendaItem(st.id, st.name, st.wbs, st.start, st.finish, due, st.critical, st.total_float_minutes,
                      st.percent_complete, st.deadline, tuple(_reasons(st, schedule, drives, begin)))


def _reasons(st: ScheduledTask, schedule: Schedule, drives: _DrivenMilestones, begin: dt.datetime) -> list[str]:
    per_day = schedule.minutes_per_day
    out: list[str] = []
    if st.critical:
        target = drives.first(st.id)
        what = f"drives {target.name or target.id}" if target is not None else "drives the project finish"
        if st.total_float_minutes < 0:
            what += f", {_days(-st.total_float_minutes, per_day)} behind"
        out.append(f"critical: {what}")
    if st.deadline is not None:
        if st.finish > st.deadline:
            out.append(f"deadline {_day(st.deadline, begin)}, finishes {_day(st.finish, begin)}: late")
        else:
            out.append(f"deadline {_day(st.deadline, begin)}")
    elif not st.critical:
        out.append(f"due {_day(st.late_finish, begin)} (latest finish)")
    if not st.critical:
        out.append(f"{_days(st.total_float_minutes, per_day)} float")
    if st.finish <= begin:
        out.append(f"overdue: planned to finish {_day(st.finish, begin)}")
    elif st.percent_complete > 0:
        out.append(f"under way, {st.percent_complete:.0%} done")
    elif st.start.date() > begin.date():
        out.append(f"starts {_day(st.start, begin, end=False)}")
    return out


class _DrivenMilestones:
    """For a task, the earliest-finishing critical milestone it leads to through links (a link on
    a summary stands for every task in it)."""

    def __init__(self, schedule: Schedule) -> None:
        self._schedule = schedule
        self._children: dict[str, list[str]] = {}
        for st in schedule.tasks:
            if st.parent is not None:
                self._children.setdefault(st.parent, []).append(st.id)
        self._successors: dict[str, list[str]] = {}
        for link in schedule.links:
            self._successors.setdefault(link.predecessor, []).append(link.successor)
        self._cache: dict[str, ScheduledTask | None] = {}

    def first(self, task_id: str) -> ScheduledTask | None:
        if task_id not in self._cache:
            self._cache[task_id] = self._search(task_id)
        return self._cache[task_id]

    def _search(self, task_id: str) -> ScheduledTask | None:
        seen = {task_id}
        queue = deque(self._next(task_id))
        best: ScheduledTask | None = None
        while queue:
            tid = queue.popleft()
            if tid in seen or tid not in self._schedule:
                continue
            seen.add(tid)
            st = self._schedule.task(tid)
            if st.milestone and not st.summary and st.critical and (best is None or st.finish < best.finish):
                best = st
            queue.extend(self._next(tid))
            queue.extend(self._children.get(tid, ()))
        return best

    def _next(self, task_id: str) -> list[str]:
        """Successors of the task and of every summary above it."""
        out: list[str] = []
        current: str | None = task_id
        while current is not None and current in self._schedule:
            out += self._successors.get(current, [])
            current = self._schedule.task(current).parent
        return out


def _days(minutes: int, per_day: int) -> str:
    value = round(minutes / per_day, 1)
    return f"{value:g}d"


def _day(when: dt.datetime, begin: dt.datetime, *, end: bool = True) -> str:
    """``Tue 5 Jan`` (with the year when it is not the window's); an end at midnight closes the day before."""
    if end and when.time() == dt.time():
        when -= dt.timedelta(minutes=1)
    text = f"{when:%a} {when.day} {when:%b}"
    return text if when.year == begin.year else f"{text} {when.year}"
