"""The advisor's findings and what-if comparisons as JSON-ready data (``headway doctor --json``,
``headway whatif --json``)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
from typing import Any

from headway.engine.advisor import Diagnosis, Finding, Fix
from headway.engine.advisor.changes import Change
from headway.engine.advisor.measure import Comparison


def _iso(value: dt.datetime | None) -> str | None:
    return value.isoformat(timespec="seconds") if value is not None else None


def change_dict(change: Change) -> dict[str, Any]:
    """The machine-readable change: ``kind`` plus its fields (dates ISO, durations as text)."""
    out: dict[str, Any] = {"kind": type(change).__name__.lower()}
    for f in dataclasses.fields(change):
        value = getattr(change, f.name)
        out[f.name] = value.isoformat() if isinstance(value, dt.date) else \
            str(value) if value is not None and not isinstance(value, str | enum.Enum) else value
    return out


def fix_dict(fix: Fix) -> dict[str, Any]:
    per_day = fix.minutes_per_day
    return {
        "change": fix.text,
        "finish_before": _iso(fix.finish_before),
        "finish_after": _iso(fix.finish_after),
        "gain_minutes": fix.gain_minutes,
        "gain_days": round(fix.gain_minutes / per_day, 2),
        "summary": fix.sentence(),
        "target": fix.target,
        "target_gain_minutes": fix.target_gain_minutes,
        "p80_before": _iso(fix.p80_before),
        "p80_after": _iso(fix.p80_after),
        "p80_gain_minutes": fix.p80_gain_minutes,
        "resolves": fix.resolves,
        "note": fix.note,
        "change_detail": change_dict(fix.change),
    }


def finding_dict(finding: Finding) -> dict[str, Any]:
    return {
        "code": finding.code,
        "severity": finding.severity,
        "entity_ids": list(finding.entity_ids),
        "message": finding.message,
        "explanation": finding.explanation,
        "evidence": finding.evidence,
        "fixes": [fix_dict(f) for f in finding.fixes],
        "no_fix": finding.no_fix or None,
    }


def doctor_dict(result: Diagnosis) -> dict[str, Any]:
    """``{"findings": [...]}`` (the contract) plus the schedule the fixes were measured against."""
    counts = {s: sum(1 for f in result.findings if f.severity == s) for s in ("error", "warning", "info")}
    return {
        "findings": [finding_dict(f) for f in result.findings],
        "counts": counts,
        "schedule": {"method": "leveled" if result.leveled else "cpm", "finish": _iso(result.base.schedule.finish),
                     "p80": _iso(result.base.p80), "changes_measured": result.measured},
    }


def whatif_dict(result: Comparison) -> dict[str, Any]:
    """Finish, P80, cost, milestones and critical path before and after the changes."""
    before, after = result.before, result.after
    return {
        "changes": [c.text for c in result.changes],
        "change_detail": [change_dict(c) for c in result.changes],
        "method": "leveled" if before.leveled is not None else "cpm",
        "finish_before": _iso(before.schedule.finish),
        "finish_after": _iso(after.schedule.finish),
        "gain_minutes": result.gain_minutes,
        "gain_days": result.gain_days,
        "p80_before": _iso(before.p80),
        "p80_after": _iso(after.p80),
        "p80_gain_minutes": result.p80_gain_minutes,
        "cost_before": round(before.cost, 2),
        "cost_after": round(after.cost, 2),
        "milestones": [{"id": m.id, "name": m.name, "before": _iso(m.before), "after": _iso(m.after),
                        "gain_minutes": m.gain_minutes} for m in result.milestones],
        "critical_path_before": list(before.schedule.critical_path),
        "critical_path_after": list(after.schedule.critical_path),
        "became_critical": list(result.became_critical),
        "left_critical": list(result.left_critical),
    }
