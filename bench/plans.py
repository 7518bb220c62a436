"""Random but plan-shaped projects for benchmarks: workstreams, mixed links, holidays."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import replace

from headway.model import (
    Assignment,
    Calendar,
    DateRange,
    DayHours,
    Duration,
    HolidaySource,
    Link,
    LinkType,
    Project,
    Resource,
    Task,
    TimeRange,
)

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


def staffed_project(n: int, people: int = 50, seed: int = 1) -> Project:
    """``random_project`` with a team: every task done by one or two of ``people``, some of them
    part-time or with their own week, each with a week or two of vacation. Work goes to people
    in proportion to the hours they have, as a lead would hand it out."""
    rng = random.Random(seed)
    base = random_project(n, seed)
    team = []
    for k in range(people):
        start = dt.date(2027, 1, 4) + dt.timedelta(days=rng.randint(0, 600))
        vacation = DateRange(start, start + dt.timedelta(days=rng.choice([4, 11])))
        team.append(Resource(f"p{k}", name=f"Person {k}", units=0.5 if k % 10 == 9 else 1.0,
                             week=PART_WEEK if k % 10 == 4 else None, vacations=(vacation,)))
    share = [0.4 if k % 10 == 4 else 0.5 if k % 10 == 9 else 1.0 for k in range(people)]  # of a full week
    tasks = []
    for task in base.tasks:
        if task.parent is None or task.milestone:
            tasks.append(task)
            continue
        who = _pick(rng, share, 2 if rng.random() < 0.15 else 1)
        tasks.append(replace(task, assignments=tuple(Assignment(f"p{k}") for k in who)))
    return replace(base, resources=tuple(team), tasks=tuple(tasks))


def _pick(rng: random.Random, share: list[float], count: int) -> list[int]:
    """``count`` different people, each as likely as the share of a full week they work."""
    out: list[int] = []
    while len(out) < count:
        k = rng.choices(range(len(share)), weights=share)[0]
        if k not in out:
            out.append(k)
    return out


PART_WEEK: tuple[DayHours, ...] = ((TimeRange(9 * 60, 13 * 60),),) * 4 + ((), (), ())  # mornings, Mon-Thu
