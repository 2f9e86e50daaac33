"""Deleted public records leave tombstones for partners' copies."""

import pytest

from imh_portal.models import Tombstone
from tests.factories import ListingFactory, ResourceFactory

pytestmark = pytest.mark.django_db


def test_deleting_resources_and_listings_leaves_tombstones():
    resource = ResourceFactory(slug="old-guide")
    listing = ListingFactory(slug="old-clinic")
    resource.delete()
    listing.delete()
    stones = {(t.kind, t.key): t for t in Tombstone.objects.all()}
    assert set(stones) == {("resource", "old-guide"), ("listing", "old-clinic")}
    assert stones[("listing", "old-clinic")].uuid == listing.uuid
    assert Tombstone.objects.of("listing").count() == 1
