"""Plain-word pieces shared by the Markdown and terminal views of a plan diff."""

from __future__ import annotations

import datetime as dt

from headway.engine.diff import DateMove, PlanDiff
from headway.engine.diff_entities import EntityDiff

MOVES_SHOWN = 15  # date moves listed in the Markdown and terminal views (JSON lists all)


def signed_days(minutes: int, per_day: int) -> str:
    """``+3d``, ``-0.5d``, ``0d``: working minutes as signed working days."""
    value = minutes / per_day if per_day else 0.0
    text = f"{value:+.1f}d".replace(".0d", "d")
    return "0d" if text in ("+0d", "-0d") else text


def when(value: dt.datetime) -> str:
    """``Thu 2027-01-07 17:00``."""
    return value.strftime("%a %Y-%m-%d %H:%M")


def money(amount: float) -> str:
    """``+1,200.00`` / ``-35.50``."""
    return f"{amount:+,.2f}"


def headline(result: PlanDiff) -> str:
    """One line: what changed and where the finish went."""
    if result.empty:
        return "No changes."
    counts = [f"{len(result.added)} added", f"{len(result.removed)} removed", f"{len(result.changed)} changed"]
    finish = signed_days(result.finish_delta_minutes, result.minutes_per_day)
    others = [f"{len(rows)} {NOUNS[title][len(rows) != 1]}" for title, rows in setting_rows(result)]
    settings = f"; {', '.join(others)} changed" if others else ""
    return (f"{', '.join(counts)} task(s){settings}; finish {when(result.old_finish)} -> {when(result.new_finish)} "
            f"({finish})")


NOUNS = {"Calendars": ("calendar", "calendars"), "Resources": ("resource", "resources"),
         "Project": ("project setting", "project settings"), "Objectives": ("objective", "objectives"),
         "Stakeholders": ("stakeholder", "stakeholders")}


def setting_rows(result: PlanDiff) -> list[tuple[str, list[tuple[str, str]]]]:
    """Changes outside the tasks, as (section title, [(id, what changed)]) for each section with any:
    calendars, resources, the project's own settings, objectives and stakeholders."""
    out = []
    for title, entities in (("Calendars", result.calendars), ("Resources", result.resources)):
        if not entities.empty:
            out.append((title, _entity_rows(entities)))
    if result.project:
        out.append(("Project", [(f.field, _project_words(f.old, f.new)) for f in result.project]))
    for title, entities in (("Objectives", result.objectives), ("Stakeholders", result.stakeholders)):
        if not entities.empty:
            out.append((title, _entity_rows(entities)))
    return out


def _entity_rows(entities: EntityDiff) -> list[tuple[str, str]]:
    rows = [(eid, "added") for eid in entities.added] + [(eid, "removed") for eid in entities.removed]
    return rows + [(c.id, c.summary()) for c in entities.changed]


def _project_words(old: str, new: str) -> str:
    if old == "yes" and not new:
        return "removed"
    if new == "yes" and not old:
        return "added"
    return f"{old or '(none)'} -> {new or '(none)'}"


def shown_moves(result: PlanDiff) -> tuple[list[DateMove], int]:
    """Milestones first, then the biggest finish moves, up to ``MOVES_SHOWN``; and how many were left out."""
    ranked = sorted(result.date_moves, key=lambda m: (not m.milestone, -abs(m.finish_delta_minutes)))
    shown = ranked[:max(MOVES_SHOWN, sum(m.milestone for m in ranked))]
    order = {m.id: i for i, m in enumerate(result.date_moves)}
    return sorted(shown, key=lambda m: order[m.id]), len(ranked) - len(shown)
