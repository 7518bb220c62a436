"""Plain-word formatting shared by the plan document's sections: dates, working days, money."""

from __future__ import annotations

import datetime as dt

DASH = "—"


def day(value: dt.date | dt.datetime | None) -> str:
    """``2027-01-11`` (a date-time loses its time: the document speaks in days)."""
    if value is None:
        return DASH
    return (value.date() if isinstance(value, dt.datetime) else value).isoformat()


def work_days(minutes: int, per_day: int) -> str:
    """``5d``, ``2.5d``: working minutes as working days."""
    value = minutes / per_day if per_day else 0.0
    return f"{value:.2f}".rstrip("0").rstrip(".") + "d"


def signed_days(minutes: int, per_day: int) -> str:
    """``+3d`` / ``-1d`` / ``0d``."""
    text = work_days(abs(minutes), per_day)
    return "0d" if text == "0d" else ("+" if minutes > 0 else "-") + text


def money(amount: float, currency: str) -> str:
    """``12,500.00 USD``."""
    return f"{amount:,.2f} {currency}"


def percent(fraction: float) -> str:
    return f"{round(fraction * 100)}%"
