"""The risk register and the issue log: tables that match the API, filters, the probability × impact
matrix, editing with If-Match (a 412 is explained and reloads, nothing overwritten), the server's
problems next to the field, and no edit controls for a viewer (whose forced edit gets 403)."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import quote

from tests.web.conftest import VIEWER, VIEWER_PASSWORD, Console, Server, login, project_id
from tests.web.subpages import LAUNCH, MIGRATION, RELEASE, forced, open_page, screenshots_at_both_widths

UNIT_DAYS = {"d": 1.0, "ed": 1.0, "w": 5.0, "ew": 7.0, "h": 1 / 8, "m": 1 / 480, "mo": 20.0, "emo": 30.0}


def likely_days(delay: str | None) -> float:
    """An independent reading of a delay: the middle of "a/b/c", else the value, in days."""
    if not delay:
        return 0.0
    parts = delay.split("/")
    value = (parts[1] if len(parts) == 3 else parts[0]).strip()
    number, unit = re.fullmatch(r"([\d.]+)\s*([a-z]+)", value).groups()  # type: ignore[union-attr]
    return float(number) * UNIT_DAYS[unit]


def band_of(risk: dict[str, Any]) -> tuple[str, str]:
    p = risk["probability"]
    p = float(p.rstrip("%")) / 100 if isinstance(p, str) else float(p)
    days = max([likely_days(i.get("delay")) for i in risk.get("impacts", [])] or [0.0])
    prob = "high" if p >= 0.5 else "medium" if p >= 0.2 else "low"
    impact = "high" if days > 5 else "medium" if days >= 2 else "low"
    return prob, impact


def test_risks_table_and_matrix_match_the_api(page: Any, server: Server) -> None:
    token = server.token("demo", "headway-demo")
    pid = project_id(server, token, RELEASE)
    login(page, server)
    open_page(page, server, pid, "risks")
    page.wait_for_selector("#risks-list")
    risks = server.call("GET", f"/projects/{pid}/risks", token=token)
    open_ids = [r["id"] for r in risks if r.get("status", "open") == "open"]
    rows = page.locator("#risks-list tbody tr")
    assert [rows.nth(i).get_attribute("data-key") for i in range(rows.count())] == open_ids
    for risk in risks:
        if risk["id"] not in open_ids:
            continue
        prob, impact = band_of(risk)
        cell = page.locator(f'#risk-matrix td[data-probability="{prob}"][data-impact="{impact}"]')
        assert risk["id"] in cell.inner_text()
    page.select_option("#filter-status", "closed")
    assert page.locator("#risks-list tbody tr").count() == len(risks) - len(open_ids)
    page.select_option("#filter-status", "")
    page.fill("#filter-text", risks[0]["title"][:12])
    assert page.locator(f'#risks-list tbody tr[data-key="{risks[0]["id"]}"]').count() == 1


def test_an_editor_edits_a_risk_and_it_persists(console: Console, server: Server) -> None:
    page = console.page
    token = server.token("demo", "headway-demo")
    pid = project_id(server, token, LAUNCH)
    risk = server.call("GET", f"/projects/{pid}/risks", token=token)[0]
    login(page, server)
    open_page(page, server, pid, "risks")
    page.click(f'#risks-list tr[data-key="{risk["id"]}"] button.edit')
    page.wait_for_selector("#risks-form")
    page.fill("#field-probability", "200%")  # the server refuses it: said next to the field
    page.click("#risks-form button[type=submit]")
    page.wait_for_selector("#error-probability:has-text('outside')")
    new_title = risk["title"] + " (re-assessed)"
    page.fill("#field-probability", "45%")
    page.fill("#field-title", new_title)
    page.click("#risks-form button[type=submit]")
    page.wait_for_selector(f'#risks-list tr[data-key="{risk["id"]}"]:has-text("re-assessed")')
    saved = server.call("GET", f"/projects/{pid}/risks/{quote(risk['id'])}", token=token)
    assert saved["title"] == new_title and saved["probability"] in ("45%", 0.45)
    assert saved["impacts"] == risk["impacts"]  # untouched fields are kept as they were
    assert {k: v for k, v in saved.items() if k not in ("title", "probability")} == {
        k: v for k, v in risk.items() if k not in ("title", "probability")}
    page.reload()
    page.wait_for_selector(f'#risks-list tr[data-key="{risk["id"]}"]:has-text("re-assessed")')
    console.expect("422")  # provoked on purpose


def test_a_stale_edit_is_refused_explained_and_reloaded(console: Console, server: Server) -> None:
    page = console.page
    token = server.token("demo", "headway-demo")
    pid = project_id(server, token, LAUNCH)
    risk = server.call("GET", f"/projects/{pid}/risks", token=token)[-1]
    login(page, server)
    open_page(page, server, pid, "risks")
    page.click(f'#risks-list tr[data-key="{risk["id"]}"] button.edit')
    page.wait_for_selector("#risks-form")
    # someone else changes the risk meanwhile
    url = f"/projects/{pid}/risks/{quote(risk['id'])}"
    page_etag = page.request.get(f"{server.base}/api/v1{url}").headers["etag"]
    server.call("PATCH", url, token=token, body={"mitigation": "changed elsewhere"}, headers={"If-Match": page_etag})
    page.fill("#field-mitigation", "mine")
    page.click("#risks-form button[type=submit]")
    page.wait_for_selector("#status.shown:has-text('changed this risk meanwhile')")
    assert page.locator("#risks-form").count() == 0  # the form is gone, the list reloaded
    assert server.call("GET", url, token=token)["mitigation"] == "changed elsewhere"  # nothing overwritten
    page.wait_for_selector(f'#risks-list tr[data-key="{risk["id"]}"]:has-text("changed elsewhere")')
    console.expect("412")  # provoked on purpose


def test_an_editor_creates_and_closes_an_issue(console: Console, server: Server) -> None:
    page = console.page
    token = server.token("demo", "headway-demo")
    pid = project_id(server, token, MIGRATION)
    task = next(t["id"] for t in server.call("GET", f"/projects/{pid}/schedule", token=token)["tasks"]
                if not t["summary"])
    login(page, server)
    open_page(page, server, pid, "issues")
    page.click("#new-issue")
    page.fill("#field-id", "I-web")
    page.fill("#field-title", "VPN to the data centre drops nightly")
    page.select_option("#field-severity", "high")
    page.fill("#field-tasks", f"{task}, no_such_task")  # the server names the unknown task
    page.click("#issues-form button[type=submit]")
    page.wait_for_selector("#error-tasks:not(:empty)")
    page.fill("#field-tasks", task)
    page.click("#issues-form button[type=submit]")
    page.wait_for_selector('#issues-list tr[data-key="I-web"]')
    saved = server.call("GET", f"/projects/{pid}/issues/I-web", token=token)
    assert saved["title"] == "VPN to the data centre drops nightly" and saved["severity"] == "high"
    assert saved["tasks"] in ([task], task)
    page.click('#issues-list tr[data-key="I-web"] button.close-entry')
    page.wait_for_selector('#issues-list tr[data-key="I-web"]', state="detached")  # the filter shows open ones
    assert server.call("GET", f"/projects/{pid}/issues/I-web", token=token)["status"] == "closed"
    page.reload()
    page.wait_for_selector("#issues-list, #issues-table p")
    page.select_option("#filter-status", "closed")
    page.wait_for_selector('#issues-list tr[data-key="I-web"]')
    console.expect("422")  # provoked on purpose


def test_a_viewer_sees_no_edit_controls_and_a_forced_edit_is_refused(page: Any, server: Server) -> None:
    token = server.token(VIEWER, VIEWER_PASSWORD)
    pid = project_id(server, token, RELEASE)
    risk = server.call("GET", f"/projects/{pid}/risks", token=token)[0]
    login(page, server, VIEWER, VIEWER_PASSWORD)
    for name in ("risks", "issues"):
        open_page(page, server, pid, name)
        page.wait_for_selector(f"#{name}-table")
        assert page.locator("#new-risk, #new-issue, button.edit, button.close-entry").count() == 0
        assert "Read only" in page.locator("main").inner_text()
    url = f"{server.base}/api/v1/projects/{pid}/risks/{quote(risk['id'])}"
    etag = page.request.get(url).headers["etag"]
    response = forced(page, "PATCH", url, {"status": "closed"}, **{"If-Match": etag})
    assert response.status == 403, response.text()
    assert server.call("GET", f"/projects/{pid}/risks/{quote(risk['id'])}", token=token) == risk


def test_screenshots(browser: Any, server: Server) -> None:
    token = server.token("demo", "headway-demo")
    pid = project_id(server, token, LAUNCH)
    errors = screenshots_at_both_widths(browser, server, f"/projects/{pid}/risks", "risks", "#risk-matrix")
    errors += screenshots_at_both_widths(browser, server, f"/projects/{pid}/issues", "issues", "#issues-table")
    assert errors == []
