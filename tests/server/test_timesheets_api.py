"""Timesheet lines through the API: record one or many (checked as a plan file's lines, every problem
listed at once), list with filters and pages, correct one by its (date, resource, task) with If-Match,
roles, the activity feed, and actuals reaching EVM and status as the CLI computes them on the exported
plan. Each write is checked against the plan file it leaves (exported and read back)."""

from __future__ import annotations

import datetime as dt
import json
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from headway.io import plan as plan_file
from headway.io.durations import parse_duration
from headway.model import PlanError, Project, TimesheetLine
from headway.server import Settings, create_app
from headway.store import get_project
from headway.store.tables_tracking import TimesheetRow
from tests.server.conftest import add_user, assert_problem, post_plan
from tests.server.test_computed import cli_json

PLAN = """\
project:
  name: Booked
  start: 2027-01-04
  status_date: 2027-01-08
resources:
  - {id: ann, rates: {standard: 100, overtime: 150}}
  - {id: bob, rate: 80}
tasks:
  - {id: design, duration: 3d, assign: ann}
  - {id: build, duration: 5d, after: design, assign: bob}
  - {id: ship, milestone: true, after: build}
"""
DAYS = [dt.date(2027, 1, 4) + dt.timedelta(days=n) for n in range(5)]


def _setup(client: TestClient, text: str = PLAN) -> tuple[dict[str, str], str]:
    headers = add_user(client, "ann")
    response = post_plan(client, headers, text)
    assert response.status_code == 201, response.text
    return headers, f"/api/v1/projects/{response.json()['id']}"


def _plan(client: TestClient, project: str, headers: dict[str, str]) -> Project:
    """The stored project, exported as a plan file and read back as the CLI would."""
    response = client.get(f"{project}/plan", headers=headers)
    assert response.status_code == 200, response.text
    return plan_file.loads(response.text).project


def _stored(client: TestClient, project: str) -> tuple[TimesheetLine, ...]:
    """The lines as stored, read from the database itself (not the app's cache of projects)."""
    with client.app.state.sessions() as session:  # type: ignore[attr-defined]
        return get_project(session, int(project.rsplit("/", 1)[1])).timesheets


def _line(day: dt.date, resource: str, task: str, work: str, overtime: str | None = None) -> dict[str, Any]:
    out = {"date": day.isoformat(), "resource": resource, "task": task, "work": work}
    return out if overtime is None else {**out, "overtime": overtime}


def _model(item: dict[str, Any]) -> TimesheetLine:
    """A line as the plan file reads it (an independent path from the API's own)."""
    overtime = item.get("overtime")
    return TimesheetLine(dt.date.fromisoformat(item["date"]), item["resource"], item["task"],
                         parse_duration(item["work"]), parse_duration(overtime) if overtime else None)


def test_one_line_is_recorded_corrected_and_removed_with_etags(client: TestClient) -> None:
    headers, project = _setup(client)
    made = client.post(f"{project}/timesheets", json=_line(DAYS[0], "ann", "design", "6h"), headers=headers)
    assert made.status_code == 201, made.text
    url = f"{project}/timesheets/2027-01-04/ann/design"
    assert made.headers["location"] == url and made.json() == _line(DAYS[0], "ann", "design", "6h")
    tag = made.headers["etag"]
    got = client.get(url, headers=headers)
    assert got.json() == made.json() and got.headers["etag"] == tag
    assert_problem(client.patch(url, json={"work": "7h"}, headers=headers), 428)
    patched = client.patch(url, json={"work": "7h", "overtime": "1h"}, headers={**headers, "If-Match": tag})
    assert patched.status_code == 200, patched.text
    assert patched.json() == _line(DAYS[0], "ann", "design", "7h", "1h") and patched.headers["etag"] != tag
    assert_problem(client.patch(url, json={"work": "1h"}, headers={**headers, "If-Match": tag}), 412)
    assert_problem(client.delete(url, headers={**headers, "If-Match": tag}), 412)
    assert _plan(client, project, headers).timesheets == _stored(client, project) == (_model(patched.json()),)
    moved = client.put(url, json={"task": "build", "work": "1h"}, headers={**headers, "If-Match": "*"})
    assert "task" in assert_problem(moved, 422)["detail"]
    put = client.put(url, json={"work": "5h"}, headers={**headers, "If-Match": patched.headers["etag"]})
    assert put.status_code == 200 and put.json() == _line(DAYS[0], "ann", "design", "5h")  # overtime gone
    removed_overtime = client.patch(url, json={"overtime": None}, headers={**headers, "If-Match": put.headers["etag"]})
    assert removed_overtime.status_code == 200 and "overtime" not in removed_overtime.json()
    gone = client.delete(url, headers={**headers, "If-Match": removed_overtime.headers["etag"]})
    assert gone.status_code == 204
    assert_problem(client.get(url, headers=headers), 404)
    assert _plan(client, project, headers).timesheets == _stored(client, project) == ()
    feed = client.get(f"{project}/activity", params={"entity": "timesheet"}, headers=headers).json()
    assert [c["action"] for c in feed] == ["delete", "update", "update", "update", "create"]
    assert {c["key"] for c in feed} == {"2027-01-04/ann/design"}
    assert feed[-1]["after"] == made.json() and feed[0]["before"] == removed_overtime.json()


def test_every_bad_line_and_field_is_named_and_nothing_is_saved(client: TestClient) -> None:
    headers, project = _setup(client)
    assert client.post(f"{project}/timesheets", json=_line(DAYS[0], "ann", "design", "6h"),
                       headers=headers).status_code == 201
    before = _plan(client, project, headers)
    lines = [_line(DAYS[1], "ann", "design", "4h"),  # good, but saved only with the rest
             _line(DAYS[1], "zoe", "desing", "-3h"),
             {"date": "2027-01-05T10:00", "resource": "bob", "task": "build", "work": "banana", "note": "x"},
             {"date": "2027-01-06", "task": "build", "work": "2h", "overtime": "x"},
             _line(DAYS[0], "ann", "design", "2h"),  # taken by the line recorded first
             _line(DAYS[1], "ann", "design", "1h")]  # repeats line 1
    body = assert_problem(client.post(f"{project}/timesheets", json=lines, headers=headers), 422)
    found = {(p["item"], p["field"], p["code"]) for p in body["problems"]}
    assert found == {(2, "resource", "unknown_resource"), (2, "task", "unknown_task"),
                     (2, "work", "negative_duration"), (3, "date", "bad_date"), (3, "work", "bad_duration"),
                     (3, "note", "unknown_key"), (4, "resource", "missing_key"), (4, "overtime", "bad_duration"),
                     (5, None, "timesheet_line_exists"), (6, None, "duplicate_timesheet_line")}
    assert [p["item"] for p in body["problems"]] == sorted(p["item"] for p in body["problems"])
    in_a_file = PLAN + "timesheets:\n" + "".join(f"  - {json.dumps(x)}\n" for x in lines[1:4])
    with pytest.raises(PlanError) as raised:  # the same lines in a plan file: the same problems
        plan_file.loads(in_a_file)
    assert sorted(p.code for p in raised.value.problems) == sorted(p["code"] for p in body["problems"]
                                                                   if 2 <= p["item"] <= 4)
    assert "'design'" in next(p["hint"] for p in body["problems"] if p["code"] == "unknown_task")
    assert _plan(client, project, headers) == before
    taken = assert_problem(client.post(f"{project}/timesheets", json=[lines[0], lines[4]], headers=headers), 409)
    assert [p["item"] for p in taken["problems"]] == [2]
    assert_problem(client.post(f"{project}/timesheets", json=[], headers=headers), 422)
    assert_problem(client.post(f"{project}/timesheets", json=_line(DAYS[2], "ann", "design", True),  # type: ignore[arg-type]
                               headers=headers), 422)
    assert _plan(client, project, headers) == before


def test_list_filters_and_pages(client: TestClient) -> None:
    headers, project = _setup(client)
    lines = [_line(day, who, task, f"{n + 1}h") for n, (day, who, task) in enumerate(
        [(d, w, t) for d in DAYS for w, t in (("ann", "design"), ("bob", "build"), ("ann", "build"))])]
    assert client.post(f"{project}/timesheets", json=lines, headers=headers).status_code == 201
    url = f"{project}/timesheets"
    assert client.get(url, headers=headers).json() == lines
    cases: list[dict[str, Any]] = [{"resource": "ann"}, {"task": "build"}, {"resource": "bob", "task": "design"},
                                   {"since": "2027-01-06"}, {"until": "2027-01-05", "resource": "ann"},
                                   {"since": "2027-01-05", "until": "2027-01-06", "task": "build"}]
    for query in cases:
        expected = [x for x in lines if all(x[k] == v for k, v in query.items() if k in ("resource", "task"))
                    and query.get("since", "0") <= x["date"] <= query.get("until", "9")]
        response = client.get(url, params=query, headers=headers)
        assert response.json() == expected, query
        assert response.headers["x-total-count"] == str(len(expected))
    first = client.get(url, params={"limit": 4}, headers=headers)
    assert first.json() == lines[:4] and "offset=4" in first.headers["link"]
    rest = client.get(url, params={"limit": 100, "offset": 4}, headers=headers)
    assert rest.json() == lines[4:] and "link" not in rest.headers
    assert_problem(client.get(url, params={"since": "soon"}, headers=headers), 422)


def test_viewers_read_editors_write_strangers_see_nothing(client: TestClient) -> None:
    headers, project = _setup(client)
    made = client.post(f"{project}/timesheets", json=_line(DAYS[0], "ann", "design", "6h"), headers=headers)
    url = f"{project}/timesheets/2027-01-04/ann/design"
    viewer, editor, stranger = add_user(client, "vic"), add_user(client, "eve"), add_user(client, "sam")
    client.put(f"{project}/members/vic", json={"role": "viewer"}, headers=headers)
    client.put(f"{project}/members/eve", json={"role": "editor"}, headers=headers)
    tag = {"If-Match": made.headers["etag"]}
    assert client.get(url, headers=viewer).status_code == 200
    assert client.get(f"{project}/timesheets", headers=viewer).json() == [made.json()]
    assert_problem(client.post(f"{project}/timesheets", json=_line(DAYS[1], "ann", "design", "1h"), headers=viewer),
                   403)
    assert_problem(client.patch(url, json={"work": "1h"}, headers={**viewer, **tag}), 403)
    assert_problem(client.delete(url, headers={**viewer, **tag}), 403)
    for response in (client.get(url, headers=stranger), client.get(f"{project}/timesheets", headers=stranger),
                     client.post(f"{project}/timesheets", json=_line(DAYS[1], "ann", "design", "1h"), headers=stranger),
                     client.delete(url, headers={**stranger, **tag})):
        assert_problem(response, 404)
    assert_problem(client.get(f"{project}/timesheets"), 401)
    assert client.patch(url, json={"work": "2h"}, headers={**editor, **tag}).status_code == 200
    assert _plan(client, project, headers).timesheets == (_model(_line(DAYS[0], "ann", "design", "2h")),)


def test_lines_a_plan_file_repeats_are_replaced_or_removed_together(client: TestClient) -> None:
    text = PLAN + "timesheets:\n  - {date: 2027-01-04, resource: ann, task: design, work: 3h}\n" \
                  "  - {date: 2027-01-05, resource: ann, task: design, work: 8h}\n" \
                  "  - {date: 2027-01-04, resource: ann, task: design, work: 2h}\n"
    headers, project = _setup(client, text)
    url = f"{project}/timesheets/2027-01-04/ann/design"
    both = assert_problem(client.get(url, headers=headers), 409)
    assert [x["work"] for x in both["lines"]] == ["3h", "2h"]
    assert_problem(client.patch(url, json={"work": "5h"}, headers={**headers, "If-Match": both["etag"]}), 409)
    put = client.put(url, json={"work": "5h"}, headers={**headers, "If-Match": both["etag"]})
    assert put.status_code == 200, put.text
    sheets = _plan(client, project, headers).timesheets
    assert [(x.date.day, str(x.work)) for x in sheets] == [(4, "5h"), (5, "8h")] and _stored(client, project) == sheets
    assert client.get(url, headers=headers).headers["etag"] == put.headers["etag"]


def test_actuals_reach_evm_and_status_as_the_cli_computes_them(client: TestClient, tmp_path: Path) -> None:
    headers, project = _setup(client)
    plan = tmp_path / "plan.yaml"

    def api_and_cli(kind: str, query: dict[str, str], args: list[str]) -> tuple[Any, Any]:
        response = client.get(f"{project}/{kind}", params=query, headers=headers)
        assert response.status_code == 200, response.text
        plan.write_text(client.get(f"{project}/plan", headers=headers).text)
        return response.json(), cli_json([kind, "--json", *args], plan, [])

    evm_before, _ = api_and_cli("evm", {}, [])
    lines = [_line(DAYS[0], "ann", "design", "8h"), _line(DAYS[1], "ann", "design", "6h", "2h"),
             _line(DAYS[3], "bob", "build", "4h")]
    assert client.post(f"{project}/timesheets", json=lines, headers=headers).status_code == 201
    evm_after, evm_cli = api_and_cli("evm", {}, [])
    assert evm_after == evm_cli
    assert evm_after["ac"] != evm_before["ac"] and evm_after["ac"] > 0
    status, status_cli = api_and_cli("status", {"no_forecast": "true"}, ["--no-forecast"])
    assert status == status_cli
    fixed = client.patch(f"{project}/timesheets/2027-01-05/ann/design", json={"work": "1h", "overtime": None},
                         headers={**headers, "If-Match": "*"})
    assert fixed.status_code == 200, fixed.text
    evm_fixed, evm_fixed_cli = api_and_cli("evm", {}, [])
    assert evm_fixed == evm_fixed_cli and evm_fixed["ac"] < evm_after["ac"]


_TRIPLES = st.lists(st.tuples(st.sampled_from(DAYS), st.sampled_from(["ann", "bob"]),
                              st.sampled_from(["design", "build", "ship"])), unique=True, min_size=1, max_size=8)
_WORK = st.builds(lambda n, unit: f"{n}{unit}", st.integers(0, 40), st.sampled_from(["h", "m", "d"]))


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                 HealthCheck.too_slow])
@given(triples=_TRIPLES, data=st.data())
def test_posted_and_corrected_lines_are_listed_stored_and_exported(client: TestClient,
                                                                   triples: list[tuple[dt.date, str, str]],
                                                                   data: st.DataObject) -> None:
    """Random valid lines posted in two batches, then random corrections and removals: the list, the
    stored rows and the exported plan all hold what the same edits make of a Python list."""
    headers = add_user(client, f"u{uuid.uuid4().hex[:12]}")
    project = f"/api/v1/projects/{post_plan(client, headers, PLAN).json()['id']}"
    lines = [_line(*t, data.draw(_WORK), data.draw(st.none() | _WORK)) for t in triples]
    cut = data.draw(st.integers(1, len(lines)))
    for batch in (lines[:cut], lines[cut:]):
        if batch:
            assert client.post(f"{project}/timesheets", json=batch, headers=headers).status_code == 201
    for _ in range(data.draw(st.integers(0, 4))):
        if not lines:
            break
        at = data.draw(st.integers(0, len(lines) - 1))
        url = f"{project}/timesheets/{lines[at]['date']}/{lines[at]['resource']}/{lines[at]['task']}"
        tag = {"If-Match": client.get(url, headers=headers).headers["etag"]}
        if data.draw(st.booleans()):
            assert client.delete(url, headers={**headers, **tag}).status_code == 204
            del lines[at]
        else:
            lines[at] = {k: v for k, v in lines[at].items() if k != "overtime"} | {"work": data.draw(_WORK)}
            assert client.put(url, json=lines[at], headers={**headers, **tag}).status_code == 200
    assert client.get(f"{project}/timesheets", params={"limit": 1000}, headers=headers).json() == lines
    assert _plan(client, project, headers).timesheets == _stored(client, project) == tuple(_model(x) for x in lines)


def test_lines_posted_and_removed_at_once_through_two_apps_all_land(database: str) -> None:
    """Eight clients on two apps over one database post and remove lines at once: every accepted line is
    stored once, every removed one is gone, and the rows keep their places 0..n-1 (the in-place writes)."""
    with TestClient(create_app(Settings(database))) as first, TestClient(create_app(Settings(database))) as second:
        headers = add_user(first, "ann")
        project = f"/api/v1/projects/{post_plan(first, headers, PLAN).json()['id']}"
        for client in (first, second):  # FastAPI builds each route on its first match: not in 8 threads at once
            assert_problem(client.delete(f"{project}/timesheets/2027-01-04/ann/ship", headers=headers), 404)
        start = threading.Barrier(8)

        def client_run(number: int) -> list[dict[str, Any]]:
            client = (first, second)[number % 2]
            mine = [_line(DAYS[number % 5], ("ann", "bob")[number // 5 % 2], task, f"{number + 1}h")
                    for task in ("design", "build", "ship")]
            start.wait(timeout=60)
            for line in mine:
                assert _retrying(partial(client.post, f"{project}/timesheets", json=line, headers=headers)) == 201
            gone = mine.pop(number % 3)
            url = f"{project}/timesheets/{gone['date']}/{gone['resource']}/{gone['task']}"
            assert _retrying(partial(client.delete, url, headers={**headers, "If-Match": "*"})) == 204
            return mine

        with ThreadPoolExecutor(8) as pool:
            kept = [line for lines in pool.map(client_run, range(8)) for line in lines]
        for client in (first, second):
            listed = client.get(f"{project}/timesheets", params={"limit": 1000}, headers=headers).json()
            assert sorted(map(_model, listed), key=repr) == sorted(map(_model, kept), key=repr)
        assert _stored(first, project) == tuple(map(_model, listed))
        with first.app.state.sessions() as session:  # type: ignore[attr-defined]
            places = session.scalars(select(TimesheetRow.position).where(
                TimesheetRow.project_id == int(project.rsplit("/", 1)[1]))).all()
        assert sorted(places) == list(range(len(kept)))


def _retrying(call: Any) -> int:
    """The status of ``call()``, sent again while the database answers 503 busy (SQLite's lock, two apps)."""
    for _ in range(20):
        status: int = call().status_code
        if status != 503:
            return status
        time.sleep(0.2)
    return status
