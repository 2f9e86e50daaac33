"""What every test may use: the people who use the portal, one fixture each.

The personas, each defined here only, with the rights the real role has:

- ``visitor``: someone browsing without an account (the test client);
- ``provider``: a confirmed account that owns listings in the directory, and
  ``other_provider``, whose listings ``provider`` must never reach;
- ``moderator``: staff in the Directory moderators group, who approves and
  rejects listings in the admin;
- ``curator``: staff in the Curators group, who looks after the library;
- ``partner``: another organisation's program reading the API with its key.

``provider_client``, ``moderator_client`` and ``curator_client`` are each a
client of their own, logged in as that person, so a test can hold several
people's sessions at once and ``visitor`` stays anonymous.
"""

from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.cache import caches
from django.core.mail.backends.base import BaseEmailBackend
from django.core.management import call_command
from django.db import transaction
from django.test import Client, override_settings
from django.utils import translation
from rest_framework.test import APIClient
from rest_framework_api_key.models import APIKey

from imh_portal import query_plan
from imh_portal.templatetags.fragments import recent_fragments
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
def english_outside_requests():
    """Each test starts in English. A request to a Spanish page leaves Spanish
    active in the thread, as Django's locale middleware does, so a test that
    builds addresses after one names the language with ``reverse_in``."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with nothing cached (search results, help lines, limits,
    the plans of search texts, the fragments a worker keeps in memory)."""
    for cache in caches.all():
        cache.clear()
    query_plan.forget()
    recent_fragments.clear()
    yield
    for cache in caches.all():
        cache.clear()
    query_plan.forget()
    recent_fragments.clear()


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def visitor(client):
    """Someone browsing without an account."""
    return client


@pytest.fixture
def api():
    """A program reading the public API without a key, as any visitor's may."""
    return APIClient()


@pytest.fixture
def provider(db):
    """A provider with a confirmed account, who lists themselves in the directory."""
    return UserFactory(email="provider@example.org")


@pytest.fixture
def provider_client(provider):
    return logged_in(provider)


@pytest.fixture
def other_provider(db):
    """Another provider, with listings of their own."""
    return UserFactory(email="other.provider@example.org")


@pytest.fixture
def moderator(db):
    """A member of the Directory moderators group with staff access to the admin."""
    return UserFactory(
        email="moderator@example.org",
        is_staff=True,
        groups=[Group.objects.get(name="Directory moderators")],
    )


@pytest.fixture
def moderator_client(moderator):
    return logged_in(moderator)


@pytest.fixture
def curator(db):
    """A member of the Curators group with staff access to the admin."""
    return UserFactory(
        email="curator@example.org",
        is_staff=True,
        groups=[Group.objects.get(name="Curators")],
    )


@pytest.fixture
def curator_client(curator):
    return logged_in(curator)


@pytest.fixture
def partner(db):
    """A partner organisation's program calling the API with its valid key
    (``Authorization: Api-Key …``). ``partner.api_key`` is the stored record,
    ``partner.key`` the secret the partner was given."""
    api_key, key = APIKey.objects.create_key(name="Help Me Grow partner")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Api-Key {key}")
    client.api_key, client.key = api_key, key
    return client


@pytest.fixture
def admin_user(db):
    return UserFactory(email="admin@example.org", is_staff=True, is_superuser=True)


@pytest.fixture(scope="module")
def starter_content(django_db_setup, django_db_blocker):
    """The curated starter content, loaded once for the test module that asks
    for it: loading takes seconds. It is written in a transaction that each
    test's own nests in, and rolled back after the module's last test, so no
    other module finds it (which is also why a transactional test, one with a
    live server, cannot use it)."""
    with django_db_blocker.unblock():
        module_transaction = transaction.atomic()
        module_transaction.__enter__()
        call_command("load_starter_content", stdout=StringIO())
    yield
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        module_transaction.__exit__(None, None, None)


@pytest.fixture(scope="session")
def collected_static(tmp_path_factory) -> Path:
    """The static files as production serves them (hashed names, gzip and
    Brotli copies, the manifest), collected once per session into a temporary
    STATIC_ROOT: collecting takes a minute."""
    root = tmp_path_factory.mktemp("staticfiles")
    with override_settings(
        STATIC_ROOT=root,
        STORAGES={
            "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
            "staticfiles": {
                "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
            },
        },
    ):
        call_command("collectstatic", interactive=False, verbosity=0)
    return root


class FailingEmailBackend(BaseEmailBackend):
    """A mail server that is down."""

    def send_messages(self, email_messages):
        raise ConnectionRefusedError("the mail server is down")


@pytest.fixture
def mail_server_down(settings):
    """Every message refused, as when the mail server is away."""
    settings.EMAIL_BACKEND = f"{__name__}.FailingEmailBackend"


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The test database as migrate leaves it, less the 50,000 places the
    migration loads: each test builds the few places it searches near."""
    from directory.models import Place

    with django_db_blocker.unblock():
        Place.objects.all().delete()


@pytest.fixture(scope="session")
def migration_data_kept(django_db_setup, django_db_blocker):
    """Keep what migrations put in the database (groups, permissions).

    A reused test database was never serialised, so do it here; each test
    that commits starts from it, and the last one's flush is undone at the
    end, so the next run with --reuse-db finds the database as migrations left
    it.
    """
    from django.db import connection

    with django_db_blocker.unblock():
        if not getattr(connection, "_test_serialized_contents", None):
            connection._test_serialized_contents = (
                connection.creation.serialize_db_to_string()
            )
        contents = connection._test_serialized_contents
    yield contents
    with django_db_blocker.unblock():
        call_command("flush", interactive=False, inhibit_post_migrate=True)
        connection.creation.deserialize_db_from_string(contents)


@pytest.fixture
def migration_data(migration_data_kept, transactional_db):
    """For tests that commit (``transaction=True``): start with the migrations'
    data (groups and the like), whatever the test before flushed."""
    from django.contrib.auth.models import Group
    from django.db import connection

    if not Group.objects.exists():
        # The flush after the test before re-created content types with new
        # ids; clear them too, then load everything as migrations left it.
        call_command("flush", interactive=False, inhibit_post_migrate=True)
        connection.creation.deserialize_db_from_string(migration_data_kept)
