"""Jinja2 environment and value filters shared by the status report's HTML and Markdown."""

from __future__ import annotations

import datetime as dt

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from headway.reports.status_report import StatusReport
from headway.reports.status_report.changes import BASELINE, GIT


def environment() -> Environment:
    """Templates from ``reports/render/templates``; HTML autoescaped, Markdown not."""
    env = Environment(loader=PackageLoader("headway.reports.render", "templates"),
                      autoescape=select_autoescape(["html.j2"]), undefined=StrictUndefined,
                      trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    env.filters.update(day=day, when=when, pct=pct, pct0=pct0, idx=idx, money=money, signed=signed,
                       workdays=workdays)
    return env


def day(value: dt.datetime | dt.date | None) -> str:
    return "n/a" if value is None else f"{value:%a %Y-%m-%d}"


def when(value: dt.datetime | dt.date | None) -> str:
    if value is None:
        return "n/a"
    return f"{value:%a %Y-%m-%d %H:%M}" if isinstance(value, dt.datetime) else f"{value:%a %Y-%m-%d}"


def pct(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.1%}"


def pct0(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.0%}"


def idx(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.2f}"


def money(value: float | None, currency: str = "") -> str:
    return "n/a" if value is None else f"{value:,.0f} {currency}".strip()


def signed(value: float | None) -> str:
    return "" if value is None else f"{value:+g}"


def workdays(minutes: int, per_day: int) -> str:
    return f"{minutes / per_day:+.2f}".rstrip("0").rstrip(".") if per_day else "0"


def changes_source(report: StatusReport) -> str:
    """One line saying what the changes are measured against."""
    c = report.changes
    if c is None:
        return ""
    if c.source == GIT:
        return f"Compared with the plan as last committed in git by {c.since} ({c.against})."
    if c.source == BASELINE:
        return f"Compared with baseline {c.against!r}, the latest saved on or before {c.since}."
    return f"The plan's file has no history to compare with: progress recorded after {c.since}."
