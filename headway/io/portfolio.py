"""Reading a portfolio: plan files (each keyed by its file name) and an optional pool file.

Every problem of every file, and of the portfolio as a whole, is collected before one
``PlanError`` is raised. A plan may use the pool's people and calendars; its links to other
plans' tasks (``infra/db-ready``) are resolved here instead of being warned about.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from headway.engine.portfolio_merge import portfolio_problems
from headway.io import plan
from headway.io.pool import read_pool_text
from headway.model import PlanError, Problem, SourceLocation
from headway.model.portfolio import Member, Pool, Portfolio


@dataclass(frozen=True)
class PortfolioRead:
    """A portfolio read without errors, the file of each project key, and the warnings."""

    portfolio: Portfolio
    files: dict[str, str]
    problems: tuple[Problem, ...]


def project_key(path: str | Path) -> str:
    """The key other plans' links use for the plan in ``path``: its file name without extension."""
    return Path(path).stem


def load_portfolio(plans: Sequence[str | Path], pool: str | Path | None = None,
                   name: str = "Portfolio") -> PortfolioRead:
    """Read ``plans`` and the ``pool`` file; PlanError lists every problem found."""
    problems: list[Problem] = []
    shared = Pool()
    if pool is not None:
        text = _text(pool, problems)
        if text is not None:
            found_pool, found = read_pool_text(text, str(pool))
            problems += found
            shared = found_pool or shared
    members, files = [], {}
    for path in plans:
        try:
            result = plan.load(path, pool=shared)
        except PlanError as err:
            problems += err.problems
            continue
        except (OSError, UnicodeDecodeError) as err:
            problems.append(_unreadable(path, err))
            continue
        problems += [p for p in result.problems if p.code != "external_link"]
        members.append(Member(project_key(path), result.project))
        files[project_key(path)] = str(path)
    if not any(p.is_error for p in problems):
        problems += portfolio_problems(Portfolio(tuple(members), shared, name))
    if any(p.is_error for p in problems):
        raise PlanError(problems)
    return PortfolioRead(Portfolio(tuple(members), shared, name), files, tuple(problems))


def _text(path: str | Path, problems: list[Problem]) -> str | None:
    try:
        return Path(path).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as err:
        problems.append(_unreadable(path, err))
        return None


def _unreadable(path: str | Path, err: Exception) -> Problem:
    return Problem("unreadable_file", f"cannot read the file: {err}", location=SourceLocation(str(path), 1, 1))
