"""Random but plan-shaped projects for benchmarks: workstreams, mixed links, holidays."""

from __future__ import annotations

import datetime as dt
import random

from headway.model import Calendar, Duration, HolidaySource, Link, LinkType, Project, Task

TYPES = [LinkType.FS] * 7 + [LinkType.SS, LinkType.FF, LinkType.SF]
LAGS = [0] * 8 + [1, 2, 3, -1]


def random_project(n: int, seed: int = 1, group: int = 50, window: int = 200) -> Project:
    """``n`` leaf tasks in summary groups of ``group``; ~2.5 links each to recent tasks."""
    rng = random.Random(seed)
    tasks: list[Task] = []
    for i in range(n):
        if i % group == 0:
            tasks.append(Task(f"g{i // group}", name=f"Workstream {i // group}"))
        links = []
        if i:
            k = min(i, rng.choice([1, 2, 2, 3, 4]))
            for p in rng.sample(range(max(0, i - window), i), k):
                links.append(Link(f"t{p}", rng.choice(TYPES), Duration(rng.choice(LAGS))))
        milestone = rng.random() < 0.03
        tasks.append(Task(f"t{i}", name=f"Task {i}", parent=f"g{i // group}",
                          duration=None if milestone else Duration(rng.randint(1, 10)),
                          milestone=milestone, links=tuple(links)))
    calendar = Calendar("work", name="Working days", holidays=(HolidaySource("US"),))
    return Project(f"random-{n}", dt.date(2027, 1, 4), calendar="work", calendars=(calendar,),
                   tasks=tuple(tasks))
