"""Writes with side effects in the directory: the life of a listing.

Forms, the admin and the API all call these functions, so the rules (who may do
what, from which status, what is recorded and who is told) live in one place.
"""

import datetime
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from directory.models import (
    LIVE_STATUSES,
    Credential,
    Listing,
    ListingEvent,
    ListingStatus,
    Location,
    Modality,
    Place,
    ServiceType,
)
from imh_portal.mail import in_their_language, queue_email
from imh_portal.site_address import site_url

# The fields a provider edits; changes to a live listing wait for review.
EDITABLE_FIELDS = [
    "kind",
    "name",
    "qualifications",
    "organization",
    "bio",
    "age_bands",
    "languages",
    "delivery",
    "payment",
    "telehealth_regions",
    "accepting",
    "phone",
    "public_email",
    "website",
]
LOCATION_FIELDS = ["label", "address", "city", "region", "postal_code", "show_address"]
# A program may see families at several sites; more than this is a data error.
MAX_LOCATIONS = 20


@dataclass
class ListingChanges:
    """A provider's version of a listing: its fields, terms and locations.

    Applied at once to a listing nobody sees yet; kept in ``pending_changes``
    for a moderator while the published listing stays as it was.

    Each location is a dict of ``LOCATION_FIELDS``, with the ``id`` of the
    location it replaces when it edits an existing one.
    """

    fields: dict
    service_types: list[str] = field(default_factory=list)
    modalities: list[str] = field(default_factory=list)
    locations: list[dict] = field(default_factory=list)

    def as_json(self) -> dict:
        return {
            "fields": self.fields,
            "service_types": self.service_types,
            "modalities": self.modalities,
            "locations": self.locations,
        }

    @classmethod
    def from_json(cls, data: dict) -> "ListingChanges":
        data = dict(data)
        # Changes saved before listings had several locations carry just one.
        single = data.pop("location", None)
        if single is not None and "locations" not in data:
            data["locations"] = [single]
        return cls(**data)


def _require_owner(listing: Listing, user) -> None:
    if listing.owner_id is None or listing.owner_id != user.pk:
        raise PermissionDenied(_("Only the listing's owner may do this."))


def _record(listing: Listing, old: str, actor, reason: str = "") -> None:
    ListingEvent.objects.create(
        listing=listing,
        from_status=old,
        to_status=listing.status,
        actor=actor,
        reason=reason,
    )


def _unique_slug(name: str) -> str:
    base = slugify(name)[:160] or "listing"
    slug, number = base, 2
    while Listing.objects.filter(slug=slug).exists():
        slug, number = f"{base}-{number}", number + 1
    return slug


def _apply(listing: Listing, changes: ListingChanges) -> None:
    """Write changes onto a listing, its terms and its locations."""
    for name, value in changes.fields.items():
        if name in EDITABLE_FIELDS:
            setattr(listing, name, value)
    listing.accepting_updated_on = timezone.localdate()
    listing.full_clean(exclude=["slug"])
    listing.save()
    listing.service_types.set(
        ServiceType.objects.filter(slug__in=changes.service_types)
    )
    listing.modalities.set(Modality.objects.filter(slug__in=changes.modalities))
    _apply_locations(listing, changes.locations)
    listing.refresh_from_db()  # the triggers filled the facet arrays


def _apply_locations(listing: Listing, locations: list[dict]) -> None:
    """Make the listing's locations exactly ``locations``.

    A location that names the id of one of this listing's own locations updates
    it (keeping a moderator's exact point while the postal code stays); any
    other id is ignored, so an edit can never reach another listing's sites.
    """
    if len(locations) > MAX_LOCATIONS:
        raise ValidationError(
            {
                "locations": ngettext(
                    "A listing can have at most %(max)d location.",
                    "A listing can have at most %(max)d locations.",
                    MAX_LOCATIONS,
                )
                % {"max": MAX_LOCATIONS}
            }
        )
    existing = {location.pk: location for location in listing.locations.all()}
    kept = []
    for data in locations:
        location = existing.pop(data.get("id"), None) or Location(listing=listing)
        moved = location.pk is None or location.postal_code != data["postal_code"]
        for name in LOCATION_FIELDS:
            setattr(location, name, data.get(name, getattr(location, name)))
        location.country = location.region.split("-")[0]
        if moved:
            location.latitude, location.longitude = _point_of(data, location)
            location.point_source = Location.PointSource.POSTAL_CODE
        location.full_clean()
        kept.append(location)
    Location.objects.filter(pk__in=existing).delete()
    for location in kept:
        location.save()


UNKNOWN_ADDRESS = gettext_lazy("We could not find this ZIP code or city on the map.")


def _point_of(data: dict, location: Location) -> tuple[float, float]:
    """The point of a site's ZIP code or city: as the listing's input found it
    on the map (ListingInput), else looked up now (changes saved before)."""
    if data.get("latitude") is not None and data.get("longitude") is not None:
        return data["latitude"], data["longitude"]
    place = Place.objects.for_address(
        postal_code=location.postal_code, city=location.city, region=location.region
    )
    if place is None:
        raise ValidationError({"postal_code": UNKNOWN_ADDRESS})
    return place.latitude, place.longitude


@transaction.atomic
def create_listing(*, owner, changes: ListingChanges) -> Listing:
    """A provider's new listing, saved as a draft nobody else can see."""
    listing = Listing(owner=owner, slug=_unique_slug(changes.fields["name"]))
    listing.accepting_updated_on = timezone.localdate()
    _apply(listing, changes)
    _record(listing, ListingStatus.DRAFT, owner, "created")
    return listing


@transaction.atomic
def update_listing(*, listing: Listing, editor, changes: ListingChanges) -> Listing:
    """Edit a listing. While it is live, the edit waits for a moderator."""
    listing = Listing.objects.select_for_update().get(pk=listing.pk)
    _require_owner(listing, editor)
    if listing.status in LIVE_STATUSES:
        _validate_without_saving(listing, changes)
        old = listing.status
        listing.pending_changes = changes.as_json()
        listing.status = ListingStatus.CHANGES_PENDING
        listing.save(update_fields=["pending_changes", "status", "updated_at"])
        if old != listing.status:
            _record(listing, old, editor, "changes submitted")
        return listing
    _apply(listing, changes)
    return listing


def _validate_without_saving(listing: Listing, changes: ListingChanges) -> None:
    with transaction.atomic():
        _apply(Listing.objects.get(pk=listing.pk), changes)
        transaction.set_rollback(True)


@transaction.atomic
def submit_listing(*, listing: Listing, editor) -> Listing:
    """Ask a moderator to publish a draft, rejected or withdrawn listing."""
    listing = Listing.objects.select_for_update().get(pk=listing.pk)
    _require_owner(listing, editor)
    if listing.status not in {
        ListingStatus.DRAFT,
        ListingStatus.REJECTED,
        ListingStatus.WITHDRAWN,
    }:
        raise ValidationError(
            _("Only a draft, rejected or withdrawn listing can be sent.")
        )
    if not listing.locations.exists() and not listing.telehealth_regions:
        raise ValidationError(
            _("Add a location or the regions you serve by telehealth.")
        )
    old, listing.status = listing.status, ListingStatus.PENDING
    listing.save(update_fields=["status", "updated_at"])
    _record(listing, old, editor)
    return listing


@transaction.atomic
def withdraw_listing(*, listing: Listing, editor) -> Listing:
    """Take a listing off the directory; its owner can send it again later."""
    listing = Listing.objects.select_for_update().get(pk=listing.pk)
    _require_owner(listing, editor)
    if listing.status == ListingStatus.WITHDRAWN:
        return listing
    old = listing.status
    listing.status = ListingStatus.WITHDRAWN
    listing.pending_changes = None
    listing.save(update_fields=["status", "pending_changes", "updated_at"])
    _record(listing, old, editor)
    return listing


@transaction.atomic
def confirm_listing(*, listing: Listing, editor) -> Listing:
    """The owner's yearly "still accurate"."""
    listing = Listing.objects.select_for_update().get(pk=listing.pk)
    _require_owner(listing, editor)
    listing.confirmed_on = timezone.localdate()
    listing.reminder_sent_on = None
    listing.save(update_fields=["confirmed_on", "reminder_sent_on", "updated_at"])
    return listing


@transaction.atomic
def approve_listing(*, listing: Listing, moderator) -> Listing:
    """Publish a pending listing, or apply a live listing's waiting changes."""
    listing = Listing.objects.select_for_update().get(pk=listing.pk)
    old = listing.status
    if old == ListingStatus.CHANGES_PENDING:
        changes = ListingChanges.from_json(listing.pending_changes)
        listing.pending_changes = None
        listing.status = ListingStatus.PUBLISHED
        _apply(listing, changes)
    elif old == ListingStatus.PENDING:
        today = timezone.localdate()
        listing.status = ListingStatus.PUBLISHED
        listing.published_at = listing.published_at or timezone.now()
        listing.confirmed_on = today
        listing.full_clean()
        listing.save()
    else:
        raise ValidationError(_("Only pending listings or changes can be approved."))
    _record(listing, old, moderator)
    _tell_owner(listing, "approved")
    return listing


@transaction.atomic
def reject_listing(*, listing: Listing, moderator, reason: str) -> Listing:
    """Turn down a pending listing, or its waiting changes, with a reason."""
    if not reason.strip():
        raise ValidationError({"reason": _("Say why, so the provider can fix it.")})
    listing = Listing.objects.select_for_update().get(pk=listing.pk)
    old = listing.status
    if old == ListingStatus.CHANGES_PENDING:
        listing.pending_changes = None
        listing.status = ListingStatus.PUBLISHED  # the live version stays
    elif old == ListingStatus.PENDING:
        listing.status = ListingStatus.REJECTED
    else:
        raise ValidationError(_("Only pending listings or changes can be rejected."))
    listing.save(update_fields=["status", "pending_changes", "updated_at"])
    _record(listing, old, moderator, reason)
    _tell_owner(listing, "rejected", reason=reason)
    return listing


@transaction.atomic
def request_changes(*, listing: Listing, moderator, reason: str) -> Listing:
    """Send a pending listing back to its owner as a draft, saying what to
    change; they edit it and send it again. Waiting changes to a live listing
    go back the same way, and the live version stays."""
    if not reason.strip():
        raise ValidationError({"reason": _("Say what to change.")})
    listing = Listing.objects.select_for_update().get(pk=listing.pk)
    old = listing.status
    if old == ListingStatus.CHANGES_PENDING:
        listing.pending_changes = None
        listing.status = ListingStatus.PUBLISHED
    elif old == ListingStatus.PENDING:
        listing.status = ListingStatus.DRAFT
    else:
        raise ValidationError(_("Only pending listings or changes can be sent back."))
    listing.save(update_fields=["status", "pending_changes", "updated_at"])
    _record(listing, old, moderator, reason)
    _tell_owner(listing, "changes_requested", reason=reason)
    return listing


@transaction.atomic
def suspend_listing(*, listing: Listing, moderator, reason: str) -> Listing:
    """Take a listing down at once, for example after a credible report."""
    listing = Listing.objects.select_for_update().get(pk=listing.pk)
    old = listing.status
    listing.status = ListingStatus.SUSPENDED
    listing.pending_changes = None
    listing.save(update_fields=["status", "pending_changes", "updated_at"])
    _record(listing, old, moderator, reason)
    return listing


@transaction.atomic
def add_credential(
    *,
    listing: Listing,
    editor,
    kind: str,
    issued_by: str = "",
    year: int | None = None,
    details: str = "",
) -> Credential:
    """A credential the owner claims; shown as "not yet checked" until verified."""
    _require_owner(listing, editor)
    credential = Credential(
        listing=listing, kind=kind, issued_by=issued_by, year=year, details=details
    )
    credential.full_clean()
    credential.save()
    _record(listing, listing.status, editor, f"credential added: {credential}")
    return credential


@transaction.atomic
def remove_credential(*, credential: Credential, editor) -> None:
    """The owner takes back a credential claim."""
    listing = credential.listing
    _require_owner(listing, editor)
    credential.delete()
    _record(listing, listing.status, editor, f"credential removed: {credential}")


@transaction.atomic
def verify_credential(
    *, credential: Credential, moderator, on: datetime.date | None = None
) -> Credential:
    """A moderator checked the credential with its issuer: stamp the date."""
    credential.verified_on = on or timezone.localdate()
    credential.save(update_fields=["verified_on"])
    listing = credential.listing
    listing.verified_on = credential.verified_on
    listing.save(update_fields=["verified_on", "updated_at"])
    _record(listing, listing.status, moderator, f"verified: {credential}")
    return credential


# What the owner is told, by outcome: whole sentences, so each translates as one.
OUTCOME_SUBJECTS = {
    "approved": gettext_lazy("Your directory listing was approved: %(name)s"),
    "rejected": gettext_lazy("Your directory listing was rejected: %(name)s"),
    "changes_requested": gettext_lazy("Please change your directory listing: %(name)s"),
}
OUTCOME_MESSAGES = {
    "approved": gettext_lazy("Your listing “%(name)s” was approved."),
    "rejected": gettext_lazy("Your listing “%(name)s” was rejected."),
    "changes_requested": gettext_lazy(
        "A moderator asks you to change your listing “%(name)s” before it can "
        "be published. Edit it, then send it for review again."
    ),
}


def _tell_owner(listing: Listing, outcome: str, reason: str = "") -> None:
    if listing.owner is None or not listing.owner.email:
        return
    # In the owner's language, whatever the moderator works in.
    with in_their_language(listing.owner):
        _queue_outcome(listing, outcome, reason)


def _queue_outcome(listing: Listing, outcome: str, reason: str) -> None:
    address = listing.owner.email
    subject = OUTCOME_SUBJECTS[outcome] % {"name": listing.name}
    body = OUTCOME_MESSAGES[outcome] % {"name": listing.name}
    if reason:
        body += "\n\n" + _("The moderator's note:") + f"\n{reason}"
    path = reverse("directory:detail", args=[listing.slug])
    body += "\n\n" + _("See it at %(url)s") % {"url": f"{site_url()}{path}"}
    queue_email(to=[address], subject=subject, body=body)
