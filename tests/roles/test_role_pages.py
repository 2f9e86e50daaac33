"""The guidance pages of the thirteen roles."""

import pytest
from django.urls import reverse

from tests.factories import (
    FeaturedResourceFactory,
    GuidanceItemFactory,
    ResourceFactory,
    RoleFactory,
    RoleProviderTypeFactory,
    ServiceTypeFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def home_visitors():
    """A published role with every section of its page filled in."""
    role = RoleFactory(name="Home visitors", slug="home-visitors")
    for number in range(4):
        GuidanceItemFactory(role=role, kind="action", text=f"Action {number}.")
    GuidanceItemFactory(role=role, kind="sign", text="The baby rarely looks at you.")
    GuidanceItemFactory(role=role, kind="where_to_turn", text="Call Part C.")
    for number in range(4):
        FeaturedResourceFactory(
            role=role, resource=ResourceFactory(title=f"Guide {number}")
        )
    RoleProviderTypeFactory(
        role=role,
        service_type=ServiceTypeFactory(slug="dyadic-therapy", name="Dyadic therapy"),
    )
    role.related_roles.add(RoleFactory(name="Parents", slug="parents"))
    return role


def test_a_role_page_has_every_section(client, home_visitors):
    response = client.get(home_visitors.get_absolute_url())
    html = response.content.decode()
    for heading in [
        "Why it matters",
        "What you can do",
        "Signs a family may need more support",
        "Where to turn",
        "Resources for you",
        "Providers you may work with",
        "Related guidance",
    ]:
        assert heading in html, heading
    assert len(response.context["guidance"].actions) == 4
    for number in range(4):
        assert f"Guide {number}" in html
    assert ">Parents</a>" in html


def test_provider_types_link_to_the_directory_filtered_by_that_service(
    client, home_visitors
):
    html = client.get(home_visitors.get_absolute_url()).content.decode()
    link = f'href="{reverse("directory:list")}?service=dyadic-therapy"'
    assert link in html
    response = client.get(reverse("directory:list"), {"service": "dyadic-therapy"})
    assert response.status_code == 200
    assert response.context["filterset"].form.cleaned_data["service"] == [
        "dyadic-therapy"
    ]


def test_unpublished_roles_and_resources_never_show(client, home_visitors):
    draft = FeaturedResourceFactory(
        role=home_visitors,
        resource=ResourceFactory(title="Draft guide", status="draft"),
    )
    archived = FeaturedResourceFactory(
        role=home_visitors,
        resource=ResourceFactory(title="Old guide", status="archived"),
    )
    hidden_role = RoleFactory(name="Secret role", status="draft")
    home_visitors.related_roles.add(hidden_role)
    html = client.get(home_visitors.get_absolute_url()).content.decode()
    assert draft.resource.title not in html
    assert archived.resource.title not in html
    assert "Secret role" not in html
    assert client.get(hidden_role.get_absolute_url()).status_code == 404
    assert (
        "Secret role" not in client.get(reverse("guidance:role-list")).content.decode()
    )


def test_the_list_of_roles_links_every_published_role_with_its_summary(client):
    roles = [RoleFactory(tagline=f"Summary {n}.") for n in range(3)]
    html = client.get(reverse("guidance:role-list")).content.decode()
    for role in roles:
        assert f'href="{role.get_absolute_url()}"' in html
        assert role.tagline in html


def test_the_home_page_i_am_links_lead_to_the_role_pages(client):
    role = RoleFactory(i_am="a home visitor")
    html = client.get(reverse("home")).content.decode()
    assert f'<a href="{role.get_absolute_url()}">a home visitor</a>' in html


def test_the_page_runs_a_fixed_number_of_queries(
    client, home_visitors, django_assert_max_num_queries
):
    for _ in range(10):
        FeaturedResourceFactory(role=home_visitors)
        GuidanceItemFactory(role=home_visitors)
    with django_assert_max_num_queries(8):
        response = client.get(home_visitors.get_absolute_url())
    assert response.status_code == 200


def test_a_professional_role_page_opens_the_door_to_list_a_practice(
    client, home_visitors
):
    html = client.get(home_visitors.get_absolute_url()).content.decode()
    article = html[html.index("<article") : html.index("</article>")]
    assert "For providers: list your practice" in article
    assert reverse("accounts:sign-up") in article
    parents = RoleFactory(name="Parents and caregivers", slug="parents-caregivers")
    html = client.get(parents.get_absolute_url()).content.decode()
    article = html[html.index("<article") : html.index("</article>")]
    assert "For providers" not in article
