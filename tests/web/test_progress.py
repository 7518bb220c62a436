"""The progress update form: only leaf tasks to pick, the server's problems next to their field, a
saved update shown by the recomputed schedule (and on the Gantt), and a viewer who cannot record."""

from __future__ import annotations

from typing import Any

from tests.web.conftest import VIEWER, VIEWER_PASSWORD, Console, Server, login, open_project, project_id
from tests.web.subpages import MIGRATION, forced, open_page, screenshots_at_both_widths


def schedule(server: Server, token: str, pid: int) -> Any:
    return server.call("GET", f"/projects/{pid}/schedule", token=token)


def test_only_leaf_tasks_can_be_picked(page: Any, server: Server) -> None:
    token = server.token("demo", "headway-demo")
    pid = project_id(server, token, MIGRATION)
    login(page, server)
    open_page(page, server, pid, "progress")
    options = page.eval_on_selector_all("#field-task option", "os => os.map((o) => o.value).filter(Boolean)")
    tasks = schedule(server, token, pid)["tasks"]
    assert options == [t["id"] for t in tasks if not t["summary"]]
    assert any(t["summary"] for t in tasks)  # so there were summaries to leave out


def test_an_update_is_recorded_and_problems_show_by_their_field(console: Console, server: Server) -> None:
    page = console.page
    token = server.token("demo", "headway-demo")
    pid = project_id(server, token, MIGRATION)
    data = schedule(server, token, pid)
    task = next(t for t in data["tasks"] if not t["summary"] and not t["milestone"] and t["percent_complete"] == 0)
    started = data["project"]["status_date"][:10]  # the form dates the entry on the status date
    login(page, server)
    open_page(page, server, pid, "progress")
    page.select_option("#field-task", task["id"])
    page.fill("#field-done", "150%")
    page.click("#progress-form button[type=submit]")
    page.wait_for_selector("#error-done:has-text('outside')")
    assert page.locator("#error-remaining").inner_text() == ""
    page.fill("#field-done", "40%")
    page.fill("#field-actual_start", started)
    page.click("#progress-form button[type=submit]")
    page.wait_for_selector("#status.shown:has-text('Recorded progress')")
    after = next(t for t in schedule(server, token, pid)["tasks"] if t["id"] == task["id"])
    assert after["percent_complete"] == 0.4 and after["actual_start"] is not None
    assert page.locator('#task-standing [data-field="percent_complete"]').inner_text() == "40%"
    entries = server.call("GET", f"/projects/{pid}/progress?task={task['id']}", token=token)
    assert entries[-1]["task"] == task["id"] and entries[-1]["done"] in ("40%", 0.4)
    open_project(page, server, pid, task["id"])  # the Gantt shows the new progress
    fill = page.locator(f'.bar[data-id="{task["id"]}"] .fill')
    fill.wait_for(state="attached")
    assert fill.evaluate("f => parseFloat(f.style.width)") == 40
    console.expect("422")  # the refused 150 %


def test_a_viewer_cannot_record_progress(page: Any, server: Server) -> None:
    token = server.token(VIEWER, VIEWER_PASSWORD)
    pid = project_id(server, token, MIGRATION)
    task = next(t for t in schedule(server, token, pid)["tasks"] if not t["summary"])
    login(page, server, VIEWER, VIEWER_PASSWORD)
    open_page(page, server, pid, "progress")
    assert page.locator("#progress-form button[type=submit]").count() == 0
    assert page.locator("#field-done").is_disabled()
    before = server.call("GET", f"/projects/{pid}/progress", token=token)
    url = f"{server.base}/api/v1/projects/{pid}/progress"
    response = forced(page, "POST", url, {"task": task["id"], "done": "90%"})
    assert response.status == 403, response.text()
    assert server.call("GET", f"/projects/{pid}/progress", token=token) == before


def test_screenshots(browser: Any, server: Server) -> None:
    token = server.token("demo", "headway-demo")
    pid = project_id(server, token, MIGRATION)
    assert screenshots_at_both_widths(browser, server, f"/projects/{pid}/progress", "progress", "#progress-form") == []
