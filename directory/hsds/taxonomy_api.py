"""The HSDS taxonomies and their terms, under ``/api/hsds/``: service types,
models and kinds of credential. Each list is small enough to build whole, then
page or stream; ``search`` keeps the records whose text contains it."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.response import Response

from directory.hsds import mapping
from directory.hsds.base import HsdsDetailView, HsdsListView
from directory.hsds.parameters import (
    LIST_EXTRAS,
    boolean_parameter,
    parse_id,
    uuid_parameter,
)
from directory.hsds.queries import taxonomy_terms
from directory.hsds.schema import (
    ID,
    PAGE,
    SEARCH,
    TAG,
    TAXONOMY,
    TAXONOMY_TERM,
    detail_responses,
    list_responses,
)
from directory.models import CredentialKind, Modality, ServiceType
from imh_portal import search as text_search


def _matches(record: dict, text: str, fields: tuple[str, ...]) -> bool:
    folded = text.casefold()
    return any(folded in str(record.get(name, "")).casefold() for name in fields)


class SmallListView(HsdsListView):
    """A list small enough to build whole, then page or stream."""

    extra_query_parameters = LIST_EXTRAS
    # Taxonomies carry no modification time to filter on.
    refused_query_parameters = frozenset({"page_size", "modified_after"})

    def records(self, request) -> list[dict]:
        raise NotImplementedError

    def get(self, request):
        records = self.records(request)
        if self.streaming():
            return self.stream(records)
        return self.page(
            lambda offset, limit: records[offset : offset + limit],
            lambda: len(records),
        )


class TaxonomyListView(SmallListView):
    """The three taxonomies: service types, models, credentials."""

    @extend_schema(
        operation_id="getPaginatedListOfTaxonomies",
        tags=[TAG],
        summary="Taxonomies",
        parameters=[SEARCH, *PAGE],
        responses=list_responses(TAXONOMY, "The taxonomies terms come from."),
    )
    def get(self, request):
        return super().get(request)

    def records(self, request) -> list[dict]:
        text = text_search.normalise_query(request.query_params.get("search"))
        taxonomies = [mapping.taxonomy(info) for info in mapping.TAXONOMIES]
        return [
            record
            for record in taxonomies
            if not text or _matches(record, text, ("name", "description"))
        ]


class TaxonomyDetailView(HsdsDetailView):
    @extend_schema(
        operation_id="getTaxonomyById",
        tags=[TAG],
        summary="A taxonomy",
        parameters=[ID],
        responses=detail_responses(TAXONOMY, "The taxonomy."),
    )
    def get(self, request, id):
        wanted = parse_id(id)
        for info in mapping.TAXONOMIES:
            if info.id == wanted:
                return Response(mapping.taxonomy(info))
        raise NotFound("No taxonomy has this id.")


class TaxonomyTermListView(SmallListView):
    """Every term: service types, models and kinds of credential."""

    extra_query_parameters = LIST_EXTRAS | {"taxonomy_id", "top_only", "parent_id"}

    @extend_schema(
        operation_id="getPaginatedListOfTaxonomyTerms",
        tags=[TAG],
        summary="Taxonomy terms",
        parameters=[
            SEARCH,
            OpenApiParameter(
                "taxonomy_id",
                OpenApiTypes.UUID,
                description="Only the terms of this taxonomy.",
            ),
            OpenApiParameter(
                "top_only",
                OpenApiTypes.BOOL,
                description="Only top-level terms; every term is one here.",
            ),
            OpenApiParameter(
                "parent_id",
                OpenApiTypes.UUID,
                description="Only the children of this term; no term has any.",
            ),
            *PAGE,
        ],
        responses=list_responses(TAXONOMY_TERM, "Taxonomy terms."),
    )
    def get(self, request):
        return super().get(request)

    def records(self, request) -> list[dict]:
        params = request.query_params
        errors: dict = {}
        taxonomy = uuid_parameter(params, "taxonomy_id", errors)
        parent = uuid_parameter(params, "parent_id", errors)
        boolean_parameter(params, "top_only", errors)  # all terms are top-level
        if errors:
            raise ValidationError(errors)
        if parent is not None:
            return []
        text = text_search.normalise_query(params.get("search"))
        return [
            term
            for term in taxonomy_terms()
            if (taxonomy is None or term["taxonomy_id"] == str(taxonomy))
            and (not text or _matches(term, text, ("name", "code", "description")))
        ]


class TaxonomyTermDetailView(HsdsDetailView):
    @extend_schema(
        operation_id="getTaxonomyTermById",
        tags=[TAG],
        summary="A taxonomy term",
        parameters=[ID],
        responses=detail_responses(TAXONOMY_TERM, "The term and its taxonomy."),
    )
    def get(self, request, id):
        wanted = parse_id(id)
        for kind in CredentialKind.values:
            if mapping.credential_term_id(kind) == wanted:
                return Response(mapping.credential_term(kind))
        term = (
            ServiceType.objects.filter(uuid=wanted).first()
            or Modality.objects.filter(uuid=wanted).first()
        )
        if term is None:
            raise NotFound("No taxonomy term has this id.")
        return Response(mapping.taxonomy_term(term))
