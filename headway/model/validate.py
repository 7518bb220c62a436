"""Every rule a plan must satisfy, checked at once: ``validate(project) -> list[Problem]``."""

from __future__ import annotations

import datetime as dt
import itertools
from collections import Counter
from collections.abc import Iterable

from headway.model.calendar import Calendar, DayHours
from headway.model.graph import find_cycles
from headway.model.problems import Problem, Severity, SourceLocation, did_you_mean
from headway.model.project import Project
from headway.model.task import ConstraintType, Link, Task
from headway.model.validate_objectives import objective_problems
from headway.model.validate_risks import correlation_problems, risk_problems
from headway.model.validate_tracking import tracking_problems

__all__ = ["did_you_mean", "validate"]


def validate(project: Project, *, cycles: bool = True) -> list[Problem]:
    """All problems in ``project``: errors make it unschedulable, warnings do not.

    ``cycles=False`` skips the search for dependency cycles, for callers (the scheduler)
    that detect them faster themselves and search only when there is one.
    """
    problems: list[Problem] = []
    problems += _duplicates(project)
    problems += _calendars(project)
    problems += _resources(project)
    summaries = project.summary_ids()
    for task in project.tasks:
        problems += _task(project, task, task.id in summaries)
    problems += _links(project)
    if cycles:
        problems += _cycles(project)
    problems += tracking_problems(project)
    problems += risk_problems(project)
    problems += correlation_problems(project)
    problems += objective_problems(project)
    return problems


def _err(code: str, message: str, entity: str | None, where: SourceLocation | None,
         hint: str | None = None, severity: Severity = Severity.ERROR) -> Problem:
    return Problem(code, message, severity, entity, where, hint)


def _duplicates(project: Project) -> list[Problem]:
    out = []
    for kind, items in (("task", project.tasks), ("resource", project.resources),
                        ("calendar", project.calendars)):
        ids = [item.id for item in items]
        if len(set(ids)) == len(ids):
            continue
        counts = Counter(ids)
        seen: set[str] = set()
        for item in items:
            if counts[item.id] > 1 and item.id in seen:
                out.append(_err(f"duplicate_{kind}_id", f"{kind} id {item.id!r} is used more than once",
                                item.id, item.origin, "ids must be unique; rename one of them"))
            seen.add(item.id)
    return out


def _hours_problems(hours: Iterable[DayHours], entity: str, where: SourceLocation | None) -> list[Problem]:
    out = []
    for day in hours:
        ordered = sorted(day)
        for rng in ordered:
            if not 0 <= rng.start < rng.end <= 1440:
                out.append(_err("bad_working_hours", f"working time {rng} is not a range within one day",
                                entity, where, "write hours as 'HH:MM-HH:MM' with start before end"))
        for a, b in itertools.pairwise(ordered):
            if b.start < a.end:
                out.append(_err("overlapping_working_hours", f"working times {a} and {b} overlap",
                                entity, where))
    return out


def _calendars(project: Project) -> list[Problem]:
    out = []
    ids = {c.id for c in project.calendars}
    by_id = project.calendars_by_id()
    if project.calendar is not None and project.calendar not in ids:
        out.append(_err("unknown_calendar", f"project calendar {project.calendar!r} is not defined",
                        None, project.origin, did_you_mean(project.calendar, ids)))
    for cal in project.calendars:
        if cal.base is not None and cal.base not in ids:
            out.append(_err("unknown_calendar", f"base calendar {cal.base!r} is not defined",
                            cal.id, cal.origin, did_you_mean(cal.base, ids)))
        if cal.week is not None:
            out += _hours_problems(cal.week, cal.id, cal.origin)
            if len(cal.week) != 7:
                out.append(_err("bad_working_hours", "a week needs hours for 7 days", cal.id, cal.origin))
        for exc in cal.exceptions:
            out += _hours_problems([exc.hours], cal.id, cal.origin)
            if exc.days.end < exc.days.start:
                out.append(_err("bad_date_range", f"exception ends {exc.days.end} before it starts",
                                cal.id, cal.origin))
        if _base_cycle(cal, by_id):
            out.append(_err("calendar_cycle", "calendar inherits from itself through 'base'",
                            cal.id, cal.origin, "break the chain of 'base' calendars"))
        elif _week_of(cal, by_id) is not None and not any(_week_of(cal, by_id) or ()):
            out.append(_err("calendar_no_work", "calendar has no working time in its week",
                            cal.id, cal.origin, "give at least one weekday some hours"))
    return out


def _base_cycle(cal: Calendar, by_id: dict[str, Calendar]) -> bool:
    seen = {cal.id}
    current = cal
    while current.base is not None and current.base in by_id:
        if current.base in seen:
            return True
        seen.add(current.base)
        current = by_id[current.base]
    return False


def _week_of(cal: Calendar, by_id: dict[str, Calendar]) -> tuple[DayHours, ...] | None:
    current: Calendar | None = cal
    while current is not None:
        if current.week is not None:
            return current.week
        current = by_id.get(current.base) if current.base else None
    return None


def _resources(project: Project) -> list[Problem]:
    out = []
    cal_ids = {c.id for c in project.calendars}
    for res in project.resources:
        if not res.units > 0:
            out.append(_err("bad_units", f"max units must be above 0%, not {res.units:.0%}",
                            res.id, res.origin, "write e.g. 'units: 50%' for half time"))
        if res.calendar is not None and res.calendar not in cal_ids:
            out.append(_err("unknown_calendar", f"calendar {res.calendar!r} is not defined",
                            res.id, res.origin, did_you_mean(res.calendar, cal_ids)))
        if res.week is not None:
            out += _hours_problems(res.week, res.id, res.origin)
        for vac in res.vacations:
            if vac.end < vac.start:
                out.append(_err("bad_date_range", f"vacation ends {vac.end} before it starts",
                                res.id, res.origin))
    return out


def _task(project: Project, task: Task, is_summary: bool) -> list[Problem]:
    out = []
    where, tid = task.origin, task.id
    zero_duration = task.duration is not None and task.duration.amount == 0 and task.effort is None
    if task.milestone and (task.duration is not None or task.effort is not None) and not zero_duration:
        out.append(_err("milestone_with_duration", "a milestone takes no time but has a duration or effort",
                        tid, where, "drop 'milestone: true' or the duration/effort"))
    if task.duration is not None and task.effort is not None:
        out.append(_err("duration_and_effort", "give either a duration or an effort, not both",
                        tid, where, "effort-driven tasks take their duration from the effort and units"))
    for value, what in ((task.duration, "duration"), (task.effort, "effort")):
        if value is not None and value.amount < 0:
            out.append(_err("negative_duration", f"{what} {value} is negative", tid, where))
    if task.effort is not None and not task.assignments:
        out.append(_err("effort_without_resources", "an effort needs at least one assigned resource",
                        tid, where, "add 'assign: [someone]' or use 'duration:' instead"))
    if is_summary and (task.duration is not None or task.effort is not None or task.milestone):
        out.append(_err("summary_with_work", "a summary task takes its dates from its subtasks; "
                        "its own duration, effort or milestone flag is ignored", tid, where,
                        severity=Severity.WARNING))
    if (not is_summary and not task.milestone and task.duration is None and task.effort is None):
        out.append(_err("no_estimate", "task has no duration or effort; scheduled as a milestone",
                        tid, where, "add 'duration: 3d' or 'effort: 5d'", Severity.WARNING))
    if task.assignments:
        out += _assignments(project, task)
    if task.constraint is not None:
        out += _constraint(project, task)
    if task.calendar is not None and task.calendar not in {c.id for c in project.calendars}:
        out.append(_err("unknown_calendar", f"calendar {task.calendar!r} is not defined", tid, where,
                        did_you_mean(task.calendar, [c.id for c in project.calendars])))
    if task.estimate is not None:
        e, s = task.estimate, project.working_time
        if not e.optimistic.minutes(s) <= e.most_likely.minutes(s) <= e.pessimistic.minutes(s):
            out.append(_err("bad_estimate", "a three-point estimate needs optimistic ≤ most likely ≤ pessimistic",
                            tid, where))
    return out


def _assignments(project: Project, task: Task) -> list[Problem]:
    out = []
    res_ids = {r.id for r in project.resources}
    seen: set[str] = set()
    for asg in task.assignments:
        where = asg.origin or task.origin
        if not asg.resource and asg.role is not None:
            continue  # a role nobody has: reported where roles are filled
        for rid in asg.candidates:
            if rid not in res_ids:
                out.append(_err("unknown_resource", f"assigned resource {rid!r} is not defined",
                                task.id, where, did_you_mean(rid, res_ids)))
        if asg.resource in seen:
            out.append(_err("duplicate_assignment", f"{asg.resource!r} is assigned twice", task.id, where))
        seen.add(asg.resource)
        if asg.units is not None and not asg.units > 0:
            out.append(_err("bad_units", f"assignment units must be above 0%, not {asg.units:.0%}",
                            task.id, where))
    return out


def _as_datetime(value: dt.date | dt.datetime) -> dt.datetime:
    return value if isinstance(value, dt.datetime) else dt.datetime.combine(value, dt.time())


def _constraint(project: Project, task: Task) -> list[Problem]:
    con = task.constraint
    if con is None:
        return []
    out = []
    if con.type.needs_date and con.date is None:
        return [_err("constraint_without_date", f"constraint {con.type.value} needs a date", task.id,
                     task.origin, f"write 'constraint: {{type: {con.type.value}, date: 2027-01-15}}'")]
    if not con.type.needs_date and con.date is not None:
        out.append(_err("constraint_date_ignored", f"constraint {con.type.value} takes no date", task.id,
                        task.origin, severity=Severity.WARNING))
    hard = (ConstraintType.MSO, ConstraintType.MFO, ConstraintType.SNLT, ConstraintType.FNLT)
    if con.date is not None and con.type in hard:
        start = _as_datetime(project.start)
        day_end = con.type.on_finish and not isinstance(con.date, dt.datetime)
        when = _as_datetime(con.date) + (dt.timedelta(days=1) if day_end else dt.timedelta())
        if when <= start if con.type.on_finish else when < start:
            out.append(_err("constraint_impossible",
                            f"{con.type.value} {con.date} is before the project starts ({project.start})",
                            task.id, task.origin, "move the constraint date or the project start"))
    return out


def _links(project: Project) -> list[Problem]:
    out = []
    ids = [t.id for t in project.tasks]
    known = set(ids)
    parents = {t.id: t.parent for t in project.tasks}
    summaries = {p for p in parents.values() if p is not None}
    for task in project.tasks:
        if not task.links or _plain_links(task, known, summaries):
            continue
        seen: set[str] = set()
        for link in task.links:
            where = link.origin or task.origin
            if link.project is not None:
                out.append(_external(task, link, where))
                continue
            if link.predecessor not in known:
                out.append(_err("unknown_predecessor", f"predecessor {link.predecessor!r} does not exist",
                                task.id, where, did_you_mean(link.predecessor, ids)))
                continue
            if link.predecessor == task.id:
                out.append(_err("self_link", "task depends on itself", task.id, where,
                                "remove the link to itself"))
            elif (link.predecessor in summaries or task.id in summaries) and (
                    link.predecessor in _ancestors(parents, task.id)
                    or task.id in _ancestors(parents, link.predecessor)):
                below = task.id in _ancestors(parents, link.predecessor)
                out.append(_err("link_to_ancestor", f"link between {link.predecessor!r} and its own "
                                f"{'summary' if below else 'subtask'}",
                                task.id, where, "a summary already spans its subtasks; link siblings instead"))
            if link.predecessor in seen:
                out.append(_err("duplicate_link", f"predecessor {link.predecessor!r} is listed twice",
                                task.id, where, "keep one link per pair of tasks",
                                Severity.WARNING))
            seen.add(link.predecessor)
    return out


def _external(task: Task, link: Link, where: SourceLocation | None) -> Problem:
    return _err("external_link", f"predecessor {link.written!r} is in project {link.project!r}, not in this "
                "plan: the link is skipped", task.id, where,
                f"schedule the plans together: headway portfolio schedule THIS.yaml {link.project}.yaml",
                Severity.WARNING)


def _plain_links(task: Task, known: set[str], summaries: set[str]) -> bool:
    """Fast path: links to distinct, existing, non-summary tasks other than itself are fine."""
    preds = {link.predecessor if link.project is None else None for link in task.links}
    return (len(preds) == len(task.links) and preds <= known and task.id not in preds
            and task.id not in summaries and preds.isdisjoint(summaries))


def _ancestors(parents: dict[str, str | None], task_id: str) -> set[str]:
    out: set[str] = set()
    current = parents.get(task_id)
    while current is not None and current not in out:
        out.add(current)
        current = parents.get(current)
    return out


def _cycles(project: Project) -> list[Problem]:
    by_id = project.tasks_by_id()
    out = []
    for cycle in find_cycles(project):
        if len(cycle) == 2 and cycle[0] == cycle[1]:
            continue  # a self link, reported by _links
        if len(set(cycle)) == 2 and _is_hierarchy_pair(project, cycle):
            continue  # a link to an own summary, reported by _links
        first = by_id.get(cycle[0])
        out.append(_err("link_cycle", "dependency cycle: " + " -> ".join(cycle), cycle[0],
                        first.origin if first else None, "remove or reverse one of these links"))
    return out


def _is_hierarchy_pair(project: Project, cycle: list[str]) -> bool:
    a, b = cycle[0], cycle[1]
    parents = {t.id: t.parent for t in project.tasks}
    return a in _ancestors(parents, b) or b in _ancestors(parents, a)
