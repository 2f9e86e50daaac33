import datetime
import math
import random
from dataclasses import dataclass

import zipcodes
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from directory import sample_listings as samples
from directory.models import (
    Accepting,
    Credential,
    Delivery,
    Listing,
    ListingKind,
    Location,
    Modality,
    ServiceType,
)
from imh_portal.vocabulary import LANGUAGE_CODES, AgeBand, region_name

# Phones come from 555-0100 to 555-0199, the range set aside for fiction.
FICTIONAL_PHONE = "({area_code}) 555-01{number:02d}"
# Sites are spread up to this far from their ZIP code's centre.
SPREAD_MILES = 2.0
MILES_PER_DEGREE = 69.0


class Command(BaseCommand):
    help = (
        "Load sample listings for demonstration. Each is flagged and labelled "
        '"Sample listing — not a real provider" everywhere it appears. Safe to run '
        "again: earlier samples are replaced."
    )

    @transaction.atomic
    def handle(self, *args, **options):
        service_types = dict(ServiceType.objects.values_list("slug", "pk"))
        modalities = dict(Modality.objects.values_list("slug", "pk"))
        missing = (set(samples.SERVICE_AGES) - set(service_types)) | (
            set(samples.MODEL_AGES) - set(modalities)
        )
        if missing:
            raise CommandError(
                "Load the starter content first (load_starter_content): the "
                f"samples use these terms: {', '.join(sorted(missing))}."
            )
        Listing.objects.filter(is_sample=True).delete()
        builder = SampleBuilder(random.Random(7), timezone.localdate())
        drafts = builder.drafts()
        listings = Listing.objects.bulk_create([draft.listing for draft in drafts])
        Location.objects.bulk_create(
            Location(listing=listing, **site)
            for listing, draft in zip(listings, drafts, strict=True)
            for site in draft.sites
        )
        Credential.objects.bulk_create(
            Credential(listing=listing, **credential)
            for listing, draft in zip(listings, drafts, strict=True)
            for credential in draft.credentials
        )
        Listing.service_types.through.objects.bulk_create(
            Listing.service_types.through(
                listing=listing, servicetype_id=service_types[slug]
            )
            for listing, draft in zip(listings, drafts, strict=True)
            for slug in draft.services
        )
        Listing.modalities.through.objects.bulk_create(
            Listing.modalities.through(listing=listing, modality_id=modalities[slug])
            for listing, draft in zip(listings, drafts, strict=True)
            for slug in draft.models
        )
        sites = sum(len(draft.sites) for draft in drafts)
        credentials = sum(len(draft.credentials) for draft in drafts)
        self.stdout.write(
            f"sample listings: {len(listings)} in {len(samples.METROS)} metro areas "
            f"and {len(samples.TELEHEALTH_ONLY)} by video only, {sites} sites, "
            f"{credentials} credentials"
        )


@dataclass
class Draft:
    """A sample listing before it is saved, with what is linked to it."""

    listing: Listing
    services: list[str]
    models: list[str]
    sites: list[dict]
    credentials: list[dict]


class SampleBuilder:
    """Draws sample listings from ``directory.sample_listings`` with one seeded
    generator, so every run makes the same directory."""

    def __init__(self, rng: random.Random, today: datetime.date):
        self.rng = rng
        self.today = today
        self.index = 0
        self.used_names: set[str] = set()
        self.phone_numbers: dict[str, list[int]] = {}

    def drafts(self) -> list[Draft]:
        drafts = []
        profiles = list(samples.PROFILES)
        weights = [profile.weight for profile in samples.PROFILES.values()]
        # Each metro opens with the kinds of help most families look for.
        opening = ["home_visiting", "cpp_clinician", "pcit", "perinatal"]
        for metro in samples.METROS.values():
            places = [_zip_code_place(code) for code in metro.zip_codes]
            for position in range(metro.count):
                key = (
                    opening[position]
                    if position < len(opening)
                    else self.rng.choices(profiles, weights)[0]
                )
                drafts.append(self.draft(key, metro, places))
        for state, area_code, key in samples.TELEHEALTH_ONLY:
            metro = samples.Metro(state, area_code, (), 0, 0.3, ())
            drafts.append(self.draft(key, metro, places=[]))
        return drafts

    def draft(self, key: str, metro: samples.Metro, places: list[dict]) -> Draft:
        rng = self.rng
        profile = samples.PROFILES[key]
        self.index += 1
        kind = rng.choice(profile.kinds)
        is_person = kind == ListingKind.INDIVIDUAL
        region = f"US-{metro.state}"
        models = self.pick_models(profile)
        ages = _fitting_ages(profile.services, models)
        if is_person and len(ages) > 2 and rng.random() < 0.3:
            # Some practitioners see only part of the span their work fits.
            length = rng.randint(2, len(ages) - 1)
            start = rng.randint(0, len(ages) - length)
            ages = ages[start : start + length]
        services = list(profile.services) + [
            slug
            for slug in profile.extra_services
            if rng.random() < 0.4 and set(ages) <= set(samples.SERVICE_AGES[slug])
        ]
        delivery = list(rng.choice(profile.delivery) if places else ["telehealth"])
        program = self.program_name(profile)
        name = self.person_name() if is_person else program
        credentials = (
            self.person_credentials(profile, models, metro.state)
            if is_person
            else self.program_credentials(models)
        )
        sites = self.sites(places, kind) if places else []
        city = sites[0]["city"] if sites else ""
        slug = f"sample-{self.index}-{slugify(name)}"
        verified = [c["verified_on"] for c in credentials if c["verified_on"]]
        confirmed_days_ago = rng.randint(0, 240)
        listing = Listing(
            kind=kind,
            name=f"{name} (sample)",
            slug=slug,
            qualifications=(
                self.qualifications(profile, credentials, metro.state)
                if is_person
                else ""
            ),
            organization=(program if is_person and rng.random() < 0.5 else ""),
            bio=_bio(profile, city, region),
            age_bands=[band for band in AgeBand.values if band in ages],
            languages=self.languages(metro),
            delivery=[value for value in Delivery.values if value in delivery],
            payment=list(rng.choice(profile.payment)),
            telehealth_regions=[region] if Delivery.TELEHEALTH in delivery else [],
            accepting=rng.choices(Accepting.values, [55, 30, 15])[0],
            accepting_updated_on=self.days_ago(rng.randint(0, 90)),
            phone=self.phone(samples.CITY_AREA_CODES.get(city, metro.area_code)),
            public_email=f"sample-{self.index}@example.org"
            if rng.random() < 0.3
            else "",
            website=f"https://example.org/samples/{slug}/"
            if not is_person and rng.random() < 0.6
            else "",
            status=Listing.Status.PUBLISHED,
            is_sample=True,
            published_at=timezone.now()
            - datetime.timedelta(days=confirmed_days_ago + rng.randint(0, 500)),
            verified_on=max(verified) if verified else None,
            confirmed_on=self.days_ago(confirmed_days_ago),
        )
        return Draft(listing, services, models, sites, credentials)

    def pick_models(self, profile: samples.Profile) -> list[str]:
        """One of the profile's models, and extras whose ages overlap theirs."""
        models = [self.rng.choice(profile.models)] if profile.models else []
        for extra in profile.extra_models:
            if self.rng.random() < 0.35 and _fitting_ages(
                profile.services, [*models, extra]
            ):
                models.append(extra)
        return models

    def person_credentials(self, profile, models, state) -> list[dict]:
        rng = self.rng
        association = samples.ASSOCIATIONS.get(state, samples.ALLIANCE)
        kinds: dict[str, tuple[str, str]] = {}
        role = samples.ROLES[profile.role]
        if profile.role == "mentor" or rng.random() < 0.6:
            kinds[rng.choice(role.endorsements)] = (association, "")
        for model in models:
            if model in samples.MODEL_CERTIFICATIONS and rng.random() < 0.6:
                kind, issuer, details = samples.MODEL_CERTIFICATIONS[model]
                kinds.setdefault(kind, (issuer, details))
        if "pmh_c" in profile.credential_kinds and rng.random() < 0.75:
            kinds["pmh_c"] = ("Postpartum Support International", "")
        if "reflective_supervisor" in profile.credential_kinds and (
            kinds.keys() & samples.MENTORS
        ):
            kinds["reflective_supervisor"] = (association, "")
        return [
            self.credential(kind, issuer, details)
            for kind, (issuer, details) in kinds.items()
        ]

    def program_credentials(self, models) -> list[dict]:
        return [
            self.credential("other", *samples.PROGRAM_CERTIFICATIONS[model])
            for model in models
            if model in samples.PROGRAM_CERTIFICATIONS and self.rng.random() < 0.7
        ]

    def credential(self, kind: str, issued_by: str, details: str) -> dict:
        # About two in three are checked by a moderator; the rest wait.
        verified = self.rng.random() < 0.65
        return {
            "kind": kind,
            "issued_by": issued_by,
            "details": details,
            "year": self.rng.randint(2010, self.today.year - 1),
            "verified_on": self.days_ago(self.rng.randint(5, 300))
            if verified
            else None,
        }

    def qualifications(self, profile, credentials, state) -> str:
        social_worker, counselor = samples.LICENCES.get(state, samples.DEFAULT_LICENCES)
        degree = self.rng.choice(samples.ROLES[profile.role].degrees).format(
            social_worker=social_worker, counselor=counselor
        )
        kinds = {credential["kind"] for credential in credentials}
        marks = [
            mark
            for mark, held in [
                ("IMH-E®", kinds & samples.IMH_E),
                ("ECMH-E®", kinds & samples.ECMH_E),
                ("PMH-C", "pmh_c" in kinds),
            ]
            if held
        ]
        return ", ".join([degree, *marks])

    def person_name(self) -> str:
        while True:
            name = (
                f"{self.rng.choice(samples.FIRST_NAMES)} "
                f"{self.rng.choice(samples.LAST_NAMES)}"
            )
            if name not in self.used_names:
                self.used_names.add(name)
                return name

    def program_name(self, profile) -> str:
        for _attempt in range(50):
            name = (
                f"{self.rng.choice(samples.PROGRAM_WORDS)} "
                f"{self.rng.choice(profile.program_names)}"
            )
            if name not in self.used_names:
                break
        self.used_names.add(name)
        return name

    def languages(self, metro: samples.Metro) -> list[str]:
        spoken = {"en"}
        if self.rng.random() < metro.spanish_share:
            spoken.add("es")
        if metro.languages and self.rng.random() < 0.25:
            spoken.add(self.rng.choice(metro.languages))
        if self.rng.random() < 0.03:
            spoken.add("asl")
        return [code for code in LANGUAGE_CODES if code in spoken]

    def sites(self, places: list[dict], kind: str) -> list[dict]:
        """One site, or two in different ZIP codes for some programs."""
        count = (
            2 if kind == ListingKind.ORGANIZATION and self.rng.random() < 0.25 else 1
        )
        return [self.site(place) for place in self.rng.sample(places, count)]

    def site(self, place: dict) -> dict:
        distance = SPREAD_MILES * math.sqrt(self.rng.random())
        bearing = self.rng.uniform(0, 2 * math.pi)
        latitude = place["latitude"] + distance * math.cos(bearing) / MILES_PER_DEGREE
        longitude = place["longitude"] + distance * math.sin(bearing) / (
            MILES_PER_DEGREE * math.cos(math.radians(place["latitude"]))
        )
        return {
            "city": place["city"],
            "region": place["region"],
            "postal_code": place["postal_code"],
            "latitude": round(latitude, 5),
            "longitude": round(longitude, 5),
            "show_address": False,
        }

    def phone(self, area_code: str) -> str:
        if area_code not in self.phone_numbers:
            self.phone_numbers[area_code] = self.rng.sample(range(100), 100)
        return FICTIONAL_PHONE.format(
            area_code=area_code, number=self.phone_numbers[area_code].pop()
        )

    def days_ago(self, days: int) -> datetime.date:
        return self.today - datetime.timedelta(days=days)


def _fitting_ages(services, models) -> list[str]:
    """The age bands every one of ``services`` and ``models`` fits, in order."""
    fits = [samples.SERVICE_AGES[slug] for slug in services] + [
        samples.MODEL_AGES[slug] for slug in models
    ]
    return [band for band in AgeBand.values if all(band in fit for fit in fits)]


def _zip_code_place(code: str) -> dict:
    """A real ZIP code's city and centre, from the zipcodes package."""
    (record,) = zipcodes.matching(code)
    return {
        "city": record["city"].title(),
        "region": f"US-{record['state']}",
        "postal_code": code,
        "latitude": float(record["lat"]),
        "longitude": float(record["long"]),
    }


def _bio(profile, city: str, region: str) -> str:
    where = (
        f"Based in {city}."
        if city
        else f"Seen by video anywhere in {region_name(region).split(',')[0]}."
    )
    return f"{samples.SAMPLE_NOTE}\n\nIn this made-up example: {profile.about} {where}"
