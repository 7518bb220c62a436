"""Terminal output: Rich consoles that stay plain and wide enough in pipes, and problem lines."""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

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


@contextmanager
def search_progress(show: bool, time_limit: float) -> Iterator[Callable[[int, int], None] | None]:
    """A progress bar on stderr for a search of ``time_limit`` seconds; yields the callback
    the search calls with (solutions found, best length in slots), or None when not shown."""
    if not show or not sys.stderr.isatty():
        yield None
        return
    columns = (SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), TimeElapsedColumn())
    with Progress(*columns, console=stderr(), transient=True) as progress:
        task = progress.add_task("searching for the best schedule", total=time_limit)
        began = time.monotonic()

        def tick() -> None:
            progress.update(task, completed=min(time.monotonic() - began, time_limit))

        def on_solution(found: int, best: int) -> None:
            progress.update(task, description=f"{found} schedules found, best {best} slots")
            tick()

        timer = threading.Event()

        def clock() -> None:
            while not timer.wait(0.2):
                tick()

        thread = threading.Thread(target=clock, daemon=True)
        thread.start()
        try:
            yield on_solution
        finally:
            timer.set()
            thread.join()


@contextmanager
def stage_progress(show: bool, description: str) -> Iterator[Callable[[int, int], None] | None]:
    """A progress bar on stderr for a computation in stages; yields the callback it calls with
    (stages done, stages in all), or None when not shown (``show`` false or stderr not a terminal)."""
    if not show or not sys.stderr.isatty():
        yield None
        return
    columns = (SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), TimeElapsedColumn())
    with Progress(*columns, console=stderr(), transient=True) as progress:
        task = progress.add_task(description, total=None)

        def on_stage(done: int, total: int) -> None:
            progress.update(task, completed=done, total=total)

        yield on_stage
