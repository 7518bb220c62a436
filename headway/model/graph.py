"""Dependency structure of a plan: links between leaf tasks and cycle finding.

Links on a summary task apply to every task beneath it: a link into a summary constrains
each of its tasks, a link out of it waits for each of them.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace
from itertools import chain
from operator import attrgetter

from headway.model.project import Project
from headway.model.task import Link


@dataclass(frozen=True, slots=True)
class LeafLink:
    """A link between two leaf tasks, and the task ids it was written between."""

    predecessor: str
    successor: str
    link: Link
    written_predecessor: str
    written_successor: str


def summary_leaves(project: Project) -> dict[str, list[str]]:
    """For every summary task, the leaf tasks beneath it in WBS order (a leaf is its own)."""
    children = project.children()
    out: dict[str, list[str]] = {}
    for task in reversed(project.tasks):
        kids = children.get(task.id)
        if kids is not None:
            found: list[str] = []
            for kid in kids:
                found.extend(out.get(kid) or (kid,))
            out[task.id] = found
    return out


def leaves_of(leaves: dict[str, list[str]], task_id: str) -> list[str]:
    """The leaf tasks at or below ``task_id``, from a ``summary_leaves`` map."""
    return leaves.get(task_id) or [task_id]


def leaf_links(project: Project) -> list[LeafLink]:
    """Every link within the project expanded to leaf tasks, in file order (external links skipped)."""
    leaves = summary_leaves(project)
    out: list[LeafLink] = []
    for task in project.tasks:
        for link in task.links:
            if link.project is not None:
                continue
            for pred in leaves_of(leaves, link.predecessor):
                for succ in leaves_of(leaves, task.id):
                    out.append(LeafLink(pred, succ, link, link.predecessor, task.id))
    return out


def without_external_links(project: Project) -> Project:
    """``project`` without links to other projects' tasks (the same object when it has none)."""
    links = chain.from_iterable(map(attrgetter("links"), project.tasks))
    if not any(map(attrgetter("project"), links)):
        return project
    tasks = tuple(replace(t, links=tuple(link for link in t.links if link.project is None))
                  if any(link.project is not None for link in t.links) else t for t in project.tasks)
    return project.replace(tasks=tasks)


def find_cycles(project: Project) -> list[list[str]]:
    """Dependency cycles, each as the list of task ids along it (first id repeated last).

    Summary tasks appear as themselves, so a link from a task to its own summary shows as
    the two-step cycle it is. One cycle is given per strongly connected component.
    """
    graph = _hierarchy_graph(project)
    cycles = []
    for component in _strong_components(graph):
        if len(component) == 1:
            (node,) = component
            if node not in graph.get(node, ()):
                continue
        cycles.append(_cycle_in(component, graph))
    return cycles


Node = tuple[str, str]  # (task id, "in" | "out"); a leaf uses only "in"


def _hierarchy_graph(project: Project) -> dict[Node, list[Node]]:
    summaries = project.summary_ids()
    known = {t.id for t in project.tasks}

    def entry(tid: str) -> Node:
        return (tid, "in")

    def exit_(tid: str) -> Node:
        return (tid, "out") if tid in summaries else (tid, "in")

    graph: dict[Node, list[Node]] = {}
    for task in project.tasks:
        if task.parent is not None and task.parent in known:
            graph.setdefault(entry(task.parent), []).append(entry(task.id))
            graph.setdefault(exit_(task.id), []).append(exit_(task.parent))
        for link in task.links:
            if link.project is None and link.predecessor in known:
                graph.setdefault(exit_(link.predecessor), []).append(entry(task.id))
    return graph


def _strong_components(graph: dict[Node, list[Node]]) -> Iterator[list[Node]]:
    """Tarjan's algorithm, iterative so deep plans do not hit the recursion limit."""
    index: dict[Node, int] = {}
    low: dict[Node, int] = {}
    on_stack: set[Node] = set()
    stack: list[Node] = []
    counter = 0
    nodes = list(graph)
    for targets in list(graph.values()):
        nodes.extend(targets)
    for root in dict.fromkeys(nodes):
        if root in index:
            continue
        work: list[tuple[Node, int]] = [(root, 0)]
        while work:
            node, pos = work.pop()
            if pos == 0:
                index[node] = low[node] = counter
                counter += 1
                stack.append(node)
                on_stack.add(node)
            succs = graph.get(node, [])
            if pos < len(succs):
                work.append((node, pos + 1))
                nxt = succs[pos]
                if nxt not in index:
                    work.append((nxt, 0))
                elif nxt in on_stack:
                    low[node] = min(low[node], index[nxt])
                continue
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                yield component


def _cycle_in(component: list[Node], graph: dict[Node, list[Node]]) -> list[str]:
    members = set(component)
    start = min(component)
    parent: dict[Node, Node] = {}
    frontier = [start]
    while frontier:  # breadth-first search back to start gives a shortest cycle
        nxt_frontier = []
        for node in frontier:
            for nxt in graph.get(node, []):
                if nxt not in members:
                    continue
                if nxt == start:
                    path = [node]
                    while path[-1] != start:
                        path.append(parent[path[-1]])
                    ids = [n[0] for n in reversed(path)]
                    ids.append(start[0])
                    cycle = [tid for i, tid in enumerate(ids) if i == 0 or tid != ids[i - 1]]
                    return cycle if len(cycle) > 1 else cycle * 2  # a self link: [a, a]
                if nxt not in parent:
                    parent[nxt] = node
                    nxt_frontier.append(nxt)
        frontier = nxt_frontier
    return [start[0], start[0]]
