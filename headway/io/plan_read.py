"""Turning a plan file's node tree into a Project, recording every problem with its place."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from typing import Any

import yaml

from headway.io.plan_nodes import Context, is_null
from headway.io.plan_read_baselines import read_baselines
from headway.io.plan_read_calendars import read_calendars, read_vacations, read_week
from headway.io.plan_read_issues import read_issues
from headway.io.plan_read_objectives import STATEMENT_KEYS, read_objectives, read_stakeholders, read_statements
from headway.io.plan_read_risks import read_correlations, read_risks
from headway.io.plan_read_tasks import read_amount, read_tasks
from headway.io.plan_read_tracking import read_progress, read_timesheets
from headway.io.weeks import apply_days, calendar_week
from headway.model import (
    Calendar,
    Problem,
    Project,
    Rates,
    Resource,
    SourceLocation,
    WorkingTimeSettings,
    did_you_mean,
)

TOP_KEYS = ("project", "calendars", "resources", "tasks", "progress", "timesheets", "baselines", "issues", "risks",
            "correlations", "objectives", "stakeholders", *STATEMENT_KEYS, "$schema")
PROJECT_KEYS = ("name", "start", "status_date", "calendar", "currency", "timezone", "hours_per_day",
                "days_per_week", "days_per_month", "description", "priority", "budget", "default_uncertainty")
RESOURCE_KEYS = ("id", "name", "role", "units", "rate", "rates", "calendar", "week", "vacations", "email",
                 "tags", "source_uid")
RATES_KEYS = ("standard", "overtime", "per_use")
WORKING_TIME_KEYS = ("hours_per_day", "days_per_week", "days_per_month")
PROJECT_EXAMPLE = "project: {name: Demo, start: 2027-01-04}"


def read_plan(ctx: Context, root: yaml.Node | None) -> Project | None:
    """The project in ``root``, or None when the file has no usable top level."""
    if root is None:
        ctx.problems.append(_empty(ctx))
        return None
    if not isinstance(root, yaml.MappingNode):
        ctx.report("not_a_mapping", "a plan must be a mapping with 'project:' and 'tasks:'", root,
                   hint="start the file with " + PROJECT_EXAMPLE)
        return None
    fields = ctx.fields(root, TOP_KEYS, "the plan") or {}
    settings: dict[str, Any] = {}
    if "project" in fields and not is_null(fields["project"]):
        settings = _project_settings(ctx, fields["project"])
    else:
        ctx.report("missing_key", "the plan needs a 'project:' section", root, hint="add " + PROJECT_EXAMPLE)
    calendars = read_calendars(ctx, fields["calendars"]) if "calendars" in fields else []
    resources: list[Resource] = []
    if "resources" in fields:
        resources = read_resources(ctx, fields["resources"], calendars, settings.get("calendar"))
    tasks = read_tasks(ctx, fields["tasks"]) if "tasks" in fields else []
    if "progress" in fields:
        settings["progress"] = tuple(read_progress(ctx, fields["progress"]))
    if "timesheets" in fields:
        settings["timesheets"] = tuple(read_timesheets(ctx, fields["timesheets"]))
    if "baselines" in fields:
        settings["baselines"] = tuple(read_baselines(ctx, fields["baselines"]))
    if "issues" in fields:
        settings["issues"] = tuple(read_issues(ctx, fields["issues"], {t.id for t in tasks}))
    if "risks" in fields:
        summaries = {t.parent for t in tasks if t.parent is not None}
        settings["risks"] = tuple(read_risks(ctx, fields["risks"], {t.id for t in tasks}, summaries))
    if "correlations" in fields:
        settings["correlations"] = tuple(read_correlations(ctx, fields["correlations"], {t.id for t in tasks}))
    if "objectives" in fields:
        settings["objectives"] = tuple(read_objectives(ctx, fields["objectives"], {t.id for t in tasks}))
    if "stakeholders" in fields:
        settings["stakeholders"] = tuple(read_stakeholders(ctx, fields["stakeholders"], {t.id for t in tasks}))
    for key in STATEMENT_KEYS:
        if key in fields:
            settings[key] = read_statements(ctx, fields[key], key)
    settings.setdefault("name", "")
    settings.setdefault("start", dt.date.min)  # placeholder: a missing start is already an error
    return Project(calendars=tuple(calendars), resources=tuple(resources), tasks=tuple(tasks), **settings)


def _empty(ctx: Context) -> Problem:
    return Problem("empty_plan", "the plan file is empty", location=SourceLocation(ctx.path, 1, 1),
                   hint="start the file with " + PROJECT_EXAMPLE)


def _project_settings(ctx: Context, node: yaml.Node) -> dict[str, Any]:
    fields = ctx.fields(node, PROJECT_KEYS, "the project section")
    if fields is None:
        return {}
    out: dict[str, Any] = {"origin": ctx.loc(node)}
    name_node = ctx.require(fields, "name", node, "the project", "name: Demo")
    if name_node is not None and (name := ctx.text(name_node, "project name")) is not None:
        out["name"] = name
    start_node = ctx.require(fields, "start", node, "the project", "start: 2027-01-04")
    if start_node is not None and (start := ctx.date(start_node, "project start")) is not None:
        out["start"] = start
    for key, value_node in fields.items():
        if is_null(value_node) or key in ("name", "start"):
            continue
        value = _PROJECT_FIELDS[key](ctx, value_node) if key in _PROJECT_FIELDS else None
        if value is not None:
            out[key] = value
    working = {key: out.pop(key) for key in WORKING_TIME_KEYS if key in out}
    if working:
        out["working_time"] = WorkingTimeSettings(**working)
    return out


def _positive(key: str) -> Any:
    def read(ctx: Context, node: yaml.Node) -> float | None:
        value = ctx.number(node, key.replace("_", " "))
        if value is not None and value <= 0:
            ctx.report("bad_working_time", f"{key} must be above 0, not {value:g}", node,
                       hint=f"the defaults are {WorkingTimeSettings()}")
            return None
        return value
    return read


def _timezone(ctx: Context, node: yaml.Node) -> str | None:
    name = ctx.text(node, "time zone")
    if name is None:
        return None
    try:
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        known = zoneinfo.available_timezones()
        if known:  # without a time zone database on this machine, trust the name
            ctx.report("unknown_timezone", f"unknown time zone {name!r}", node,
                       hint=did_you_mean(name, known) or "use an IANA name such as Europe/Berlin")
            return None
    return name


def _priority(ctx: Context, node: yaml.Node) -> int | None:
    value = ctx.integer(node, "project priority")
    if value is not None and not 0 <= value <= 1000:
        ctx.report("bad_priority", f"priority {value} is outside 0..1000", node,
                   hint="500 is normal; in a portfolio, higher-priority projects get people first")
        return None
    return value


def _uncertainty(ctx: Context, node: yaml.Node) -> tuple[float, float] | None:
    """``[-10%, +30%]``: how much shorter and longer than planned a task without estimate may take."""
    values = [ctx.percentage(item, "default uncertainty") for item in ctx.items(node, "default uncertainty")]
    if any(v is None for v in values):
        return None
    if len(values) != 2 or not -1 < (values[0] or 0) <= 0 <= (values[1] or 0):
        ctx.report("bad_uncertainty", "default uncertainty must be [low, high] with -100% < low ≤ 0 ≤ high", node,
                   hint="write e.g. [-10%, +30%]")
        return None
    return values[0] or 0.0, values[1] or 0.0


_PROJECT_FIELDS: dict[str, Any] = {
    "status_date": lambda ctx, n: ctx.date(n, "status date"),
    "calendar": lambda ctx, n: ctx.ident(n, "project calendar"),
    "currency": lambda ctx, n: ctx.text(n, "currency"),
    "timezone": _timezone,
    "description": lambda ctx, n: ctx.text(n, "description"),
    "priority": _priority,
    "budget": lambda ctx, n: read_amount(ctx, n, "project budget"),
    "default_uncertainty": _uncertainty,
    **{key: _positive(key) for key in WORKING_TIME_KEYS},
}


def read_resources(ctx: Context, node: yaml.Node, calendars: list[Calendar],
                   project_calendar: str | None) -> list[Resource]:
    """Every readable resource; a personal ``week`` is taken relative to its calendar's week."""
    by_id = {cal.id: cal for cal in reversed(calendars)}
    out = []
    for item in ctx.items(node, "resources"):
        resource = _read_resource(ctx, item, by_id, project_calendar)
        if resource is not None:
            out.append(resource)
    return out


def _read_resource(ctx: Context, node: yaml.Node, calendars: dict[str, Calendar],
                   project_calendar: str | None) -> Resource | None:
    fields = ctx.fields(node, RESOURCE_KEYS, "a resource")
    if fields is None:
        return None
    id_node = ctx.require(fields, "id", node, "a resource", "id: alice")
    rid = ctx.ident(id_node, "resource id") if id_node is not None else None
    values: dict[str, Any] = {}
    for key in ("name", "role", "email", "source_uid"):
        if key in fields and (text := ctx.text(fields[key], f"resource {key}", rid)) is not None:
            values[key] = text
    if "units" in fields and (units := ctx.percentage(fields["units"], "max units", rid)) is not None:
        values["units"] = units
    rates = _rates(ctx, node, fields, rid)
    if rates is not None:
        values["rates"] = rates
    if "calendar" in fields and not is_null(fields["calendar"]):
        values["calendar"] = ctx.ident(fields["calendar"], "resource calendar", rid)
    if "week" in fields:
        days = read_week(ctx, fields["week"], rid)
        base = calendar_week(values.get("calendar") or project_calendar, calendars)
        values["week"] = apply_days(base, days)
    if "vacations" in fields:
        values["vacations"] = read_vacations(ctx, fields["vacations"], rid)
    if "tags" in fields:
        values["tags"] = tuple(tag for item in ctx.items(fields["tags"], "tags", rid)
                               if (tag := ctx.text(item, "tag", rid)) is not None)
    if rid is None:
        return None
    where = ctx.loc(id_node) if id_node is not None else ctx.loc(node)
    return Resource(rid, **{k: v for k, v in values.items() if v is not None}, origin=where)


def _rates(ctx: Context, node: yaml.Node, fields: dict[str, yaml.Node], rid: str | None) -> Rates | None:
    if "rate" in fields and "rates" in fields:
        ctx.report("conflicting_keys", "give either 'rate' or 'rates', not both", node, rid,
                   "'rate: 120' is short for 'rates: {standard: 120}'")
        return None
    if "rate" in fields:
        rate = ctx.number(fields["rate"], "rate", rid)
        return Rates(standard=rate) if rate is not None else None
    if "rates" not in fields:
        return None
    rate_fields = ctx.fields(fields["rates"], RATES_KEYS, "rates", rid) or {}
    values = {key: ctx.number(value, f"{key} rate", rid) for key, value in rate_fields.items()}
    return Rates(**{key: value for key, value in values.items() if value is not None})
