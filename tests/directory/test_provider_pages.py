"""Providers list themselves: sign up, confirm, create, submit, edit, withdraw."""

import re

import pytest
from django.urls import reverse

from directory import services
from directory.models import Listing, ListingReport, ListingStatus
from imh_portal.models import User
from tests.factories import ListingFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("map_and_terms")]

LISTING = {
    "kind": "individual",
    "name": "Jordan Rivers",
    "qualifications": "LCSW",
    "organization": "",
    "bio": "I see babies with their parents.",
    "service_types": ["dyadic-therapy"],
    "languages": ["en", "es"],
    "delivery": ["office"],
    "accepting": "yes",
    "phone": "206-555-0100",
}
SEATTLE = {
    "city": "Seattle",
    "region": "US-WA",
    "postal_code": "98101",
    "show_address": "on",
}


def form_data(*locations: dict, initial: int = 0, **changes) -> dict:
    """The listing form as a browser posts it, with its locations formset."""
    rows = {
        "locations-TOTAL_FORMS": str(len(locations)),
        "locations-INITIAL_FORMS": str(initial),
    }
    for number, location in enumerate(locations):
        rows.update({f"locations-{number}-{k}": v for k, v in location.items()})
    return {**LISTING, **rows, **changes}


LISTING_DATA = form_data(SEATTLE)


def test_sign_up_confirm_by_email_link_and_land_on_your_listings(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("accounts:sign-up"),
            {
                "email": "New.Provider@Example.org",
                "password1": "a-good-long-passphrase",
                "password2": "a-good-long-passphrase",
            },
        )
    assert "Check your email" in response.content.decode()
    user = User.objects.get(email__iexact="new.provider@example.org")
    assert not user.is_active
    link = re.search(r"http://\S+/accounts/confirm/\S+/", mailoutbox[0].body)[0]
    response = client.get(link.replace("http://127.0.0.1:8000", ""))
    assert response.status_code == 302
    assert response["Location"] == reverse("directory:mine")
    user.refresh_from_db()
    assert user.is_active


def test_a_tampered_confirmation_link_is_refused(client):
    response = client.get(reverse("accounts:confirm", args=["not-a-real-token"]))
    assert response.status_code == 400
    assert "This link does not work" in response.content.decode()


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"email": "not-an-email"}, "email"),
        ({"password2": "something-else-entirely"}, "password2"),
        ({"password1": "123", "password2": "123"}, "password1"),
    ],
)
def test_sign_up_mistakes_re_render_with_errors(client, changes, field):
    data = {
        "email": "x@example.org",
        "password1": "a-good-long-passphrase",
        "password2": "a-good-long-passphrase",
        **changes,
    }
    response = client.post(reverse("accounts:sign-up"), data)
    assert field in response.context["form"].errors
    assert not User.objects.exists()


def test_a_provider_creates_previews_and_submits_a_listing(provider_client, provider):
    response = provider_client.post(reverse("directory:create"), LISTING_DATA)
    assert response.status_code == 302, response.context["listing_input"].errors
    listing = Listing.objects.get()
    assert listing.owner == provider
    assert listing.status == ListingStatus.DRAFT
    assert response["Location"] == reverse("directory:preview", args=[listing.pk])
    preview = provider_client.get(response["Location"]).content.decode()
    assert preview.count("Submit for review") == 2  # above and below the preview
    assert "In search results" in preview and "Your page" in preview
    assert "Jordan Rivers" in preview and "206-555-0100" in preview
    provider_client.post(reverse("directory:action", args=[listing.pk, "submit"]))
    listing.refresh_from_db()
    assert listing.status == ListingStatus.PENDING
    html = provider_client.get(reverse("directory:mine")).content.decode()
    assert "Pending review" in html


def test_editing_a_published_listing_keeps_the_live_version_until_approved(
    provider_client, provider, moderator
):
    provider_client.post(reverse("directory:create"), LISTING_DATA)
    listing = Listing.objects.get()
    services.submit_listing(listing=listing, editor=provider)
    services.approve_listing(listing=listing, moderator=moderator)
    provider_client.post(
        reverse("directory:edit", args=[listing.pk]),
        form_data(SEATTLE, name="J. Rivers"),
    )
    listing.refresh_from_db()
    assert listing.status == ListingStatus.CHANGES_PENDING
    assert provider_client.get(listing.get_absolute_url()).context["listing"].name == (
        "Jordan Rivers"
    )
    # The form shows the waiting version to its owner.
    submission = provider_client.get(
        reverse("directory:edit", args=[listing.pk])
    ).context["listing_input"]
    assert submission.form.initial["name"] == "J. Rivers"


def test_another_providers_listing_answers_404_everywhere(
    provider_client, other_provider
):
    theirs = ListingFactory(owner=other_provider, status="draft", published_at=None)
    for url in [
        reverse("directory:edit", args=[theirs.pk]),
        reverse("directory:action", args=[theirs.pk, "submit"]),
        reverse("directory:action", args=[theirs.pk, "withdraw"]),
    ]:
        assert provider_client.post(url, LISTING_DATA).status_code == 404
    assert (
        provider_client.get(reverse("directory:edit", args=[theirs.pk])).status_code
        == 404
    )
    theirs.refresh_from_db()
    assert theirs.status == ListingStatus.DRAFT


def test_pages_for_providers_need_a_login(client):
    response = client.get(reverse("directory:mine"))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        (
            {"locations-0-postal_code": "99999", "locations-0-city": "Nowhere"},
            "postal_code",
        ),
        ({"locations-0-region": "XX-YY"}, "region"),
        ({"locations-0-postal_code": "9" * 500}, "postal_code"),
        ({"locations-TOTAL_FORMS": "500"}, "__all__"),
        ({"locations-TOTAL_FORMS": "0", "delivery": ["office"]}, "__all__"),
        ({"bio": "x" * 1_000_000}, "bio"),
        ({"phone": "<script>alert(1)</script>"}, "phone"),
        ({"public_email": "not an address"}, "public_email"),
        ({"delivery": ["telehealth"]}, "telehealth_regions"),
        ({"service_types": ["no-such-service"]}, "service_types"),
        ({"website": "javascript:alert(1)"}, "website"),
    ],
)
def test_bad_listing_input_re_renders_with_errors_and_stores_nothing(
    provider_client, changes, field
):
    response = provider_client.post(
        reverse("directory:create"), {**LISTING_DATA, **changes}
    )
    assert response.status_code == 200
    errors = response.context["listing_input"].errors
    assert field in errors or field in errors.get("locations", [{}])[0]
    assert not Listing.objects.exists()


def test_html_in_a_listing_is_stored_as_text_and_never_runs(
    provider_client, provider, moderator
):
    provider_client.post(
        reverse("directory:create"),
        {
            **LISTING_DATA,
            "name": "<script>alert(1)</script>",
            "bio": "<img src=x onerror=y>",
        },
    )
    listing = Listing.objects.get()
    services.submit_listing(listing=listing, editor=provider)
    services.approve_listing(listing=listing, moderator=moderator)
    html = provider_client.get(listing.get_absolute_url()).content.decode()
    assert "<script>alert(1)" not in html
    assert "onerror" not in html


def test_visitors_report_incorrect_information(client):
    listing = ListingFactory()
    response = client.post(
        reverse("directory:report", args=[listing.slug]),
        {"message": "The phone number is out of date."},
    )
    assert response.status_code == 302
    assert ListingReport.objects.get().listing == listing


def test_every_control_of_the_listing_form_is_labelled(provider_client):
    html = provider_client.get(reverse("directory:create")).content.decode()
    for name in ["name", "bio", "accepting"]:
        assert f'<label for="id_{name}"' in html, name
    for name in ["label", "address", "city", "postal_code", "region"]:
        assert f'<label for="id_locations-0-{name}"' in html, name
    for group in ["Languages", "Services", "How you see families", "Ages served"]:
        assert f"<legend>{group}" in html, group


def test_owners_add_and_remove_credentials_shown_as_not_yet_checked(
    provider_client, provider
):
    listing = ListingFactory(owner=provider)
    url = reverse("directory:credentials", args=[listing.pk])
    response = provider_client.post(
        url, {"kind": "pmh_c", "issued_by": "PSI", "year": 2022}
    )
    assert response.status_code == 302
    credential = listing.credentials.get()
    assert credential.verified_on is None
    html = provider_client.get(listing.get_absolute_url()).content.decode()
    assert "Perinatal Mental Health Certification (PMH-C), PSI (2022)" in html
    assert "not yet checked" in html
    provider_client.post(
        reverse("directory:credential-remove", args=[listing.pk, credential.pk])
    )
    assert not listing.credentials.exists()


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"kind": "wizard"}, "kind"),
        ({"kind": "imhs", "year": "1900"}, None),
        ({"kind": "imhs", "year": "soon"}, "year"),
        ({"kind": "imhs", "issued_by": "x" * 500}, "issued_by"),
    ],
)
def test_a_bad_credential_is_refused_with_a_message(
    provider_client, provider, data, field
):
    listing = ListingFactory(owner=provider)
    response = provider_client.post(
        reverse("directory:credentials", args=[listing.pk]), data
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert (field in errors) if field else errors
    assert not listing.credentials.exists()


def test_nobody_else_can_touch_a_listings_credentials(provider_client, other_provider):
    theirs = ListingFactory(owner=other_provider)
    credential = theirs.credentials.create(kind="imhs")
    assert (
        provider_client.post(
            reverse("directory:credentials", args=[theirs.pk]), {"kind": "ifs"}
        ).status_code
        == 404
    )
    assert (
        provider_client.post(
            reverse("directory:credential-remove", args=[theirs.pk, credential.pk])
        ).status_code
        == 404
    )
    assert theirs.credentials.count() == 1


SCRIPT = "<script>alert('x')</script>"


def test_script_in_every_listing_text_field_is_shown_as_text(
    provider_client, provider, moderator
):
    fields = ["name", "qualifications", "organization", "bio"]
    site = {**SEATTLE, "label": SCRIPT, "address": SCRIPT}
    provider_client.post(
        reverse("directory:create"),
        form_data(site, **{name: f"{name} {SCRIPT}" for name in fields}),
    )
    listing = Listing.objects.get()
    listing.credentials.create(kind="other", issued_by=SCRIPT, details=SCRIPT)
    services.submit_listing(listing=listing, editor=provider)
    services.approve_listing(listing=listing, moderator=moderator)
    for url in [listing.get_absolute_url(), reverse("directory:list")]:
        html = provider_client.get(url).content.decode()
        assert "<script>alert" not in html, url
    html = provider_client.get(listing.get_absolute_url()).content.decode()
    assert "&lt;script&gt;alert" in html


def test_script_in_a_report_is_stored_as_text(client):
    listing = ListingFactory()
    client.post(reverse("directory:report", args=[listing.slug]), {"message": SCRIPT})
    assert ListingReport.objects.get().message == SCRIPT


def test_the_listing_form_guesses_nothing_risky(provider_client):
    html = provider_client.get(reverse("directory:create")).content.decode()
    region = re.search(r'<select name="[^"]*region"[^>]*>.*?</select>', html, re.S)[0]
    assert re.search(r'<option value="" selected>Choose a state or province', region)
    address = re.search(r'<input type="checkbox" name="[^"]*show_address"[^>]*>', html)
    assert "checked" not in address[0]  # a home address is never shown unasked
    assert 'type="checkbox" name="telehealth_regions" value="US-WA"' in html


def test_a_listing_needs_a_way_for_families_to_reach_it(provider_client):
    response = provider_client.post(
        reverse("directory:create"), form_data(SEATTLE, phone="")
    )
    assert response.status_code == 200
    errors = response.context["listing_input"].error_links
    assert (
        "id_phone",
        "Phone (optional)",
        "Give families at least one way to reach you: a phone, an email or a website.",
    ) in errors
    assert not Listing.objects.exists()
    response = provider_client.post(
        reverse("directory:create"),
        form_data(SEATTLE, phone="", public_email="hello@example.org"),
    )
    assert response.status_code == 302


def test_the_form_is_laid_out_in_steps_ending_with_the_preview(provider_client):
    html = provider_client.get(reverse("directory:create")).content.decode()
    for step in [
        "Step 1 of 5:</h2>",
        "About you",
        "Where and how you see families",
        "Who you serve",
        "Payment, availability and contact",
        "Preview and submit for review",
    ]:
        assert step.replace("</h2>", "") in html, step
    assert html.index("About you") < html.index("Who you serve")
    assert "Save and preview" in html


def test_someone_else_s_preview_is_404(provider_client, other_provider):
    listing = ListingFactory(owner=other_provider, status=ListingStatus.DRAFT)
    response = provider_client.get(reverse("directory:preview", args=[listing.pk]))
    assert response.status_code == 404
