"""The console, projector and phone pages work under the Content-Security-
Policy: chromium reports no violation while they load, connect and render
results (which set widths and heights through el()'s style option)."""

from __future__ import annotations

import pytest
from flows import answer_choice, join_phone, log_in_and_start, open_activity, open_projector
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.server]

# Records every violation the page sees, including ones from script that
# chromium reports only as an event.
RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(`${event.violatedDirective} ${event.blockedURI}`);
});
"""


def watched(page, messages: list):
    page.add_init_script(RECORD_VIOLATIONS)
    page.on("console", lambda message: messages.append(f"{message.type}: {message.text}"))
    return page


def violations(page, messages: list) -> list[str]:
    seen = [text for text in messages if "Content Security Policy" in text]
    return seen + page.evaluate("window.__cspViolations || []")


@pytest.mark.min_group(1)  # one phone's answer draws the bars
def test_no_page_breaks_the_content_security_policy(server, pages):
    console_log, projector_log, phone_log = [], [], []
    console = log_in_and_start(watched(pages(), console_log), server)
    projector = open_projector(watched(pages(1920, 1080), projector_log), server)
    phone = join_phone(watched(pages(360, 740), phone_log), server, "Stavanger")

    open_activity(console, server, "choice")
    answer_choice(phone, "Kommunedirektør")
    console.click("[data-action='results.reveal']")
    for page in (console, projector, phone):
        expect(page.locator(".bar-fill").first).to_be_visible()
    # the width came through the CSSOM, so the bar is drawn
    width = projector.locator(".bar-fill").first.evaluate("node => node.style.width")
    assert width.endswith("%") and width != "0%"

    open_activity(console, server, "scale")  # the phone's scale form sets styles too
    expect(phone.locator(".scale-row").first).to_be_visible()

    for page, log in ((console, console_log), (projector, projector_log), (phone, phone_log)):
        assert violations(page, log) == [], page.url
