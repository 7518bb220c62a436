"""Sections on money and uncertainty: the budget by summary task, and the risk register."""

from __future__ import annotations

from headway.engine.budget import budgets_at_completion
from headway.engine.cost import leaf_costs, roll_up
from headway.engine.results import Schedule
from headway.model import Duration, Project, Risk
from headway.reports.plan_doc.content import NONE_RECORDED, Paragraph, Section, Table
from headway.reports.plan_doc.words import DASH, money, percent

BUDGET_NOTE = ("Planned cost: work × standard rate, per-use and fixed costs. Budget: as set in the plan; "
               "where a task has none, its share of the budget above it (its planned cost where nothing is "
               "budgeted). Variance: budget − planned cost (negative: over budget).")


def budget(project: Project, schedule: Schedule) -> Section:
    """Planned cost against budget for the project and each summary task."""
    costs = {tid: c.total for tid, c in leaf_costs(project, schedule).items()}
    weight = {tid: float(schedule.task(tid).duration_minutes) for tid in costs}
    planned_by_id = roll_up(project, costs)
    leaf_budgets = budgets_at_completion(project, costs, weight)
    budget_by_id = roll_up(project, leaf_budgets)
    currency = project.currency
    total_cost = sum(costs.values())
    total_budget = project.budget if project.budget is not None else sum(leaf_budgets.values())
    summaries = project.summary_ids()
    rows = [("", "Project", project.name, money(total_cost, currency), money(total_budget, currency),
             money(total_budget - total_cost, currency))]
    for task in project.tasks:
        if task.id not in summaries:
            continue
        cost = planned_by_id.get(task.id, 0.0)
        allowed = task.budget if task.budget is not None else budget_by_id.get(task.id, 0.0)
        rows.append((schedule.task(task.id).wbs, task.id, task.label, money(cost, currency),
                     money(allowed, currency), money(allowed - cost, currency)))
    table = Table(("WBS", "Id", "Summary task", "Planned cost", "Budget", "Variance"), tuple(rows))
    return Section("budget", "Budget", (Paragraph(BUDGET_NOTE), table))


def risks(project: Project) -> Section:
    """The risk register: probability, impact, owner, mitigation and status."""
    if not project.risks:
        return Section("risks", "Risks", (Paragraph(NONE_RECORDED),))
    rows = tuple((r.id, r.title, percent(r.probability), _impact(r, project.currency), r.owner or DASH,
                  r.mitigation or DASH, r.status.value) for r in project.risks)
    return Section("risks", "Risks", (Table(("Id", "Risk", "Probability", "Impact", "Owner", "Mitigation",
                                             "Status"), rows),))


def _impact(risk: Risk, currency: str) -> str:
    """``build: +3d..10d; ops: 5,000.00 USD``."""
    parts = []
    for impact in risk.impacts:
        words = []
        if isinstance(impact.delay, Duration):
            words.append(f"+{impact.delay}")
        elif impact.delay is not None:
            words.append(f"+{impact.delay.optimistic}..{impact.delay.pessimistic} "
                         f"(likely {impact.delay.most_likely})")
        if impact.cost:
            words.append(money(impact.cost, currency))
        parts.append(f"{impact.task}: {' and '.join(words) or 'no delay or cost'}")
    return "; ".join(parts) or DASH
