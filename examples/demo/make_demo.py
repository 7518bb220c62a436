"""Regenerate the demo portfolio (headway/demo/{launch,migration,release}.yaml) from the example plans.

Each demo plan is its example plus what a live project has: a baseline saved at kick-off, a few
estimates that have slipped since, progress up to the status date, a risk register and a shared
person, Alex Morgan (the demo account), who works on all three. Run: ``python examples/demo/make_demo.py``.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import yaml

from headway.engine.baselines import capture, with_baseline
from headway.engine.cost import task_costs
from headway.engine.cpm import schedule as compute_schedule
from headway.io import plan as plan_file

HERE = Path(__file__).resolve().parent
EXAMPLES = HERE.parent
DEMO = EXAMPLES.parent / "headway" / "demo"  # shipped with the package, so `serve --demo` works from any install
ALEX = {"id": "alex", "name": "Alex Morgan", "role": "Delivery lead", "email": "alex@demo.example", "tags": ["pm"]}
BASELINE_SAVED = dt.datetime(2026, 11, 2, 9, 0)

# source, output, status date, tasks Alex joins, slipped tasks (new duration or effort), risks
DEMOS: list[tuple[str, str, str, list[str], dict[str, str], list[dict[str, Any]]]] = [
    ("product-launch.yaml", "launch.yaml", "2027-02-16",
     ["prd", "ux_usability", "qa_plan", "beta", "hypercare", "docs_release_notes", "mkt_blog"], {"prd": "7d"},
     [{"id": "R-1", "title": "App store review rejects in-app billing", "owner": "omar", "probability": "30%",
       "impacts": [{"task": "ios_storekit", "delay": "2d/5d/10d"}], "mitigation": "pre-review with Apple DTS"},
      {"id": "R-2", "title": "Payment provider sandbox unstable", "owner": "priya", "probability": "20%",
       "impacts": [{"task": "arch", "delay": "1d/2d/4d", "cost": 2000}]}]),
    ("infra-migration.yaml", "migration.yaml", "2027-10-04",
     ["inventory", "runbook", "rehearsal_1", "cutover_exec", "lessons", "user_notice"], {"inventory": "6d"},
     [{"id": "R-1", "title": "Replication lag too high for a weekend cut-over", "owner": "alex",
       "probability": "25%", "impacts": [{"task": "db_replication", "delay": "2d/4d/8d"}],
       "mitigation": "rehearse with a full-size copy"}]),
    ("oss-release.yaml", "release.yaml", "2027-05-17",
     ["triage", "changelog", "migration_guide", "announce"], {"triage": "3d"},
     [{"id": "R-1", "title": "Maintainer unavailable in release week", "owner": "hana", "probability": "15%",
       "impacts": [{"task": "announce", "delay": "2d"}]}]),
]


def _leaves(entries: list[dict[str, Any]]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for entry in entries:
        out.extend(_leaves(entry["tasks"]) if entry.get("tasks") else [entry])
    return out


def _progress(data: dict[str, Any], status: dt.datetime) -> list[dict[str, Any]]:
    """Progress as of ``status``: tasks planned to finish by then are done, those under way part-done."""
    result = compute_schedule(plan_file.loads(yaml.safe_dump(data, sort_keys=False)).project)
    entries: list[dict[str, Any]] = []
    for task in result.tasks:
        if task.summary or task.start is None or task.finish is None or task.start >= status:
            continue
        day = status.date() - dt.timedelta(days=1)
        if task.finish <= status:
            entries.append({"date": task.finish.date().isoformat(), "task": task.id, "done": "100%",
                            "actual_start": task.start.isoformat(timespec="minutes"),
                            "actual_finish": task.finish.isoformat(timespec="minutes")})
        else:
            share = (status - task.start) / (task.finish - task.start)
            done = max(10, min(90, round(share * 10) * 10))
            entries.append({"date": day.isoformat(), "task": task.id, "done": f"{done}%",
                            "actual_start": task.start.isoformat(timespec="minutes")})
    return entries


def make(source: str, target: str, status_date: str, alex_on: list[str], slips: dict[str, str],
         risks: list[dict[str, Any]]) -> None:
    data: dict[str, Any] = yaml.safe_load((EXAMPLES / source).read_text())
    data["project"]["status_date"] = status_date
    data["resources"].append(dict(ALEX))
    leaves = {t["id"]: t for t in _leaves(data["tasks"])}
    for task_id in alex_on:
        leaves[task_id].setdefault("assign", []).append("alex")
    project = plan_file.loads(yaml.safe_dump(data, sort_keys=False)).project
    result = compute_schedule(project)
    baseline = capture(result, "kick-off", BASELINE_SAVED, task_costs(project, result))
    data = yaml.safe_load(plan_file.dumps(with_baseline(project, baseline)))
    leaves = {t["id"]: t for t in _leaves(data["tasks"])}
    for task_id, duration in slips.items():
        leaves[task_id]["effort" if "effort" in leaves[task_id] else "duration"] = duration
    status = dt.datetime.fromisoformat(status_date) + dt.timedelta(days=1)  # a date means the end of that day
    data["progress"] = _progress(data, status)
    data["risks"] = risks
    text = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=110)
    plan_file.loads(text, target)  # must read back cleanly
    header = f"# Demo: {source} with a baseline, progress, risks and Alex Morgan (made by make_demo.py).\n"
    (DEMO / target).write_text(header + text)


if __name__ == "__main__":
    for demo in DEMOS:
        make(*demo)
