import random

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from directory.models import (
    Accepting,
    Delivery,
    Listing,
    ListingKind,
    Location,
    Modality,
    Payment,
    ServiceType,
)
from imh_portal.vocabulary import AgeBand

# Where the sample practices are, with each city's ZIP code and centre.
CITIES = [
    ("Seattle", "US-WA", "98101", 47.6114, -122.3305),
    ("Tacoma", "US-WA", "98402", 47.2529, -122.4443),
    ("Portland", "US-OR", "97205", 45.5202, -122.6883),
    ("Chicago", "US-IL", "60601", 41.8853, -87.6216),
    ("Detroit", "US-MI", "48226", 42.3314, -83.0458),
    ("Ann Arbor", "US-MI", "48104", 42.2655, -83.7187),
    ("Brooklyn", "US-NY", "11201", 40.6943, -73.9903),
    ("Los Angeles", "US-CA", "90012", 34.0614, -118.2385),
    ("Atlanta", "US-GA", "30303", 33.7529, -84.3925),
    ("Denver", "US-CO", "80202", 39.7525, -104.9995),
]
PRACTICE_NAMES = [
    "Riverbend Family Therapy", "Little Steps Home Visiting",
    "Harbor Infant Mental Health", "Cedar Dyad Clinic", "First Bonds Counseling",
    "Northside Early Relationships", "Willow Perinatal Care",
    "Maple Parent-Child Center", "Bright Start Consultation",
    "Lakeside Reflective Practice", "Sunrise Family Studio",
    "Meadow Child-Parent Therapy",
]  # fmt: skip
PEOPLE = [
    "Alex Rivera", "Jordan Lee", "Sam Okafor", "Taylor Nguyen", "Morgan Patel",
    "Casey Johnson", "Riley Garcia", "Jamie Chen",
]  # fmt: skip
QUALIFICATIONS = ["LCSW, IMH-E®", "PhD", "LMFT", "RN, PMH-C", "LPC", "PsyD, IMH-E®"]


class Command(BaseCommand):
    help = (
        "Load sample listings for demonstration. Each is flagged and labelled "
        '"Sample listing — not a real provider" everywhere it appears. Safe to run '
        "again: earlier samples are replaced."
    )

    @transaction.atomic
    def handle(self, *args, **options):
        generator = random.Random(7)
        service_types = list(ServiceType.objects.all())
        modalities = list(Modality.objects.all())
        Listing.objects.filter(is_sample=True).delete()
        today = timezone.localdate()
        created = 0
        for index in range(40):
            city, region, postal_code, latitude, longitude = CITIES[index % len(CITIES)]
            is_person = index % 3 != 0
            name = (
                PEOPLE[index % len(PEOPLE)]
                if is_person
                else PRACTICE_NAMES[index % len(PRACTICE_NAMES)]
            )
            delivery = generator.sample(Delivery.values, generator.randint(1, 3))
            listing = Listing.objects.create(
                kind=ListingKind.INDIVIDUAL if is_person else ListingKind.ORGANIZATION,
                name=f"{name} (sample)",
                slug=f"sample-{index + 1}-{slugify(name)}",
                qualifications=generator.choice(QUALIFICATIONS) if is_person else "",
                organization=(
                    PRACTICE_NAMES[(index * 5) % len(PRACTICE_NAMES)]
                    if is_person
                    else ""
                ),
                bio=(
                    "This is a **sample listing** made up to show what a directory "
                    "entry looks like. It is not a real provider: please do not "
                    "contact it."
                ),
                age_bands=sorted(generator.sample(AgeBand.values, 3)),
                languages=["en", "es"] if index % 4 == 0 else ["en"],
                delivery=delivery,
                payment=generator.sample(Payment.values, 2),
                telehealth_regions=(
                    [region] if Delivery.TELEHEALTH in delivery else []
                ),
                accepting=generator.choice(Accepting.values),
                accepting_updated_on=today,
                status=Listing.Status.PUBLISHED,
                is_sample=True,
                published_at=timezone.now(),
                confirmed_on=today,
            )
            listing.service_types.set(generator.sample(service_types, 2))
            if modalities:
                listing.modalities.set(generator.sample(modalities, 2))
            jitter = generator.uniform(-0.05, 0.05)
            Location.objects.create(
                listing=listing,
                city=city,
                region=region,
                postal_code=postal_code,
                latitude=latitude + jitter,
                longitude=longitude - jitter,
                show_address=False,
            )
            created += 1
        self.stdout.write(f"sample listings: {created}")
