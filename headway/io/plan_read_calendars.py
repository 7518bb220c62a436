"""Reading calendars, weekly hours, holidays, exceptions and date ranges from a plan file."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

import yaml

from headway.io.durations import HOURS_HINT, parse_time_range
from headway.io.plan_nodes import Context, is_null
from headway.io.weeks import WEEK_SHORTHANDS, Week, apply_days
from headway.model import (
    STANDARD_WEEK,
    WEEKDAYS,
    Calendar,
    CalendarException,
    DateRange,
    DayHours,
    HolidaySource,
    TimeRange,
)

CALENDAR_KEYS = ("id", "name", "base", "week", "holidays", "exceptions")
EXCEPTION_KEYS = ("date", "from", "to", "name", "hours")
HOLIDAY_KEYS = ("country", "subdivision")
RANGE_KEYS = ("from", "to")
WEEK_KEYS = (*WEEKDAYS, *WEEK_SHORTHANDS)
Days = dict[int, DayHours]


def read_calendars(ctx: Context, node: yaml.Node) -> list[Calendar]:
    """Every readable calendar, with partial weeks filled in from their base calendars."""
    drafts: list[tuple[Calendar, Days | None]] = []
    for item in ctx.items(node, "calendars"):
        draft = _read_calendar(ctx, item)
        if draft is not None:
            drafts.append(draft)
    by_id = {cal.id: cal for cal, _ in reversed(drafts)}
    days_by_id = {cal.id: days for cal, days in reversed(drafts)}
    memo: dict[str, Week] = {}

    def full_week(cal_id: str | None, seen: frozenset[str]) -> Week:
        cal = by_id.get(cal_id) if cal_id is not None else None
        if cal is None or cal.id in seen:
            return STANDARD_WEEK
        if cal.id not in memo:
            base = full_week(cal.base, seen | {cal.id})
            days = days_by_id[cal.id]
            memo[cal.id] = base if days is None else apply_days(base, days)
        return memo[cal.id]

    out = []
    for cal, days in drafts:
        if days is not None:
            base = full_week(cal.base, frozenset({cal.id}))
            cal = Calendar(cal.id, cal.name, apply_days(base, days), cal.base, cal.holidays,
                           cal.exceptions, cal.origin)
        out.append(cal)
    return out


def _read_calendar(ctx: Context, node: yaml.Node) -> tuple[Calendar, Days | None] | None:
    fields = ctx.fields(node, CALENDAR_KEYS, "a calendar")
    if fields is None:
        return None
    id_node = ctx.require(fields, "id", node, "a calendar", "id: standard")
    cal_id = ctx.ident(id_node, "calendar id") if id_node is not None else None
    name = base = None
    days: Days | None = None
    holidays: tuple[HolidaySource, ...] = ()
    exceptions: tuple[CalendarException, ...] = ()
    if "name" in fields:
        name = ctx.text(fields["name"], "calendar name", cal_id)
    if "base" in fields and not is_null(fields["base"]):
        base = ctx.ident(fields["base"], "base calendar", cal_id)
    if "week" in fields:
        days = read_week(ctx, fields["week"], cal_id)
    if "holidays" in fields:
        holidays = read_holidays(ctx, fields["holidays"], cal_id)
    if "exceptions" in fields:
        exceptions = tuple(exc for item in ctx.items(fields["exceptions"], "exceptions", cal_id)
                           if (exc := _read_exception(ctx, item, cal_id)) is not None)
    if cal_id is None:
        return None
    where = ctx.loc(id_node) if id_node is not None else ctx.loc(node)
    return Calendar(cal_id, name or "", None, base, holidays, exceptions, where), days


def read_week(ctx: Context, node: yaml.Node, entity: str | None) -> Days:
    """The weekdays a ``week:`` mapping sets (shorthands first, then single days)."""
    fields = ctx.fields(node, WEEK_KEYS, "a week", entity)
    days: Days = {}
    if fields is None:
        return days
    for key in (*WEEK_SHORTHANDS, *WEEKDAYS):
        if key not in fields:
            continue
        hours = read_day_hours(ctx, fields[key], f"hours for {key}", entity)
        if hours is not None:
            for index in WEEK_SHORTHANDS.get(key, (WEEKDAYS.index(key),) if key in WEEKDAYS else ()):
                days[index] = hours
    return days


def read_day_hours(ctx: Context, node: yaml.Node, what: str, entity: str | None) -> DayHours | None:
    """Working hours of one day: a list of ``HH:MM-HH:MM``; ``[]``, false, "off" or nothing: no work."""
    if is_null(node):
        return ()
    if isinstance(node, yaml.ScalarNode):
        if ctx.construct(node) is False or str(node.value).strip().lower() == "off":
            return ()
        items = [node]
    elif isinstance(node, yaml.SequenceNode):
        items = list(node.value)
    else:
        ctx.wrong_type(node, what, "a list of 'HH:MM-HH:MM' ranges", entity, hint=HOURS_HINT)
        return None
    out: list[TimeRange] = []
    ok = True
    for item in items:
        rng = _read_range(ctx, item, what, entity)
        ok = ok and rng is not None
        if rng is not None:
            out.append(rng)
    return tuple(out) if ok else None


def _read_range(ctx: Context, node: yaml.Node, what: str, entity: str | None) -> TimeRange | None:
    if isinstance(node, yaml.ScalarNode) and not is_null(node):
        try:
            return parse_time_range(str(node.value))
        except ValueError as exc:
            hint = HOURS_HINT
            if node.tag != "tag:yaml.org,2002:str" and ":" in str(node.value):
                hint = f"YAML reads unquoted {node.value} as a number: quote it, and {HOURS_HINT}"
            ctx.report("bad_hours", f"{what}: {exc}", node, entity, hint)
            return None
    ctx.report("bad_hours", f"{what} should be text like '08:00-12:00'", node, entity, HOURS_HINT)
    return None


def read_holidays(ctx: Context, node: yaml.Node, entity: str | None) -> tuple[HolidaySource, ...]:
    """Public holiday sources: ``DE``, ``{country: DE, subdivision: BY}`` or a list of either."""
    out: list[HolidaySource] = []
    for item in ctx.items(node, "holidays", entity):
        country_node: yaml.Node | None = item
        subdivision_node: yaml.Node | None = None
        if isinstance(item, yaml.MappingNode):
            fields = ctx.fields(item, HOLIDAY_KEYS, "holidays", entity) or {}
            country_node = ctx.require(fields, "country", item, "holidays", "country: DE", entity)
            subdivision_node = fields.get("subdivision")
        if country_node is None:
            continue
        country = ctx.text(country_node, "holiday country", entity)  # as written: NO stays Norway
        subdivision = ctx.text(subdivision_node, "holiday subdivision", entity) if subdivision_node else None
        if country and _check_country(ctx, country_node, country, subdivision_node, subdivision, entity):
            out.append(HolidaySource(country, subdivision))
    return tuple(out)


def _check_country(ctx: Context, node: yaml.Node, country: str, sub_node: yaml.Node | None,
                   subdivision: str | None, entity: str | None) -> bool:
    import holidays  # imported only when a plan uses holidays: it is slow to load

    from headway.model import did_you_mean

    supported: Mapping[str, list[str]] = holidays.list_supported_countries()
    if country not in supported:
        hint = did_you_mean(country.upper(), supported) or "use an ISO 3166 country code such as DE or US"
        ctx.report("unknown_country", f"no public holidays known for country {country!r}", node,
                   entity, hint)
        return False
    if subdivision is not None and sub_node is not None and subdivision not in supported[country]:
        choices = supported[country]
        hint = did_you_mean(subdivision, choices) or ("one of: " + ", ".join(choices[:20]) if choices
                                                       else f"{country} has no subdivisions")
        ctx.report("unknown_subdivision", f"{country} has no subdivision {subdivision!r}", sub_node,
                   entity, hint)
        return False
    return True


def _read_exception(ctx: Context, node: yaml.Node, entity: str | None) -> CalendarException | None:
    fields = ctx.fields(node, EXCEPTION_KEYS, "a calendar exception", entity)
    if fields is None:
        return None
    days = read_date_range(ctx, node, fields, "a calendar exception", entity)
    name = ctx.text(fields["name"], "exception name", entity) if "name" in fields else None
    hours: DayHours | None = ()
    if "hours" in fields:
        hours = read_day_hours(ctx, fields["hours"], "exception hours", entity)
    if days is None or hours is None:
        return None
    return CalendarException(days, hours, name or "")


def read_date_range(ctx: Context, node: yaml.Node, fields: dict[str, yaml.Node], what: str,
                    entity: str | None) -> DateRange | None:
    """``date: D`` (one day) or ``from: D1, to: D2`` (inclusive) from an already-read mapping."""
    if "date" in fields and ("from" in fields or "to" in fields):
        ctx.report("conflicting_keys", f"{what} has both 'date' and 'from'/'to'", node, entity,
                   "use 'date:' for one day or 'from:' and 'to:' for several")
        return None
    if not {"date", "from", "to"} & fields.keys():
        ctx.report("missing_key", f"{what} needs 'date' or 'from' and 'to'", node, entity,
                   "add e.g. 'date: 2027-12-24' or 'from: 2027-12-27, to: 2027-12-31'")
        return None
    if "date" in fields:
        day = ctx.date(fields["date"], "date", entity)
        return DateRange(_day(day), _day(day)) if day is not None else None
    start_node = ctx.require(fields, "from", node, what, "from: 2027-12-27", entity)
    end_node = ctx.require(fields, "to", node, what, "to: 2027-12-31", entity)
    start = ctx.date(start_node, "'from' date", entity) if start_node is not None else None
    end = ctx.date(end_node, "'to' date", entity) if end_node is not None else None
    if start is None or end is None:
        return None
    return DateRange(_day(start), _day(end))


def read_vacations(ctx: Context, node: yaml.Node, entity: str | None) -> tuple[DateRange, ...]:
    """Days off: each a date or ``{from: D1, to: D2}``."""
    out = []
    for item in ctx.items(node, "vacations", entity):
        if isinstance(item, yaml.MappingNode):
            fields = ctx.fields(item, RANGE_KEYS, "a vacation", entity) or {}
            rng = read_date_range(ctx, item, fields, "a vacation", entity)
        else:
            day = ctx.date(item, "vacation day", entity)
            rng = DateRange(_day(day), _day(day)) if day is not None else None
        if rng is not None:
            out.append(rng)
    return tuple(out)


def _day(value: dt.date) -> dt.date:
    return value.date() if isinstance(value, dt.datetime) else value
