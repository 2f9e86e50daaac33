"""Integrity kept by the database: constraints and the facet-id triggers."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction

from resources.models import Resource, Topic
from tests.factories import ResourceFactory, RoleFactory, TopicFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("kind", "spaceship"),
        ("cost", "gratis"),
        ("status", "live"),
        ("region", "U1"),
        ("region", "us-wa"),
        ("age_bands", ["newborn"]),
        ("languages", ["klingon"]),
        ("languages", []),
    ],
)
def test_the_database_refuses_values_outside_the_vocabularies(field, value):
    resource = ResourceFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Resource.objects.filter(pk=resource.pk).update(**{field: value})


def test_a_published_resource_always_has_a_publication_date():
    resource = ResourceFactory(status="draft", published_at=None)
    with pytest.raises(IntegrityError), transaction.atomic():
        Resource.objects.filter(pk=resource.pk).update(status="published")
    resource.status = Resource.Status.PUBLISHED
    resource.save()
    assert resource.published_at is not None


def test_a_checked_link_has_a_check_date():
    resource = ResourceFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Resource.objects.filter(pk=resource.pk).update(link_status="ok")


def test_topic_ids_follow_the_many_to_many_rows_whichever_way_they_change():
    sleep, play, feeding = TopicFactory(), TopicFactory(), TopicFactory()
    resource = ResourceFactory()
    resource.topics.add(sleep, play)
    resource.refresh_from_db()
    assert resource.topic_ids == sorted([sleep.pk, play.pk])
    resource.topics.remove(sleep)
    resource.refresh_from_db()
    assert resource.topic_ids == [play.pk]
    play.delete()  # cascades through the many-to-many table
    resource.refresh_from_db()
    assert resource.topic_ids == []
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO resources_resource_topics (resource_id, topic_id) "
            "VALUES (%s, %s)",
            [resource.pk, feeding.pk],
        )
    resource.refresh_from_db()
    assert resource.topic_ids == [feeding.pk]


def test_audience_ids_follow_the_audiences():
    parents = RoleFactory()
    resource = ResourceFactory(audiences=[parents])
    assert resource.audience_ids == [parents.pk]
    resource.audiences.clear()
    resource.refresh_from_db()
    assert resource.audience_ids == []


def test_changing_topics_counts_as_a_change_of_the_resource():
    resource = ResourceFactory()
    before = resource.updated_at
    resource.topics.add(TopicFactory())
    resource.refresh_from_db()
    assert resource.updated_at > before


def test_the_stamp_changes_when_any_resource_changes():
    resource = ResourceFactory()
    first = Resource.objects.stamp()
    resource.title = "Renamed"
    resource.save()
    assert Resource.objects.stamp() != first


def test_every_published_model_has_a_public_address():
    resource = ResourceFactory(slug="sleep-guide")
    assert resource.get_absolute_url() == "/resources/sleep-guide/"
    topic = Topic(slug="sleep")
    assert topic.get_absolute_url() == "/resources/?topic=sleep"


@pytest.mark.parametrize(
    ("isbn", "code"),
    [
        ("9781462527633", "isbn_check_digit"),
        ("978-1-4625-2763-2", "isbn_format"),
        ("1462527632", "isbn_format"),
    ],
)
def test_an_isbn_must_be_thirteen_digits_with_a_valid_check_digit(isbn, code):
    book = ResourceFactory.build(kind="book", isbn=isbn)
    with pytest.raises(ValidationError) as raised:
        book.full_clean(exclude=["slug", "url"])
    assert raised.value.error_dict["isbn"][0].code == code


def test_a_valid_isbn_and_none_at_all_are_both_accepted():
    ResourceFactory.build(kind="book", isbn="9781462527632").full_clean(
        exclude=["slug", "url"]
    )
    ResourceFactory.build(kind="book", isbn="").full_clean(exclude=["slug", "url"])
