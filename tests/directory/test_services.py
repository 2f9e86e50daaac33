"""The life of a listing: create, submit, approve, edit while live, withdraw."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from directory import services
from directory.models import Listing, ListingStatus, PlaceKind
from tests.factories import (
    ListingFactory,
    LocationFactory,
    ModalityFactory,
    PlaceFactory,
    ServiceTypeFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def terms():
    PlaceFactory(
        kind=PlaceKind.POSTAL_CODE,
        name="98101",
        region="US-WA",
        latitude=47.6114,
        longitude=-122.3305,
    )
    ServiceTypeFactory(slug="dyadic-therapy", name="Dyadic therapy")
    ModalityFactory(slug="cpp", name="Child-Parent Psychotherapy")


def draft(**fields) -> services.ListingChanges:
    values = {
        "kind": "individual",
        "name": "Jordan Rivers",
        "qualifications": "LCSW",
        "bio": "I work with babies and their parents.",
        "languages": ["en"],
        "delivery": ["office"],
        "accepting": "yes",
        **fields,
    }
    return services.ListingChanges(
        fields=values,
        service_types=["dyadic-therapy"],
        modalities=["cpp"],
        locations=[
            {
                "city": "Seattle",
                "region": "US-WA",
                "postal_code": "98101",
                "address": "1 Pike St",
                "show_address": True,
            }
        ],
    )


def test_a_listing_goes_all_the_way_from_draft_to_published(
    provider, moderator, terms, mailoutbox, django_capture_on_commit_callbacks
):
    listing = services.create_listing(owner=provider, changes=draft())
    assert listing.status == ListingStatus.DRAFT
    assert listing.slug == "jordan-rivers"
    assert listing.service_type_ids and listing.modality_ids
    location = listing.locations.get()
    assert (location.latitude, location.longitude) == (47.6114, -122.3305)
    assert not Listing.objects.published().exists()

    services.submit_listing(listing=listing, editor=provider)
    listing.refresh_from_db()
    assert listing.status == ListingStatus.PENDING
    assert not Listing.objects.published().exists()

    with django_capture_on_commit_callbacks(execute=True):
        services.approve_listing(listing=listing, moderator=moderator)
    listing.refresh_from_db()
    assert listing.status == ListingStatus.PUBLISHED
    assert listing.published_at and listing.confirmed_on
    assert list(Listing.objects.published()) == [listing]
    assert mailoutbox[-1].to == ["provider@example.org"]
    assert "approved" in mailoutbox[-1].subject
    assert [event.to_status for event in listing.events.order_by("pk")] == [
        "draft",
        "pending",
        "published",
    ]


def test_edits_to_a_live_listing_wait_and_the_live_version_stays(
    provider, moderator, terms
):
    listing = services.create_listing(owner=provider, changes=draft())
    services.submit_listing(listing=listing, editor=provider)
    services.approve_listing(listing=listing, moderator=moderator)

    services.update_listing(
        listing=listing, editor=provider, changes=draft(name="Jordan Rivers-Lake")
    )
    listing.refresh_from_db()
    assert listing.status == ListingStatus.CHANGES_PENDING
    assert listing.name == "Jordan Rivers"  # still the live version
    assert Listing.objects.published().get().name == "Jordan Rivers"

    services.approve_listing(listing=listing, moderator=moderator)
    listing.refresh_from_db()
    assert listing.status == ListingStatus.PUBLISHED
    assert listing.name == "Jordan Rivers-Lake"
    assert listing.pending_changes is None


def test_rejected_changes_leave_the_live_listing_as_it_was(
    provider, moderator, terms, mailoutbox, django_capture_on_commit_callbacks
):
    listing = services.create_listing(owner=provider, changes=draft())
    services.submit_listing(listing=listing, editor=provider)
    services.approve_listing(listing=listing, moderator=moderator)
    services.update_listing(listing=listing, editor=provider, changes=draft(name="X"))
    with django_capture_on_commit_callbacks(execute=True):
        services.reject_listing(
            listing=listing, moderator=moderator, reason="Please use your full name."
        )
    listing.refresh_from_db()
    assert (listing.status, listing.name) == (ListingStatus.PUBLISHED, "Jordan Rivers")
    assert "Please use your full name." in mailoutbox[-1].body


def test_a_listing_keeps_several_locations_and_edits_them_in_place(
    provider, moderator, terms
):
    PlaceFactory(
        kind=PlaceKind.POSTAL_CODE,
        name="98402",
        region="US-WA",
        latitude=47.2529,
        longitude=-122.4443,
    )
    tacoma = {"city": "Tacoma", "region": "US-WA", "postal_code": "98402"}
    two_sites = draft()
    two_sites.locations.append({**tacoma, "label": "South site"})
    listing = services.create_listing(owner=provider, changes=two_sites)
    seattle, south = listing.locations.order_by("pk")
    assert (south.label, south.latitude) == ("South site", 47.2529)

    # A moderator pins the Seattle site exactly; the provider renames it.
    seattle.latitude, seattle.point_source = 47.6097, "exact"
    seattle.save()
    renamed = draft()
    renamed.locations = [{"id": seattle.pk, **renamed.locations[0], "label": "Main"}]
    services.update_listing(listing=listing, editor=provider, changes=renamed)
    (kept,) = listing.locations.all()
    assert (kept.pk, kept.label, kept.latitude) == (seattle.pk, "Main", 47.6097)


def test_an_edit_cannot_reach_another_listings_locations(
    provider, other_provider, terms
):
    theirs = ListingFactory(owner=other_provider)
    their_site = LocationFactory(listing=theirs, city="Spokane")
    mine = services.create_listing(owner=provider, changes=draft())
    sneaky = draft()
    sneaky.locations[0]["id"] = their_site.pk
    services.update_listing(listing=mine, editor=provider, changes=sneaky)
    their_site.refresh_from_db()
    assert (their_site.listing, their_site.city) == (theirs, "Spokane")
    assert mine.locations.get().pk != their_site.pk


def test_changes_saved_with_a_single_location_still_apply(provider, moderator, terms):
    listing = services.create_listing(owner=provider, changes=draft())
    services.submit_listing(listing=listing, editor=provider)
    services.approve_listing(listing=listing, moderator=moderator)
    waiting = draft(name="Renamed").as_json()
    waiting["location"] = waiting.pop("locations")[0]
    Listing.objects.filter(pk=listing.pk).update(
        status=ListingStatus.CHANGES_PENDING, pending_changes=waiting
    )
    services.approve_listing(listing=listing, moderator=moderator)
    listing.refresh_from_db()
    assert listing.name == "Renamed"
    assert listing.locations.get().city == "Seattle"


def test_a_rejection_needs_a_reason(provider, moderator, terms):
    listing = services.create_listing(owner=provider, changes=draft())
    services.submit_listing(listing=listing, editor=provider)
    with pytest.raises(ValidationError):
        services.reject_listing(listing=listing, moderator=moderator, reason="  ")


def test_a_provider_can_withdraw_and_send_again(provider, moderator, terms):
    listing = services.create_listing(owner=provider, changes=draft())
    services.submit_listing(listing=listing, editor=provider)
    services.approve_listing(listing=listing, moderator=moderator)
    services.withdraw_listing(listing=listing, editor=provider)
    assert not Listing.objects.published().exists()
    services.submit_listing(listing=listing, editor=provider)
    listing.refresh_from_db()
    assert listing.status == ListingStatus.PENDING


def test_nobody_but_the_owner_may_change_a_listing(provider, other_provider, terms):
    listing = services.create_listing(owner=provider, changes=draft())
    stranger = other_provider
    for action in (services.submit_listing, services.withdraw_listing):
        with pytest.raises(PermissionDenied):
            action(listing=listing, editor=stranger)
    with pytest.raises(PermissionDenied):
        services.update_listing(listing=listing, editor=stranger, changes=draft())
    unowned = ListingFactory(owner=None)
    with pytest.raises(PermissionDenied):
        services.confirm_listing(listing=unowned, editor=stranger)


def test_an_unknown_zip_code_is_refused_and_nothing_is_saved(provider, terms):
    bad = draft()
    bad.locations[0]["postal_code"] = "99999"
    bad.locations[0]["city"] = "Nowhere"
    with pytest.raises(ValidationError):
        services.create_listing(owner=provider, changes=bad)
    assert not Listing.objects.exists()


def test_verifying_a_credential_stamps_the_date(provider, moderator):
    listing = ListingFactory(owner=provider)
    credential = listing.credentials.create(kind="pmh_c")
    services.verify_credential(credential=credential, moderator=moderator)
    credential.refresh_from_db()
    listing.refresh_from_db()
    assert credential.verified_on is not None
    assert listing.verified_on == credential.verified_on


def test_suspending_takes_a_listing_down_at_once(provider, moderator):
    listing = ListingFactory(owner=provider)
    services.suspend_listing(listing=listing, moderator=moderator, reason="Reported")
    assert not Listing.objects.published().exists()
    assert listing.events.get().reason == "Reported"


def test_asking_for_changes_returns_a_new_listing_as_a_draft_to_send_again(
    provider, moderator, terms, mailoutbox, django_capture_on_commit_callbacks
):
    listing = services.create_listing(owner=provider, changes=draft())
    services.submit_listing(listing=listing, editor=provider)
    with django_capture_on_commit_callbacks(execute=True):
        services.request_changes(
            listing=listing, moderator=moderator, reason="Add your licence number."
        )
    listing.refresh_from_db()
    assert listing.status == ListingStatus.DRAFT
    assert "Add your licence number." in mailoutbox[-1].body
    services.submit_listing(listing=listing, editor=provider)
    listing.refresh_from_db()
    assert listing.status == ListingStatus.PENDING


def test_asking_for_changes_to_a_live_listing_keeps_the_live_version(
    provider, moderator, terms
):
    listing = services.create_listing(owner=provider, changes=draft())
    services.submit_listing(listing=listing, editor=provider)
    services.approve_listing(listing=listing, moderator=moderator)
    services.update_listing(listing=listing, editor=provider, changes=draft(name="X"))
    services.request_changes(listing=listing, moderator=moderator, reason="Why X?")
    listing.refresh_from_db()
    assert (listing.status, listing.name) == (ListingStatus.PUBLISHED, "Jordan Rivers")
    with pytest.raises(ValidationError):
        services.request_changes(listing=listing, moderator=moderator, reason="  ")
