"""Spanish all the way: the page's language is in its address, each page
links to itself in the other language, curated texts have both versions (and
say so when one is missing), and people get email in the language they chose."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse

from directory.models import ServiceType
from imh_portal.admin_translation import missing_spanish
from roles.models import Role
from tests.factories import (
    ListingFactory,
    ResourceFactory,
    RoleFactory,
    ServiceTypeFactory,
    TopicFactory,
)
from tests.pages import reverse_in

pytestmark = pytest.mark.django_db

PASSWORD = "a-good-long-passphrase"


def alternates(html: str) -> dict[str, str]:
    return dict(
        re.findall(r'<link rel="alternate" hreflang="([\w-]+)" href="([^"]+)"', html)
    )


@pytest.fixture
def bilingual_role(db):
    return RoleFactory(
        slug="home-visitors",
        name_en="Home visitors",
        name_es="Visitadoras del hogar",
        tagline_en="Support for families at home.",
        tagline_es="Apoyo a las familias en su casa.",
    )


def test_spanish_pages_live_under_es_and_english_ones_at_the_root(
    client, bilingual_role
):
    spanish = client.get("/es/for/home-visitors/")
    english = client.get("/for/home-visitors/")
    assert '<html lang="es">' in spanish.content.decode()
    assert "<h1>Visitadoras del hogar</h1>" in spanish.content.decode()
    assert '<html lang="en">' in english.content.decode()
    assert "<h1>Home visitors</h1>" in english.content.decode()


def test_each_page_names_itself_in_both_languages_and_each_points_back(
    client, bilingual_role
):
    spanish = alternates(client.get("/es/for/home-visitors/").content.decode())
    english = alternates(client.get("/for/home-visitors/").content.decode())
    assert (
        spanish
        == english
        == {
            "en": "http://testserver/for/home-visitors/",
            "x-default": "http://testserver/for/home-visitors/",
            "es": "http://testserver/es/for/home-visitors/",
        }
    )


def test_the_switcher_is_a_plain_link_that_keeps_the_path_and_the_query(client):
    html = client.get("/resources/?q=sleep&kind=book").content.decode()
    switcher = re.search(r'<p class="language-switcher">(.*?)</p>', html)[1]
    assert "<form" not in switcher
    assert (
        '<a href="/es/resources/?q=sleep&amp;kind=book" hreflang="es" lang="es">'
        "Español</a>"
    ) in switcher
    back = client.get("/es/resources/?q=sleep&kind=book").content.decode()
    assert 'href="/resources/?q=sleep&amp;kind=book" hreflang="en"' in back


def test_pages_carry_no_form_token_just_for_changing_language(client):
    html = client.get(reverse("resources:list")).content.decode()
    assert "csrfmiddlewaretoken" not in html
    assert client.cookies.get("csrftoken") is None


def test_a_first_visit_to_the_front_page_follows_the_browser_language(client):
    response = client.get("/", headers={"accept-language": "es-MX,es;q=0.9"})
    assert response.status_code == 302
    assert response["Location"] == "/es/"
    assert "Accept-Language" in response["Vary"]


def test_the_browser_language_never_moves_any_other_page(client):
    response = client.get("/resources/", headers={"accept-language": "es"})
    assert response.status_code == 200
    assert '<html lang="en">' in response.content.decode()


def test_choosing_english_on_a_spanish_page_keeps_english(client):
    response = client.get(
        "/",
        headers={"accept-language": "es", "referer": "http://testserver/es/about/"},
    )
    assert response.status_code == 200
    assert '<html lang="en">' in response.content.decode()


def test_an_old_choice_of_spanish_still_leads_to_spanish_but_never_traps(client):
    client.cookies["django_language"] = "es"
    assert client.get("/")["Location"] == "/es/"
    chose_english = client.get("/", headers={"referer": "http://testserver/es/"})
    assert chose_english.status_code == 200


def test_an_earlier_choice_of_english_wins_over_the_browser(client):
    client.cookies["django_language"] = "en"
    response = client.get("/", headers={"accept-language": "es"})
    assert response.status_code == 200


def test_a_missing_spanish_text_shows_in_english_marked_as_such(client):
    RoleFactory(
        slug="employers",
        name_en="Employers",
        name_es="Empleadores",
        tagline_en="Family-friendly workplaces.",
        tagline_es=None,
    )
    html = client.get("/es/for/employers/").content.decode()
    assert (
        '<p class="lead"><span lang="en">Family-friendly workplaces.</span> '
        '<span class="in-other-language">(en inglés)</span></p>'
    ) in html
    english = client.get("/for/employers/").content.decode()
    assert '<p class="lead">Family-friendly workplaces.</p>' in english


def test_an_english_resource_reads_in_spanish_and_says_it_is_in_english(client):
    resource = ResourceFactory(
        title="Crying and your baby",
        summary="Why babies cry and how to cope.",
        spanish_summary="Por qué lloran los bebés. El sitio está en inglés.",
        languages=["en"],
    )
    html = client.get(reverse_in("es", "resources:detail", slug=resource.slug))
    page = html.content.decode()
    assert '<h1 lang="en">Crying and your baby</h1>' in page
    lead = re.search(r'<div class="lead">(.*?)</div>', page)[1]
    assert lead == "Por qué lloran los bebés. El sitio está en inglés."


def test_without_a_spanish_summary_the_english_one_is_folded_away(client):
    resource = ResourceFactory(summary="Why babies cry.", languages=["en"])
    page = client.get(reverse_in("es", "resources:detail", slug=resource.slug))
    assert (
        '<details class="in-other-language"><summary>Resumen solo en inglés</summary>'
        '<span lang="en">Why babies cry.</span></details>'
    ) in page.content.decode()


def test_the_printed_handout_shows_an_english_only_summary_marked_not_folded(
    client,
):
    resource = ResourceFactory(summary="Why babies cry.", languages=["en"])
    url = reverse_in("es", "guidance:handout") + f"?resource={resource.slug}"
    page = client.get(url).content.decode()
    assert (
        '<span lang="en">Why babies cry.</span> '
        '<span class="in-other-language">(en inglés)</span>'
    ) in page
    assert "<details" not in page.split('id="handout-resources"')[1].split("</ul>")[0]


def test_a_spanish_resource_on_an_english_page_is_marked_spanish(client):
    ResourceFactory(title="El llanto", summary="Por qué lloran.", languages=["es"])
    html = client.get(reverse("resources:list")).content.decode()
    assert 'lang="es">El llanto</a>' in html
    assert '<span lang="es">Por qué lloran.</span>' in html


def test_a_spanish_match_on_an_english_page_keeps_its_highlight_marked_spanish(
    client,
):
    ResourceFactory(
        title="El cólico", summary="Qué hacer con el cólico.", languages=["es"]
    )
    html = client.get(reverse("resources:list"), {"q": "cólico"}).content.decode()
    assert re.search(r'<span lang="es">[^<]*<mark>', html)


def test_the_api_answers_in_the_language_asked_for(api):
    TopicFactory(slug="sleep", name_en="Sleep", name_es="Sueño")
    url = reverse("api:topic-list")
    assert api.get(url).json()["results"][0]["name"] == "Sleep"
    assert api.get(url, {"lang": "es"}).json()["results"][0]["name"] == "Sueño"
    by_header = api.get(url, headers={"accept-language": "es"})
    assert by_header.json()["results"][0]["name"] == "Sueño"
    assert by_header["Content-Language"] == "es"


def test_the_api_names_a_language_it_does_not_offer(api):
    response = api.get(reverse("api:topic-list"), {"lang": "fr"})
    assert response.status_code == 400
    assert response.json() == {"lang": ["Choose one of: en, es."]}


def test_hsds_terms_come_in_the_language_asked_for(api):
    service_type = ServiceTypeFactory(
        slug="home-visiting", name_en="Home visiting", name_es="Visitas al hogar"
    )
    listing = ListingFactory(service_types=[service_type], languages=["en", "es"])
    url = reverse("hsds:service-detail", args=[listing.uuid])
    service = api.get(url, {"lang": "es"}).json()
    terms = [
        attribute["taxonomy_term"]
        for attribute in service["attributes"]
        if attribute["taxonomy_term"]["code"] == "home-visiting"
    ]
    assert terms[0]["name"] == "Visitas al hogar"
    assert terms[0]["language"] == "es"
    assert {item["code"]: item["name"] for item in service["languages"]} == {
        "en": "Inglés",
        "es": "Español",
    }


def test_a_provider_who_signed_up_in_spanish_is_approved_in_spanish(
    client, moderator_client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse_in("es", "accounts:sign-up"),
            {
                "email": "ana@example.org",
                "password1": PASSWORD,
                "password2": PASSWORD,
            },
        )
    confirmation = mail.outbox[-1]
    assert confirmation.subject == "Confirme su correo electrónico"
    assert "/es/accounts/confirm/" in confirmation.body
    listing = ListingFactory(
        name="Clínica Ana",
        status="pending",
        owner=get_user_model().objects.get(email="ana@example.org"),
    )
    with django_capture_on_commit_callbacks(execute=True):
        moderator_client.post(
            reverse("admin:directory_listing_changelist"),
            {"action": "approve", "_selected_action": [listing.pk]},
        )
    approval = mail.outbox[-1]
    assert approval.to == ["ana@example.org"]
    assert approval.subject == "Su ficha en el directorio fue aprobada: Clínica Ana"
    assert "/es/directory/" in approval.body


def test_a_provider_can_change_the_language_of_their_emails(provider_client, provider):
    response = provider_client.post(
        reverse("accounts:email-language"), {"language": "es"}
    )
    assert response.status_code == 302
    provider.refresh_from_db()
    assert provider.language == "es"
    refused = provider_client.post(
        reverse("accounts:email-language"), {"language": "klingon"}
    )
    assert refused.status_code == 302
    provider.refresh_from_db()
    assert provider.language == "es"


def test_curators_see_which_texts_wait_for_spanish(admin_client):
    RoleFactory(
        slug="done",
        name_en="Done",
        name_es="Hecho",
        tagline_es="Listo",
        summary_es="Resumen",
        i_am_es="hecho",
        why_it_matters_es="Porque",
    )
    waiting = RoleFactory(slug="waiting", name_en="Waiting", name_es=None)
    assert list(Role.objects.filter(missing_spanish(Role))) == [waiting]
    changelist = admin_client.get(
        reverse("admin:roles_role_changelist"), {"spanish": "missing"}
    ).content.decode()
    assert "Waiting" in changelist and ">Done<" not in changelist
    front = admin_client.get(reverse("admin:index")).content.decode()
    assert re.search(r"Without Spanish: roles</a></th>\s*<td>1</td>", front)
    assert not ServiceType.objects.filter(missing_spanish(ServiceType)).exists()
