"""Load a plan file and schedule it for a command, turning plan errors into exit code 1."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from headway.cli.console import print_problems
from headway.engine.cpm import schedule as compute_schedule
from headway.engine.results import Schedule
from headway.io import formats, plan
from headway.model import PlanError, Project

PLAN_ERROR_EXIT = 1


class PlanFailed(SystemExit):
    """Exit after the problems of a plan were printed."""


def load_plan(path: str | Path, fmt: str | None = None) -> plan.ReadResult:
    """The plan in ``path`` with its warnings; prints every problem and exits 1 on errors.

    Any file Headway can import is accepted (format from its content, or ``fmt``); an
    imported file's warnings are counted on stderr (``headway check`` lists them).
    """
    try:
        name = fmt or formats.detect(path)
        result = formats.read(path, name)
    except PlanError as err:
        print_problems(err.problems)
        raise PlanFailed(PLAN_ERROR_EXIT) from err
    except (OSError, UnicodeDecodeError, formats.FormatError, RuntimeError) as err:
        print(f"headway: cannot read {path}: {err}", file=sys.stderr)  # noqa: T201
        raise PlanFailed(PLAN_ERROR_EXIT) from err
    if name not in ("plan", "psplib") and result.problems:
        print(f"headway: {path}: imported as {name} with {len(result.problems)} warning(s) "  # noqa: T201
              f"(headway check {path} lists them)", file=sys.stderr)
    return result


def require_plan_file(path: str | Path) -> None:
    """Refuse to rewrite an imported file (MS Project XML, .mpp…) as YAML: commands that save the
    plan back (``update``, ``baseline save``) call this first. Exits 2 with what to do instead."""
    try:
        name = formats.detect(path)
    except (OSError, formats.FormatError):
        name = "other"
    if name != "plan":
        raise click.UsageError(f"{path} is not a Headway plan file ({name}); it would be overwritten as YAML. "
                               f"Import it first: headway import {path} -o plan.yaml")


def load_schedule(path: str | Path) -> tuple[Project, Schedule]:
    """Load ``path`` and compute its schedule (exits 1 on plan errors)."""
    project = load_plan(path).project
    try:
        return project, compute_schedule(project)
    except PlanError as err:
        print_problems(err.problems)
        raise PlanFailed(PLAN_ERROR_EXIT) from err
