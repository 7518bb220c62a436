"""The project calendar as a clock: instants ⇄ working minutes, for code outside the passes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import numpy as np

from headway.engine.calendars import DayPlanBuilder, intervals, resolve
from headway.engine.network import PRE_DAYS, as_datetime
from headway.engine.worktime import CalendarAxis, IntArray
from headway.model import Project


class ProjectClock:
    """Working minutes of the project calendar counted from the project's first working minute."""

    def __init__(self, project: Project, until: dt.date) -> None:
        start = as_datetime(project.start)
        day0 = start.date() - dt.timedelta(days=PRE_DAYS)
        days = (until - day0).days + 400
        self.origin = dt.datetime.combine(day0, dt.time())
        builder = DayPlanBuilder.spanning(day0, days)
        self.axis = CalendarAxis([intervals(builder.build(resolve(project, None)), day0)], days * 1440)
        self._cal = np.zeros(1, np.int64)
        self.base = int(self.axis.to_work(self._cal, np.array([self._abs(start)]))[0])

    def _abs(self, when: dt.datetime) -> int:
        return int((when - self.origin) // dt.timedelta(minutes=1))

    def minutes(self, when: dt.datetime) -> int:
        """Working minutes from the project start to ``when`` (negative before it)."""
        return int(self.axis.to_work(self._cal, np.array([self._abs(when)]))[0]) - self.base

    def minutes_of(self, whens: Sequence[dt.datetime]) -> IntArray:
        """``minutes`` of many instants at once."""
        step = dt.timedelta(minutes=1)
        t = np.fromiter(((when - self.origin) // step for when in whens), np.int64, len(whens))
        out: IntArray = self.axis.to_work(np.zeros(len(whens), np.int64), t) - self.base
        return out

    def start_at(self, minutes: int) -> dt.datetime:
        """The instant working minute ``minutes`` (from the project start) begins."""
        t = int(self.axis.start_of(self._cal, np.array([minutes + self.base]))[0])
        return self.origin + dt.timedelta(minutes=t)

