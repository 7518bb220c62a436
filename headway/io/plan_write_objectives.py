"""Plan-file entries of objectives and stakeholders: fixed key order, defaults left out."""

from __future__ import annotations

from typing import Any

from headway.model.objectives import Cadence, Level, Objective, ReportKind, Stakeholder, SuccessCriterion

_DEFAULT = Stakeholder("", "")


def objective_item(objective: Objective) -> dict[str, Any]:
    """One objective's entry; ``deliverables`` is a list the caller may write on one line."""
    out: dict[str, Any] = {"id": objective.id, "title": objective.title}
    if objective.description:
        out["description"] = objective.description
    if objective.owner is not None:
        out["owner"] = objective.owner
    if objective.deliverables:
        out["deliverables"] = list(objective.deliverables)
    if objective.criteria:
        out["criteria"] = [criterion_item(c) for c in objective.criteria]
    return out


def criterion_item(criterion: SuccessCriterion) -> dict[str, Any]:
    """One success criterion's entry."""
    out: dict[str, Any] = {"metric": criterion.metric, "target": criterion.target}
    if criterion.milestone is not None:
        out["milestone"] = criterion.milestone
    if criterion.met is not None:
        out["met"] = criterion.met
    return out


def stakeholder_item(stakeholder: Stakeholder) -> dict[str, Any]:
    """One stakeholder's entry; ``consulted``/``informed`` are lists the caller may write on one line."""
    out: dict[str, Any] = {"id": stakeholder.id, "name": stakeholder.name}
    for key in ("role", "organisation"):
        if getattr(stakeholder, key):
            out[key] = getattr(stakeholder, key)
    for key in ("interest", "influence", "report", "cadence"):
        value: Level | ReportKind | Cadence = getattr(stakeholder, key)
        if value is not getattr(_DEFAULT, key):
            out[key] = value.value
    for key in ("email", "resource"):
        if getattr(stakeholder, key) is not None:
            out[key] = getattr(stakeholder, key)
    for key in ("consulted", "informed"):
        if getattr(stakeholder, key):
            out[key] = list(getattr(stakeholder, key))
    if stakeholder.notes:
        out["notes"] = stakeholder.notes
    return out
