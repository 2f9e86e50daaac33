"""Building a handout with the keyboard alone, on a phone and a desktop."""

from django.urls import reverse

from tests.factories import (
    FeaturedResourceFactory,
    HelpLineFactory,
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
