"""Vocabularies shared by the library and the directory."""

import gettext
import re
from functools import cache

import pycountry
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class AgeBand(models.TextChoices):
    """The age bands a resource or a service is meant for."""

    PRENATAL = "prenatal", _("Pregnancy")
    MONTHS_0_12 = "0-12m", _("0–12 months")
    MONTHS_12_24 = "12-24m", _("12–24 months")
    MONTHS_24_36 = "24-36m", _("24–36 months")
    YEARS_3_5 = "3-5y", _("3–5 years")


# ISO 639-1 codes of the languages families most often ask for in North America.
LANGUAGES = [
    ("en", _("English")),
    ("es", _("Spanish")),
    ("fr", _("French")),
    ("zh", _("Chinese")),
    ("vi", _("Vietnamese")),
    ("ko", _("Korean")),
    ("tl", _("Tagalog")),
    ("ar", _("Arabic")),
    ("fa", _("Farsi")),
    ("pa", _("Punjabi")),
    ("ru", _("Russian")),
    ("ht", _("Haitian Creole")),
    ("pt", _("Portuguese")),
    ("so", _("Somali")),
    ("hi", _("Hindi")),
    ("asl", _("American Sign Language")),
]
LANGUAGE_CODES = [code for code, _label in LANGUAGES]

REGION_PATTERN = r"^[A-Z]{2}(-[A-Z0-9]{1,3})?$"
_REGION = re.compile(REGION_PATTERN)


def validate_region(code: str) -> None:
    """A country (ISO 3166-1 alpha-2) or a state/province (ISO 3166-2) code."""
    if not code:
        return
    if not _REGION.match(code) or region_name(code) == code:
        raise ValidationError(
            _("%(code)s is not an ISO 3166 country or subdivision code."),
            params={"code": code},
            code="invalid_region",
        )


@cache
def _place_names(language: str, standard: str) -> gettext.NullTranslations:
    """pycountry's own translations of country or subdivision names."""
    return gettext.translation(
        standard, pycountry.LOCALES_DIR, languages=[language], fallback=True
    )


def _in_page_language(name: str, standard: str) -> str:
    return _place_names(get_language() or "en", standard).gettext(name)


def subdivision_name(code: str) -> str:
    """A state or province by its ISO 3166-2 code, in the page's language."""
    subdivision = pycountry.subdivisions.get(code=code)
    if subdivision is None:
        return code
    return _in_page_language(subdivision.name, "iso3166-2")


def region_name(code: str) -> str:
    """A region code in words, in the page's language: "" is everywhere,
    "US-NM" is "New Mexico, US" (in Spanish "Nuevo México, US")."""
    if not code:
        return str(_("Everywhere"))
    if "-" in code:
        name = subdivision_name(code)
        return f"{name}, {code.split('-')[0]}" if name != code else code
    country = pycountry.countries.get(alpha_2=code)
    return _in_page_language(country.name, "iso3166-1") if country else code
