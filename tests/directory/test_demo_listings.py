from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from directory.models import Listing
from tests.factories import ListingFactory

pytestmark = pytest.mark.django_db


def load():
    """As ``make run`` does each time: the starter content, then the samples."""
    call_command("load_starter_content", stdout=StringIO())
    call_command("load_demo_listings", stdout=StringIO())


def test_demo_listings_are_flagged_visible_and_labelled(starter_content, client):
    load()
    samples = Listing.objects.filter(is_sample=True)
    assert samples.count() == 40
    assert all("(sample)" in listing.name for listing in samples)
    html = client.get(reverse("directory:list")).content.decode()
    assert html.count("Sample listing — not a real provider") == 20  # one page


def test_loading_demo_listings_again_replaces_them_and_spares_real_ones(
    starter_content,
):
    real = ListingFactory(name="A real provider")
    load()
    load()
    assert Listing.objects.filter(is_sample=True).count() == 40
    assert Listing.objects.filter(pk=real.pk).exists()


def test_the_starter_content_loads_no_sample_listings(starter_content):
    call_command("load_starter_content", stdout=StringIO())
    assert not Listing.objects.exists()
