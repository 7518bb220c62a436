"""'My work' lists the caller's open tasks in the order to do them, checked against an independent
computation from the schedule JSON of every project."""

from __future__ import annotations

from typing import Any

from tests.web.conftest import Server, login, ready


def expected_order(server: Server, token: str) -> list[tuple[int, str]]:
    """The demo user's (Alex Morgan's) open leaf tasks: critical first, then earliest due date (deadline or
    late finish), then earliest start, as ``headway agenda`` orders them."""
    me = server.call("GET", "/auth/me", token=token)
    rows = []
    for project in server.call("GET", "/projects", token=token):
        schedule = server.call("GET", f"/projects/{project['id']}/schedule", token=token)
        mine = {r["id"] for r in schedule["resources"]
                if r["id"].lower() == me["username"].lower() or r["name"].lower() == me["display_name"].lower()}
        for t in schedule["tasks"]:
            if not t["summary"] and t["percent_complete"] < 1 and mine & set(t["resources"]):
                due = min(t["deadline"], t["late_finish"]) if t["deadline"] else t["late_finish"]
                rows.append((not t["critical"], due, t["start"], project["id"], t["id"]))
    return [(project_id, task) for *_, project_id, task in sorted(rows)]


def test_my_work_lists_my_open_tasks_critical_and_soonest_first(page: Any, server: Server) -> None:
    token = server.token("demo", "headway-demo")
    expected = expected_order(server, token)
    assert len(expected) >= 5  # the demo gives Alex work in all three projects
    login(page, server)
    page.click("a[data-nav=my-work]")
    ready(page)
    rows = page.locator("#my-work tbody tr")
    shown = [(int(rows.nth(i).get_attribute("data-project")), rows.nth(i).get_attribute("data-task"))
             for i in range(rows.count())]
    assert shown == expected
    critical = [rows.nth(i).get_attribute("class") == "critical" for i in range(rows.count())]
    assert critical == sorted(critical, reverse=True)  # every critical task before every other
