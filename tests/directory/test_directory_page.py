"""The /directory/ page: near-me search, filters, labels, bad input."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from directory.models import Listing, PlaceKind
from tests.factories import (
    ListingFactory,
    LocationFactory,
    ModalityFactory,
    PlaceFactory,
    ServiceTypeFactory,
)
from tests.pages import reverse_in

pytestmark = pytest.mark.django_db


def search(client, **params):
    response = client.get(reverse("directory:list"), params)
    assert response.status_code == 200
    return response


def names(response) -> list[str]:
    return [listing.name for listing in response.context["results"].page]


def at(listing, latitude, longitude):
    LocationFactory(listing=listing, latitude=latitude, longitude=longitude)
    return listing


@pytest.fixture
def seattle_area():
    PlaceFactory(
        kind=PlaceKind.POSTAL_CODE,
        name="98101",
        region="US-WA",
        latitude=47.6114,
        longitude=-122.3305,
    )
    PlaceFactory(name="Seattle", latitude=47.6062, longitude=-122.3321, population=1)
    PlaceFactory(name="Tacoma", latitude=47.2529, longitude=-122.4443, population=1)
    dyadic = ServiceTypeFactory(name="Dyadic therapy", slug="dyadic-therapy")
    home = ServiceTypeFactory(name="Home visiting", slug="home-visiting")
    cpp = ModalityFactory(name="Child-Parent Psychotherapy", slug="cpp")
    at(
        ListingFactory(
            name="Tacoma Family Therapy",
            service_types=[dyadic],
            modalities=[cpp],
            languages=["en", "es"],
            payment=["medicaid"],
        ),
        47.2529,
        -122.4443,
    )  # 40.77 km, 25.3 miles
    at(
        ListingFactory(name="Capitol Hill Home Visits", service_types=[home]),
        47.6253,
        -122.3222,
    )  # 1.67 km, 1.0 miles
    at(
        ListingFactory(name="Olympia Clinic", service_types=[dyadic]),
        47.0379,
        -122.9007,
    )
    ListingFactory(
        name="Washington Telehealth",
        delivery=["telehealth"],
        telehealth_regions=["US-WA"],
        service_types=[dyadic],
    )


def test_a_zip_code_search_lists_nearby_providers_nearest_first(client, seattle_area):
    response = search(client, near="98101", radius=50)
    assert names(response) == [
        "Capitol Hill Home Visits",
        "Tacoma Family Therapy",
        "Olympia Clinic",
        "Washington Telehealth",
    ]
    html = response.content.decode()
    assert "1.0 miles away" in html
    assert "25.3 miles away" in html
    assert "47.8 miles away" in html
    assert "<strong>Telehealth</strong>" in html
    assert "4 providers near 98101" in html
    assert html.index("In person, within 50 miles") < html.index("Olympia Clinic")
    assert html.index("By video in Washington") < html.index("Washington Telehealth")


def test_a_telehealth_practice_beyond_the_radius_is_by_video_without_a_distance(
    client, seattle_area
):
    # An office 27.5 miles from 98101 (Tacoma's, 25.3, is outside 25 too).
    tacoma = Listing.objects.get(name="Tacoma Family Therapy")
    tacoma.delivery = ["office", "telehealth"]
    tacoma.telehealth_regions = ["US-WA"]
    tacoma.save()
    response = search(client, near="98101", radius=25)
    html = response.content.decode()
    assert names(response) == [
        "Capitol Hill Home Visits",
        "Tacoma Family Therapy",
        "Washington Telehealth",
    ]
    assert "25.3 miles away" not in html
    nearby = html[html.index("In person, within 25 miles") : html.index("By video in")]
    assert "Capitol Hill Home Visits" in nearby
    assert "Tacoma Family Therapy" not in nearby
    assert all(
        listing.distance is None or listing.distance <= 25
        for listing in response.context["results"].page
    )


def test_the_radius_can_be_given_in_km(client, seattle_area):
    response = search(client, near="98101", radius=40, unit="km")
    assert names(response) == ["Capitol Hill Home Visits", "Washington Telehealth"]
    assert "1.7 km away" in response.content.decode()


def test_a_city_name_works_like_a_zip_code(client, seattle_area):
    assert names(search(client, near="Tacoma", radius=10)) == [
        "Tacoma Family Therapy",
        "Washington Telehealth",
    ]


def test_filters_combine_with_distance_and_text(client, seattle_area):
    response = search(
        client, near="98101", radius=100, service="dyadic-therapy", language="es"
    )
    assert names(response) == ["Tacoma Family Therapy"]
    response = search(client, near="98101", radius=100, q="psychotherapy")
    assert names(response) == ["Tacoma Family Therapy"]
    response = search(client, model="cpp", payment="medicaid")
    assert names(response) == ["Tacoma Family Therapy"]


def test_facet_counts_cover_the_providers_in_range(client, seattle_area):
    response = search(client, near="98101", radius=50)
    service = next(f for f in response.context["results"].facets if f.name == "service")
    counts = {option.value: option.count for option in service.options}
    assert counts == {"dyadic-therapy": 3, "home-visiting": 1}


@pytest.mark.parametrize(
    ("near", "message", "suggested"),
    [
        ("99999", "We do not know the ZIP code “99999”.", []),
        ("Seatle", "We could not find a place called “Seatle”.", ["Seattle, WA"]),
        ("Nowhere, ZZ", "We could not find a place called “Nowhere, ZZ”.", []),
    ],
)
def test_an_unknown_place_keeps_the_words_suggests_close_matches_and_lists_nobody(
    client, seattle_area, near, message, suggested
):
    html = search(client, near=near, radius=25).content.decode()
    assert message in html
    assert f'value="{near}" aria-invalid="true"' in html
    assert 'class="results"' not in html  # no list as if nothing happened
    links = re.findall(r'<a href="\?([^"]*near=[^"]*)">([^<]*)</a>', html)
    assert [text for _query, text in links] == suggested
    for query, _text in links:
        assert "radius=25" in query  # the rest of the search is kept


def test_a_place_outside_the_us_says_what_the_directory_covers(client, seattle_area):
    PlaceFactory(name="Vancouver", region="CA-BC", latitude=49.28, longitude=-123.12)
    html = search(client, near="Vancouver, BC").content.decode()
    assert "lists providers in the United States for now" in html


@pytest.mark.parametrize("radius", ["0", "10000", "-5", "lots"])
def test_an_impossible_radius_gets_a_clear_message(client, seattle_area, radius):
    response = search(client, near="98101", radius=radius)
    assert "Choose a distance of 5 to 100 miles" in response.content.decode()
    assert names(response)[0] == "Capitol Hill Home Visits"


def test_sample_listings_are_labelled_in_results_and_on_their_page(client):
    sample = at(ListingFactory(name="Sample Clinic", is_sample=True), 47.6, -122.3)
    assert "Sample listing — not a real provider" in search(client).content.decode()
    html = client.get(sample.get_absolute_url()).content.decode()
    assert "Sample listing — not a real provider" in html


def test_stale_listings_carry_a_note_and_very_old_ones_are_hidden(client):
    today = timezone.localdate()
    ListingFactory(name="Fresh", confirmed_on=today)
    stale = ListingFactory(
        name="Unconfirmed", confirmed_on=today - datetime.timedelta(days=420)
    )
    ListingFactory(name="Gone quiet", confirmed_on=today - datetime.timedelta(days=600))
    response = search(client)
    assert names(response) == ["Fresh", "Unconfirmed"]
    assert "may be out of date" in client.get(stale.get_absolute_url()).content.decode()


@pytest.mark.parametrize(
    "status", ["draft", "pending", "rejected", "withdrawn", "suspended"]
)
def test_listings_that_are_not_live_have_no_page(client, status):
    listing = ListingFactory(status=status, published_at=None)
    assert client.get(listing.get_absolute_url()).status_code == 404
    assert listing.name not in search(client).content.decode()


def test_the_listing_page_explains_what_a_credential_does_and_does_not_mean(client):
    listing = ListingFactory(name="Dr. Example", bio="<script>x()</script>**Hello**")
    listing.credentials.create(kind="imhs", issued_by="MI-AIMH", year=2019)
    html = client.get(listing.get_absolute_url()).content.decode()
    assert "Infant Mental Health Specialist (IMH-E®), MI-AIMH (2019)" in html
    assert "not yet checked" in html
    assert "does not guarantee the quality of care" in html
    assert "<strong>Hello</strong>" in html
    assert "<script>x()" not in html


def test_the_listing_page_names_the_regions_served_by_telehealth(client):
    listing = ListingFactory(
        delivery=["telehealth"], telehealth_regions=["US-WA", "CA-BC"]
    )
    html = client.get(listing.get_absolute_url()).content.decode()
    assert "Telehealth for families in: Washington, US; British Columbia, CA" in html


DIRECTORY_PAGE_QUERIES = 12


@pytest.mark.parametrize("shown", [1, 20])
def test_the_page_runs_a_fixed_number_of_queries_whatever_the_page_size(
    client, django_assert_max_num_queries, seattle_area, shown
):
    dyadic = ServiceTypeFactory(slug="dyadic-therapy")
    for number in range(shown):
        at(
            ListingFactory(name=f"Clinic {number}", service_types=[dyadic]),
            47.6,
            -122.3,
        )
    with django_assert_max_num_queries(DIRECTORY_PAGE_QUERIES):
        response = search(client, near="98101", service="dyadic-therapy")
    # Tacoma, 25.3 miles away, is just outside the default 25; telehealth is in.
    assert len(names(response)) == min(20, shown + 1)
    assert Listing.objects.count() >= shown


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"endorsement": "imhs"}, ["Endorsed"]),
        ({"endorsement": ["imhs", "pmh_c"]}, ["Certified", "Endorsed"]),
        ({"delivery": "home_visits"}, ["Home visitor"]),
        ({"accepting": "waitlist"}, ["Certified"]),
        ({"kind": "organization"}, ["Home visitor"]),
        ({"age": "prenatal"}, ["Certified"]),
        ({"payment": "sliding_scale"}, ["Endorsed"]),
        ({"language": "vi"}, ["Home visitor"]),
    ],
)
def test_each_remaining_filter_narrows_the_results(client, params, expected):
    endorsed = ListingFactory(name="Endorsed", payment=["sliding_scale"])
    endorsed.credentials.create(kind="imhs", issued_by="MI-AIMH")
    certified = ListingFactory(
        name="Certified", accepting="waitlist", age_bands=["prenatal", "0-12m"]
    )
    certified.credentials.create(kind="pmh_c")
    ListingFactory(
        name="Home visitor",
        kind="organization",
        delivery=["home_visits"],
        languages=["en", "vi"],
    )
    assert sorted(names(search(client, **params))) == expected


def test_credential_kinds_follow_the_credentials():
    listing = ListingFactory()
    credential = listing.credentials.create(kind="imhs")
    listing.refresh_from_db()
    assert listing.credential_kinds == ["imhs"]
    credential.delete()
    listing.refresh_from_db()
    assert listing.credential_kinds == []


def test_facet_labels_never_cross_between_spanish_and_english(client):
    ListingFactory(name="Harbor Family Therapy")

    def labels(language: str) -> list[str]:
        response = client.get(reverse_in(language, "directory:list"))
        return [facet.label for facet in response.context["results"].facets]

    spanish = labels("es")
    english = labels("en")
    assert "Service" in english
    assert "Service" not in spanish
    assert labels("es") == spanish


def test_a_zip_code_typed_into_the_form_comes_back_nearest_first(client, seattle_area):
    # The page first, as a visitor meets it: no order is chosen on the form.
    html = search(client).content.decode()
    sort_menu = re.search(r'<select id="id_sort".*?</select>', html, re.S)[0]
    assert re.search(r'<option value="([^"]*)" selected>', sort_menu)[1] == ""
    # The form sends every field back, the untouched order included.
    response = search(client, near="98101", radius=50, sort="")
    assert names(response) == [
        "Capitol Hill Home Visits",
        "Tacoma Family Therapy",
        "Olympia Clinic",
        "Washington Telehealth",
    ]
    by_name = search(client, near="98101", radius=50, sort="name")
    assert names(by_name) == sorted(names(by_name))


def test_a_card_shows_a_phone_to_tap_languages_payment_and_ages_in_order(client):
    ListingFactory(
        name="Harbor Family Therapy",
        phone="(206) 555-0100",
        languages=["es", "en"],
        age_bands=["3-5y", "prenatal", "0-12m"],
        payment=["medicaid"],
    )
    html = search(client).content.decode()
    card = html[html.index("Harbor Family Therapy") :]
    assert '<a href="tel:+12065550100">(206) 555-0100</a>' in card
    assert "English, Spanish" in card
    ages = re.search(r"<dt>Ages</dt><dd>([^<]*)</dd>", card)[1].split(", ")
    assert ages[0] == "Pregnancy"  # youngest first, as the choices run
    assert len(ages) == 3
    assert "Medicaid" in card


def test_a_card_says_where_whether_they_take_families_and_what_each_service_is(
    client,
):
    home = ServiceTypeFactory(
        name="Home visiting",
        slug="home-visiting",
        description="A nurse or trained visitor meets the family at home.",
    )
    listing = ListingFactory(
        name="Harbor Home Visits",
        service_types=[home],
        accepting="yes",
        accepting_updated_on=datetime.date(2026, 11, 2),
    )
    LocationFactory(listing=listing, city="Tacoma", region="US-WA")
    html = client.get(reverse("directory:list")).content.decode()
    card = html[html.index("Harbor Home Visits") :]
    card = card[: card.index("</article>")]
    assert "Tacoma, WA" in card
    assert "(updated November 2026)" in card
    assert (
        f'href="{reverse("directory:glossary")}#home-visiting">Home visiting</a>'
        in card
    )
    assert "A nurse or trained visitor meets the family at home." in card


def test_the_glossary_explains_every_service_and_model_and_the_filters_link_it(
    client,
):
    ServiceTypeFactory(
        name="IECMH consultation", description="Help for child care staff."
    )
    ModalityFactory(name="Child-Parent Psychotherapy", description="Therapy together.")
    page = client.get(reverse("directory:glossary")).content.decode()
    assert "IECMH consultation" in page and "Help for child care staff." in page
    assert "Child-Parent Psychotherapy" in page and "Therapy together." in page
    directory = client.get(reverse("directory:list")).content.decode()
    assert reverse("directory:glossary") in directory
    panel = directory[directory.index("library__filters") :]
    assert panel.index("Show 0 results") < panel.index("Apply filters")
