import pytest

from directory.models import PlaceKind
from tests.factories import PlaceFactory, ServiceTypeFactory


@pytest.fixture
def map_and_terms(db):
    """ZIP code 98101 on the map, and the dyadic-therapy service type."""
    PlaceFactory(
        kind=PlaceKind.POSTAL_CODE,
        name="98101",
        region="US-WA",
        latitude=47.6114,
        longitude=-122.3305,
    )
    ServiceTypeFactory(slug="dyadic-therapy", name="Dyadic therapy")
