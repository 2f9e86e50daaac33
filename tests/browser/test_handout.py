"""Building a handout with the keyboard alone, on a phone and a desktop."""

from django.urls import reverse

from tests.browser.conftest import press_and_follow, tab_to
from tests.factories import (
    FeaturedResourceFactory,
    HelpLineFactory,
    ListingFactory,
    LocationFactory,
    ResourceFactory,
    RoleFactory,
)


def test_a_home_visitor_builds_a_handout_with_the_keyboard_alone(sized_page):
    role = RoleFactory(name="Home visitors", slug="home-visitors")
    for title in ["Soothing a crying baby", "Reading your baby's cues", "Sleep"]:
        FeaturedResourceFactory(role=role, resource=ResourceFactory(title=title))
    HelpLineFactory(name="Maternal hotline", how_to_reach="Call or text 1-833-852-6262")
    page = sized_page
    page.goto(role.get_absolute_url())

    # The first Tab reaches the skip link.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"

    chosen = {"Soothing a crying baby", "Sleep"}
    for _ in range(80):
        page.keyboard.press("Tab")
        focused = page.evaluate(
            "[document.activeElement.type, document.activeElement.labels?.[0]"
            "?.textContent || document.activeElement.textContent]"
        )
        kind, label = focused
        if kind == "checkbox" and any(title in label for title in chosen):
            page.keyboard.press("Space")
        if "Make a printable handout" in (label or ""):
            outline = page.evaluate(
                "getComputedStyle(document.activeElement).outlineStyle"
            )
            assert outline != "none"  # focus is visible
            page.keyboard.press("Enter")
            break
    page.wait_for_url(f"**{reverse('guidance:handout')}?**")
    handout = page.locator("article.handout")
    text = handout.inner_text()
    assert "Soothing a crying baby" in text and "Sleep" in text
    assert "Reading your baby's cues" not in text
    assert "1-833-852-6262" in text
    assert page.locator("h1").inner_text() == "Home visitors"


def test_picks_from_the_library_and_the_directory_add_up_and_one_is_removed(page):
    ResourceFactory(title="Soothing a crying baby")
    LocationFactory(listing=ListingFactory(name="Harbor Family Therapy"))
    page.goto(reverse("resources:list"))
    tab_to(page, lambda e: e["type"] == "checkbox" and "Soothing" in e["text"])
    page.keyboard.press("Space")
    tab_to(page, lambda e: e["text"] == "Add the ticked items to my handout")
    press_and_follow(page)
    page.goto(reverse("directory:list"))
    tab_to(page, lambda e: e["type"] == "checkbox" and "Harbor" in e["text"])
    page.keyboard.press("Space")
    tab_to(page, lambda e: e["text"] == "Add the ticked items to my handout")
    press_and_follow(page)
    text = page.locator("article.handout").inner_text()
    assert "Soothing a crying baby" in text and "Harbor Family Therapy" in text
    tab_to(page, lambda e: e["text"] == "Remove: Soothing a crying baby")
    press_and_follow(page)
    text = page.locator("article.handout").inner_text()
    assert "Soothing a crying baby" not in text and "Harbor Family Therapy" in text
    page.emulate_media(media="print")
    assert not page.locator(".handout-remove").first.is_visible()
