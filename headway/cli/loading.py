"""Load a plan file and schedule it for a command, turning plan errors into exit code 1."""

from __future__ import annotations

import sys
from pathlib import Path

from headway.cli.console import print_problems
from headway.engine.cpm import schedule as compute_schedule
from headway.engine.results import Schedule
from headway.io import plan, psplib
from headway.model import PlanError, Project

PLAN_ERROR_EXIT = 1


class PlanFailed(SystemExit):
    """Exit after the problems of a plan were printed."""


def load_plan(path: str | Path) -> plan.ReadResult:
    """The plan in ``path`` with its warnings; prints every problem and exits 1 on errors."""
    try:
        if str(path).lower().endswith(".sm"):  # a PSPLIB benchmark instance
            return plan.ReadResult(psplib.read(path), ())
        result = plan.load(path)
    except PlanError as err:
        print_problems(err.problems)
        raise PlanFailed(PLAN_ERROR_EXIT) from err
    except (OSError, UnicodeDecodeError) as err:
        print(f"headway: cannot read {path}: {err}", file=sys.stderr)  # noqa: T201
        raise PlanFailed(PLAN_ERROR_EXIT) from err
    return result


def load_schedule(path: str | Path) -> tuple[Project, Schedule]:
    """Load ``path`` and compute its schedule (exits 1 on plan errors)."""
    project = load_plan(path).project
    try:
        return project, compute_schedule(project)
    except PlanError as err:
        print_problems(err.problems)
        raise PlanFailed(PLAN_ERROR_EXIT) from err
