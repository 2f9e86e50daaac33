"""The embed snippet on a partner's page, on another origin, under a strict CSP."""

import http.server
import threading

import pytest

from imh_portal.pages import EMBED_SCRIPT_PATH
from tests.factories import (
    ConceptFactory,
    HelpLineFactory,
    ResourceFactory,
    RoleFactory,
)


def partner_page(
    portal: str, attributes: str = 'data-audience="parents-caregivers"'
) -> str:
    return f"""<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>Partner site</title></head><body><main>
<h1>Our family resources</h1>
<div data-imh-resources {attributes} data-limit="3"
     data-heading="From the Infant Mental Health Portal">
  <a href="{portal}/resources/?audience=parents-caregivers">More resources</a>
</div>
<script src="{portal}{EMBED_SCRIPT_PATH}" async></script>
</main></body></html>"""


@pytest.fixture
def partner_site(live_server):
    """A page on its own origin whose CSP allows only the portal."""
    yield from serve(partner_page(live_server.url), live_server)


@pytest.fixture
def partner_site_searching_danger(live_server):
    """The same, with search words that signal danger."""
    page = partner_page(live_server.url, 'data-q="i want to die"')
    yield from serve(page, live_server)


def serve(page_text: str, live_server):
    page = page_text.encode()
    policy = (
        f"default-src 'none'; script-src {live_server.url}; "
        f"connect-src {live_server.url}; style-src 'none'"
    )

    class Partner(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Security-Policy", policy)
            self.end_headers()
            self.wfile.write(page)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Partner)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}/"
    server.shutdown()


def test_the_snippet_lists_our_resources_on_a_partner_page(browser, partner_site):
    parents = RoleFactory(slug="parents-caregivers")
    for number in range(5):
        ResourceFactory(title=f"Guide {number}", audiences=[parents])
    ResourceFactory(title="For employers only")
    context = browser.new_context()
    page = context.new_page()
    errors = []
    page.on(
        "console",
        lambda message: message.type == "error" and errors.append(message.text),
    )
    page.goto(partner_site)
    page.wait_for_selector("[data-imh-ready] ul.imh-resources li")
    items = page.locator(".imh-resources li a").all_inner_texts()
    assert len(items) == 3 and all(item.startswith("Guide") for item in items)
    assert page.locator("[data-imh-resources] h2").inner_text().startswith("From")
    assert page.locator("[data-imh-resources] p a").inner_text() == "More resources"
    assert not errors, errors  # nothing blocked by the partner's CSP
    context.close()


def test_without_scripts_the_snippet_stays_a_plain_link(browser, partner_site):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(partner_site)
    link = page.locator("[data-imh-resources] a")
    assert link.inner_text() == "More resources"
    assert page.locator(".imh-resources").count() == 0
    context.close()


def test_words_of_danger_show_the_help_lines_before_any_resource(
    browser, partner_site_searching_danger
):
    ConceptFactory(name="Danger", terms_en=["want to die"], is_crisis=True)
    HelpLineFactory(name="988 Suicide & Crisis Lifeline", phone="988")
    ResourceFactory(title="When you want to die", summary="Call 988.")
    context = browser.new_context()
    page = context.new_page()
    page.goto(partner_site_searching_danger)
    page.wait_for_selector("[data-imh-ready] ul.imh-resources li")
    box = page.locator("[data-imh-resources]")
    assert box.locator("ul").first.get_attribute("class") == "imh-help-now"
    assert box.locator(".imh-help-now a[href='tel:988']").count() == 1
    context.close()
