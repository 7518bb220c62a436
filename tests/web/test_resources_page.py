"""The resource load page: people × weeks from /usage, over-allocation marked by more than colour,
totals per person, planned or leveled; on a phone it scrolls sideways with the names kept in view."""

from __future__ import annotations

import math
from typing import Any

from tests.web.conftest import PHONE, TIMEOUT_MS, VIEWER, VIEWER_PASSWORD, Console, Server, login, project_id
from tests.web.subpages import LAUNCH, open_page, screenshots_at_both_widths


def usage(server: Server, token: str, pid: int, leveled: bool = False) -> Any:
    return server.call("GET", f"/projects/{pid}/usage?by=week{'&leveled=true' if leveled else ''}", token=token)


def test_the_heat_map_shows_the_usage_json(page: Any, server: Server) -> None:
    token = server.token("demo", "headway-demo")
    pid = project_id(server, token, LAUNCH)
    login(page, server)
    open_page(page, server, pid, "resources")
    page.wait_for_selector("#resource-load")
    expected = usage(server, token, pid)
    drawn = page.evaluate("""() => [...document.querySelectorAll('#resource-load tbody tr')].map((tr) => ({
      id: tr.dataset.resource, badge: tr.querySelectorAll('.over-badge').length,
      minutes: tr.querySelector('.total').dataset.minutes,
      cells: [...tr.querySelectorAll('td.load')].map((td) => ({ over: td.classList.contains('over'),
        text: td.textContent, period: td.dataset.period })) }))""")
    assert [row["id"] for row in drawn] == [r["id"] for r in expected["resources"]]
    assert any(r["over_allocated"] for r in expected["resources"])  # the demo has over-allocated people
    for row, r in zip(drawn, expected["resources"], strict=True):
        assert row["badge"] == (1 if r["over_allocated"] else 0)
        assert row["minutes"] == str(r["work_minutes"])
        assert [c["period"] for c in row["cells"]] == [u["period"] for u in r["usage"]]
        for cell, u in zip(row["cells"], r["usage"], strict=True):
            over = u["load"] > 1.0001
            assert cell["over"] == over, (r["id"], u)
            if over:  # not colour alone: a mark, and words for screen readers
                assert "▲" in cell["text"] and "over-allocated" in cell["text"]
            if u["load"] > 0:
                assert f"{math.floor(u['load'] * 100 + 0.5)}%" in cell["text"]  # JavaScript's Math.round


def test_the_leveled_toggle_shows_the_leveled_usage(page: Any, server: Server) -> None:
    token = server.token("demo", "headway-demo")
    pid = project_id(server, token, LAUNCH)
    login(page, server)
    open_page(page, server, pid, "resources")
    page.click("button[data-mode=leveled]")
    page.wait_for_selector("#resources-body[data-mode=leveled] #resource-load")
    leveled = usage(server, token, pid, leveled=True)
    badges = page.locator("#resource-load .over-badge").count()
    assert badges == sum(1 for r in leveled["resources"] if r["over_allocated"])
    assert page.locator("button[data-mode=leveled]").get_attribute("aria-pressed") == "true"


def test_on_a_phone_it_scrolls_sideways_and_keeps_the_names(browser: Any, server: Server) -> None:
    context = browser.new_context(viewport=PHONE)
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    console = Console(page)
    token = server.token(VIEWER, VIEWER_PASSWORD)
    pid = project_id(server, token, LAUNCH)
    login(page, server, VIEWER, VIEWER_PASSWORD)  # a viewer sees the page too
    open_page(page, server, pid, "resources")
    wrap = page.locator(".heat-wrap")
    wrap.wait_for()
    assert wrap.evaluate("w => w.scrollWidth > w.clientWidth")
    name = page.locator("#resource-load tbody th.person").first
    before = name.bounding_box()
    wrap.evaluate("w => { w.scrollLeft = 400; }")
    page.wait_for_function("() => document.querySelector('.heat-wrap').scrollLeft > 0")
    after = name.bounding_box()
    assert before is not None and after is not None and abs(after["x"] - before["x"]) < 2  # sticky
    context.close()
    assert console.errors == []


def test_screenshots(browser: Any, server: Server) -> None:
    token = server.token("demo", "headway-demo")
    pid = project_id(server, token, LAUNCH)
    path = f"/projects/{pid}/resources"
    assert screenshots_at_both_widths(browser, server, path, "resources", "#resource-load") == []
