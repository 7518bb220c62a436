"""Terminal output: Rich consoles that stay plain and wide enough in pipes, and problem lines."""

from __future__ import annotations

import sys
from collections.abc import Iterable

from rich.console import Console
from rich.markup import escape

from headway.model import Problem, Severity


def stdout() -> Console:
    """Console for results; no colours or wrapping tricks when piped."""
    tty = sys.stdout.isatty()
    return Console(highlight=False, soft_wrap=not tty, width=None if tty else 200)


def stderr() -> Console:
    """Console for problems and progress."""
    return Console(stderr=True, highlight=False, soft_wrap=True)


def print_problems(problems: Iterable[Problem], console: Console | None = None) -> None:
    """``plan.yaml:12:5: error[link_cycle] "build": … (hint: …)``, errors in red, warnings in yellow."""
    console = console or stderr()
    for problem in problems:
        style = "red" if problem.severity is Severity.ERROR else "yellow"
        console.print(f"[{style}]{escape(problem.format())}[/{style}]")


def duration_text(minutes: int, per_day: int, calendar: str) -> str:
    """A task's duration: working days, or elapsed days (``ed``) for round-the-clock tasks."""
    if calendar == "24h":
        return days(minutes, 1440)[:-1] + "ed"
    return days(minutes, per_day)


def days(minutes: int, per_day: int) -> str:
    """Working minutes as days, e.g. ``2.5d``."""
    value = minutes / per_day
    return f"{value:.1f}d".replace(".0d", "d")
