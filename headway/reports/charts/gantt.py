"""The report's Gantt chart: the project's own Gantt figure (``reports.gantt``) inlined."""

from __future__ import annotations

from headway.engine.results import Schedule
from headway.reports.charts.svg import inline
from headway.reports.gantt import gantt_svg

CHART_ID = "gantt"


def gantt_chart(schedule: Schedule) -> str:
    """The Gantt chart of ``schedule`` as an inline ``<svg>``."""
    return inline(gantt_svg(schedule, title=schedule.project_name), CHART_ID)
