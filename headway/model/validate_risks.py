"""Checks on the risk register: probabilities, impacted tasks and three-point delays."""

from __future__ import annotations

from headway.model.graph import summary_leaves
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


def correlation_problems(project: Project) -> list[Problem]:
    """Correlation groups: known tasks, a coefficient in 0..1, and no task in two groups."""
    out: list[Problem] = []
    ids = {t.id for t in project.tasks}
    leaves = summary_leaves(project)
    owner: dict[str, int] = {}
    for number, group in enumerate(project.correlations, start=1):
        where = group.origin
        if not 0 <= group.coefficient < 1:
            out.append(Problem("bad_correlation", f"correlation {group.coefficient:g} is outside 0 ≤ ρ < 1",
                               entity_id=f"correlation {number}", location=where,
                               hint="write how strongly the tasks err together, e.g. 0.5"))
        for tid in group.tasks:
            if tid not in ids:
                out.append(Problem("unknown_task", f"correlated task {tid!r} does not exist",
                                   entity_id=f"correlation {number}", location=where))
                continue
            for leaf in leaves.get(tid, [tid]):
                if owner.setdefault(leaf, number) != number:
                    out.append(Problem("correlated_twice", f"task {leaf!r} is in correlation groups "
                                       f"{owner[leaf]} and {number}", entity_id=leaf, location=where,
                                       hint="put each task in one group; merge the groups if they err together"))
    return out

