"""The starter content reads in Spanish as fully as in English: every curated
text has its Spanish version, plain enough for families, and English resources
a parent is likely to need tell Spanish readers what they offer."""

import pytest

from directory.models import Modality, ServiceType
from guidance.models import FeaturedResource, GuidanceItem, RoleProviderType
from imh_portal.admin_translation import missing_spanish
from imh_portal.models import HelpLine
from imh_portal.readability import PLAIN_GRADE, reading_grade
from resources.models import Collection, CollectionItem, Resource, Topic
from roles.models import Role

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("starter_content")]

TRANSLATED = [
    Role,
    GuidanceItem,
    FeaturedResource,
    RoleProviderType,
    Topic,
    Collection,
    CollectionItem,
    ServiceType,
    Modality,
    HelpLine,
]
FAMILY_ROLES = {"parents-caregivers", "family-members", "community-members"}
# Pages for professionals may run a little harder than a parent's, not much.
PROFESSIONAL_GRADE = 10


@pytest.mark.parametrize("model", TRANSLATED, ids=lambda model: model.__name__)
def test_every_curated_text_has_its_spanish_version(model):
    waiting = model.objects.filter(missing_spanish(model))
    assert list(waiting) == []


def spanish_texts_of(role: Role) -> list[str]:
    return [
        role.name_es,
        role.i_am_es,
        role.tagline_es,
        role.summary_es,
        role.why_it_matters_es,
        *role.guidance.values_list("text_es", flat=True),
        *role.featured_resources.values_list("note_es", flat=True),
        *role.provider_types.values_list("note_es", flat=True),
    ]


def test_role_pages_in_spanish_read_plainly():
    too_hard = []
    for role in Role.objects.all():
        limit = PLAIN_GRADE if role.slug in FAMILY_ROLES else PROFESSIONAL_GRADE
        for text in spanish_texts_of(role):
            if len(text.split()) >= 12 and reading_grade(text, "es") > limit:
                too_hard.append((role.slug, text[:60]))
    assert too_hard == []


def test_the_glossary_topics_and_help_lines_read_at_grade_eight_in_spanish():
    texts = [
        *ServiceType.objects.values_list("description_es", flat=True),
        *Modality.objects.values_list("description_es", flat=True),
        *Topic.objects.values_list("description_es", flat=True),
        *HelpLine.objects.values_list("description_es", flat=True),
    ]
    too_hard = [
        text[:60] for text in texts if text and reading_grade(text, "es") > PLAIN_GRADE
    ]
    assert too_hard == []


def test_every_resource_offered_in_spanish_has_a_spanish_summary():
    offered = Resource.objects.published().filter(languages__contains=["es"])
    missing = [
        resource.slug
        for resource in offered
        if resource.text_language != "es" and not resource.spanish_summary
    ]
    assert missing == []


def test_at_least_sixty_english_family_resources_speak_to_spanish_readers():
    english = (
        Resource.objects.published()
        .filter(audiences__slug__in=["parents-caregivers", "family-members"])
        .exclude(languages__0="es")
        .exclude(spanish_summary="")
        .distinct()
    )
    assert english.count() >= 60


def test_spanish_summaries_are_plain_and_say_the_resource_is_in_english():
    with_summary = Resource.objects.published().exclude(spanish_summary="")
    too_hard = [
        resource.slug
        for resource in with_summary
        if reading_grade(resource.spanish_summary, "es") > PLAIN_GRADE
    ]
    silent = [
        resource.slug
        for resource in with_summary
        if "es" not in resource.languages and "inglés" not in resource.spanish_summary
    ]
    assert too_hard == []
    assert silent == []
