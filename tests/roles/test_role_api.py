"""The roles API: each role's guidance, featured resources and provider types."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from tests.factories import (
    FeaturedResourceFactory,
    GuidanceItemFactory,
    ResourceFactory,
    RoleFactory,
    RoleProviderTypeFactory,
)

pytestmark = pytest.mark.django_db


def a_role_with_guidance(slug=None, resource_slug=None):
    role = RoleFactory(**({"slug": slug} if slug else {}))
    GuidanceItemFactory(role=role, kind="action", text="Hold the baby close.")
    GuidanceItemFactory(role=role, kind="sign", text="Cries that never settle.")
    resource = ResourceFactory(**({"slug": resource_slug} if resource_slug else {}))
    FeaturedResourceFactory(role=role, resource=resource)
    FeaturedResourceFactory(role=role, resource=ResourceFactory(status="draft"))
    RoleProviderTypeFactory(role=role)
    return role


def test_a_role_comes_with_its_guidance_resources_and_provider_types():
    role = a_role_with_guidance(slug="home-visitors", resource_slug="a-guide")
    data = APIClient().get(reverse("api:role-detail", args=[role.slug])).json()
    assert data["guidance"]["actions"] == ["Hold the baby close."]
    assert data["guidance"]["signs"] == ["Cries that never settle."]
    assert [item["resource"]["slug"] for item in data["featured_resources"]] == [
        "a-guide"
    ]
    (provider_type,) = data["provider_types"]
    assert "/directory/?service=" in provider_type["directory_url"]


def test_draft_roles_are_not_in_the_api():
    RoleFactory(slug="hidden", status="draft")
    api = APIClient()
    assert api.get(reverse("api:role-detail", args=["hidden"])).status_code == 404
    slugs = [r["slug"] for r in api.get(reverse("api:role-list")).json()["results"]]
    assert "hidden" not in slugs


@pytest.mark.parametrize("roles", [1, 13])
def test_the_list_runs_a_fixed_number_of_queries(roles, django_assert_max_num_queries):
    for _ in range(roles):
        a_role_with_guidance()
    # The roles and their four prefetches, and when roles and resources changed.
    with django_assert_max_num_queries(8):
        response = APIClient().get(reverse("api:role-list"))
    assert len(response.json()["results"]) == roles
