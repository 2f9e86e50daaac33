"""axe-core on every public page template, at desktop size and on a 320 px
phone, where no page may scroll sideways either (WCAG 1.4.10 reflow).

axe-core (vendor/axe-core, from its npm package) is injected by the test; the
page under test loads nothing from outside the portal. Any violation of a WCAG
2.0/2.1/2.2 level A or AA rule fails the test, with the rule and the elements.
"""

from pathlib import Path

from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from tests.browser.conftest import DESKTOP, NARROW_PHONE
from tests.factories import (
    CollectionFactory,
    CollectionItemFactory,
    ListingFactory,
    LocationFactory,
    PlaceFactory,
)

AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
RUN_AXE = """async (tags) => {
  const results = await axe.run(document, {runOnly: {type: "tag", values: tags}});
  return results.violations.map(v => ({
    rule: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.slice(0, 3).map(n => n.target.join(" ")),
  }));
}"""


MEASURE_OVERFLOW = """() => {
  const width = document.documentElement.clientWidth;
  const wide = [...document.querySelectorAll("body *")]
    .filter(e => e.getBoundingClientRect().right > width + 1)
    .slice(0, 3).map(e => e.tagName.toLowerCase() + "." + e.className);
  return {scroll: document.documentElement.scrollWidth, width, wide};
}"""


def violations(page) -> list[dict]:
    page.add_script_tag(path=str(AXE))
    found = page.evaluate(RUN_AXE, WCAG_TAGS)
    overflow = page.evaluate(MEASURE_OVERFLOW)
    if overflow["scroll"] > overflow["width"]:
        found.append(
            {
                "rule": "reflow (WCAG 1.4.10)",
                "impact": "serious",
                "help": f"{overflow['scroll']} px wide on a {overflow['width']} "
                "px screen",
                "nodes": overflow["wide"],
            }
        )
    return found


def open_api_docs(page) -> None:
    """The interactive docs build themselves in the browser: wait, then open a
    few operations so their parameters, examples and code are checked too."""
    page.goto(reverse("api-docs"))
    page.wait_for_selector(".opblock-summary")
    summaries = page.locator(".opblock-summary")
    for index in range(0, summaries.count(), 8):
        summaries.nth(index).click()
    page.wait_for_selector(".opblock-body")


def public_pages(live_server) -> list[str]:
    """Every public page template, with content on it."""
    call_command("load_starter_content", verbosity=0)
    PlaceFactory(kind="postal_code", name="98101", region="US-WA")
    listing = ListingFactory(name="Harbor Family Therapy", bio="We see **babies**.")
    LocationFactory(listing=listing)
    listing.credentials.create(kind="imhs", issued_by="WA-AIMH", year=2020)
    collection = CollectionFactory(title="Starting out")
    CollectionItemFactory(collection=collection)
    from resources.models import Resource

    resource = Resource.objects.published().first()
    book = Resource.objects.published().filter(kind="book").exclude(isbn="").first()
    return [
        reverse("home"),
        f"{reverse('resources:list')}?q=attachment&kind=website",
        f"{reverse('resources:list')}?q=zzzqqqxxx",
        # Close matches, a spelling suggestion, and the help lines first.
        f"{reverse('resources:list')}?q=my+baby+cries+all+the+time",
        f"{reverse('resources:list')}?q=atachment",
        f"{reverse('resources:list')}?q=i+want+to+hurt+my+baby",
        resource.get_absolute_url(),
        book.get_absolute_url(),
        reverse("resources:report", args=[resource.slug]),
        reverse("resources:report-thanks", args=[resource.slug]),
        reverse("resources:collections"),
        collection.get_absolute_url(),
        reverse("resources:suggest"),
        f"{reverse('directory:list')}?near=98101&radius=25",
        listing.get_absolute_url(),
        reverse("directory:report", args=[listing.slug]),
        reverse("guidance:start"),
        reverse("directory:glossary"),
        f"{reverse('guidance:start')}?age=0-12m&worries=crying&worries=safety&near=98101",
        f"{reverse('guidance:start')}?q=sleep&near=Seattel",
        reverse("guidance:role-list"),
        reverse("guidance:role-detail", args=["parents-caregivers"]),
        f"{reverse('guidance:handout')}?resource={resource.slug}&listing={listing.slug}",
        reverse("accounts:sign-up"),
        reverse("accounts:login"),
        reverse("accounts:password_reset"),
        reverse("accounts:resend-confirmation"),
        reverse("api-usage"),
        reverse("accessibility"),
        reverse("about"),
        reverse("privacy"),
        "/no-such-page/",
    ]


def pages_resource_slug(pages: list[str]) -> str:
    """The slug of the resource whose report form is among ``pages``."""
    report = next(url for url in pages if url.endswith("/report/"))
    return report.rstrip("/").split("/")[-2]


def check_all(browser, live_server, viewport, provider) -> dict[str, list]:
    pages = public_pages(live_server)
    context = browser.new_context(
        viewport=viewport, base_url=live_server.url, bypass_csp=True
    )
    page = context.new_page()
    found = {}
    for url in pages:
        page.goto(url)
        found[url] = violations(page)
    open_api_docs(page)
    found[reverse("api-docs")] = violations(page)
    # The provider's listing form, with errors, behind a login.
    page.goto(reverse("accounts:login"))
    page.fill("#id_username", provider.email)
    page.fill("#id_password", "a-long-test-password")
    with page.expect_navigation():
        page.click("form.stacked-form button[type=submit]")
    page.goto(reverse("directory:create"))
    with page.expect_navigation():
        page.click("form.stacked-form button[type=submit]")
    assert page.locator("#form-errors").count() == 1
    found["listing form with errors"] = violations(page)
    draft = ListingFactory(owner=provider, status="draft", phone="206-555-0100")
    LocationFactory(listing=draft)
    page.goto(reverse("directory:preview", args=[draft.pk]))
    found["listing preview"] = violations(page)
    page.goto(reverse("resources:report", args=[pages_resource_slug(pages)]))
    page.click("form.stacked-form button[type=submit]")
    assert page.locator("#form-errors").count() == 1
    found["resource report form with errors"] = violations(page)
    # Every page again in Spanish, reached as a visitor does: by the switcher.
    for url in pages:
        page.goto(url)
        switcher = page.locator(".language-switcher a[hreflang=es]")
        if switcher.count():
            switcher.click()
            page.wait_for_load_state()
            assert page.locator("html").get_attribute("lang") == "es", url
        else:
            page.goto(f"/es{url}")
        found[f"{url} in Spanish"] = violations(page)
    context.close()
    mail.outbox.clear()
    return found


def assert_no_violations(found: dict[str, list]) -> None:
    failures = {url: found_here for url, found_here in found.items() if found_here}
    assert not failures, "\n".join(
        f"{url}: {item['rule']} ({item['impact']}): {item['help']} {item['nodes']}"
        for url, found_here in failures.items()
        for item in found_here
    )


def test_every_public_page_passes_axe_on_a_desktop(browser, live_server, provider):
    found = check_all(browser, live_server, DESKTOP, provider)
    assert len(found) >= 60
    assert_no_violations(found)


def test_every_public_page_passes_axe_and_reflows_on_a_320px_phone(
    browser, live_server, provider
):
    assert_no_violations(check_all(browser, live_server, NARROW_PHONE, provider))


def test_the_checker_itself_catches_a_barrier(browser, live_server):
    """Guard against a silent checker: a planted barrier must be reported."""
    context = browser.new_context(base_url=live_server.url, bypass_csp=True)
    page = context.new_page()
    page.goto(reverse("about"))
    page.evaluate(
        """() => {
          const img = document.createElement("img");
          img.src = "/static/img/favicon.svg";
          document.querySelector("main").appendChild(img);
          const low = document.createElement("p");
          low.textContent = "Hard to read";
          low.style.color = "#bbbbbb";
          document.querySelector("main").appendChild(low);
        }"""
    )
    rules = {item["rule"] for item in violations(page)}
    assert {"image-alt", "color-contrast"} <= rules
    context.close()
