"""Problems found in a plan: values with a code, a place and an id, raised together."""

from __future__ import annotations

import difflib
import enum
from collections.abc import Iterable
from dataclasses import dataclass


class Severity(enum.Enum):
    """How bad a problem is: errors stop scheduling, warnings do not."""

    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, slots=True)
class SourceLocation:
    """Where something was written: file path, 1-based line and column."""

    path: str
    line: int
    column: int = 1

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}"


@dataclass(frozen=True, slots=True)
class Problem:
    """One finding about a plan.

    ``code`` is a stable snake_case id that tests and tools match on.
    """

    code: str
    message: str
    severity: Severity = Severity.ERROR
    entity_id: str | None = None
    location: SourceLocation | None = None
    hint: str | None = None

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def format(self) -> str:
        """Render as ``plan.yaml:12:5: error[link_cycle] task "build": … hint: …``."""
        place = f"{self.location}: " if self.location else ""
        who = f'"{self.entity_id}": ' if self.entity_id else ""
        text = f"{place}{self.severity.value}[{self.code}] {who}{self.message}"
        if self.hint:
            text += f" (hint: {self.hint})"
        return text


class PlanError(Exception):
    """Raised once with every problem that makes a plan unusable."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems: tuple[Problem, ...] = tuple(problems)
        super().__init__("\n".join(p.format() for p in self.problems))

    @property
    def errors(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.is_error)


def did_you_mean(word: str, choices: Iterable[str]) -> str | None:
    """A hint naming the closest of ``choices`` to ``word``, if any is close."""
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f"did you mean {close[0]!r}?" if close else None
