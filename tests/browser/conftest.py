"""Real-browser tests: Playwright driving Debian's Chromium against a live server.

Chromium is the system's (``apt-get install chromium``); Playwright never
downloads a browser here. Every test runs on a live server in a real database
transaction that is rolled back (with the migrations' data restored) after.
"""

import os
import shutil

import pytest

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PHONE = {"width": 390, "height": 844}
# The narrowest screen WCAG 1.4.10 asks pages to reflow to without scrolling
# sideways (320 CSS pixels).
NARROW_PHONE = {"width": 320, "height": 640}
DESKTOP = {"width": 1280, "height": 900}


@pytest.hookimpl(tryfirst=True)  # before -m reads the markers
def pytest_collection_modifyitems(config, items):
    """Every test here is a ``browser`` test (``make check`` leaves them out),
    and needs a transactional database: the live server's thread must see
    what the test wrote."""
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)
            item.add_marker(pytest.mark.django_db(transaction=True))


@pytest.fixture(autouse=True)
def each_test_starts_with_migration_data(migration_data):
    """Groups, permissions and places, whatever the test before flushed."""


@pytest.fixture(scope="session")
def orm_beside_playwright():
    """Playwright's sync API runs an event loop in this thread; the ORM calls
    tests make between browser steps are still synchronous and safe. Only for
    the browser tests, so no other test or subprocess inherits it."""
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    yield
    del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]


@pytest.fixture(scope="session")
def browser(orm_beside_playwright):
    if not shutil.which(CHROMIUM):
        pytest.fail(f"Chromium is missing at {CHROMIUM}: apt-get install chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_FLAGS
        )
        yield browser
        browser.close()


@pytest.fixture(params=[DESKTOP, PHONE], ids=["desktop", "phone"])
def viewport(request):
    return request.param


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(viewport=DESKTOP, base_url=live_server.url)
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


@pytest.fixture
def sized_page(browser, live_server, viewport):
    """The same page at desktop and at phone size."""
    context = browser.new_context(viewport=viewport, base_url=live_server.url)
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def tab_to(page, matches, *, limit: int = 150, backwards: bool = False) -> dict:
    """Press Tab until the focused element matches; check focus is visible.

    ``matches(element)`` gets a dict describing the focused element: tag,
    type, name, value, text (label or content), href. Fails if it is never
    reached, so a test proves the control can be reached with the keyboard.
    """
    key = "Shift+Tab" if backwards else "Tab"
    for _ in range(limit):
        page.keyboard.press(key)
        element = page.evaluate(FOCUSED)
        if element and matches(element):
            assert element["outline"] != "none" or element["shadow"] != "none", (
                f"focus is not visible on {element}"
            )
            return element
    raise AssertionError(f"never reached with {key} after {limit} presses")


FOCUSED = """() => {
  const e = document.activeElement;
  if (!e || e === document.body) return null;
  const style = getComputedStyle(e);
  const label = e.labels && e.labels[0] ? e.labels[0].textContent : "";
  return {
    tag: e.tagName.toLowerCase(), type: e.type || "", name: e.name || "",
    value: e.value || "", href: e.getAttribute("href") || "",
    text: (label || e.textContent || "").trim().replace(/\\s+/g, " "),
    outline: style.outlineStyle, shadow: style.boxShadow,
  };
}"""


def press_and_follow(page, key: str = "Enter") -> None:
    """Press a key that submits a form or follows a link, and wait for the page."""
    with page.expect_navigation():
        page.keyboard.press(key)
