import pytest
from django.contrib.auth.models import Group
from django.core.cache import caches

from tests.factories import UserFactory


def pytest_collection_modifyitems(config, items):
    """Browser tests last: they commit and flush real transactions, as Django
    runs its TransactionTestCases after the others."""
    items.sort(key=lambda item: "tests/browser/" in str(item.fspath))


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Argon2 is slow on purpose; tests that are not about hashing skip it."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with nothing cached (search results, help lines, limits)."""
    for cache in caches.all():
        cache.clear()
    yield
    for cache in caches.all():
        cache.clear()


@pytest.fixture
def visitor(client):
    """Someone browsing without an account."""
    return client


@pytest.fixture
def curator(db):
    """A member of the Curators group with staff access to the admin."""
    return UserFactory(
        email="curator@example.org",
        is_staff=True,
        groups=[Group.objects.get(name="Curators")],
    )


@pytest.fixture
def curator_client(client, curator):
    client.force_login(curator)
    return client


@pytest.fixture
def admin_user(db):
    return UserFactory(email="admin@example.org", is_staff=True, is_superuser=True)
