"""The Gantt tooltip shows every task's forecast P80 finish, from GET /forecast?tasks=true fetched once
(on the first hover, not on each), and equal to that endpoint's figure."""

from __future__ import annotations

from typing import Any

from tests.web.conftest import Server, login, open_project, project_id
from tests.web.subpages import RELEASE, fmt_date


def test_hover_shows_the_p80_finish_fetched_once(page: Any, server: Server) -> None:
    token = server.token("demo", "headway-demo")
    pid = project_id(server, token, RELEASE)
    tasks = [t for t in server.call("GET", f"/projects/{pid}/schedule", token=token)["tasks"] if not t["summary"]]
    asked: list[str] = []
    page.on("request", lambda r: asked.append(r.url) if "/forecast?" in r.url and "tasks=true" in r.url else None)
    login(page, server)
    open_project(page, server, pid)
    assert asked == []  # nothing before the first hover
    hovered = [t for t in tasks if page.locator(f'.bar[data-id="{t["id"]}"]').count()][:3]
    assert len(hovered) >= 2
    tip = page.locator("#gantt-tooltip")
    for task in hovered:
        page.locator(f'.bar[data-id="{task["id"]}"]').hover()
        tip.wait_for(state="visible")
        page.wait_for_selector("#gantt-tooltip .p80:has-text('P80 finish:')")
        forecast = server.call("GET", f"/projects/{pid}/forecast?tasks=true", token=token)
        p80 = next(row["p80"] for row in forecast["tasks"] if row["id"] == task["id"])
        assert tip.locator(".p80").inner_text() == f"P80 finish: {fmt_date(p80)}"
        page.mouse.move(0, 0)
    assert len(asked) == 1, asked  # one request for every hover of this revision
