"""The portal as people use it, in Chromium, with the keyboard alone.

Parents' journeys run at phone size (390×844) and at desktop size; the
provider's and the moderator's at desktop size. Each step is reached with Tab
and used with Enter, Space or typing, and focus must be visible at each stop.
"""

import re

from django.core import mail
from django.urls import reverse

from directory.models import Listing, ListingStatus
from tests.browser.conftest import press_and_follow, tab_to
from tests.factories import (
    ConceptFactory,
    HelpLineFactory,
    ListingFactory,
    LocationFactory,
    ModalityFactory,
    PlaceFactory,
    ResourceFactory,
    ServiceTypeFactory,
    TopicFactory,
)


def test_a_parent_searches_with_a_typo_and_two_facets_and_opens_a_resource(
    sized_page,
):
    sleep = TopicFactory(name="Sleep", slug="sleep")
    crying = TopicFactory(name="Crying and soothing", slug="crying")
    ResourceFactory(
        title="Attachment and sleep at night",
        summary="Secure attachment helps a baby settle to sleep.",
        kind="guide",
        topics=[sleep],
    )
    ResourceFactory(
        title="Attachment in the first year",
        summary="How attachment grows through everyday care.",
        kind="video",
        topics=[crying],
    )
    page = sized_page
    page.goto(reverse("resources:list"))
    tab_to(page, lambda e: e["name"] == "q")
    page.keyboard.type("atachment")  # a typo
    press_and_follow(page)
    assert page.locator(".did-you-mean").inner_text() == "Did you mean attachment?"
    # On a phone the filters are folded: open them with the keyboard.
    if page.viewport_size["width"] < 700:
        tab_to(page, lambda e: e["tag"] == "summary" and "Filter" in e["text"])
        page.keyboard.press("Enter")
    for label in ["Guide", "Sleep"]:
        tab_to(
            page, lambda e, label=label: e["type"] == "checkbox" and label in e["text"]
        )
        page.keyboard.press("Space")
    # The count at the top was for the filters as they were.
    assert page.locator(".filters__show").text_content().strip() == "Show results"
    tab_to(page, lambda e: e["text"] == "Apply filters")
    press_and_follow(page)
    # Folded again on a phone: read the text, seen or not.
    assert page.locator(".filters__show").text_content().strip() == "Show 1 result"
    titles = page.locator(".results .card__title a").all_inner_texts()
    assert titles == ["Attachment and sleep at night"]
    tab_to(page, lambda e: e["text"] == "Attachment and sleep at night")
    press_and_follow(page)
    assert page.locator("h1").inner_text() == "Attachment and sleep at night"


CRISIS_LINES_COME_BEFORE_THE_RESULTS = """() => {
  const lines = document.querySelector(".crisis-lines");
  const results = document.querySelector(".results");
  const order = lines.compareDocumentPosition(results);
  return Boolean(order & Node.DOCUMENT_POSITION_FOLLOWING);
}"""


def test_a_parent_in_danger_reaches_a_help_line_before_any_result(sized_page):
    ConceptFactory(name="Danger", terms_en=["hurt my baby"], is_crisis=True)
    HelpLineFactory(name="988 Suicide & Crisis Lifeline", phone="988")
    ResourceFactory(title="When you fear you might hurt your baby")
    page = sized_page
    page.goto(reverse("resources:list"))
    tab_to(page, lambda e: e["name"] == "q")
    page.keyboard.type("i am scared i will hurt my baby")
    press_and_follow(page)
    first_call = tab_to(page, lambda e: e["href"].startswith("tel:"))
    assert first_call["href"] == "tel:988"
    assert page.evaluate(CRISIS_LINES_COME_BEFORE_THE_RESULTS)
    box = page.locator(".crisis-lines").bounding_box()
    assert box["y"] < page.viewport_size["height"]  # seen without scrolling


def test_a_parent_finds_a_provider_near_a_zip_code_with_two_filters(sized_page):
    PlaceFactory(
        kind="postal_code",
        name="98101",
        region="US-WA",
        latitude=47.6114,
        longitude=-122.3305,
    )
    dyadic = ServiceTypeFactory(name="Dyadic therapy", slug="dyadic-therapy")
    near = ListingFactory(
        name="Capitol Hill Dyad Clinic", service_types=[dyadic], languages=["es"]
    )
    LocationFactory(listing=near, latitude=47.6253, longitude=-122.3222)
    english_only = ListingFactory(name="English Only Clinic", service_types=[dyadic])
    LocationFactory(listing=english_only, latitude=47.62, longitude=-122.33)
    far = ListingFactory(
        name="Portland Clinic", service_types=[dyadic], languages=["es"]
    )
    LocationFactory(listing=far, latitude=45.5152, longitude=-122.6784)
    page = sized_page
    page.goto(reverse("directory:list"))
    tab_to(page, lambda e: e["name"] == "near")
    page.keyboard.type("98101")
    press_and_follow(page)
    if page.viewport_size["width"] < 700:
        tab_to(page, lambda e: e["tag"] == "summary" and "Filter" in e["text"])
        page.keyboard.press("Enter")
    for label in ["Dyadic therapy", "Spanish"]:
        tab_to(
            page, lambda e, label=label: e["type"] == "checkbox" and label in e["text"]
        )
        page.keyboard.press("Space")
    tab_to(page, lambda e: e["text"] == "Apply filters")
    press_and_follow(page)
    cards = page.locator(".results .card")
    assert cards.count() == 1
    assert "Capitol Hill Dyad Clinic" in cards.first.inner_text()
    assert "miles away" in cards.first.inner_text()


def pdf_pages(document: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page[^s]", document))


def test_a_parent_prints_a_one_page_handout_on_a4_and_letter(sized_page):
    page = sized_page
    for number in range(4):
        ResourceFactory(title=f"Guide for parents {number}")
    page.goto(reverse("resources:list"))
    for number in (0, 2):
        tab_to(
            page,
            lambda e, n=number: (
                e["type"] == "checkbox" and f"Guide for parents {n}" in e["text"]
            ),
        )
        page.keyboard.press("Space")
    tab_to(page, lambda e: "to my handout" in e["text"])
    press_and_follow(page)
    assert "/handout/?" in page.url
    page.emulate_media(media="print")
    assert page.locator(".help-now").is_hidden()  # the page's own block prints
    text = page.locator("article.handout").inner_text()
    assert "Guide for parents 0" in text and "Guide for parents 2" in text
    assert "Guide for parents 1" not in text
    for paper in ["A4", "Letter"]:
        assert pdf_pages(page.pdf(format=paper)) == 1, paper


def test_a_visitor_switches_the_interface_to_spanish(sized_page):
    page = sized_page
    page.goto(reverse("resources:list") + "?q=sleep")
    tab_to(page, lambda e: e["tag"] == "a" and e["text"] == "Español")
    press_and_follow(page)
    assert page.url.endswith("/es/resources/?q=sleep")
    assert page.locator("html").get_attribute("lang") == "es"
    assert page.locator("h1").inner_text() == "Recursos"
    # The choice is kept in every link: the site's name leads to the Spanish home.
    tab_to(
        page, lambda e: e["text"] == "Portal de Salud Mental Infantil", backwards=True
    )
    press_and_follow(page)
    assert page.url.endswith("/es/")
    assert page.locator("html").get_attribute("lang") == "es"


def test_a_provider_lists_themselves_and_a_moderator_approves(page, moderator):
    PlaceFactory(
        kind="postal_code",
        name="98101",
        region="US-WA",
        latitude=47.6114,
        longitude=-122.3305,
    )
    ServiceTypeFactory(name="Dyadic therapy", slug="dyadic-therapy")
    # Find the door from the home page, and sign up, with the keyboard.
    page.goto(reverse("home"))
    tab_to(page, lambda e: e["text"] == "List your practice")
    press_and_follow(page)
    assert page.url.endswith(reverse("accounts:sign-up"))
    tab_to(page, lambda e: e["name"] == "email")
    page.keyboard.type("jordan@example.org")
    tab_to(page, lambda e: e["name"] == "password1")
    page.keyboard.type("a-good-long-passphrase")
    tab_to(page, lambda e: e["name"] == "password2")
    page.keyboard.type("a-good-long-passphrase")
    press_and_follow(page)
    assert "Check your email" in page.content()
    link = re.search(r"https?://\S+/accounts/confirm/\S+/", mail.outbox[-1].body)[0]
    page.goto(re.sub(r"^https?://[^/]+", "", link))
    page.wait_for_url(f"**{reverse('directory:mine')}")
    # Create the listing.
    tab_to(page, lambda e: e["text"] == "Add a listing")
    press_and_follow(page)
    tab_to(page, lambda e: e["type"] == "radio")
    page.keyboard.press("Space")
    fields = {
        "name": "Jordan Rivers",
        "locations-0-city": "Seattle",
        "locations-0-postal_code": "98101",
    }
    for name, value in fields.items():
        tab_to(page, lambda e, name=name: e["name"] == name)
        page.keyboard.type(value)
        if name == "name":
            for label in ["Dyadic therapy", "English", "In an office or clinic"]:
                tab_to(
                    page,
                    lambda e, label=label: (
                        e["type"] == "checkbox" and e["text"].startswith(label)
                    ),
                )
                page.keyboard.press("Space")
    tab_to(page, lambda e: e["name"] == "locations-0-region")
    page.keyboard.type("Washington")  # type-ahead in the list of states
    # One mistake: no way for families to reach them. The summary names it.
    tab_to(page, lambda e: e["tag"] == "button" and e["text"] == "Save and preview")
    press_and_follow(page)
    summary = page.locator("#form-errors").inner_text()
    assert "Phone (optional): Give families at least one way to reach you" in summary
    tab_to(page, lambda e: e["name"] == "phone")
    page.keyboard.type("206-555-0100")
    tab_to(page, lambda e: e["tag"] == "button" and e["text"] == "Save and preview")
    press_and_follow(page)
    assert page.locator("h1").inner_text() == "Preview: Jordan Rivers"
    assert "206-555-0100" in page.locator(".preview").first.inner_text()
    tab_to(page, lambda e: e["text"] == "Submit for review")
    press_and_follow(page)
    assert "Pending review" in page.content()
    listing = Listing.objects.get(name="Jordan Rivers")
    assert listing.status == ListingStatus.PENDING

    # A moderator approves it in the admin.
    page.context.clear_cookies()
    page.goto(reverse("admin:login"))
    tab_to(page, lambda e: e["name"] == "username")
    page.keyboard.type(moderator.email)
    tab_to(page, lambda e: e["name"] == "password")
    page.keyboard.type("a-long-test-password")
    press_and_follow(page)
    page.goto(f"{reverse('admin:directory_listing_changelist')}?queue=new")
    tab_to(
        page,
        lambda e: e["name"] == "_selected_action" and e["value"] == str(listing.pk),
    )
    page.keyboard.press("Space")
    tab_to(page, lambda e: e["name"] == "action", backwards=True)
    page.keyboard.type("Approve")  # type-ahead picks the approve action
    assert page.eval_on_selector("select[name=action]", "s => s.value") == "approve"
    tab_to(page, lambda e: e["name"] == "index")
    press_and_follow(page)
    listing.refresh_from_db()
    assert listing.status == ListingStatus.PUBLISHED
    page.goto(f"{reverse('directory:list')}?near=98101")
    assert "Jordan Rivers" in page.locator(".results").inner_text()


IN_FIRST_SCREEN = """(selector) => {
  const box = document.querySelector(selector).getBoundingClientRect();
  return box.top >= 0 && box.bottom <= window.innerHeight;
}"""


def test_on_a_phone_the_front_door_and_the_guided_path_need_no_scrolling(
    browser, live_server
):
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, base_url=live_server.url
    )
    page = context.new_page()
    page.goto(reverse("home"))
    for selector in [
        "#front-q",
        "#front-near",
        ".front-door button",
        ".front-door__start a",
    ]:
        assert page.evaluate(IN_FIRST_SCREEN, selector), selector
    context.close()


def test_a_parent_walks_the_guided_path_to_a_printable_page_by_keyboard(sized_page):
    PlaceFactory(
        kind="postal_code", name="98101", region="US-WA",
        latitude=47.6114, longitude=-122.3305,
    )  # fmt: skip
    far = ListingFactory(name="Tacoma Baby Clinic", age_bands=["0-12m"])
    LocationFactory(listing=far, latitude=47.2529, longitude=-122.4443)
    near = ListingFactory(name="Pike Place Dyad Care", age_bands=["0-12m"])
    LocationFactory(listing=near, latitude=47.6097, longitude=-122.3422)
    ResourceFactory(title="Baby sleep, night by night", summary="Sleep basics.")
    page = sized_page
    page.goto(reverse("home"))
    tab_to(page, lambda e: "Where do I start" in e["text"])
    press_and_follow(page)
    assert page.locator("h1").inner_text() == "Where do I start?"
    # A radio group is one Tab stop, on its chosen answer ("Not sure", the
    # last); the arrow keys choose within it, wrapping round to the first.
    tab_to(page, lambda e: e["type"] == "radio" and e["name"] == "age")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    assert page.locator("input[name=age]:checked").get_attribute("value") == "0-12m"
    tab_to(page, lambda e: e["type"] == "checkbox" and e["text"] == "Sleep")
    page.keyboard.press("Space")
    tab_to(page, lambda e: e["name"] == "near")
    page.keyboard.type("98101")
    tab_to(page, lambda e: e["text"] == "Show where to start")
    press_and_follow(page)
    assert "What to say when you call" in page.locator("main").inner_text()
    assert page.locator(".card__title a").first.inner_text() == (
        "Baby sleep, night by night"
    )
    providers = page.locator(".results .card__title a").all_inner_texts()
    assert providers == ["Pike Place Dyad Care"]  # Tacoma is 25.3 miles away
    assert "age=0-12m" in page.url and "worries=sleep" in page.url
    page.emulate_media(media="print")
    assert not page.locator("#start-questions").is_visible()
    assert page.locator("#start-call-title").is_visible()


def test_spanish_and_english_facet_labels_never_cross(sized_page):
    listing = ListingFactory(
        name="Harbor Family Therapy",
        service_types=[ServiceTypeFactory(name="Home visiting", slug="home")],
        modalities=[ModalityFactory(name="Circle of Security", slug="cos")],
    )
    LocationFactory(listing=listing)
    page = sized_page
    headings = "#main .library__filters legend"
    for language, service, model in [
        ("en", "Service", "Model or approach"),
        ("es", "Servicio", "Modelo o enfoque"),
        ("en", "Service", "Model or approach"),
    ]:
        page.goto(reverse("directory:list"))
        if page.locator("html").get_attribute("lang") != language:
            # The switcher is a plain link to this page in the other language.
            with page.expect_navigation():
                page.click(f".language-switcher a[hreflang={language}]")
        assert page.locator("html").get_attribute("lang") == language
        labels = [text.strip() for text in page.locator(headings).all_text_contents()]
        assert service in labels and model in labels, (language, labels)
        other = {"Servicio", "Modelo o enfoque"} if language == "en" else {"Service"}
        assert not other & set(labels), (language, labels)


def test_a_moderator_sees_the_queue_count_and_approves_from_the_listing_page(
    page, moderator
):
    waiting = ListingFactory(
        name="Cedar Dyad Clinic",
        status=ListingStatus.PENDING,
        delivery=["office", "telehealth"],
        telehealth_regions=["US-WA", "US-OR"],
    )
    LocationFactory(listing=waiting)
    waiting.credentials.create(
        kind="pmh_c",
        issued_by="Postpartum Support International certification board",
        details="Perinatal mental health certification, renewed every two years",
    )
    page.goto(reverse("admin:login"))
    tab_to(page, lambda e: e["name"] == "username")
    page.keyboard.type(moderator.email)
    tab_to(page, lambda e: e["name"] == "password")
    page.keyboard.type("a-long-test-password")
    press_and_follow(page)
    row = page.locator("tr", has_text="New listings waiting")
    assert row.locator("td").first.inner_text() == "1"
    tab_to(page, lambda e: e["text"] == "New listings waiting")
    press_and_follow(page)
    tab_to(page, lambda e: e["text"] == "Cedar Dyad Clinic")
    press_and_follow(page)
    # Nothing overflows a 1280 px window, credentials included.
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280
    assert page.locator("#id_telehealth_regions input:checked").count() == 2
    tab_to(page, lambda e: e["tag"] == "button" and e["text"] == "Approve")
    press_and_follow(page)
    waiting.refresh_from_db()
    assert waiting.status == ListingStatus.PUBLISHED


DISTANCES = """() => Array.from(
    document.querySelectorAll(".results .card__meta strong")
  ).map(e => e.textContent).filter(t => t.includes("miles away"))
  .map(t => parseFloat(t))"""


def test_a_zip_code_from_the_home_and_from_the_directory_lists_nearest_first(
    sized_page,
):
    PlaceFactory(
        kind="postal_code", name="98101", region="US-WA",
        latitude=47.6114, longitude=-122.3305,
    )  # fmt: skip
    for name, latitude, longitude in [
        ("Tacoma Baby Clinic", 47.2529, -122.4443),  # 25.3 miles: outside 25
        ("Ballard Dyad Care", 47.6677, -122.3847),  # 4.6 miles
        ("Pike Place Parents", 47.6097, -122.3422),  # 0.5 miles
        ("Bellevue Family Therapy", 47.6101, -122.2015),  # 6.1 miles
    ]:
        LocationFactory(
            listing=ListingFactory(name=name), latitude=latitude, longitude=longitude
        )
    ListingFactory(
        name="Washington Video Care",
        delivery=["telehealth"],
        telehealth_regions=["US-WA"],
    )
    page = sized_page
    page.goto(reverse("home"))
    tab_to(page, lambda e: e["name"] == "near")
    page.keyboard.type("98101")
    tab_to(page, lambda e: e["text"] == "Find help")
    press_and_follow(page)
    from_home = page.evaluate(DISTANCES)
    assert from_home == sorted(from_home) and from_home and max(from_home) <= 25
    page.goto(reverse("directory:list"))
    tab_to(page, lambda e: e["name"] == "near")
    page.keyboard.type("98101")
    press_and_follow(page)
    nearby = page.locator("ol[aria-labelledby=nearby-title] .card__title a")
    assert nearby.all_inner_texts() == [
        "Pike Place Parents",
        "Ballard Dyad Care",
        "Bellevue Family Therapy",
    ]
    distances = page.evaluate(DISTANCES)
    assert distances == sorted(distances) and max(distances) <= 25
    by_video = page.locator("ol[aria-labelledby=by-video-title]").inner_text()
    assert "Washington Video Care" in by_video and "miles away" not in by_video
    assert "Tacoma Baby Clinic" not in page.locator("main").inner_text()
