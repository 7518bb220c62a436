"""The tables beside a task table: people (a Resources sheet) and the project's settings (a Project
sheet of field/value rows)."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from dataclasses import dataclass, field

from headway.io.import_ids import slug
from headway.io.plan_nodes import ID_HINT, ID_RE
from headway.io.sheet_values import CellValue, date_of, is_blank, number_of, percentage_of, text_of
from headway.io.table_cells import Cell, Table, TableReader
from headway.io.task_table import RESOURCE_COLUMNS, normal_header
from headway.model import Problem, Rates, Resource, Severity, WorkingTimeSettings

DATE_HINT = "write dates as YYYY-MM-DD"


@dataclass(frozen=True)
class ProjectInfo:
    """What a Project sheet says about the plan (None: not given)."""

    name: str
    start: dt.date | dt.datetime | None = None
    status_date: dt.date | dt.datetime | None = None
    currency: str = "USD"
    timezone: str | None = None
    working_time: WorkingTimeSettings = field(default_factory=WorkingTimeSettings)


_INFO_KEYS = {"name": "name", "project": "name", "project name": "name", "start": "start", "project start": "start",
              "start date": "start", "status date": "status_date", "currency": "currency", "time zone": "timezone",
              "timezone": "timezone", "hours per day": "hours_per_day", "days per week": "days_per_week",
              "days per month": "days_per_month"}


def read_project_info(table: Table, default_name: str) -> tuple[ProjectInfo, list[Problem]]:
    """Settings from rows of (field, value); unknown fields are ignored (the sheet also shows dates)."""
    reader = TableReader(table)
    found: dict[str, Cell] = {}
    for number, row in enumerate(table.rows, start=1):
        if len(row) >= 2 and not is_blank(row[0]):
            key = _INFO_KEYS.get(normal_header(text_of(row[0])))
            if key is not None and not is_blank(row[1]):
                found[key] = Cell(row[1], number, 2, text_of(row[0]).strip(), key)
    name = found["name"].text if "name" in found else default_name
    dates = {key: reader.parse(found.get(key), date_of, "bad_date", DATE_HINT, None)
             for key in ("start", "status_date")}
    hours = {key: reader.parse(found.get(key), _positive, "bad_working_time", "a number above 0", None)
             for key in ("hours_per_day", "days_per_week", "days_per_month")}
    defaults = WorkingTimeSettings()
    working = WorkingTimeSettings(hours["hours_per_day"] or defaults.hours_per_day,
                                  hours["days_per_week"] or defaults.days_per_week,
                                  hours["days_per_month"] or defaults.days_per_month)
    zone = found["timezone"].text if "timezone" in found else None
    if zone is not None and zone not in zoneinfo.available_timezones():
        reader.report("unknown_timezone", f"{zone!r} is not an IANA time zone", found["timezone"],
                      hint="e.g. Europe/Berlin")
        zone = None
    currency = found["currency"].text if "currency" in found else "USD"
    return ProjectInfo(name, dates["start"], dates["status_date"], currency, zone, working), reader.problems


def _positive(value: CellValue) -> float:
    number = number_of(value)
    if not number > 0:
        raise ValueError(f"{number:g} is not above 0")
    return number


def read_resources(table: Table) -> tuple[list[Resource], list[Problem]]:
    """People from a Resources sheet: ID (else from the name), Name, Role, Max Units, rates, Email."""
    reader = TableReader(table)
    header = reader.header(RESOURCE_COLUMNS)
    if header is None:
        return [], reader.problems
    index, columns, headers = header
    out: list[Resource] = []
    taken: set[str] = set()
    for number, cells in reader.records(index + 1, columns, headers):
        rid = _resource_id(reader, cells, taken, number)
        if rid is None:
            continue
        taken.add(rid)
        units = reader.parse(cells.get("units"), percentage_of, "bad_percentage", "write e.g. 100% or 50%", rid)
        if units is not None and units > 4 and "%" not in text_of(cells["units"].value):
            reader.report("suspicious_units", f"max units {units:g} mean {units:.0%}", cells["units"], rid,
                          f"write {units:g}% if you mean {units:g} percent", Severity.WARNING)
        rates = [reader.parse(cells.get(key), number_of, "wrong_type", "a number", rid)
                 for key in ("rate", "overtime", "per_use")]
        text = {key: cells[key].text for key in ("name", "role", "email")
                if key in cells and not is_blank(cells[key].value)}
        out.append(Resource(rid, text.get("name", ""), text.get("role"), 1.0 if units is None else units,
                            Rates(*(r or 0.0 for r in rates)), email=text.get("email"),
                            origin=reader.location(number)))
    return out, reader.problems


def _resource_id(reader: TableReader, cells: dict[str, Cell], taken: set[str], number: int) -> str | None:
    cell = cells.get("id")
    if cell is not None and not is_blank(cell.value):
        if ID_RE.fullmatch(cell.text):
            return cell.text
        reader.report("bad_id", f"resource id {cell.text!r} has characters an id may not use", cell, hint=ID_HINT)
        return None
    name = cells["name"].text if "name" in cells and not is_blank(cells["name"].value) else ""
    if not slug(name):
        reader.report("missing_key", "a resource needs a name or an id", None, row=number,
                      hint="fill in the Name or ID column of this row")
        return None
    base = candidate = slug(name)
    n = 1
    while candidate in taken:
        n += 1
        candidate = f"{base}-{n}"
    return candidate
