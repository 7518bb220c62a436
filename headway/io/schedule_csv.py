"""A schedule as CSV: one row per task, the same fields as the JSON output."""

from __future__ import annotations

import csv
import io

from headway.engine.results import Schedule
from headway.io.schedule_json import task_dict

COLUMNS = ("id", "name", "parent", "wbs", "summary", "milestone", "start", "finish", "early_start",
           "early_finish", "late_start", "late_finish", "duration_minutes", "work_minutes",
           "total_float_minutes", "free_float_minutes", "critical", "calendar", "resources", "deadline",
           "percent_complete", "actual_start", "actual_finish", "remaining_minutes", "source_uid")


def dumps(schedule: Schedule) -> str:
    """CSV text with a header row; resources are joined with ';'."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for task in schedule.tasks:
        row = task_dict(task)
        row["resources"] = ";".join(row["resources"])
        writer.writerow(["" if row[c] is None else row[c] for c in COLUMNS])
    return out.getvalue()
