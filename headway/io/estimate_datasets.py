"""Readers for the four public estimate-vs-actual datasets (SiP, CESAW, Renzo Pomodoro, Project-22).

Each reader takes the dataset's folder (as laid out in ``../shared/data/estimates/``), applies the
cleaning rules of that folder's README and returns ``EstimateRecord`` values in working hours,
sorted by ``estimated_on`` (file order breaks ties). Only the standard library is used (``csv``,
``lzma``), so no dataframe library is needed at run time.
"""

from __future__ import annotations

import csv
import datetime as dt
import lzma
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

from headway.model import EstimateRecord

SIP_KEPT_STATUSES = frozenset({"FINISHED", "COMPLETED", "RELEASED"})
POMODORO_HOURS = 25 / 60
RENZO_MAX_ESTIMATE = 20  # pomodoros: larger estimates are list headings, not tasks (as renzopoms.R)
P22_REVIEWS_BEFORE = dt.date(2022, 10, 30)
P22_TEAM = "team"
P22_PROJECT = "project-22"


def read_sip(folder: Path) -> list[EstimateRecord]:
    """SiP: FINISHED/COMPLETED/RELEASED tasks, one per TaskNumber, estimator = AssignedToID.

    ``Sip-task-info.csv`` is cp1252 with one row per (task, developer); the task-level columns
    repeat, so the first row of a task is kept. Dates come from ``est-act-dates.csv``, joined on
    TaskNumber (identical across a task's rows).
    """
    dates: dict[str, tuple[dt.date, dt.date | None]] = {}
    for row in _rows(folder / "est-act-dates.csv"):
        dates.setdefault(row["TaskNumber"], (_sip_date(row["EstimateOn"]), _sip_date_or_none(row["CompletedOn"])))
    seen: set[str] = set()
    out: list[EstimateRecord] = []
    for row in _rows(folder / "Sip-task-info.csv", encoding="cp1252"):
        number = row["TaskNumber"]
        if row["StatusCode"] not in SIP_KEPT_STATUSES or number in seen:
            continue
        seen.add(number)
        estimated_on, finished_on = dates[number]
        out.append(EstimateRecord(row["AssignedToID"], row["ProjectCode"], number, float(row["HoursEstimate"]),
                                  float(row["HoursActual"]), estimated_on, finished_on))
    return _by_date(out)


def read_cesaw(folder: Path) -> list[EstimateRecord]:
    """CESAW task rows (one per plan item and person) with usable dates and a positive plan.

    Dropped: a missing (``\\N``) or implausible (before 2000) start or completion, a completion
    before the start, a plan of 0 minutes. The actual start stands in for the estimate date.
    """
    out: list[EstimateRecord] = []
    with lzma.open(folder / "CESAW_task_fact.csv.xz", "rt", encoding="utf-8", newline="") as stream:
        for row in csv.DictReader(stream):
            start = _cesaw_time(row["task_actual_start_date"])
            finish = _cesaw_time(row["task_actual_complete_date"])
            plan = float(row["task_plan_time_minutes"])
            if start is None or finish is None or finish < start or plan <= 0:
                continue
            out.append(EstimateRecord(row["person_key"], row["project_key"], row["plan_item_key"], plan / 60,
                                      float(row["task_actual_time_minutes"]) / 60, start.date(), finish.date()))
    return _by_date(out)


def read_renzo(folder: Path) -> list[EstimateRecord]:
    """Renzo Pomodoro, following renzopoms.R: tagged DONE items with an estimate under 20 and an
    actual, one per (date, description), dropping a DONE item repeated on the next list day
    (the list carries it over), then items with a zero estimate or actual. The project is the
    item's first @tag; the single developer is ``renzo``.
    """
    rows = _rows(folder / "all-tasks.csv")
    day_number: dict[str, int] = {}
    kept: list[dict[str, str]] = []
    for row in rows:
        day_number.setdefault(row["date"], len(day_number))
        if (row["X.words"] and row["DONE"] == "1" and _number(row["estimate"]) is not None
                and _number(row["actual"]) is not None and float(row["estimate"]) < RENZO_MAX_ESTIMATE):
            kept.append(row)
    seen: set[tuple[str, str]] = set()
    last_day: dict[str, int] = {}
    out: list[EstimateRecord] = []
    for row in kept:
        key = (row["date"], row["description"])
        if key in seen:
            continue
        seen.add(key)
        day = day_number[row["date"]]
        previous = last_day.get(row["description"])
        last_day[row["description"]] = day
        estimate, actual = float(row["estimate"]), float(row["actual"])
        if (previous is not None and day - previous == 1) or estimate <= 0 or actual <= 0:
            continue
        when = dt.date.fromisoformat(row["date"])
        out.append(EstimateRecord("renzo", row["X.words"].split(",")[0], f"{row['description']}@{row['date']}",
                                  estimate * POMODORO_HOURS, actual * POMODORO_HOURS, when, when))
    return _by_date(out)


def read_project22(folder: Path) -> list[EstimateRecord]:
    """Project-22 implementation stories (IsMCO = 1) with points > 0, the team pooled as one estimator.

    The estimate is in story points (≈ idealised hours); the actual is the ``Total`` hours plus
    the story's code-review minutes before 2022-10-30. Jira's ``Created`` stands in for the
    estimate date and ``Updated`` for the completion.
    """
    jira: dict[str, tuple[dt.date, dt.date]] = {}
    for row in _rows(folder / "sprint-info.csv"):
        jira.setdefault(row["Branch"], (_jira_date(row["Created"]), _jira_date(row["Updated"])))
    review_hours: dict[str, float] = defaultdict(float)
    for row in _rows(folder / "review-info.csv"):
        if dt.date.fromisoformat(row["Date"]) < P22_REVIEWS_BEFORE and _number(row["ReviewMinutes"]) is not None:
            review_hours[row["Branch"]] += float(row["ReviewMinutes"]) / 60
    out: list[EstimateRecord] = []
    for row in _rows(folder / "story-info.csv"):
        points, total = _number(row["StoryPoints"]), _number(row["Total"])
        if row["IsMCO"] != "1" or points is None or points <= 0 or total is None or row["Branch"] not in jira:
            continue
        created, updated = jira[row["Branch"]]
        out.append(EstimateRecord(P22_TEAM, P22_PROJECT, row["Branch"], points, total + review_hours[row["Branch"]],
                                  created, updated))
    return _by_date(out)


DATASETS: dict[str, Callable[[Path], list[EstimateRecord]]] = {
    "sip": read_sip,
    "cesaw": read_cesaw,
    "renzo-pomodoro": read_renzo,
    "project-22": read_project22,
}


def read_dataset(root: Path, name: str) -> list[EstimateRecord]:
    """The cleaned records of dataset ``name`` (a key of DATASETS) under ``root``."""
    return DATASETS[name](root / name)


def _rows(path: Path, encoding: str = "utf-8") -> list[dict[str, str]]:
    with path.open(encoding=encoding, newline="") as stream:
        return list(csv.DictReader(stream))


def _by_date(records: list[EstimateRecord]) -> list[EstimateRecord]:
    return sorted(records, key=lambda r: r.estimated_on)


def _number(text: str) -> float | None:
    if text in ("", "NA", "\\N"):
        return None
    return float(text)


def _sip_date(text: str) -> dt.date:
    return dt.datetime.strptime(text, "%d-%b-%y").date()


def _sip_date_or_none(text: str) -> dt.date | None:
    return _sip_date(text) if text not in ("", "NA") else None


def _cesaw_time(text: str) -> dt.datetime | None:
    if text == "\\N":
        return None
    try:
        value = dt.datetime.strptime(text, "%m/%d/%Y %H:%M")
    except ValueError:
        return None
    return value if value.year >= 2000 else None


def _jira_date(text: str) -> dt.date:
    return dt.datetime.strptime(text, "%b-%d-%Y %I:%M %p").date()

