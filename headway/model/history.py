"""Estimate history: how long finished (or still open) tasks were estimated to take, and took.

Effort is in **working hours** (float) throughout, whatever unit the source used, so records from
plans, history files and public datasets can be pooled. Only the ratio actual/estimate matters to
calibration, so a dataset in other units (story points, pomodoros) stays usable as long as one
person's records share a unit.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from headway.model.problems import SourceLocation


@dataclass(frozen=True, slots=True)
class EstimateRecord:
    """One task as estimated and as done.

    ``estimate`` and ``actual`` are working hours (``actual`` None while unfinished);
    ``estimated_on`` is when the estimate was made (known), ``finished_on`` when the actual
    became known (None: not finished).
    """

    person: str
    project: str
    task: str
    estimate: float
    actual: float | None
    estimated_on: dt.date
    finished_on: dt.date | None = None
    origin: SourceLocation | None = field(default=None, compare=False)

    @property
    def finished(self) -> bool:
        return self.actual is not None and self.finished_on is not None

    @property
    def ratio(self) -> float | None:
        """actual / estimate, or None when unfinished or the estimate is not positive."""
        if self.actual is None or self.estimate <= 0:
            return None
        return self.actual / self.estimate
