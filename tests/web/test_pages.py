"""Every page loads without a console error at laptop and phone widths, and leaves a screenshot in
build/screenshots/ for a reviewer."""

from __future__ import annotations

from typing import Any

import pytest

from tests.web.conftest import (
    LAPTOP,
    PHONE,
    TIMEOUT_MS,
    Console,
    Server,
    login,
    open_project,
    project_id,
    ready,
    screenshot,
)


@pytest.mark.parametrize("viewport", [LAPTOP, PHONE], ids=["laptop", "phone"])
def test_main_pages_render_without_console_errors(browser: Any, server: Server, viewport: dict[str, int]) -> None:
    context = browser.new_context(viewport=viewport)
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    console = Console(page)
    page.goto(f"{server.base}/")  # no session: the app sends the visitor to the login page
    page.wait_for_selector("#username")
    assert page.url.startswith(f"{server.base}/login")
    screenshot(page, "login")
    login(page, server)
    cards = page.locator(".project-card")
    assert cards.count() == 3
    assert all(cards.nth(i).locator(".rag").text_content().split(":")[0] in ("Red", "Amber", "Green") for i in range(3))
    screenshot(page, "portfolio")
    token = server.token("demo", "headway-demo")
    pid = project_id(server, token, "Ledger Pro launch")
    critical = next(t["id"] for t in server.call("GET", f"/projects/{pid}/schedule", token=token)["tasks"]
                    if t["critical"] and not t["summary"])
    open_project(page, server, pid, critical)
    assert page.locator(".gantt .bar.crit").count() > 0  # the critical path is drawn
    assert page.locator(".gantt-links path.link").count() > 0  # and the dependency arrows
    screenshot(page, "project")
    page.click("a[data-nav=my-work]")
    ready(page)
    assert page.locator("#my-work tbody tr").count() > 0
    screenshot(page, "my-work")
    page.click("#logout")
    page.wait_for_selector("#username")
    page.goto(f"{server.base}/my-work")  # logged out: back to the login page
    page.wait_for_selector("#username")
    context.close()
    assert console.errors == [], "\n".join(console.errors)


def test_wrong_password_is_explained(console: Console, server: Server) -> None:
    page = console.page
    page.goto(f"{server.base}/login")
    page.fill("#username", "demo")
    page.fill("#password", "not the password")
    page.click("form.login button[type=submit]")
    page.wait_for_selector("#login-error:has-text('Wrong user name or password')")
    console.expect("401")
