"""Resizing a bar and editing in the task panel with the keyboard, checked through the API."""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np

from tests.web.conftest import Server, box_of, login, open_project, project_id
from tests.web.test_gantt import PROJECT, open_leaf, schedule

PX_PER_DAY = 14  # the week zoom


def test_dragging_the_end_of_a_bar_changes_its_duration_by_the_working_days_crossed(page: Any, server: Server) -> None:
    token = server.token("demo", "headway-demo")
    pid = project_id(server, token, PROJECT)
    data = schedule(server, token, pid)
    per_day = data["project"]["minutes_per_day"]
    task = next(t for t in data["tasks"] if open_leaf(t)  # a duration-driven task: the drag changes its duration
                and "duration" in server.call("GET", f"/projects/{pid}/tasks/{t['id']}", token=token))
    login(page, server)
    open_project(page, server, pid, task["id"])
    handle = box_of(page.locator(f'.bar[data-id="{task["id"]}"] .handle-end'))
    x, y = handle["x"] + handle["width"] / 2, handle["y"] + handle["height"] / 2
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x + 5 * PX_PER_DAY, y, steps=8)
    page.mouse.up()
    page.wait_for_selector("#status.shown")
    assert "changed the length" in page.locator("#status").inner_text()
    finish = dt.date.fromisoformat(task["finish"][:10])
    crossed = int(np.busday_count(finish + dt.timedelta(days=1), finish + dt.timedelta(days=6)))
    expected = round(task["duration_minutes"] / per_day + crossed, 1)
    assert server.call("GET", f"/projects/{pid}/tasks/{task['id']}", token=token)["duration"] == f"{expected:g}d"


def test_keyboard_opens_the_task_panel_and_saves_an_edit(page: Any, server: Server) -> None:
    token = server.token("demo", "headway-demo")
    pid = project_id(server, token, PROJECT)
    rows = [t for t in schedule(server, token, pid)["tasks"]]  # all expanded: the rows in plan order
    login(page, server)
    open_project(page, server, pid)
    page.locator(".gantt").focus()
    page.keyboard.press("Home")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    assert page.locator(".row.active").get_attribute("data-id") == rows[2]["id"]
    page.keyboard.press("Enter")
    page.wait_for_selector(".panel:not([hidden]) #field-name")
    assert page.locator("#panel-title").inner_text() == rows[2]["name"]
    assert page.evaluate("document.activeElement.id") == "field-name"
    page.fill("#field-name", "Renamed from the panel")
    page.fill("#field-notes", "typed in the browser")
    page.click(".panel button[type=submit]")
    page.wait_for_selector("#status.shown:has-text('edited')")
    entry = server.call("GET", f"/projects/{pid}/tasks/{rows[2]['id']}", token=token)
    assert (entry["name"], entry["notes"]) == ("Renamed from the panel", "typed in the browser")
    page.keyboard.press("Escape")
    assert page.locator(".panel").is_hidden()
    page.keyboard.press("ArrowLeft")  # on a leaf: go to its parent row
    assert page.locator(".row.active").get_attribute("data-id") == rows[2]["parent"]


def test_hover_shows_dates_float_and_what_drives_the_start(page: Any, server: Server) -> None:
    token = server.token("demo", "headway-demo")
    pid = project_id(server, token, PROJECT)
    task = next(t for t in schedule(server, token, pid)["tasks"]
                if open_leaf(t) and t["driver"] and t["driver"]["kind"] == "link")
    login(page, server)
    open_project(page, server, pid, task["id"])
    page.locator(f'.bar[data-id="{task["id"]}"]').hover()
    tip = page.locator("#gantt-tooltip")
    tip.wait_for(state="visible")
    assert task["name"] in tip.inner_text() and "Total float" in tip.inner_text()
    days = task["total_float_minutes"] / schedule(server, token, pid)["project"]["minutes_per_day"]
    assert f"{round(days, 1):g} d" in tip.inner_text()
    assert task["driver"]["predecessor"] in tip.locator(".why").inner_text()  # the driving predecessor, named


def test_the_panel_moves_a_task_without_a_mouse(page: Any, server: Server) -> None:
    token = server.token("demo", "headway-demo")
    pid = project_id(server, token, PROJECT)
    data = schedule(server, token, pid)
    task = next(t for t in data["tasks"] if open_leaf(t) and t["driver"] and t["driver"]["kind"] == "link")
    later = (dt.date.fromisoformat(task["start"][:10]) + dt.timedelta(days=14)).isoformat()
    login(page, server)
    open_project(page, server, pid, task["id"])
    page.locator(".gantt").focus()
    page.keyboard.press("Enter")
    page.wait_for_selector(".panel:not([hidden]) #field-snet")
    page.fill("#field-snet", later)
    page.keyboard.press("Enter")  # submits the form
    page.wait_for_selector("#status.shown:has-text('edited')")
    moved = next(t for t in schedule(server, token, pid)["tasks"] if t["id"] == task["id"])
    assert moved["start"][:10] >= later and moved["driver"]["kind"] == "constraint"
