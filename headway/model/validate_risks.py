"""Checks on the risk register: probabilities, impacted tasks and three-point delays."""

from __future__ import annotations

from headway.model.problems import Problem
from headway.model.project import Project
from headway.model.task import Estimate


def risk_problems(project: Project) -> list[Problem]:
    """Problems of every risk: probability outside 0..1, impacts on unknown or summary tasks, bad delays."""
    out: list[Problem] = []
    ids = {t.id for t in project.tasks}
    summaries = project.summary_ids()
    settings = project.working_time
    for risk in project.risks:
        if not 0 <= risk.probability <= 1:
            out.append(Problem("bad_probability", f"risk probability {risk.probability:.0%} is outside 0..100%",
                               entity_id=risk.id, location=risk.origin))
        for impact in risk.impacts:
            where = impact.origin or risk.origin
            if impact.task not in ids:
                out.append(Problem("unknown_task", f"impacted task {impact.task!r} does not exist",
                                   entity_id=risk.id, location=where))
            elif impact.task in summaries:
                out.append(Problem("risk_on_summary", f"impacted task {impact.task!r} is a summary task",
                                   entity_id=risk.id, location=where, hint="name the subtask the risk delays"))
            d = impact.delay
            if isinstance(d, Estimate) and not (d.optimistic.minutes(settings) <= d.most_likely.minutes(settings)
                                                <= d.pessimistic.minutes(settings)):
                out.append(Problem("bad_estimate", "a three-point delay needs optimistic ≤ most likely ≤ pessimistic",
                                   entity_id=risk.id, location=where))
    return out
