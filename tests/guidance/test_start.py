"""The front door and the guided "Where do I start?" path: a family's situation
and place in, the help line that fits, five resources, providers near them or
by video, and what to say when they call, on one page that is its address."""

import pytest
from django.urls import reverse

from tests.factories import (
    ConceptFactory,
    ListingFactory,
    LocationFactory,
    PlaceFactory,
    ResourceFactory,
)
from tests.pages import reverse_in

pytestmark = pytest.mark.django_db

START_PAGE_QUERIES = 24


@pytest.fixture
def seattle(db):
    PlaceFactory(
        kind="postal_code", name="98101", region="US-WA", latitude=47.6114,
        longitude=-122.3305,
    )  # fmt: skip
    PlaceFactory(kind="city", name="Seattle", region="US-WA")
    near = ListingFactory(name="Harbor Family Therapy", age_bands=["0-12m"])
    LocationFactory(listing=near)
    older = ListingFactory(name="Preschool Play Therapy", age_bands=["3-5y"])
    LocationFactory(listing=older)
    ListingFactory(
        name="Washington Video Care",
        delivery=["telehealth"],
        telehealth_regions=["US-WA"],
        age_bands=["0-12m"],
    )
    for number in range(7):
        ResourceFactory(
            slug=f"crying-{number}",
            title=f"When your baby cries, guide {number}",
            summary="Why babies cry and how to soothe them.",
        )
    ResourceFactory(slug="sleep-guide", title="Baby sleep", summary="Sleep basics.")


def start(client, page_language: str = "en", **answers):
    return client.get(reverse_in(page_language, "guidance:start"), answers)


def test_the_home_page_asks_what_is_going_on_and_where_and_offers_the_path(client):
    html = client.get(reverse("home")).content.decode()
    form = html[html.index('<form class="front-door" role="search"') :]
    form = form[: form.index("</form>")]
    assert f'action="{reverse("guidance:start")}"' in form
    assert 'name="q"' in form and 'name="near"' in form
    assert "s going on?</label>" in form and "Where are you?</label>" in form
    assert f'href="{reverse("guidance:start")}"' in html


def test_the_questions_come_first_and_nothing_is_searched_yet(client):
    response = start(client)
    html = response.content.decode()
    assert response.status_code == 200
    assert "How old is your child?" in html
    assert "What to say when you call" not in html


def test_the_front_door_answer_gives_resources_providers_and_words_to_say(
    client, seattle, django_assert_max_num_queries
):
    with django_assert_max_num_queries(START_PAGE_QUERIES):
        response = start(client, q="my baby cries all the time", near="98101")
    assert response.status_code == 200
    resources = [row.slug for row in response.context["resources"].page]
    assert len(resources) == 5
    assert all(slug.startswith("crying-") for slug in resources)
    providers = [row.name for row in response.context["providers"].page]
    assert providers[0] == "Harbor Family Therapy"
    assert "Washington Video Care" in providers
    html = response.content.decode()
    assert "Providers near 98101" in html
    assert "What to say when you call" in html


def test_the_child_s_age_narrows_the_providers_and_goes_in_the_words_to_say(
    client, seattle
):
    response = start(client, age="0-12m", worries=["crying"], near="Seattle")
    providers = [row.name for row in response.context["providers"].page]
    assert "Preschool Play Therapy" not in providers
    html = response.content.decode()
    assert "s age: 0–12 months." in html
    assert "I am worried about: crying that will not stop." in html


def test_a_danger_signal_puts_the_help_lines_first(client, seattle):
    html = start(client, worries=["safety"]).content.decode()
    assert html.index("Talk to someone now") < html.index("Read first")


def test_words_of_danger_typed_in_put_the_help_lines_first(client, seattle):
    ConceptFactory(
        name="Thoughts of harming the baby",
        terms_en=["hurt my baby"],
        is_crisis=True,
    )
    html = start(client, q="i want to hurt my baby").content.decode()
    assert "Talk to someone now" in html


def test_an_unknown_place_keeps_the_answers_and_suggests_places(client, seattle):
    response = start(client, q="sleep", near="Seattel")
    html = response.content.decode()
    assert response.status_code == 200
    assert "We could not find “Seattel”." in html
    assert 'value="Seattel"' in html
    assert response.context["resources"].page.object_list


def test_no_place_asks_for_one_instead_of_listing_everyone(client, seattle):
    response = start(client, worries=["sleep"])
    assert response.context["providers"] is None
    assert "Tell us your ZIP code or city" in response.content.decode()


def test_bad_answers_are_ignored_with_a_message_not_an_error(client, seattle):
    response = start(client, age="ten", worries=["nonsense"], q="x" * 500)
    assert response.status_code == 200
    assert "Select a valid choice." in response.content.decode()


def test_the_page_is_the_same_in_spanish_and_says_so(client, seattle):
    html = start(client, "es", worries=["crying"], near="98101").content.decode()
    assert "Qué decir cuando llame" in html
    assert "Proveedores cerca de 98101" in html


def test_the_language_asked_for_narrows_providers_and_goes_in_the_words_to_say(
    client, seattle
):
    spanish = ListingFactory(name="Clínica Familiar", languages=["en", "es"])
    LocationFactory(listing=spanish)
    response = start(client, near="98101", language="es")
    providers = [row.name for row in response.context["providers"].page]
    assert providers == ["Clínica Familiar"]
    assert "We would like help in Spanish." in response.content.decode()
