"""Who the report is for: the whole team (full detail) or one stakeholder (their kind of report)."""

from __future__ import annotations

from dataclasses import dataclass

from headway.model import Project
from headway.model.objectives import ReportKind

SUMMARY, FULL = "summary", "full"


class UnknownStakeholder(ValueError):
    """``--for`` names no stakeholder of the plan; ``known`` lists the ids there are."""

    def __init__(self, wanted: str, known: list[str]) -> None:
        listed = ", ".join(known) if known else "none: the plan has no stakeholders"
        super().__init__(f"no stakeholder {wanted!r} in the plan; known stakeholders: {listed}")
        self.known = known


@dataclass(frozen=True, slots=True)
class Audience:
    """The reader: ``kind`` is "summary" (one-page executive summary) or "full"; ``resource`` is
    set when they work on the project (the report then lists their next tasks)."""

    id: str | None
    name: str
    role: str
    kind: str
    resource: str | None

    @property
    def summary(self) -> bool:
        return self.kind == SUMMARY


def audience(project: Project, stakeholder: str | None) -> Audience:
    """The audience for ``stakeholder`` (an id of ``project.stakeholders``), or the team when None."""
    if stakeholder is None:
        return Audience(None, "the project team", "", FULL, None)
    found = next((s for s in project.stakeholders if s.id == stakeholder), None)
    if found is None:
        raise UnknownStakeholder(stakeholder, [s.id for s in project.stakeholders])
    kind = SUMMARY if found.report is ReportKind.SUMMARY else FULL
    return Audience(found.id, found.name or found.id, found.role, kind, found.resource)
