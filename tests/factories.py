import factory
from django.utils import timezone

from directory.models import (
    Listing,
    Location,
    Modality,
    Place,
    PlaceKind,
    ServiceType,
)
from guidance.models import FeaturedResource, GuidanceItem, RoleProviderType
from imh_portal.models import Concept, HelpLine, User
from resources.models import (
    Collection,
    CollectionItem,
    Resource,
    ResourceSuggestion,
    Topic,
)
from roles.models import Role


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    password = factory.PostGenerationMethodCall("set_password", "a-long-test-password")

    @factory.post_generation
    def groups(self, create, extracted, **kwargs):
        if create and extracted:
            self.groups.set(extracted)
        if create:
            self.save()


class HelpLineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = HelpLine

    name = factory.Sequence(lambda n: f"Support line {n}")
    how_to_reach = "Call 1-800-555-0100"
    phone = "18005550100"
    position = factory.Sequence(int)


class ConceptFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Concept
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"Concept {n}")
    terms_en = factory.LazyFunction(list)
    terms_es = factory.LazyFunction(list)


class RoleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Role
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Role {n}")
    slug = factory.Sequence(lambda n: f"role-{n}")
    i_am = factory.LazyAttribute(lambda role: f"a {role.name.lower()}")
    summary = "Why a baby's emotional well-being matters to this group."
    tagline = "What this group can do for babies."
    position = factory.Sequence(int)
    why_it_matters = "Babies grow in relationships, and this group is part of them."
    status = Role.Status.PUBLISHED


class GuidanceItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GuidanceItem

    role = factory.SubFactory(RoleFactory)
    kind = GuidanceItem.Kind.ACTION
    text = factory.Sequence(lambda n: f"Do helpful thing number {n}.")
    position = factory.Sequence(int)


class TopicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Topic
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Topic {n}")
    slug = factory.Sequence(lambda n: f"topic-{n}")


class ResourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Resource
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Resource number {n}")
    slug = factory.Sequence(lambda n: f"resource-{n}")
    kind = Resource.Kind.WEBSITE
    summary = "A plain summary of what this resource offers."
    description = ""
    url = factory.Sequence(lambda n: f"https://example.org/resource/{n}")
    publisher = "Example Organisation"
    languages = factory.LazyFunction(lambda: ["en"])
    age_bands = factory.LazyFunction(list)
    cost = Resource.Cost.FREE
    region = ""
    status = Resource.Status.PUBLISHED
    published_at = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def topics(self, create, extracted, **kwargs):
        if create and extracted:
            self.topics.set(extracted)
            self.refresh_from_db(fields=["topic_ids", "updated_at"])

    @factory.post_generation
    def audiences(self, create, extracted, **kwargs):
        if create and extracted:
            self.audiences.set(extracted)
            self.refresh_from_db(fields=["audience_ids", "updated_at"])


class CollectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Collection

    title = factory.Sequence(lambda n: f"Collection {n}")
    slug = factory.Sequence(lambda n: f"collection-{n}")
    introduction = "Why these resources belong together."
    status = Collection.Status.PUBLISHED


class CollectionItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CollectionItem

    collection = factory.SubFactory(CollectionFactory)
    resource = factory.SubFactory(ResourceFactory)
    position = factory.Sequence(int)
    note = "Why it is here."


class SuggestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ResourceSuggestion

    title = factory.Sequence(lambda n: f"Suggested resource {n}")
    url = factory.Sequence(lambda n: f"https://example.org/suggested/{n}")
    why = "It helped our family understand what our baby was telling us."


class PlaceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Place

    kind = PlaceKind.CITY
    name = factory.Sequence(lambda n: f"Town {n}")
    region = "US-WA"
    country = factory.LazyAttribute(lambda place: place.region[:2])
    latitude = 47.6
    longitude = -122.3


class ServiceTypeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ServiceType
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Service {n}")
    slug = factory.Sequence(lambda n: f"service-{n}")


class ModalityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Modality
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Model {n}")
    slug = factory.Sequence(lambda n: f"model-{n}")


class ListingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Listing
        skip_postgeneration_save = True

    kind = Listing.Kind.INDIVIDUAL
    name = factory.Sequence(lambda n: f"Provider {n}")
    slug = factory.Sequence(lambda n: f"provider-{n}")
    languages = factory.LazyFunction(lambda: ["en"])
    delivery = factory.LazyFunction(lambda: ["office"])
    accepting_updated_on = factory.LazyFunction(timezone.localdate)
    status = Listing.Status.PUBLISHED
    published_at = factory.LazyFunction(timezone.now)
    confirmed_on = factory.LazyFunction(timezone.localdate)

    @factory.post_generation
    def service_types(self, create, extracted, **kwargs):
        if create and extracted:
            self.service_types.set(extracted)
            self.refresh_from_db()

    @factory.post_generation
    def modalities(self, create, extracted, **kwargs):
        if create and extracted:
            self.modalities.set(extracted)
            self.refresh_from_db()


class LocationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Location

    listing = factory.SubFactory(ListingFactory)
    city = "Seattle"
    region = "US-WA"
    postal_code = "98101"
    latitude = 47.6114
    longitude = -122.3305


class FeaturedResourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FeaturedResource

    role = factory.SubFactory(RoleFactory)
    resource = factory.SubFactory(ResourceFactory)
    position = factory.Sequence(int)
    note = "Why this group should read it."


class RoleProviderTypeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RoleProviderType

    role = factory.SubFactory(RoleFactory)
    service_type = factory.SubFactory(ServiceTypeFactory)
    position = factory.Sequence(int)
    note = "When this group refers families to them."


class CredentialFactory(factory.django.DjangoModelFactory):
    """An endorsement a listing claims; a trigger copies its kind to the listing."""

    class Meta:
        model = "directory.Credential"

    listing = factory.SubFactory(ListingFactory)
    kind = "imhs"
    issued_by = "MI-AIMH"
    year = 2020


# What a visitor types into the "suggest a resource" form, honeypot left empty.
SUGGESTION_FORM = {
    "title": "Baby sleep basics",
    "url": "https://example.org/sleep",
    "kind": "guide",
    "why": "Clear, kind advice on night waking that our group found useful.",
    "submitter_name": "Sam",
    "submitter_email": "sam@example.org",
    "website": "",
}
