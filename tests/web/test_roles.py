"""A viewer sees the plan but no edit controls, and the server refuses an edit forced from the page."""

from __future__ import annotations

from typing import Any

from tests.web.conftest import VIEWER, VIEWER_PASSWORD, Server, login, open_project, project_id


def test_viewer_has_no_edit_controls_and_a_forced_edit_is_refused(page: Any, server: Server) -> None:
    token = server.token(VIEWER, VIEWER_PASSWORD)
    pid = project_id(server, token, "Ledger Pro launch")
    before = server.call("GET", f"/projects/{pid}/tasks/prd", token=token)
    login(page, server, VIEWER, VIEWER_PASSWORD)
    open_project(page, server, pid)
    assert page.locator(".gantt .bar").count() > 0
    for control in (".handle-end", ".handle-link", "#undo"):
        assert page.locator(control).count() == 0, control
    assert page.locator(".gantt").get_attribute("aria-readonly") == "true"
    page.locator(".row[data-id=prd] .cell-name").click()
    page.wait_for_selector(".panel:not([hidden]) #field-name")
    assert page.locator("#field-name").get_attribute("readonly") is not None
    assert page.locator(".panel button[type=submit]").count() == 0
    # the edit the page would make, with the viewer's session cookie and CSRF token, sent anyway
    csrf = next(c["value"] for c in page.context.cookies() if c["name"] == "headway_csrf")
    forced = page.request.patch(f"{server.base}/api/v1/projects/{pid}/tasks/prd", data={"duration": "9d"},
                                headers={"If-Match": "*", "X-CSRF-Token": csrf})
    assert forced.status == 403, forced.text()
    assert server.call("GET", f"/projects/{pid}/tasks/prd", token=token) == before
