"""Logic that looks wrong: dangling tasks, leads longer than their predecessor, date constraints
that fight a link."""

from __future__ import annotations

from headway.engine.advisor.findings import Context, Finding
from headway.model import Project


def detect(ctx: Context) -> list[Finding]:
    return [*_dangling(ctx), *_long_leads(ctx), *_constraint_conflicts(ctx)]


def ancestors(project: Project, task_id: str) -> list[str]:
    """The task and its summary tasks, innermost first."""
    parent = {t.id: t.parent for t in project.tasks}
    out = [task_id]
    while (up := parent.get(out[-1])) is not None and up not in out:
        out.append(up)
    return out


def leaves(project: Project) -> list[str]:
    """Ids of tasks that are not summaries, in WBS order."""
    summaries = project.summary_ids()
    return [t.id for t in project.tasks if t.id not in summaries]


def _dangling(ctx: Context) -> list[Finding]:
    project = ctx.project
    tasks = project.tasks_by_id()
    linked_to = {link.predecessor for t in project.tasks for link in t.links if link.project is None}
    out = []
    for tid in leaves(project):
        task = tasks[tid]
        if task.milestone:
            continue  # milestones mark the project start, its finish and deliveries
        line = ancestors(project, tid)
        no_pred = not any(tasks[a].links for a in line)
        no_succ = not any(a in linked_to for a in line)
        if not (no_pred or no_succ):
            continue
        missing = " and ".join(w for w, f in (("no predecessors", no_pred), ("no successors", no_succ)) if f)
        out.append(Finding(
            "dangling_task", "info", (tid,), f"{tid} has {missing}",
            "A task without predecessors can start any time and one without successors drives nothing, "
            "so a slip in it never shows in the finish date. Link it into the network.",
            {"no_predecessors": no_pred, "no_successors": no_succ},
            no_fix="adding the missing link can only keep or delay the finish, so no date gain is measured"))
    return out


def _long_leads(ctx: Context) -> list[Finding]:
    out = []
    wt = ctx.project.working_time
    for task in ctx.project.tasks:
        for link in task.links:
            if link.project is not None or link.lag.amount >= 0 or link.predecessor not in ctx.cpm:
                continue
            lead = -link.lag.minutes(wt)
            length = ctx.cpm.task(link.predecessor).duration_minutes
            if lead > length:
                out.append(Finding(
                    "lead_longer_than_predecessor", "warning", (task.id, link.predecessor),
                    f"{task.id} has a {-link.lag.amount:g}{link.lag.unit.value} lead on {link.predecessor}, "
                    f"which lasts only {length / ctx.per_day:g} working days",
                    "A lead longer than the predecessor lets the successor start (or finish) before the "
                    "predecessor even starts, which is rarely meant: shorten the lead or link to an "
                    "earlier task.",
                    {"lead_minutes": lead, "predecessor_minutes": length, "link_type": link.type.value},
                    no_fix="a lead is a statement about the work; only the team can say what it should be"))
    return out


def _constraint_conflicts(ctx: Context) -> list[Finding]:
    out = []
    for problem in ctx.cpm.problems:
        if problem.code != "constraint_conflict" or problem.entity_id is None:
            continue
        task = ctx.project.tasks_by_id().get(problem.entity_id)
        constraint = task.constraint if task is not None else None
        out.append(Finding(
            "constraint_conflicts_link", "warning", (problem.entity_id,),
            f"{problem.entity_id}: {problem.message}",
            "A hard date constraint (must start/finish on, or a 'no later than') holds the task earlier "
            "than its predecessor allows, so the schedule breaks the link. Use start-no-earlier-than, "
            "move the date, or change the link.",
            {"constraint": constraint.type.value if constraint else None,
             "date": str(constraint.date) if constraint and constraint.date else None},
            no_fix="relaxing the constraint lets the link push the task later, so it cannot gain time"))
    return out
