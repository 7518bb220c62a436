"""Earned value as JSON: the project's indicators, each summary task's, each leaf's, and the S-curve.

Money is rounded to cents, indices to four places, minutes to two; undefined values are null.
"""

from __future__ import annotations

from typing import Any

from headway.engine.evm import CurvePoint, EarnedValue, Measures, TaskValue
from headway.model import DateOrTime

INDEX_KEYS = ("spi", "cpi", "tcpi", "spi_t")


def _money(value: float | None) -> float | None:
    return None if value is None else round(value, 2) + 0.0


def _index(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def _minutes(value: float | None) -> float | None:
    return None if value is None else round(value, 2) + 0.0


def measures_dict(m: Measures) -> dict[str, Any]:
    """The contract keys of one scope (the project or a summary task)."""
    c, t = m.cost, m.time
    return {
        "bac": _money(c.bac), "pv": _money(c.pv), "ev": _money(c.ev), "ac": _money(c.ac),
        "sv": _money(c.sv), "cv": _money(c.cv), "spi": _index(c.spi), "cpi": _index(c.cpi),
        "eac_cpi": _money(c.eac_cpi), "eac_budget_rate": _money(c.eac_budget_rate),
        "eac_cpi_spi": _money(c.eac_cpi_spi), "etc": _money(c.etc), "vac": _money(c.vac), "tcpi": _index(c.tcpi),
        "es_minutes": _minutes(t.es), "at_minutes": _minutes(t.at), "pd_minutes": _minutes(t.pd),
        "sv_t_minutes": _minutes(t.sv_t), "spi_t": _index(t.spi_t), "ieac_t_minutes": _minutes(t.ieac_t),
        "origin_minutes": m.origin_minutes, "budget": _money(m.budget), "planned_cost": _money(m.planned_cost),
    }


def curve_list(points: tuple[CurvePoint, ...]) -> list[dict[str, Any]]:
    """S-curve rows: cumulative PV, EV and AC at each period's end, and the period's planned cost."""
    return [{"period": p.period.label, "start": p.period.start.isoformat(), "end": p.period.end.isoformat(),
             "pv": _money(p.pv), "ev": _money(p.ev), "ac": _money(p.ac), "cost": _money(p.cost)} for p in points]


def task_dict(v: TaskValue) -> dict[str, Any]:
    return {"id": v.id, "bac": _money(v.bac), "planned_cost": _money(v.planned_cost), "pv": _money(v.pv),
            "ev": _money(v.ev), "ac": _money(v.ac), "done": _index(v.done), "ac_source": v.ac_source}


def evm_dict(value: EarnedValue, project_name: str, status_date: DateOrTime | None,
             scope: str | None = None) -> dict[str, Any]:
    """One object: the contract keys at the top (of the project, or of summary ``scope``), then details."""
    top = value.project if scope is None else next(s for s in value.summaries if s.id == scope)
    written = status_date if status_date is not None else value.status
    out: dict[str, Any] = {
        "project": project_name,
        "task": scope,
        "status_date": written.isoformat(),
        "status_instant": value.status.isoformat(),
        "currency": value.currency,
        "baseline": value.baseline,
        "by": value.by,
    }
    out.update(measures_dict(top))
    inside = _inside(value, scope)
    out["summaries"] = [{"id": s.id, "name": s.name, **measures_dict(s)} for s in value.summaries
                        if s.id in inside and s.id != scope]
    out["tasks"] = [task_dict(v) for v in value.tasks if v.id in inside]
    out["s_curve"] = curve_list(top.s_curve)
    return out


def _inside(value: EarnedValue, scope: str | None) -> set[str]:
    """Ids of the summaries and leaves under ``scope`` (everything for the project)."""
    ids = {s.id for s in value.summaries if s.id is not None} | {v.id for v in value.tasks}
    if scope is None:
        return ids
    return {i for i in ids if i in value.within.get(scope, ())}
