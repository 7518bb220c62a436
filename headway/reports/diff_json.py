"""A plan diff as JSON-ready data (``headway diff --json``)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from headway.engine.diff import PlanDiff
from headway.engine.diff_entities import EntityDiff
from headway.engine.diff_fields import FieldChange, TaskChange
from headway.engine.diff_forecast import ForecastDelta


def _iso(value: dt.datetime | None) -> str | None:
    return value.isoformat(timespec="seconds") if value is not None else None


def diff_dict(result: PlanDiff, forecast: ForecastDelta | None = None) -> dict[str, Any]:
    """``added``/``removed``: task ids; ``changed``: each task with ``fields`` ({field: {from, to}})
    and ``links``; ``finish_delta_minutes``: working minutes the project finish moved (positive = later).
    ``calendars``, ``resources``, ``objectives``, ``stakeholders``: {added, removed, changed}; ``project``:
    {fields} of the project's own settings."""
    out: dict[str, Any] = {
        "added": list(result.added),
        "removed": list(result.removed),
        "changed": [_change(c) for c in result.changed],
        "renamed": list(result.renamed),
        "moved": list(result.moved),
        "finish_delta_minutes": result.finish_delta_minutes,
        "finish_delta_days": round(result.finish_delta_minutes / result.minutes_per_day, 2),
        "old_finish": _iso(result.old_finish),
        "new_finish": _iso(result.new_finish),
        "date_moves": [{"id": m.id, "name": m.name, "milestone": m.milestone,
                        "old_start": _iso(m.old_start), "new_start": _iso(m.new_start),
                        "old_finish": _iso(m.old_finish), "new_finish": _iso(m.new_finish),
                        "start_delta_minutes": m.start_delta_minutes,
                        "finish_delta_minutes": m.finish_delta_minutes} for m in result.date_moves],
        "causes": [{"target": c.target, "delta_minutes": c.delta_minutes, "task": c.task_id, "change": c.change,
                    "text": c.text, "kind": c.kind, "entity": c.entity} for c in result.causes],
        "critical": {"became": list(result.became_critical), "stopped": list(result.stopped_critical)},
        "cost": {"old": result.old_cost, "new": result.new_cost, "delta": result.cost_delta},
        "calendars": _entities(result.calendars),
        "resources": _entities(result.resources),
        "project": {"fields": _fields(result.project)},
        "objectives": _entities(result.objectives),
        "stakeholders": _entities(result.stakeholders),
        "minutes_per_day": result.minutes_per_day,
        "empty": result.empty,
    }
    if forecast is not None:
        out["forecast"] = {f"p{p}": {"old": _iso(forecast.old[p]), "new": _iso(forecast.new[p]),
                                     "delta_minutes": forecast.delta_minutes[p]} for p in forecast.percentiles}
        out["forecast"]["iterations"] = forecast.iterations
        out["forecast"]["seed"] = forecast.seed
    return out


def _change(change: TaskChange) -> dict[str, Any]:
    return {"id": change.id, "name": change.name,
            "fields": {f.field: {"from": f.old, "to": f.new} for f in change.fields},
            "links": [{"predecessor": lc.predecessor, "change": lc.change, "from": lc.old, "to": lc.new}
                      for lc in change.links]}


def _fields(fields: tuple[FieldChange, ...]) -> dict[str, dict[str, str]]:
    return {f.field: {"from": f.old, "to": f.new} for f in fields}


def _entities(entities: EntityDiff) -> dict[str, Any]:
    return {"added": list(entities.added), "removed": list(entities.removed),
            "changed": [{"id": c.id, "fields": _fields(c.fields)} for c in entities.changed]}
