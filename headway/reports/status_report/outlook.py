"""The forecast and money sections: P50/P80 and deadline odds, EVM and budget against actual."""

from __future__ import annotations

from headway.engine.evm import EarnedValue
from headway.engine.forecast import Forecast
from headway.engine.progress import end_of
from headway.engine.results import Schedule
from headway.model import Project
from headway.reports.status_report.rows import DeadlineRow, ForecastSummary, Money


def forecast_summary(project: Project, current: Schedule, outlook: Forecast | None, iterations: int, seed: int,
                     error: str | None) -> ForecastSummary:
    """P50/P80 finish and each deadline's odds; the key deadline is the latest one."""
    if outlook is None:
        return ForecastSummary(iterations, seed, None, None, None, (), (), error or "no forecast")
    names = {t.id: t.name or t.id for t in current.tasks}
    rows = tuple(DeadlineRow(d.task, names.get(d.task, d.task), d.deadline, end_of(d.deadline),
                             current.task(d.task).finish if d.task in current else None, d.p80_finish,
                             d.probability) for d in outlook.deadlines)
    key = max(rows, key=lambda r: r.due) if rows else None
    return ForecastSummary(outlook.iterations, seed, outlook.percentile_finish.get(50),
                           outlook.percentile_finish.get(80), key, rows, outlook.cdf)


def money(project: Project, value: EarnedValue) -> Money:
    """The project's EVM measures (as ``headway evm`` gives them) and its budget."""
    top = value.project
    c = top.cost
    return Money(value.currency, project.budget, c.bac, top.planned_cost, c.pv, c.ev, c.ac, c.eac_cpi, c.etc, c.vac,
                 c.spi, c.cpi, top.spi_t, top.s_curve)
