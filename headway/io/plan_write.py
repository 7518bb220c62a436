"""Canonical YAML for a Project: fixed key order, defaults left out, short forms where lossless."""

from __future__ import annotations

import datetime as dt
from typing import Any

import yaml

from headway.io.durations import format_percentage
from headway.io.plan_write_baselines import baseline_item, issue_item
from headway.io.plan_write_objectives import objective_item, stakeholder_item
from headway.io.plan_write_tracking import progress_item, timesheet_item
from headway.io.weeks import WEEK_SHORTHANDS, calendar_week, changed_days, inherited_week
from headway.model import (
    WEEKDAYS,
    ZERO,
    Assignment,
    Baseline,
    Calendar,
    CalendarException,
    ConstraintType,
    DateRange,
    DayHours,
    Distribution,
    Estimate,
    HolidaySource,
    Issue,
    Link,
    LinkType,
    Project,
    Rates,
    Resource,
    Risk,
    RiskStatus,
    Task,
    WorkingTimeSettings,
)

_DEFAULTS = Project(name="", start=dt.date.min)
_SETTINGS = WorkingTimeSettings()


class _Flow(list[Any]):
    """A list written on one line: ``[a, b]``."""


class _FlowMap(dict[str, Any]):
    """A mapping written on one line: ``{task: b, type: SS}``."""


class _Dumper(yaml.SafeDumper):
    """SafeDumper that indents lists under their key, writes multi-line text as ``|`` blocks and
    never anchors a value used twice (``&id001``): a plan file is for people."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)

    def ignore_aliases(self, data: object) -> bool:
        return True


def _literal_friendly(text: str) -> bool:
    """Multi-line text a ``|`` block shows as written (else it is quoted on one line)."""
    lines = text.split("\n")
    return (len(lines) > 1 and text[:1] not in (" ", "\n") and not text.endswith("\n\n")
            and all(line == line.rstrip() for line in lines))


def _represent_str(dumper: yaml.SafeDumper, data: str) -> yaml.Node:
    style = "|" if _literal_friendly(data) else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", data, style=style)


_Dumper.add_representer(_Flow, lambda d, data: d.represent_sequence("tag:yaml.org,2002:seq", data, True))
_Dumper.add_representer(_FlowMap, lambda d, data: d.represent_mapping("tag:yaml.org,2002:map", data, True))
_Dumper.add_representer(str, _represent_str)


def dumps(project: Project) -> str:
    """The plan as canonical YAML text (comments of a file it was read from are not kept)."""
    return "\n".join(yaml.dump(section, Dumper=_Dumper, sort_keys=False, allow_unicode=True,
                               width=1 << 20, default_flow_style=False) for section in _sections(project))


def plan_data(project: Project) -> dict[str, Any]:
    """The plan as the plain data ``dumps`` writes (mappings, lists, text, numbers, dates), without the text."""
    return {key: value for section in _sections(project) for key, value in section.items()}


def task_item(task: Task) -> dict[str, Any]:
    """One task's plan-file entry, without its subtasks."""
    return _task(task)


def _sections(project: Project) -> list[dict[str, Any]]:
    sections: list[dict[str, Any]] = [{"project": _project(project)}]
    sections += _purpose(project)
    calendars = {cal.id: cal for cal in reversed(project.calendars)}
    if project.calendars:
        sections.append({"calendars": [_calendar(cal, calendars) for cal in project.calendars]})
    if project.resources:
        sections.append({"resources": [_resource(res, project.calendar, calendars)
                                       for res in project.resources]})
    if project.stakeholders:
        sections.append({"stakeholders": _stakeholders(project)})
    if project.tasks:
        sections.append({"tasks": _task_tree(project.tasks)})
    if project.progress:
        sections.append({"progress": [_FlowMap(progress_item(entry)) for entry in project.progress]})
    if project.timesheets:
        sections.append({"timesheets": [_FlowMap(timesheet_item(line)) for line in project.timesheets]})
    if project.baselines:
        sections.append({"baselines": [_baseline(baseline) for baseline in project.baselines]})
    if project.issues:
        sections.append({"issues": [_issue(issue) for issue in project.issues]})
    if project.risks:
        sections.append({"risks": [_risk(risk) for risk in project.risks]})
    if project.correlations:
        sections.append({"correlations": [_FlowMap({"tasks": _Flow(c.tasks), "coefficient": _number(c.coefficient)})
                                          for c in project.correlations]})
    return sections


def _purpose(project: Project) -> list[dict[str, Any]]:
    """Objectives, scope statements and assumptions: what the plan is for."""
    out: list[dict[str, Any]] = []
    if project.objectives:
        items = [objective_item(o) for o in project.objectives]
        for item in items:
            if "deliverables" in item:
                item["deliverables"] = _Flow(item["deliverables"])
            if "criteria" in item:
                item["criteria"] = [_FlowMap(c) for c in item["criteria"]]
        out.append({"objectives": items})
    for key in ("scope", "out_of_scope", "assumptions"):
        if getattr(project, key):
            out.append({key: list(getattr(project, key))})
    return out


def _stakeholders(project: Project) -> list[dict[str, Any]]:
    items = [stakeholder_item(s) for s in project.stakeholders]
    for item in items:
        for key in ("consulted", "informed"):
            if key in item:
                item[key] = _Flow(item[key])
    return items


def _number(value: float) -> float | int:
    return int(value) if float(value).is_integer() and abs(value) < 1e15 else value


def _project(project: Project) -> dict[str, Any]:
    out: dict[str, Any] = {"name": project.name, "start": project.start}
    for key in ("status_date", "calendar", "currency", "timezone"):
        value = getattr(project, key)
        if value != getattr(_DEFAULTS, key):
            out[key] = value
    for key in ("hours_per_day", "days_per_week", "days_per_month"):
        value = getattr(project.working_time, key)
        if value != getattr(_SETTINGS, key):
            out[key] = _number(value)
    if project.description:
        out["description"] = project.description
    if project.priority != _DEFAULTS.priority:
        out["priority"] = project.priority
    if project.budget is not None:
        out["budget"] = _number(project.budget)
    if project.default_uncertainty is not None:
        out["default_uncertainty"] = _Flow(format_percentage(v) for v in project.default_uncertainty)
    return out


def _hours(hours: DayHours) -> _Flow:
    return _Flow(str(rng) for rng in hours)


def _week(week: tuple[DayHours, ...], base: tuple[DayHours, ...]) -> dict[str, Any]:
    changed = changed_days(week, base)
    out: dict[str, Any] = {}
    for shorthand, indexes in WEEK_SHORTHANDS.items():
        days = [WEEKDAYS[i] for i in indexes]
        if all(day in changed for day in days) and len({changed[day] for day in days}) == 1:
            out[shorthand] = _hours(changed[days[0]])
            for day in days:
                del changed[day]
    return out | {day: _hours(hours) for day, hours in changed.items()}


def _calendar(cal: Calendar, calendars: dict[str, Calendar]) -> dict[str, Any]:
    out: dict[str, Any] = {"id": cal.id}
    if cal.name:
        out["name"] = cal.name
    if cal.base is not None:
        out["base"] = cal.base
    if cal.week is not None:
        out["week"] = _week(cal.week, inherited_week(cal, calendars))
    if cal.holidays:
        items = [_holiday(source) for source in cal.holidays]
        out["holidays"] = items[0] if len(items) == 1 else _Flow(items)
    if cal.exceptions:
        out["exceptions"] = [_exception(exc) for exc in cal.exceptions]
    return out


def _holiday(source: HolidaySource) -> str | _FlowMap:
    if source.subdivision is None:
        return source.country
    return _FlowMap(country=source.country, subdivision=source.subdivision)


def _days(days: DateRange) -> dict[str, dt.date]:
    return {"date": days.start} if days.start == days.end else {"from": days.start, "to": days.end}


def _exception(exc: CalendarException) -> _FlowMap:
    out = _FlowMap(_days(exc.days))
    if exc.hours:
        out["hours"] = _hours(exc.hours)
    if exc.name:
        out["name"] = exc.name
    return out


def _resource(res: Resource, project_calendar: str | None, calendars: dict[str, Calendar]) -> dict[str, Any]:
    out: dict[str, Any] = {"id": res.id}
    if res.name:
        out["name"] = res.name
    if res.role is not None:
        out["role"] = res.role
    if res.units != 1.0:
        out["units"] = format_percentage(res.units)
    out.update(_rates(res.rates))
    if res.calendar is not None:
        out["calendar"] = res.calendar
    if res.week is not None:
        out["week"] = _week(res.week, calendar_week(res.calendar or project_calendar, calendars))
    if res.vacations:
        out["vacations"] = _Flow(r.start if r.start == r.end else _FlowMap(_days(r)) for r in res.vacations)
    if res.email is not None:
        out["email"] = res.email
    if res.source_uid is not None:
        out["source_uid"] = res.source_uid
    if res.tags:
        out["tags"] = _Flow(res.tags)
    return out


def _rates(rates: Rates) -> dict[str, Any]:
    if rates == Rates():
        return {}
    if rates.overtime == 0 and rates.per_use == 0:
        return {"rate": _number(rates.standard)}
    values = {"standard": rates.standard, "overtime": rates.overtime, "per_use": rates.per_use}
    return {"rates": _FlowMap({key: _number(value) for key, value in values.items() if value != 0})}


def _task_tree(tasks: tuple[Task, ...]) -> list[dict[str, Any]]:
    ids = {task.id for task in tasks}
    children: dict[str | None, list[Task]] = {}
    for task in tasks:
        children.setdefault(task.parent if task.parent in ids else None, []).append(task)

    def subtree(task: Task, seen: frozenset[str]) -> dict[str, Any]:
        out = _task(task)
        kids = [kid for kid in children.get(task.id, []) if kid.id not in seen]
        if kids:
            out["tasks"] = [subtree(kid, seen | {kid.id}) for kid in kids]
        return out

    return [subtree(task, frozenset({task.id})) for task in children.get(None, [])]


def _task(task: Task) -> dict[str, Any]:
    out: dict[str, Any] = {"id": task.id}
    if task.name:
        out["name"] = task.name
    if task.milestone:
        out["milestone"] = True
    if task.duration is not None:
        out["duration"] = str(task.duration)
    if task.effort is not None:
        out["effort"] = str(task.effort)
    if task.links:
        out["after"] = _Flow(_link(link) for link in task.links)
    if task.assignments:
        out["assign"] = _Flow(_assignment(asg) for asg in task.assignments)
    if task.constraint is not None:
        con = task.constraint
        short = con.date is None and con.type in (ConstraintType.ASAP, ConstraintType.ALAP)
        out["constraint"] = con.type.value if short else _FlowMap(type=con.type.value, date=con.date)
    if task.deadline is not None:
        out["deadline"] = task.deadline
    if task.priority != 500:
        out["priority"] = task.priority
    if not task.level:
        out["level"] = False
    if task.leveling_delay is not None:
        out["leveling_delay"] = str(task.leveling_delay)
    if task.estimate is not None:
        out["estimate"] = _estimate(task.estimate)
    for key in ("calendar", "owner", "source_uid"):
        if getattr(task, key) is not None:
            out[key] = getattr(task, key)
    if task.tags:
        out["tags"] = _Flow(task.tags)
    if task.notes:
        out["notes"] = task.notes
    for key in ("cost", "budget"):
        if getattr(task, key) is not None:
            out[key] = _number(getattr(task, key))
    return out


def _link(link: Link) -> str | _FlowMap:
    if link.type is LinkType.FS and link.lag == ZERO:
        return link.written
    out = _FlowMap(task=link.written)
    if link.type is not LinkType.FS:
        out["type"] = link.type.value
    if link.lag != ZERO:
        out["lag"] = str(link.lag)
    return out


def _assignment(asg: Assignment) -> str | _FlowMap:
    units = {} if asg.units is None else {"units": format_percentage(asg.units)}
    if asg.role is not None:
        return _FlowMap(role=asg.role, **units)
    if asg.alternatives:
        return _FlowMap(any_of=_Flow(asg.candidates), **units)
    if asg.units is None:
        return asg.resource
    return _FlowMap(resource=asg.resource, **units)


def _baseline(baseline: Baseline) -> dict[str, Any]:
    out = baseline_item(baseline)
    if "tasks" in out:
        out["tasks"] = {tid: _FlowMap(item) for tid, item in out["tasks"].items()}
    return out


def _issue(issue: Issue) -> dict[str, Any]:
    out = issue_item(issue)
    if "tasks" in out:
        out["tasks"] = _Flow(out["tasks"])
    return out


def _estimate(est: Estimate) -> Any:
    if est.distribution is Distribution.TRIANGULAR:
        return f"{est.optimistic}/{est.most_likely}/{est.pessimistic}"
    return _FlowMap(low=str(est.optimistic), likely=str(est.most_likely), high=str(est.pessimistic),
                    distribution=est.distribution.value)


def _risk(risk: Risk) -> dict[str, Any]:
    out: dict[str, Any] = {"id": risk.id, "title": risk.title, "probability": format_percentage(risk.probability)}
    if risk.owner is not None:
        out["owner"] = risk.owner
    if risk.impacts:
        out["impacts"] = []
        for impact in risk.impacts:
            item: dict[str, Any] = {"task": impact.task}
            if isinstance(impact.delay, Estimate):
                item["delay"] = _estimate(impact.delay)
            elif impact.delay is not None:
                item["delay"] = str(impact.delay)
            if impact.cost:
                item["cost"] = _number(impact.cost)
            out["impacts"].append(_FlowMap(item))
    if risk.mitigation:
        out["mitigation"] = risk.mitigation
    if risk.status is not RiskStatus.OPEN:
        out["status"] = risk.status.value
    return out
