"""The RACI matrix of a plan: who is Responsible, Accountable, Consulted and Informed, per task.

R: the people assigned to the task. A: the task's owner, or, when it has none, the owner of its
nearest summary (every row gets one accountable person where the WBS names one). C and I: the
stakeholders whose ``consulted`` / ``informed`` lists name the task or a summary above it (a
summary id stands for its whole subtree). A stakeholder linked to a team member (``resource``)
shares that member's column.
"""

from __future__ import annotations

from dataclasses import dataclass

from headway.model import Project

LETTERS = ("R", "A", "C", "I")


@dataclass(frozen=True, slots=True)
class Raci:
    """``people``: (column id, label) in column order; ``cells[task][person]``: e.g. ``{"R", "A"}``."""

    people: tuple[tuple[str, str], ...]
    tasks: tuple[str, ...]
    cells: dict[str, dict[str, frozenset[str]]]

    def cell(self, task_id: str, person: str) -> str:
        """``R/A``, ``C``, or "" (letters in RACI order)."""
        letters = self.cells.get(task_id, {}).get(person, frozenset())
        return "/".join(x for x in LETTERS if x in letters)


def raci(project: Project) -> Raci:
    """The RACI matrix of every task of ``project`` (rows in WBS order)."""
    linked = {s.id: s.resource for s in project.stakeholders if s.resource}
    parents = {t.id: t.parent for t in project.tasks}
    owners = {t.id: t.owner for t in project.tasks}

    def column(person: str) -> str:
        return linked.get(person) or person

    cells: dict[str, dict[str, set[str]]] = {t.id: {} for t in project.tasks}

    def mark(task_id: str, person: str, letter: str) -> None:
        cells[task_id].setdefault(column(person), set()).add(letter)

    for task in project.tasks:
        for assignment in task.assignments:
            mark(task.id, assignment.resource, "R")
        owner = _owner(task.id, owners, parents)
        if owner is not None:
            mark(task.id, owner, "A")
    for stakeholder in project.stakeholders:
        for letter, named in (("C", stakeholder.consulted), ("I", stakeholder.informed)):
            for task_id in _subtrees(named, parents):
                mark(task_id, stakeholder.id, letter)
    people = _columns(project, {p for row in cells.values() for p in row})
    return Raci(people, tuple(t.id for t in project.tasks),
                {tid: {p: frozenset(v) for p, v in row.items()} for tid, row in cells.items()})


def _owner(task_id: str, owners: dict[str, str | None], parents: dict[str, str | None]) -> str | None:
    current: str | None = task_id
    while current is not None:
        owner = owners.get(current)
        if owner:
            return owner
        current = parents.get(current)
    return None


def _subtrees(named: tuple[str, ...], parents: dict[str, str | None]) -> list[str]:
    """Every task that is one of ``named`` or lies beneath one, in WBS order."""
    wanted = set(named)
    out = []
    for task_id in parents:
        current: str | None = task_id
        while current is not None and current not in wanted:
            current = parents.get(current)
        if current is not None:
            out.append(task_id)
    return out


def _columns(project: Project, used: set[str]) -> tuple[tuple[str, str], ...]:
    """Team members, then stakeholders who are not team members, then anyone else named (an owner
    who is neither), each once."""
    out = [(r.id, r.name or r.id) for r in project.resources]
    out += [(s.id, s.name or s.id) for s in project.stakeholders if not s.resource]
    known = {pid for pid, _ in out}
    out += [(pid, pid) for pid in sorted(used - known)]
    return tuple(out)
