"""PSPLIB single-mode RCPSP files (``.sm``): to the leveling problem or to a headway project.

A job runs for whole periods and needs its demand of every renewable resource in each of
them; successors are finish-to-start without lag. Job 1 is the dummy source and job n+2 the
dummy sink. In a project one period is one working day of the default calendar, so the
makespan of a schedule is ``duration_minutes / 480``. Non-renewable and doubly constrained
resources are ignored: with one mode they cannot change a schedule.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from headway.engine.leveling.problem import RcpspProblem
from headway.model import Assignment, Duration, Link, PlanError, Problem, Project, Resource, SourceLocation, Task

__all__ = ["PROJECT_START", "PsplibInstance", "parse", "read", "read_instance", "read_problem", "to_problem",
           "to_project"]

PROJECT_START = dt.date(2027, 1, 4)  # a Monday
_HEADER = re.compile(r"^\s*(jobs|horizon|-\s*renewable|-\s*nonrenewable|-\s*doubly constrained)\b[^:]*:\s*(\S+)",
                     re.IGNORECASE)
_SECTIONS = ("PRECEDENCE RELATIONS", "REQUESTS/DURATIONS", "RESOURCEAVAILABILITIES")


@dataclass(frozen=True)
class PsplibInstance:
    """One parsed file; jobs are 0-based here (job ``j`` of the file is index ``j - 1``)."""

    name: str
    path: str
    horizon: int
    duration: tuple[int, ...]
    demand: tuple[tuple[int, ...], ...]
    successors: tuple[tuple[int, ...], ...]
    capacity: tuple[int, ...]
    lines: tuple[int, ...]  # 1-based line of each job's precedence row

    @property
    def jobs(self) -> int:
        return len(self.duration)

    @property
    def resources(self) -> tuple[str, ...]:
        return tuple(f"R{k + 1}" for k in range(len(self.capacity)))


class _Syntax(Exception):
    """A structural error that stops parsing, with its 1-based line (0: no line)."""

    def __init__(self, line: int, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.line, self.message, self.hint = line, message, hint


def read_instance(path: str | Path) -> PsplibInstance:
    """Parse the ``.sm`` file at ``path``; PlanError (code ``psplib_syntax``) if malformed."""
    data = Path(path).read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = data[:err.start].count(b"\n") + 1
        raise PlanError([Problem("psplib_syntax", "not a text file (invalid UTF-8)",
                                 location=SourceLocation(str(path), line))]) from None
    return parse(text, str(path))


def read_problem(path: str | Path) -> RcpspProblem:
    """The integer leveling problem of the ``.sm`` file at ``path`` (dummies kept, 1 slot = 1 period)."""
    return to_problem(read_instance(path))


def read(path: str | Path) -> Project:
    """A headway project for the ``.sm`` file at ``path`` (1 period = 1 working day)."""
    return to_project(read_instance(path))


def parse(text: str, path: str = "<string>") -> PsplibInstance:
    """Parse ``.sm`` text; ``path`` only names the source in problem locations."""
    lines = text.splitlines()
    try:
        return _parse(lines, path)
    except _Syntax as err:
        where = SourceLocation(path, err.line) if err.line else SourceLocation(path, 1)
        raise PlanError([Problem("psplib_syntax", err.message, location=where, hint=err.hint)]) from None


def to_problem(inst: PsplibInstance) -> RcpspProblem:
    """The RCPSP with capacity constant over ``max(horizon, sum of durations + 1)`` slots."""
    n = inst.jobs
    duration = np.array(inst.duration, np.int64)
    horizon = max(inst.horizon, int(duration.sum()) + 1)
    pairs = [(i, j) for i in range(n) for j in inst.successors[i]]
    pred = np.array([i for i, _ in pairs], np.int64)
    succ = np.array([j for _, j in pairs], np.int64)
    return RcpspProblem(
        names=tuple(f"j{i + 1}" for i in range(n)),
        duration=duration,
        demand=np.array(inst.demand, np.int64).reshape(n, len(inst.capacity)),
        resources=inst.resources,
        capacity=np.repeat(np.array(inst.capacity, np.int64)[:, None], horizon, axis=1),
        pred=pred,
        succ=succ,
        delay=duration[pred] if len(pred) else np.zeros(0, np.int64),
        release=np.zeros(n, np.int64),
    )


def to_project(inst: PsplibInstance) -> Project:
    """One task per job (dummies and zero-length jobs as milestones), FS links, R1.. resources."""
    preds: list[list[int]] = [[] for _ in range(inst.jobs)]
    for i, succs in enumerate(inst.successors):
        for j in succs:
            preds[j].append(i)
    names = inst.resources
    tasks = []
    for i in range(inst.jobs):
        where = SourceLocation(inst.path, inst.lines[i])
        d = inst.duration[i]
        assign = tuple(Assignment(names[k], float(u)) for k, u in enumerate(inst.demand[i]) if u)
        links = tuple(Link(f"j{p + 1}", origin=where) for p in sorted(preds[i]))
        tasks.append(Task(f"j{i + 1}", f"Job {i + 1}", duration=Duration(d) if d else None, milestone=not d,
                          links=links, assignments=assign if d else (), origin=where))
    resources = tuple(Resource(r, r, units=float(c)) for r, c in zip(names, inst.capacity, strict=True))
    return Project(inst.name, PROJECT_START, resources=resources, tasks=tuple(tasks),
                   origin=SourceLocation(inst.path, 1))


def _parse(lines: list[str], path: str) -> PsplibInstance:
    counts = _header(lines)
    if "jobs" not in counts:
        raise _Syntax(0, "no 'jobs (incl. supersource/sink)' line", "is this a PSPLIB .sm file?")
    n, renewable = counts["jobs"], counts.get("renewable", 0)
    if n < 2:
        raise _Syntax(counts.get("jobs_line", 0), f"{n} jobs; a file has at least the source and the sink")
    starts = {name: _find(lines, name) for name in _SECTIONS}
    prec = _rows(lines, starts["PRECEDENCE RELATIONS"])
    reqs = _rows(lines, starts["REQUESTS/DURATIONS"])
    avail = _rows(lines, starts["RESOURCEAVAILABILITIES"])
    _expect_jobs(prec, n, starts["PRECEDENCE RELATIONS"], "PRECEDENCE RELATIONS")
    _expect_jobs(reqs, n, starts["REQUESTS/DURATIONS"], "REQUESTS/DURATIONS")
    successors = []
    for line, row in prec:
        if len(row) < 3:
            raise _Syntax(line, f"job {row[0]} needs a mode count and a successor count")
        if row[1] != 1:
            raise _Syntax(line, f"job {row[0]} has {row[1]} modes", "only single-mode (.sm) files are supported")
        if len(row) != 3 + row[2]:
            raise _Syntax(line, f"job {row[0]} lists {len(row) - 3} successors, not {row[2]}")
        for s in row[3:]:
            if not 1 <= s <= n or s == row[0]:
                raise _Syntax(line, f"job {row[0]} has successor {s}, not a job 1..{n} other than itself")
        successors.append(tuple(s - 1 for s in row[3:]))
    duration, demand = [], []
    for line, row in reqs:
        if len(row) < 3 + renewable:
            raise _Syntax(line, f"job {row[0]} needs a mode, a duration and {renewable} resource demands")
        if row[1] != 1:
            raise _Syntax(line, f"job {row[0]} is given in mode {row[1]}", "only single-mode (.sm) files are supported")
        duration.append(row[2])
        demand.append(tuple(row[3:3 + renewable]))
    if len(avail) != 1 or len(avail[0][1]) < renewable:
        line = avail[0][0] if avail else starts["RESOURCEAVAILABILITIES"]
        raise _Syntax(line, f"expected one row with the {renewable} resource capacities")
    capacity = tuple(avail[0][1][:renewable])
    prec_lines = tuple(line for line, _ in prec)
    _check_acyclic(successors, prec_lines)
    return PsplibInstance(Path(path).stem, path, counts.get("horizon", 0), tuple(duration), tuple(demand),
                          tuple(successors), capacity, prec_lines)


def _header(lines: list[str]) -> dict[str, int]:
    """The counts of the header blocks (jobs, horizon, resource kinds) with the jobs line."""
    counts: dict[str, int] = {}
    for number, text in enumerate(lines, 1):
        if text.strip().upper().startswith(_SECTIONS[0]):
            break
        match = _HEADER.match(text)
        if match:
            key = match.group(1).lstrip("- ").split()[0].lower()
            if key not in counts:
                counts[key] = _int(match.group(2), number)
                if key == "jobs":
                    counts["jobs_line"] = number
    return counts


def _find(lines: list[str], name: str) -> int:
    """The 1-based line that opens section ``name``."""
    for number, text in enumerate(lines, 1):
        if text.strip().upper().startswith(name):
            return number
    raise _Syntax(0, f"no '{name}:' section", "is this a PSPLIB .sm file?")


def _rows(lines: list[str], start: int) -> list[tuple[int, list[int]]]:
    """The integer rows of the section opened at line ``start``, up to the next ``*`` line.

    Column headers and ``---`` rules before the first row are skipped; anything else that is
    not all integers is an error.
    """
    rows: list[tuple[int, list[int]]] = []
    for number in range(start + 1, len(lines) + 1):
        text = lines[number - 1].strip()
        if text.startswith("*"):
            break
        if not text:
            continue
        if not text[0].isdigit() and not rows:
            continue
        rows.append((number, [_int(token, number) for token in text.split()]))
    return rows


def _expect_jobs(rows: list[tuple[int, list[int]]], n: int, start: int, section: str) -> None:
    """Check a section has one row per job, numbered 1..n in order."""
    for k, (line, row) in enumerate(rows, 1):
        if row[0] != k:
            raise _Syntax(line, f"{section}: expected job {k}, found {row[0]}")
    if len(rows) != n:
        line = rows[-1][0] if rows else start
        raise _Syntax(line, f"{section}: {len(rows)} jobs listed, the header says {n}")


def _check_acyclic(successors: list[tuple[int, ...]], lines: tuple[int, ...]) -> None:
    """Raise on a precedence cycle (Kahn's algorithm), naming a job on it."""
    indegree = [0] * len(successors)
    for succs in successors:
        for j in succs:
            indegree[j] += 1
    ready = [i for i, d in enumerate(indegree) if d == 0]
    seen = 0
    while ready:
        i = ready.pop()
        seen += 1
        for j in successors[i]:
            indegree[j] -= 1
            if indegree[j] == 0:
                ready.append(j)
    if seen == len(successors):
        return
    # every job left has a predecessor left, so walking back from one must repeat a job
    preds = {j: i for i, succs in enumerate(successors) if indegree[i] > 0 for j in succs if indegree[j] > 0}
    job, visited = next(i for i, d in enumerate(indegree) if d > 0), set()
    while job not in visited:
        visited.add(job)
        job = preds[job]
    raise _Syntax(lines[job], f"precedence cycle through job {job + 1}", "successors must not lead back")


def _int(token: str, line: int) -> int:
    """A non-negative integer field."""
    try:
        value = int(token)
    except ValueError:
        raise _Syntax(line, f"expected a whole number, found {token!r}") from None
    if value < 0:
        raise _Syntax(line, f"expected a non-negative number, found {value}")
    return value
