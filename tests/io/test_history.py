"""History CSV: durations in hours, open tasks, and every problem at once with file, line, column."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from headway.io.history import parse, read
from headway.model import PlanError, WorkingTimeSettings

HEADER = "person,project,task,estimate,actual,estimated_on,finished_on\n"


def test_reads_durations_plain_hours_and_open_tasks() -> None:
    records = parse(HEADER + "ana,web,login,3d,4.5d,2025-01-06,2025-01-10\n"
                             "ben,web,search,6h,,2025-01-08,\n"
                             "\n"
                             'cy,"api, v2",auth,2.5,90m,2025-01-09,2025-01-09\n')
    assert [(r.person, r.project, r.task, r.estimate, r.actual) for r in records] == [
        ("ana", "web", "login", 24.0, 36.0), ("ben", "web", "search", 6.0, None), ("cy", "api, v2", "auth", 2.5, 1.5)]
    assert records[0].finished_on == dt.date(2025, 1, 10) and records[1].finished_on is None
    assert records[2].origin is not None and records[2].origin.line == 5


def test_days_follow_the_working_time_settings() -> None:
    records = parse(HEADER + "ana,web,login,1d,1w,2025-01-06,2025-01-10\n",
                    settings=WorkingTimeSettings(hours_per_day=7.5))
    assert (records[0].estimate, records[0].actual) == (7.5, 37.5)


def test_columns_in_any_order_and_extra_columns() -> None:
    records = parse("task,note,estimated_on,person,estimate\nlogin,x,2025-01-06,ana,2h\n")
    assert (records[0].task, records[0].project, records[0].estimate, records[0].actual) == ("login", "", 2.0, None)


def test_every_problem_is_reported_at_once_with_file_line_and_column() -> None:
    text = (HEADER
            + "ana,web,login,3x,4.5d,2025-13-06,2025-01-10\n"   # line 2: bad estimate (col 15), bad date (col 23)
            + ",web,s,6h,,2025-01-08,\n"                        # line 3: empty person (col 1)
            + "cy,web,t,1,2,2025-01-08,2025-01-01\n"            # line 4: finished before estimated (col 25)
            + "dee,web,u,-2h,1h,2025-01-08,2025-01-09\n"        # line 5: negative estimate (col 11)
            + "eve,web,v,1h,2h,2025-01-08\n"                    # line 6: wrong field count
            + "fay,web,w,1h,2h,2025-01-08,\n")                  # line 7: actual without finished_on (col 28)
    with pytest.raises(PlanError) as caught:
        parse(text, "team.csv")
    found = [(p.code, p.location.line, p.location.column) for p in caught.value.problems if p.location]
    assert found == [
        ("history_bad_duration", 2, 15),
        ("history_bad_date", 2, 23),
        ("history_missing_value", 3, 1),
        ("history_finished_before_estimated", 4, 25),
        ("history_bad_duration", 5, 11),
        ("history_bad_row", 6, 1),
        ("history_incomplete", 7, 28),
    ]
    assert str(caught.value).splitlines()[0].startswith("team.csv:2:15: error[history_bad_duration] \"login\"")


def test_missing_required_columns() -> None:
    with pytest.raises(PlanError) as caught:
        parse("person,task,actual\nana,a,1h\n", "h.csv")
    assert [(p.code, p.location.line if p.location else 0) for p in caught.value.problems] == [
        ("history_missing_column", 1), ("history_missing_column", 1)]
    assert "estimate" in caught.value.problems[0].message


def test_read_from_a_file_and_an_unreadable_one(tmp_path: Path) -> None:
    path = tmp_path / "history.csv"
    path.write_text("\ufeff" + HEADER + "ana,web,login,3d,4d,2025-01-06,2025-01-10\n", encoding="utf-8")
    assert read(path)[0].actual == 32.0
    with pytest.raises(PlanError) as caught:
        read(tmp_path / "missing.csv")
    assert caught.value.problems[0].code == "unreadable_file"
