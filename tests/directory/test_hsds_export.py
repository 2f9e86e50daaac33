"""HSDS 3.0 files: the published directory out, and back in as drafts."""

import datetime
import json
import uuid

import pytest
from django.utils import timezone

from directory.hsds import mapping
from directory.models import Listing, ListingStatus, PlaceKind, months_before
from tests.directory.hsds_files import FILES, export, run_import
from tests.directory.hsds_helpers import assert_valid
from tests.factories import (
    CredentialFactory,
    ListingFactory,
    LocationFactory,
    ModalityFactory,
    PlaceFactory,
    ServiceTypeFactory,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("map_and_terms")]


@pytest.fixture
def directory():
    """Two published listings, one with everything, and one the public cannot see."""
    PlaceFactory(
        kind=PlaceKind.POSTAL_CODE,
        name="98004",
        region="US-WA",
        latitude=47.6101,
        longitude=-122.2015,
    )
    dyadic = ServiceTypeFactory(slug="dyadic-therapy")
    cpp = ModalityFactory(slug="cpp", name="Child-Parent Psychotherapy")
    full = ListingFactory(
        kind=Listing.Kind.ORGANIZATION,
        name="Harbor Family Therapy",
        organization="Harbor Health",
        bio="We see parents and babies together.",
        age_bands=["0-12m", "12-24m"],
        languages=["en", "es"],
        delivery=["office", "telehealth"],
        telehealth_regions=["US-WA", "US-OR"],
        phone="206-555-0100",
        public_email="hello@harbor.example",
        website="https://harbor.example/",
        is_sample=True,
        service_types=[dyadic],
        modalities=[cpp],
    )
    LocationFactory(listing=full, label="Main clinic", address="1 Pike St")
    LocationFactory(
        listing=full,
        city="Bellevue",
        postal_code="98004",
        latitude=47.6101,
        longitude=-122.2015,
        show_address=False,
    )
    CredentialFactory(listing=full, kind="imhs")
    plain = ListingFactory(name="Jo Park")
    LocationFactory(listing=plain)
    hidden = ListingFactory(
        name="Unconfirmed", confirmed_on=months_before(timezone.localdate(), 19)
    )
    LocationFactory(listing=hidden)
    return {"full": full, "plain": plain, "hidden": hidden}


# --- Export -----------------------------------------------------------------


def test_export_writes_a_valid_data_package(tmp_path, directory):
    files = export(tmp_path)
    assert_valid(files["services"], "compiled/service_package.json")
    assert_valid(files["organizations"], "compiled/organization_package.json")
    assert_valid(
        files["service_at_locations"], "compiled/service_at_location_package.json"
    )
    for name, schema in [
        ("services", "compiled/service.json"),
        ("locations", "location.json"),
        ("taxonomies", "taxonomy.json"),
        ("taxonomy_terms", "taxonomy_term.json"),
    ]:
        for record in files[name]:
            assert_valid(record, schema)
    assert len(files["services"]) == len(files["organizations"]) == 2
    # Three sites and one telehealth location, each with its service.
    assert len(files["locations"]) == len(files["service_at_locations"]) == 4
    assert len(files["taxonomies"]) == 3


def test_the_package_describes_its_files(tmp_path, directory):
    files = export(tmp_path)
    package = json.loads((tmp_path / "datapackage.json").read_text())
    assert package["profile"] == "data-package"
    assert package["hsds_version"] == "3.0"
    described = {item["name"]: item for item in package["resources"]}
    assert set(described) == set(FILES)
    for name in FILES:
        assert described[name]["path"] == f"{name}.json"
        assert described[name]["count"] == len(files[name])


def test_export_has_only_what_the_public_sees(tmp_path, directory):
    export(tmp_path)
    hidden = str(directory["hidden"].uuid)
    for name in FILES:
        assert hidden not in (tmp_path / f"{name}.json").read_text()


def test_export_links_records_by_id(tmp_path, directory):
    files = export(tmp_path)
    organizations = {record["id"] for record in files["organizations"]}
    locations = {record["id"] for record in files["locations"]}
    services = {record["id"] for record in files["services"]}
    assert {record["organization_id"] for record in files["services"]} == (
        organizations
    )
    for link in files["service_at_locations"]:
        assert link["service_id"] in services
        assert link["location_id"] in locations


def test_export_records_match_the_api(tmp_path, directory, client):
    files = export(tmp_path)
    full = directory["full"]
    exported = next(s for s in files["services"] if s["id"] == str(full.uuid))
    served = client.get(f"/api/hsds/services/{full.uuid}").json()
    assert exported == served


def test_export_reads_listings_in_chunks(tmp_path, directory, monkeypatch):
    monkeypatch.setattr("imh_portal.exports.CHUNK_SIZE", 1)
    for number in range(4):
        LocationFactory(listing=ListingFactory(name=f"Clinic {number}"))
    files = export(tmp_path)
    assert len(files["services"]) == 6
    assert len({record["id"] for record in files["services"]}) == 6


def test_an_empty_directory_exports_empty_arrays(tmp_path):
    files = export(tmp_path)
    assert files["services"] == [] and files["locations"] == []
    assert len(files["taxonomies"]) == 3


# --- Round trip ---------------------------------------------------------------


def test_an_export_imports_back_as_the_same_drafts(tmp_path, directory):
    full = directory["full"]
    before = {
        "name": full.name,
        "organization": full.organization,
        "bio": full.bio,
        "languages": full.languages,
        "age_bands": full.age_bands,
        "telehealth_regions": full.telehealth_regions,
        "phone": full.phone,
        "public_email": full.public_email,
        "website": full.website,
        "is_sample": True,
    }
    export(tmp_path)

    out, _err = run_import(tmp_path)
    assert out.count("Already in the directory") == 2
    assert Listing.objects.count() == 3

    Listing.objects.all().delete()
    run_import(tmp_path)
    assert Listing.objects.count() == 2
    again = Listing.objects.get(uuid=full.uuid)
    assert again.status == ListingStatus.DRAFT
    for name, value in before.items():
        assert getattr(again, name) == value, name
    assert again.delivery == ["office", "telehealth"]
    assert [t.slug for t in again.service_types.all()] == ["dyadic-therapy"]
    assert [t.slug for t in again.modalities.all()] == ["cpp"]
    fields = ("label", "address", "city", "region", "postal_code", "show_address")
    assert set(again.locations.values_list(*fields)) == {
        ("Main clinic", "1 Pike St", "Seattle", "US-WA", "98101", True),
        # The hidden street stays unknown; the site's published name comes back.
        ("Harbor Family Therapy, Bellevue", "", "Bellevue", "US-WA", "98004", False),
    }
    assert again.verified_on is None and again.confirmed_on is None
    assert Listing.objects.get(uuid=directory["plain"].uuid).kind == "organization"


def test_dates_and_credentials_are_not_taken_on_trust(tmp_path, directory):
    Listing.objects.filter(pk=directory["full"].pk).update(
        verified_on=datetime.date(2026, 1, 1)
    )
    export(tmp_path)
    Listing.objects.all().delete()
    out, _err = run_import(tmp_path)
    again = Listing.objects.get(uuid=directory["full"].uuid)
    assert again.verified_on is None
    assert not again.credentials.exists()
    assert "Endorsements and certifications were left out" in out


def test_exported_ids_are_valid_uuids(tmp_path, directory):
    files = export(tmp_path)
    for record in files["services"]:
        assert uuid.UUID(record["id"]) and uuid.UUID(record["organization_id"])
    assert mapping.derived_id(
        uuid.UUID(files["services"][0]["organization_id"]), "organization"
    ) == uuid.UUID(files["services"][0]["id"])
