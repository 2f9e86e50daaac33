"""The starter library a family needs: enough real resources of every kind,
language, audience and topic, plainly summarised, with checkable facts."""

import tomllib
from collections import Counter

import pytest

from imh_portal.fields import isbn13_check_digit
from imh_portal.models import HelpLine
from imh_portal.readability import PLAIN_GRADE, reading_grade
from resources.models import Resource
from resources.starter_content import starter_resources

pytestmark = pytest.mark.django_db

FAMILIES = {"parents-caregivers", "family-members"}
# A professional summary may run a little harder than a parent's, not much.
PROFESSIONAL_GRADE = 10

# The topics a family looks for, each needing at least six resources for them;
# a tuple is one need filed under either topic.
FAMILY_TOPICS = [
    "crying-soothing",
    "sleep",
    "feeding",
    "behaviour-feelings",
    "speech-language",
    "development-milestones",
    ("attachment-bonding", "play"),
    "perinatal-mental-health",
    "fathers-partners",
    "prematurity-nicu",
    "foster-adoption-kinship",
    "grief-loss",
    "separation-coparenting",
    "substance-use",
    "family-violence",
    "money-basic-needs",
    "child-care-early-learning",
]


@pytest.fixture
def library(starter_content):
    return list(
        Resource.objects.filter(status=Resource.Status.PUBLISHED).prefetch_related(
            "topics", "audiences"
        )
    )


def audiences(resource) -> set[str]:
    return {role.slug for role in resource.audiences.all()}


def is_for_families(resource) -> bool:
    return bool(audiences(resource) & FAMILIES)


def test_the_library_holds_at_least_220_published_resources(library):
    assert len(library) >= 220


def test_at_least_120_resources_are_for_parents_caregivers_and_family(library):
    assert sum(is_for_families(resource) for resource in library) >= 120


@pytest.mark.parametrize("topic", FAMILY_TOPICS, ids=str)
def test_each_family_topic_has_at_least_six_resources_for_families(library, topic):
    wanted = set(topic) if isinstance(topic, tuple) else {topic}
    found = [
        resource.slug
        for resource in library
        if is_for_families(resource)
        and wanted & {topic.slug for topic in resource.topics.all()}
    ]
    assert len(found) >= 6, found


def test_books_videos_podcasts_and_spanish_resources_are_there_in_number(library):
    kinds = Counter(resource.kind for resource in library)
    assert kinds["book"] >= 25
    assert kinds["video"] + kinds["podcast"] >= 15
    assert sum("es" in resource.languages for resource in library) >= 45


def test_every_book_names_its_authors_and_publisher(library):
    for book in (resource for resource in library if resource.kind == "book"):
        assert book.authors and book.publisher, book.slug


def test_every_isbn_given_has_a_valid_check_digit(library):
    isbns = [resource.isbn for resource in library if resource.isbn]
    assert isbns
    for isbn in isbns:
        assert len(isbn) == 13 and isbn.isdigit(), isbn
        assert isbn13_check_digit(isbn[:12]) == int(isbn[12]), isbn


def test_every_link_is_https_or_plain_http_with_a_stated_reason():
    for entry in starter_resources():
        if entry["url"].startswith("http://"):
            assert entry.get("http_reason", "").strip(), entry["slug"]
        else:
            assert entry["url"].startswith("https://"), entry["slug"]


def test_summaries_read_at_grade_eight_for_families_and_stay_plain_for_others(
    library,
):
    too_hard = []
    for resource in library:
        language = "es" if resource.languages[0] == "es" else "en"
        limit = PLAIN_GRADE if is_for_families(resource) else PROFESSIONAL_GRADE
        grade = reading_grade(resource.summary, language)
        if grade > limit:
            too_hard.append((resource.slug, grade))
    assert too_hard == []


def test_slugs_are_unique_across_the_starter_files():
    slugs = Counter(entry["slug"] for entry in starter_resources())
    assert [slug for slug, count in slugs.items() if count > 1] == []


def test_the_seed_items_and_corrected_links_are_in_the_library(library):
    by_text = {
        resource.slug: f"{resource.title} {resource.summary} {resource.url}".lower()
        for resource in library
    }
    everything = " ".join(by_text.values())
    assert "amy huffer" in everything and "tedxostateu" in everything
    assert "infant mental health journal" in everything
    urls = {resource.url for resource in library}
    assert "https://www.samhsa.gov/find-help/national-helpline" in urls
    samhsa = next(r for r in library if r.url.endswith("/national-helpline"))
    assert "es" in samhsa.languages
    cdc = next(r for r in library if r.slug == "cdc-learn-the-signs-milestone-tracker")
    assert cdc.url.startswith("https://www.cdc.gov/")
    psi = next(r for r in library if r.slug == "psi-helpline")
    assert "971-203-7773" in f"{psi.summary} {psi.description}"


def test_the_domestic_violence_hotline_is_among_the_help_lines(starter_content):
    hotline = HelpLine.objects.get(name__icontains="Domestic Violence")
    assert hotline.phone.endswith("7997233")
    assert "88788" in hotline.text_number


def test_starter_files_parse_as_toml():
    from resources.starter_content import STARTER_DIR

    for path in STARTER_DIR.glob("resources*.toml"):
        with path.open("rb") as handle:
            assert tomllib.load(handle)["resource"], path.name
