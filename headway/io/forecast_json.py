"""A forecast as JSON-ready data: the ``headway forecast --json`` contract (also the API's)."""

from __future__ import annotations

from typing import Any

from headway.engine.calibration import PersonCalibration
from headway.engine.forecast import Forecast
from headway.io.schedule_json import iso


def forecast_dict(result: Forecast) -> dict[str, Any]:
    """Percentiles of duration, finish and cost; deadline and milestone odds; criticality,
    sensitivity (and, when computed, P50/P80 finish) per task; risk effects; the histogram and CDF."""
    keys = {f"p{p}": p for p in result.percentile_minutes}
    cost = result.cost
    return {
        "iterations": result.iterations,
        "status_date": iso(result.status_date),
        "planned_minutes": result.planned_minutes,
        "duration_minutes": {"mean": result.mean_minutes} | {k: result.percentile_minutes[p] for k, p in keys.items()},
        "finish": {k: result.percentile_finish[p].isoformat() for k, p in keys.items()},
        "cost": None if cost is None else {"planned": cost.planned, "mean": cost.mean}
        | {f"p{p}": v for p, v in cost.percentiles.items()},
        "tasks": _tasks(result),
        "deadlines": [{"task": d.task, "deadline": d.deadline.isoformat(), "probability": d.probability,
                       "p50": iso(d.p50_finish), "p80": iso(d.p80_finish)} for d in result.deadlines],
        "milestones": [{"task": m.task, "target": m.target.isoformat(), "target_kind": m.target_kind,
                        "probability": m.probability, "p50": m.p50_finish.isoformat(),
                        "p80": m.p80_finish.isoformat()} for m in result.milestones],
        "risks": [{"id": r.risk, "fired_share": r.fired_share, "p80_without_minutes": r.p80_without_minutes,
                   "p80_delta_minutes": r.p80_delta_minutes} for r in result.risks],
        "histogram": [{"from_minutes": b.low, "to_minutes": b.high, "from": b.low_finish.isoformat(),
                       "to": b.high_finish.isoformat(), "count": b.count} for b in result.histogram],
        "cdf": [{"percent": c.percent, "minutes": c.minutes, "finish": c.finish.isoformat()} for c in result.cdf],
    }


def _tasks(result: Forecast) -> list[dict[str, Any]]:
    """Each leaf's criticality and sensitivity; with per-task percentiles (``--tasks``), its P50 and
    P80 finish too, and a row per summary task (``summary: true``) with its P50 and P80 only."""
    rows: list[dict[str, Any]] = [{"id": tid, "criticality": share, "sensitivity": result.sensitivity.get(tid, 0.0)}
                                  for tid, share in result.criticality.items()]
    if not result.task_finish:
        return rows
    for row in rows:
        p50, p80 = result.task_finish[row["id"]]
        row |= {"p50": p50.isoformat(), "p80": p80.isoformat()}
    return rows + [{"id": tid, "summary": True, "p50": p50.isoformat(), "p80": p80.isoformat()}
                   for tid, (p50, p80) in result.task_finish.items() if tid not in result.criticality]


def calibration_dict(correlation: float, summary: list[PersonCalibration], plain: Forecast) -> dict[str, Any]:
    """The ``calibration`` member: each person's multipliers and the uncalibrated P-values beside them."""
    base = forecast_dict(plain)
    return {"correlation": correlation,
            "people": [{"id": s.person, "points": s.points, "weight": s.weight, "p50_multiplier": s.p50,
                        "p80_multiplier": s.p80} for s in summary],
            "uncalibrated": {"duration_minutes": base["duration_minutes"], "finish": base["finish"]}}
