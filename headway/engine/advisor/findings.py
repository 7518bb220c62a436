"""What the advisor reports: findings (a problem, its evidence, its measured fixes) and the context
every detector reads (the plan, its schedules and forecast, today)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from headway.engine.advisor.changes import Change
from headway.engine.advisor.measure import Scenario
from headway.engine.results import Schedule
from headway.model import Project

if TYPE_CHECKING:
    from headway.engine.forecast import Forecast

SEVERITIES = ("error", "warning", "info")  # most severe first


def severity_rank(severity: str) -> int:
    """0 for the most severe; ``--fail-on`` compares these."""
    return SEVERITIES.index(severity)


@dataclass(frozen=True, slots=True)
class Fix:
    """A change measured by re-scheduling a what-if copy.

    ``gain_minutes``: working minutes the project finish moves earlier; ``target_gain_minutes``:
    the same for the finding's own task (a deadline's task, say), when it has one; ``resolves``:
    the finding is gone in the changed plan. ``note`` says plainly what the numbers mean.
    """

    change: Change
    finish_before: dt.datetime
    finish_after: dt.datetime
    gain_minutes: int
    minutes_per_day: int
    target: str | None = None
    target_gain_minutes: int | None = None
    p80_before: dt.datetime | None = None
    p80_after: dt.datetime | None = None
    p80_gain_minutes: int | None = None
    resolves: bool = False
    note: str = ""
    finish_name: str = "finish"  # the milestone that ends the project, when one does

    @property
    def text(self) -> str:
        return self.change.text

    @property
    def helps(self) -> bool:
        return self.gain_minutes > 0 or (self.target_gain_minutes or 0) > 0 or self.resolves

    def sentence(self) -> str:
        """``reassign api-tests from alice to carol: release 6 working days earlier, P80 4 working days earlier``."""
        words = [f"{self.finish_name} {_days(self.gain_minutes, self.minutes_per_day)} earlier"] \
            if self.gain_minutes > 0 else [f"{self.finish_name} does not move"]
        if self.target is not None and (self.target_gain_minutes or 0) > 0 and self.gain_minutes <= 0:
            words.append(f"{self.target} {_days(self.target_gain_minutes or 0, self.minutes_per_day)} earlier")
        if self.p80_gain_minutes:
            words.append(f"P80 {_days(abs(self.p80_gain_minutes), self.minutes_per_day)} "
                         f"{'earlier' if self.p80_gain_minutes >= 0 else 'later'}")
        if self.resolves and self.gain_minutes <= 0:
            words.append("clears the finding")
        return f"{self.text}: " + ", ".join(words)


def _days(minutes: int, per_day: int) -> str:
    value = round(minutes / per_day, 1)
    unit = "working day" if value == 1 else "working days"
    return f"{value:g} {unit}"


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem: a stable ``code``, ``severity`` (error, warning, info), the ids it is about, a
    one-line ``message``, a plain ``explanation``, the ``evidence`` (numbers and ids, JSON-ready),
    the measured ``fixes`` (best first) and, when there are none, ``no_fix`` saying why."""

    code: str
    severity: str
    entity_ids: tuple[str, ...]
    message: str
    explanation: str
    evidence: dict[str, Any] = field(default_factory=dict)
    fixes: tuple[Fix, ...] = ()
    no_fix: str = ""
    candidates: tuple[Change, ...] = ()  # changes worth measuring; the measured ones become ``fixes``


@dataclass(frozen=True)
class Context:
    """What detectors read: the plan, its CPM schedule, the scenario it is scheduled by (leveled when
    it has assignments), the forecast (None when not run or when it failed) and today.

    ``sequenced`` is CPM on the plan plus leveling's order of work as links (the plain CPM schedule
    when not leveled): its critical flags and floats count waiting for people, not only links.
    """

    project: Project
    cpm: Schedule
    base: Scenario
    leveled: bool
    today: dt.date
    sequenced: Schedule
    forecast: Forecast | None = None

    @property
    def critical(self) -> list[str]:
        """Leaf tasks that take time and are critical once waiting for people counts, in WBS order."""
        return [t.id for t in self.sequenced.tasks if t.critical and not t.summary and not t.milestone
                and t.duration_minutes > 0]

    @property
    def plan(self) -> Schedule:
        """The schedule the plan uses."""
        return self.base.schedule

    @property
    def per_day(self) -> int:
        return self.cpm.minutes_per_day
