"""The three HSDS taxonomies (service types, models, credentials) and their
terms."""

import uuid
from dataclasses import dataclass
from functools import cached_property, lru_cache

from django.utils import translation

from directory.hsds.mapping.ids import NAMESPACE, credential_term_id
from directory.hsds.mapping.records import site_path
from directory.hsds.mapping.vocabularies import english
from directory.models import CredentialKind, Modality, ServiceType
from imh_portal.plain_text import plain_text
from imh_portal.site_address import site_url
from imh_portal.translated_text import text_in_page_language


@dataclass(frozen=True)
class TaxonomyInfo:
    """One of the three vocabularies the directory's terms come from."""

    key: str
    name: str
    description: str
    # The directory page's query parameter for a term of this taxonomy.
    filter_name: str
    link_type: str

    @cached_property
    def id(self) -> uuid.UUID:
        return uuid.uuid5(NAMESPACE, f"taxonomy:{self.key}")


SERVICE_TYPES = TaxonomyInfo(
    "service_types",
    "Service types",
    "What a provider offers families with babies and young children: "
    "consultation, home visiting, dyadic therapy and more.",
    "service",
    "service_type",
)
MODALITIES = TaxonomyInfo(
    "modalities",
    "Models and modalities",
    "Named models and approaches a provider is trained in, such as "
    "Child-Parent Psychotherapy or Facilitating Attuned Interactions.",
    "model",
    "model",
)
CREDENTIALS = TaxonomyInfo(
    "credentials",
    "Endorsements and certifications",
    "Professional endorsements (IMH-E®, ECMH-E®) and certifications a provider "
    "holds. An attribute's value says whether a moderator verified it.",
    "endorsement",
    "credential",
)
TAXONOMIES = (SERVICE_TYPES, MODALITIES, CREDENTIALS)


def taxonomy(info: TaxonomyInfo) -> dict:
    """An HSDS ``taxonomy``: one of the three vocabularies."""
    return {"id": str(info.id), "name": info.name, "description": info.description}


def taxonomy_term(term: ServiceType | Modality) -> dict:
    """An HSDS ``taxonomy_term`` for a service type or a model, id = its uuid."""
    info = SERVICE_TYPES if isinstance(term, ServiceType) else MODALITIES
    name, language = text_in_page_language(term, "name")
    description, _ = text_in_page_language(term, "description")
    return _term(info, term.uuid, term.slug, name, description, site_url(), language)


def credential_term(kind: str) -> dict:
    """An HSDS ``taxonomy_term`` for a kind of credential; its id is derived."""
    name = english("credential")[kind]
    return _term(
        CREDENTIALS, credential_term_id(kind), kind, name, "", site_url(), "en"
    )


def credential_terms() -> list[dict]:
    return [credential_term(kind) for kind in CredentialKind.values]


# The same few terms appear in thousands of records; a renamed term has new
# arguments, so it is never served from here stale. Callers must not change
# the dicts returned.
@lru_cache(maxsize=1024)
def _term(
    info: TaxonomyInfo,
    term_id: uuid.UUID,
    code: str,
    name: str,
    description: str,
    origin: str,
    language: str,
) -> dict:
    # The link to the directory page in the term's language.
    with translation.override(language):
        directory_url = site_path("directory:list", f"?{info.filter_name}={code}")
    return {
        "id": str(term_id),
        "code": code,
        "name": name,
        # Required by HSDS; a term without a description is described by its name.
        "description": plain_text(description) or name,
        "taxonomy": info.name,
        "taxonomy_id": str(info.id),
        "taxonomy_detail": taxonomy(info),
        "language": language,
        "term_uri": origin + directory_url,
    }
