"""The shared page cache: anonymous pages are kept and answered from it, an edit
shows at once, and no visitor ever receives a page that was made for another.

These tests commit (``transaction=True``): the content version moves when a
transaction commits, as it does in production, never inside a test's rolled
back transaction.
"""

import pytest
from django.core.cache import caches
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from imh_portal.content_version import (
    NOT_ON_PUBLIC_PAGES,
    content_tables,
    current_content_version,
    tables_with_triggers,
)
from imh_portal.models import HelpLine, SearchMiss
from imh_portal.templatetags.fragments import recent_fragments
from resources.models import Resource, Topic
from tests.conftest import logged_in
from tests.factories import (
    CollectionFactory,
    CollectionItemFactory,
    FeaturedResourceFactory,
    GuidanceItemFactory,
    HelpLineFactory,
    ListingFactory,
    LocationFactory,
    PlaceFactory,
    ResourceFactory,
    RoleFactory,
    RoleProviderTypeFactory,
    ServiceTypeFactory,
    TopicFactory,
    UserFactory,
)
from tests.pages import reverse_in

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("migration_data"),
]

SIGNED_IN_ONLY = "Your listings"
# How a search's shown rows are read: by their keys, once the search has run.
ROWS_BY_KEY = '"resources_resource"."id" IN ('

ANONYMOUS_ONLY = "Log in to your listing"


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 300
    settings.PAGE_CACHE_VERSION_SECONDS = 0
    caches["pages"].clear()


@pytest.fixture
def library():
    topic = TopicFactory(slug="sleep", name="Sleep")
    ResourceFactory(slug="calm-nights", title="Calm nights", topics=[topic])
    return topic


def kept(response) -> bool:
    return response["Cache-Control"].startswith("public")


def test_an_anonymous_page_is_answered_from_the_cache_the_second_time(
    library, django_assert_max_num_queries
):
    url = reverse("resources:list")
    first = Client().get(url)
    assert first.status_code == 200 and kept(first)
    # The content version only: no session, no search, no rendering.
    with django_assert_max_num_queries(1):
        second = Client().get(url)
    assert second.content == first.content
    assert second["ETag"] == first["ETag"]
    assert second["Cache-Control"] == "public, max-age=0, s-maxage=10"
    assert second["Vary"] == "Cookie"
    assert second["Content-Language"] == "en"
    assert second["Content-Length"] == str(len(second.content))
    assert "Content-Security-Policy" in second


def test_a_browser_that_has_the_page_gets_a_304(library):
    url = reverse("resources:list")
    etag = Client().get(url)["ETag"]
    again = Client().get(url, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == etag


def test_an_edit_shows_at_once(library):
    url = reverse("resources:detail", kwargs={"slug": "calm-nights"})
    visitor = Client()  # one server process, which keeps recent pages itself
    assert b"Calm nights" in visitor.get(url).content
    Resource.objects.filter(slug="calm-nights").update(title="Calmer nights")
    assert b"Calmer nights" in visitor.get(url).content
    listed = Client().get(reverse("resources:list"))
    Topic.objects.filter(slug="sleep").update(name_en="Sleep and rest")
    relisted = Client().get(reverse("resources:list"))
    assert b"Sleep and rest" in relisted.content
    assert b"Sleep and rest" not in listed.content


def test_a_deleted_resource_leaves_the_kept_pages_at_once(library):
    url = reverse("resources:list")
    assert b"Calm nights" in Client().get(url).content
    Resource.objects.filter(slug="calm-nights").delete()
    assert b"Calm nights" not in Client().get(url).content


def test_a_signed_in_provider_and_an_anonymous_visitor_never_swap_pages(library):
    url = reverse("resources:list")
    provider = logged_in(UserFactory())
    anonymous_first = Client().get(url)
    mine = provider.get(url)
    anonymous_after = Client().get(url)
    assert ANONYMOUS_ONLY in anonymous_first.content.decode()
    assert SIGNED_IN_ONLY in mine.content.decode()
    assert ANONYMOUS_ONLY not in mine.content.decode()
    assert SIGNED_IN_ONLY not in anonymous_after.content.decode()
    # A signed-in page is never kept, nor kept by anyone in front.
    assert mine["Cache-Control"] == "private, no-cache"
    assert "Cookie" in mine["Vary"]


def test_a_page_made_for_a_signed_in_provider_first_is_not_given_to_others(library):
    url = reverse("resources:list")
    logged_in(UserFactory()).get(url)
    anonymous = Client().get(url)
    assert ANONYMOUS_ONLY in anonymous.content.decode()
    assert SIGNED_IN_ONLY not in anonymous.content.decode()


def test_english_and_spanish_pages_are_kept_apart(library):
    english, spanish = (
        reverse_in("en", "resources:list"),
        reverse_in("es", "resources:list"),
    )
    Client().get(english)
    Client().get(spanish)
    assert '<html lang="en"' in Client().get(english).content.decode()
    assert '<html lang="es"' in Client().get(spanish).content.decode()


def test_the_front_page_still_sends_a_spanish_browser_to_spanish(library):
    home = reverse("home")
    assert kept(Client().get(home))
    spanish_browser = Client(HTTP_ACCEPT_LANGUAGE="es-MX,es;q=0.9")
    response = spanish_browser.get(home)
    assert response.status_code == 302
    assert response["Location"] == reverse_in("es", "home")
    english = Client(HTTP_ACCEPT_LANGUAGE="en-US").get(home)
    assert english.status_code == 200
    assert english["Vary"] == "Cookie, Accept-Language, Referer"


def test_each_visitor_sees_their_own_handout_basket(library):
    ResourceFactory(slug="first-words", title="First words")
    handout = reverse("guidance:handout")
    with_basket, without_basket = Client(), Client()
    picked = with_basket.get(handout, {"resource": "first-words"})
    assert "First words" in picked.content.decode()
    assert picked["Cache-Control"] == "private, no-cache"
    assert "First words" not in without_basket.get(handout).content.decode()
    assert "First words" in with_basket.get(handout).content.decode()
    # Other pages do not depend on the basket, so both get the kept page.
    url = reverse("resources:list")
    assert with_basket.get(url).content == without_basket.get(url).content


def test_a_page_with_a_form_that_posts_is_never_kept(library):
    url = reverse("resources:suggest")
    first, second = Client().get(url), Client().get(url)
    assert first["Cache-Control"] == "private, no-cache"
    assert first.cookies["csrftoken"].value != second.cookies["csrftoken"].value
    assert b"csrfmiddlewaretoken" in second.content


def test_a_pending_message_is_shown_to_its_visitor_only(library):
    url = reverse("resources:list")
    Client().get(url)
    with_message = Client()
    with_message.cookies["messages"] = "pending"
    response = with_message.get(url)
    assert response["Cache-Control"] == "private, no-cache"


def test_every_failed_search_is_still_counted():
    url = reverse("resources:list")
    for _ in range(3):
        response = Client().get(url, {"q": "zzyzx"})
        assert response["Cache-Control"] == "private, no-cache"
    assert SearchMiss.objects.get(text="zzyzx").searches == 3


def test_reading_pages_does_not_move_the_content_version(library):
    before = current_content_version()
    for name in ("home", "resources:list", "guidance:role-list", "about"):
        Client().get(reverse(name))
    Client().get(reverse("resources:list"), {"q": "nothing matches this"})
    assert current_content_version() == before


def test_the_version_moves_once_per_commit_whatever_the_writes():
    before = current_content_version()
    with transaction.atomic():
        topics = [TopicFactory() for _ in range(5)]
        Topic.objects.filter(pk__in=[t.pk for t in topics]).update(description="New")
        # Not yet: the version moves as the transaction commits.
        with connection.cursor() as cursor:
            cursor.execute("SELECT number FROM imh_portal_content_version")
            assert cursor.fetchone()[0] == before
    assert current_content_version() == before + 1
    SearchMiss.objects.create(text="left out", language="en", outcome="nothing")
    assert current_content_version() == before + 1


def test_every_table_behind_the_public_pages_moves_the_version():
    tables = content_tables()
    assert {"resources_resource", "resources_resource_topics", "roles_role"} <= set(
        tables
    )
    assert set(tables) <= tables_with_triggers()
    for label in NOT_ON_PUBLIC_PAGES:
        app_label, model_name = label.split(".")
        from django.apps import apps

        table = apps.get_model(app_label, model_name)._meta.db_table
        assert table not in tables


def test_pages_outside_the_cache_answer_as_before():
    api = Client().get("/api/v1/topics/")
    assert api["Content-Type"].startswith("application/json")
    assert "s-maxage" not in api.get("Cache-Control", "")
    admin = Client().get(reverse("admin:login"))
    assert admin["Cache-Control"] != "public, max-age=0, s-maxage=10"


# Fragments: cards and filter panels kept once for every page that shows them.


@pytest.fixture
def fragments_on(settings):
    settings.PAGE_CACHE_SECONDS = 0  # every page renders; only fragments are kept
    settings.FRAGMENT_CACHE_SECONDS = 3600


def test_a_page_built_from_kept_fragments_is_the_page_built_without_them(
    settings, fragments_on, library
):
    ListingFactory(slug="harbor", name="Harbor Family Therapy")
    a_role_page_with_every_part()
    pages = [
        reverse("home"),
        reverse("guidance:role-detail", kwargs={"slug": "home-visitors"}),
        reverse_in("es", "guidance:role-detail", slug="home-visitors"),
        reverse("resources:list"),
        reverse("resources:list") + "?q=nights",
        reverse("resources:list") + "?topic=sleep",
        reverse_in("es", "resources:list"),
        reverse("resources:detail", kwargs={"slug": "calm-nights"}),
        reverse_in("es", "resources:detail", slug="calm-nights"),
        reverse("directory:list"),
        reverse("directory:detail", kwargs={"slug": "harbor"}),
        reverse("directory:glossary"),
        reverse("guidance:role-list"),
        reverse("guidance:start"),
        reverse("guidance:start") + "?worries=sleep&near=nowhere",
        reverse("resources:collections"),
        reverse("resources:collection", kwargs={"slug": "first-weeks"}),
        reverse("about"),
    ]
    kept = {url: Client().get(url).content for url in pages}
    again = {url: Client().get(url).content for url in pages}
    settings.FRAGMENT_CACHE_SECONDS = 0
    fresh = {url: Client().get(url).content for url in pages}
    assert again == kept == fresh


def a_role_page_with_every_part():
    CollectionItemFactory(
        collection=CollectionFactory(slug="first-weeks", title="The first weeks"),
        resource=Resource.objects.get(slug="calm-nights"),
    )
    role = RoleFactory(name="Home visitors", slug="home-visitors")
    GuidanceItemFactory(role=role, kind="action", text="Sit with the family.")
    GuidanceItemFactory(role=role, kind="sign", text="The baby rarely looks at you.")
    FeaturedResourceFactory(
        role=role, resource=Resource.objects.get(slug="calm-nights")
    )
    RoleProviderTypeFactory(
        role=role,
        service_type=ServiceTypeFactory(slug="dyadic-therapy", name="Dyadic therapy"),
    )
    return role


@pytest.mark.parametrize(
    ("url_name", "kwargs", "queries"),
    [
        # Only the content version: the whole text is a kept fragment.
        ("home", {}, 1),
        ("about", {}, 1),
        ("guidance:role-list", {}, 1),
        ("resources:collections", {}, 1),
        ("directory:glossary", {}, 1),
        # The row the address names, for the page's title, and the version.
        ("guidance:role-detail", {"slug": "home-visitors"}, 2),
        ("resources:detail", {"slug": "calm-nights"}, 2),
        ("directory:detail", {"slug": "harbor"}, 2),
        ("resources:collection", {"slug": "first-weeks"}, 2),
    ],
)
def test_a_page_whose_text_is_kept_reads_only_what_it_names(
    fragments_on, library, django_assert_max_num_queries, url_name, kwargs, queries
):
    a_role_page_with_every_part()
    ListingFactory(slug="harbor", name="Harbor Family Therapy")
    url = reverse(url_name, kwargs=kwargs)
    first = Client().get(url).content
    with django_assert_max_num_queries(queries):
        again = Client().get(url).content
    assert again == first


def test_a_kept_role_page_still_greets_each_visitor_as_themselves(
    fragments_on, library
):
    a_role_page_with_every_part()
    url = reverse("guidance:role-detail", kwargs={"slug": "home-visitors"})
    anonymous = Client().get(url).content.decode()
    provider = logged_in(UserFactory()).get(url).content.decode()
    assert "Sit with the family." in anonymous and "Sit with the family." in provider
    assert ANONYMOUS_ONLY in anonymous and SIGNED_IN_ONLY not in anonymous
    assert SIGNED_IN_ONLY in provider and ANONYMOUS_ONLY not in provider


def test_a_kept_role_page_changes_with_its_guidance(fragments_on, library):
    role = a_role_page_with_every_part()
    url = reverse("guidance:role-detail", kwargs={"slug": "home-visitors"})
    assert "Sit with the family." in Client().get(url).content.decode()
    role.guidance.filter(kind="action").update(text_en="Sit down with the family.")
    assert "Sit down with the family." in Client().get(url).content.decode()


def test_a_kept_card_changes_with_its_resource_and_its_topics(fragments_on, library):
    url = reverse("resources:list")
    assert b"Calm nights" in Client().get(url).content
    Resource.objects.filter(slug="calm-nights").update(title="Calmer nights")
    Topic.objects.filter(slug="sleep").update(name_en="Sleep and rest")
    page = Client().get(url).content
    assert b"Calmer nights" in page
    assert page.count(b"Sleep and rest") >= 2  # the card's tag and the filter


def test_kept_help_lines_change_at_once(fragments_on):
    line = HelpLineFactory(name="Family line", how_to_reach="Call 211")
    assert b"Call 211" in Client().get(reverse("about")).content
    HelpLine.objects.filter(pk=line.pk).update(how_to_reach_en="Text 211")
    # The model keeps its own list, forgotten when a line is saved one by one.
    caches["default"].delete(HelpLine.CACHE_KEY)
    assert b"Text 211" in Client().get(reverse("about")).content


def test_a_card_found_by_different_words_keeps_each_snippet(fragments_on, library):
    Resource.objects.filter(slug="calm-nights").update(
        summary="Calm bedtime routines help a baby settle at night."
    )
    url = reverse("resources:list")
    bedtime = Client().get(url, {"q": "bedtime"}).content.decode()
    settle = Client().get(url, {"q": "settle"}).content.decode()
    assert "<mark>bedtime</mark>" in bedtime.lower()
    assert "<mark>settle</mark>" in settle.lower()


def test_a_kept_result_list_reads_none_of_its_rows(
    fragments_on, library, django_assert_max_num_queries
):
    url = reverse("resources:list") + "?q=nights"
    first = Client().get(url).content
    # The content version and the search's stamp; the counts, the ranked ids
    # and the rows themselves come from the cache.
    with django_assert_max_num_queries(2):
        again = Client().get(url).content
    assert again == first
    assert b"Calm nights" in again


def test_kept_directory_results_keep_their_distances(fragments_on):
    PlaceFactory(
        kind="postal_code",
        name="98101",
        region="US-WA",
        latitude=47.61,
        longitude=-122.33,
    )
    listing = ListingFactory(name="Harbor Family Therapy")
    LocationFactory(listing=listing, latitude=47.62, longitude=-122.35)
    url = reverse("directory:list") + "?near=98101"
    first = Client().get(url).content.decode()
    again = Client().get(url).content.decode()
    assert again == first
    assert "Harbor Family Therapy" in again and "miles away" in again


def test_kept_fragments_are_used_from_the_workers_memory(
    fragments_on, library, monkeypatch
):
    url = reverse("about")
    first = Client().get(url).content
    asked = []
    shared = caches["pages"]
    monkeypatch.setattr(shared, "get", lambda key, *args: asked.append(key))
    assert Client().get(url).content == first
    assert asked == []


def test_the_workers_memory_of_fragments_is_bounded(settings):
    settings.FRAGMENT_CACHE_LOCAL_ENTRIES = 2
    for number in range(3):
        recent_fragments.put(f"fragment:{number}", f"<p>{number}</p>")
    assert recent_fragments.get("fragment:0") is None
    assert recent_fragments.get("fragment:2") == "<p>2</p>"


# The API's pages of records, kept like fragments.


def test_a_page_of_api_records_asked_again_is_not_read_again(fragments_on, library):
    url = reverse("api:resource-list") + "?q=nights"
    with CaptureQueriesContext(connection) as first_read:
        first = Client().get(url)
    assert first.status_code == 200 and first.json()["results"]
    with CaptureQueriesContext(connection) as second_read:
        second = Client().get(url)
    assert second.json() == first.json()
    rows_read = [q["sql"] for q in first_read if ROWS_BY_KEY in q["sql"]]
    assert rows_read, "the first answer reads its rows by key"
    assert not [q["sql"] for q in second_read if ROWS_BY_KEY in q["sql"]]


def test_kept_api_records_change_with_the_content(fragments_on, library):
    url = reverse("api:resource-list")
    assert Client().get(url).json()["results"][0]["title"] == "Calm nights"
    Resource.objects.filter(slug="calm-nights").update(title="Calmer nights")
    assert Client().get(url).json()["results"][0]["title"] == "Calmer nights"


def test_kept_api_records_name_the_host_they_were_asked_on(
    fragments_on, library, settings
):
    settings.ALLOWED_HOSTS = ["portal.example.org", "partner.example.net"]
    url = reverse("api:resource-list")
    for host in ("portal.example.org", "partner.example.net"):
        record = Client(HTTP_HOST=host).get(url).json()["results"][0]
        assert record["web_url"].startswith(f"http://{host}/")
