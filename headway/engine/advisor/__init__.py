"""The schedule advisor: ``diagnose(project)`` finds problems, explains them with evidence and
proposes fixes measured by re-scheduling a what-if copy of the plan (``changes``, ``measure``)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from headway.engine.advisor import detect_data, detect_dates, detect_logic, detect_people, detect_progress
from headway.engine.advisor.findings import Context, Finding, Fix, severity_rank
from headway.engine.advisor.fixes import MAX_MEASURED, measure_fixes
from headway.engine.advisor.measure import SEED, Scenario, run
from headway.engine.cpm import schedule
from headway.engine.forecast import Forecast, forecast
from headway.engine.forecast_leveled import with_leveled_sequence
from headway.engine.planned import uses_leveling
from headway.model import PlanError, Project

__all__ = ["Diagnosis", "Finding", "Fix", "diagnose"]

FORECAST_ITERATIONS = 1_000
DETECTORS = (detect_people, detect_dates, detect_logic, detect_data, detect_progress)


@dataclass(frozen=True, slots=True)
class Diagnosis:
    """Findings, most severe first, with the scenario they were measured against."""

    findings: tuple[Finding, ...]
    base: Scenario
    leveled: bool
    measured: int


def diagnose(project: Project, *, today: dt.date | None = None, forecast_iterations: int = FORECAST_ITERATIONS,
             seed: int = SEED, fixes: bool = True, max_measured: int = MAX_MEASURED,
             p80_iterations: int | None = None) -> Diagnosis:
    """Every finding about ``project``; PlanError when it cannot be scheduled.

    ``today`` dates stale progress (default: the system date); ``forecast_iterations`` (0: none)
    drive ``deadline_at_risk``; ``p80_iterations`` adds each fix's P80 before and after.
    """
    leveled = uses_leveling(project)
    base = run(project, leveled=leveled, p80_iterations=p80_iterations, seed=seed)
    sequenced = with_leveled_sequence(base.leveled, project)[0] if base.leveled is not None else project
    outlook = _forecast(sequenced, forecast_iterations, seed) if forecast_iterations > 0 else None
    plain = schedule(project)
    ctx = Context(project, plain, base, leveled, today or dt.date.today(),
                  schedule(sequenced) if sequenced is not project else plain, outlook)
    found = [finding for detector in DETECTORS for finding in detector.detect(ctx)]
    measured = 0
    if fixes:
        found, measured = measure_fixes(ctx, found, max_measured=max_measured, p80_iterations=p80_iterations)
    found.sort(key=lambda f: severity_rank(f.severity))
    return Diagnosis(tuple(found), base, leveled, measured)


def _forecast(sequenced: Project, iterations: int, seed: int) -> Forecast | None:
    """The forecast of the plan as scheduled (leveled order kept), for deadline odds."""
    if not any(t.deadline is not None for t in sequenced.tasks):
        return None
    try:
        return forecast(sequenced, iterations=iterations, seed=seed, details=False)
    except PlanError:
        return None
