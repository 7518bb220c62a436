"""Options several verbs share."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

import click

F = TypeVar("F", bound=Callable[..., object])


def leveling_options(func: F) -> F:
    """``--method``, ``--time-limit``, ``--workers`` and ``--objective`` for verbs that level."""
    for option in reversed((
        click.option("--method", type=click.Choice(["heuristic", "optimal"]), default="heuristic",
                     show_default=True, help="heuristic: fast, deterministic; optimal: CP-SAT search with a "
                     "proven bound."),
        click.option("--time-limit", type=click.FloatRange(min=0.1), default=10.0, show_default=True,
                     help="Seconds the leveling search may take."),
        click.option("--workers", type=click.IntRange(min=1), default=2, show_default=True, help="CP-SAT workers."),
        click.option("--objective", type=click.Choice(["finish", "lateness"]), default="finish", show_default=True,
                     help="finish: the earliest finish; lateness: meet deadlines first, by priority."),
    )):
        func = option(func)
    return func


def engine_objective(objective: str) -> str:
    """The leveling engines' name for an ``--objective`` choice."""
    return "lateness" if objective == "lateness" else "makespan"
