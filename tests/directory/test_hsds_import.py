"""HSDS 3.0 files in: records become draft listings, all or nothing."""

import json
import uuid
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from directory.models import Listing, ListingEvent, ListingStatus, Location, PlaceKind
from tests.directory.hsds_files import failed_import, hsds_service, run_import, write
from tests.directory.hsds_helpers import example
from tests.factories import ModalityFactory, PlaceFactory, ServiceTypeFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("map_and_terms")]


@pytest.fixture
def my_city():
    """The official examples' "MyCity", whose postcode is not a US ZIP code."""
    return PlaceFactory(kind=PlaceKind.CITY, name="MyCity", region="US-WA")


# --- Import: the official examples ----------------------------------------


@pytest.mark.parametrize("name", ["service_full.json", "organization_full.json"])
def test_the_official_examples_import_as_drafts(name, my_city):
    out, err = run_import(example(name))
    assert err == ""
    listing = Listing.objects.get()
    assert listing.uuid == uuid.UUID("ac148810-d857-441c-9679-408f346de14b")
    assert listing.status == ListingStatus.DRAFT
    assert listing.owner is None
    assert listing.name == "Community Counselling"
    assert listing.organization == "Example Organization Inc."
    assert listing.kind == Listing.Kind.ORGANIZATION
    assert listing.phone == "+44 1234 234567"  # the quotes around it dropped
    assert listing.website == "http://example.com/counselling"
    site = listing.locations.get()
    assert (site.city, site.region, site.postal_code) == ("MyCity", "US-WA", "ABC 1234")
    # The example's coordinates (100, 101) are not on earth: the city's are used.
    assert (site.latitude, site.longitude) == (my_city.latitude, my_city.longitude)
    assert "imported" in out and "Urdu" in out and "not on earth" in out
    assert ListingEvent.objects.filter(
        listing=listing, reason__startswith="Imported from HSDS"
    ).exists()


def test_an_example_without_a_place_on_the_map_is_rejected():
    out, err, error = failed_import(example("service_full.json"))
    assert "ac148810-d857-441c-9679-408f346de14b" in err
    assert "could not find" in err
    assert "nothing was imported" in error
    assert not Listing.objects.exists()


def test_importing_twice_skips_what_is_already_there(my_city):
    run_import(example("service_full.json"))
    out, err = run_import(example("organization_full.json"))
    assert "skipped" in out and "Already in the directory" in out
    assert Listing.objects.count() == 1


# --- Import: the mapping ----------------------------------------------------


def test_a_service_maps_onto_a_listing(tmp_path):
    dyadic = ServiceTypeFactory(slug="dyadic-therapy")
    cpp = ModalityFactory(slug="cpp", name="Child-Parent Psychotherapy")
    record = hsds_service(
        minimum_age=1,
        maximum_age=3,
        email="hi@steps.example",
        url="https://steps.example",
        phones=[{"id": str(uuid.uuid4()), "number": "206-555-0101"}],
        attributes=[
            {"id": str(uuid.uuid4()), "taxonomy_term": term}
            for term in (
                {"id": str(uuid.uuid4()), "name": "dyadic therapy", "description": "x"},
                {
                    "id": str(uuid.uuid4()),
                    "code": "cpp",
                    "name": "?",
                    "description": "",
                },
                {"id": str(uuid.uuid4()), "name": "Acupuncture", "description": "x"},
            )
        ],
    )
    out, _err = run_import(write(tmp_path / "one.json", record))
    listing = Listing.objects.get()
    assert listing.uuid == uuid.UUID(record["id"])
    assert listing.age_bands == ["12-24m", "24-36m", "3-5y"]
    assert listing.languages == ["es"]
    assert listing.delivery == ["office"]
    assert list(listing.service_types.all()) == [dyadic]
    assert list(listing.modalities.all()) == [cpp]
    assert "Acupuncture" in out
    site = listing.locations.get()
    assert (site.address, site.region, site.show_address) == (
        "1 Pike St",
        "US-WA",
        True,
    )
    assert site.point_source == Location.PointSource.POSTAL_CODE


def test_record_coordinates_near_the_zip_code_are_kept(tmp_path):
    record = hsds_service()
    place = record["service_at_locations"][0]["location"]
    place.update(latitude=47.6253, longitude=-122.3222)
    far = hsds_service()
    far["service_at_locations"][0]["location"].update(latitude=40.0, longitude=-100.0)
    out, _err = run_import(write(tmp_path / "two.json", [record, far]))
    near_site = Listing.objects.get(uuid=record["id"]).locations.get()
    assert (near_site.latitude, near_site.longitude) == (47.6253, -122.3222)
    assert near_site.point_source == Location.PointSource.EXACT
    far_site = Listing.objects.get(uuid=far["id"]).locations.get()
    assert (far_site.latitude, far_site.longitude) == (47.6114, -122.3305)
    assert "km from its ZIP code" in out


def test_telehealth_comes_from_a_virtual_location_and_service_areas(tmp_path):
    record = hsds_service(
        service_areas=[
            {"id": str(uuid.uuid4()), "name": "Oregon, US", "extent": "US-OR"},
            {"id": str(uuid.uuid4()), "name": "Idaho"},
            {"id": str(uuid.uuid4()), "name": "The whole valley"},
        ]
    )
    record["service_at_locations"].append(
        {
            "id": str(uuid.uuid4()),
            "location": {"id": str(uuid.uuid4()), "location_type": "virtual"},
        }
    )
    out, _err = run_import(write(tmp_path / "one.json", record))
    listing = Listing.objects.get()
    assert listing.delivery == ["office", "telehealth"]
    assert listing.telehealth_regions == ["US-OR", "US-ID"]
    assert "The whole valley" in out


def test_a_page_of_records_and_ndjson_are_read(tmp_path):
    page = {"total_items": 2, "contents": [hsds_service(), hsds_service()]}
    run_import(write(tmp_path / "page.json", page))
    lines = "\n".join(json.dumps(hsds_service()) for _ in range(2))
    (tmp_path / "more.ndjson").write_text(lines + "\n")
    run_import(tmp_path / "more.ndjson")
    assert Listing.objects.filter(status=ListingStatus.DRAFT).count() == 4


def test_a_dry_run_saves_nothing(tmp_path):
    out, _err = run_import(write(tmp_path / "one.json", hsds_service()), "--dry-run")
    assert "valid" in out and "would be imported" in out
    assert not Listing.objects.exists()


def test_a_record_twice_in_the_input_is_imported_once(tmp_path):
    record = hsds_service()
    out, _err = run_import(write(tmp_path / "twice.json", [record, record]))
    assert Listing.objects.count() == 1
    assert "Appears earlier in the input" in out


# --- Import: all or nothing -------------------------------------------------


def test_bad_json_imports_nothing(tmp_path):
    path = tmp_path / "broken.json"
    path.write_text('{"id": "x", "name": ')
    with pytest.raises(CommandError, match="not valid JSON"):
        call_command("import_hsds", str(path), stdout=StringIO(), stderr=StringIO())
    assert not Listing.objects.exists()


def test_every_rejected_record_is_reported_and_nothing_is_imported(tmp_path):
    good = hsds_service(name="Good one")
    nameless = hsds_service()
    del nameless["name"]
    wrong_type = hsds_service(minimum_age="twelve")
    bad_id = hsds_service(id="not-a-uuid")
    nowhere = hsds_service(name="Nowhere")
    address = nowhere["service_at_locations"][0]["location"]["addresses"][0]
    address.update(city="Atlantis", postal_code="00000")
    too_long = hsds_service(name="x" * 161)
    abroad = hsds_service(name="Abroad")
    abroad["service_at_locations"][0]["location"]["addresses"][0]["country"] = "GB"
    records = [good, nameless, wrong_type, bad_id, nowhere, too_long, abroad, 42]
    out, err, error = failed_import(write(tmp_path / "mixed.json", records))
    assert not Listing.objects.exists()
    assert "7 of 8 records rejected" in error
    assert err.count("REJECTED") == 7
    assert "'name' is a required property" in err
    assert f"id {wrong_type['id']}" in err and "minimum_age: 'twelve'" in err
    assert "id not-a-uuid" in err and "is not a 'uuid'" in err
    assert f"id {nowhere['id']}" in err and "We could not find" in err
    assert "name: Ensure this value has at most 160 characters" in err
    assert "GB" in err
    assert "mixed.json #8" in err and "Expected a JSON object" in err
    assert "valid mixed.json #1" in out


def test_a_directory_without_services_is_refused(tmp_path):
    with pytest.raises(CommandError, match="no services.json"):
        call_command("import_hsds", str(tmp_path), stdout=StringIO())


def test_an_organization_without_services_is_rejected(tmp_path):
    organization = {"id": str(uuid.uuid4()), "name": "Org", "description": "An org."}
    organization["website"] = "https://org.example"
    _out, err, _error = failed_import(write(tmp_path / "org.json", organization))
    assert "no services to import" in err
