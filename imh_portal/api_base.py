"""What every public read endpoint of the API shares.

- **Strict parameters**: an unknown query parameter answers 400 naming it, so a
  partner's typo (``?tpoic=sleep``) never silently returns everything.
- **Conditional requests**: responses carry ``ETag``, ``Last-Modified`` and a
  short public ``Cache-Control``; a matching ``If-None-Match`` or
  ``If-Modified-Since`` answers 304 before any serialising is done.
- **Fair use**: anonymous clients share a modest rate per address; a partner's
  API key (``Authorization: Api-Key …``) lifts it. Over the limit: 429 with
  ``Retry-After``.
"""

import hashlib
from datetime import datetime

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.cache import caches
from django.db.models import Max
from django.utils import timezone, translation
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication
from rest_framework.response import Response
from rest_framework.throttling import SimpleRateThrottle
from rest_framework_api_key.models import APIKey

from imh_portal.client_address import client_ip
from imh_portal.limits import CACHE_FAILURES, cache_unavailable
from imh_portal.models import Tombstone

# Parameters every endpoint understands.
COMMON_PARAMETERS = {"format", "lang"}
LIST_PARAMETERS = {"page", "page_size", "modified_after"}
# Actions that read a whole filtered list rather than one record.
LIST_ACTIONS = {"list", "export_csv"}


class StrictQueryParametersMixin:
    """Refuse query parameters the endpoint does not know (400, naming them)."""

    def allowed_query_parameters(self) -> set[str]:
        allowed = set(COMMON_PARAMETERS)
        action = getattr(self, "action", "list")
        if action in LIST_ACTIONS:
            allowed |= LIST_PARAMETERS
            filterset_class = getattr(self, "filterset_class", None)
            if filterset_class is not None:
                allowed |= set(filterset_class.base_filters)
        return allowed | set(getattr(self, "extra_query_parameters", ()))

    def initial(self, request, *args, **kwargs):
        # Before content negotiation, which would answer an unknown format
        # with a 404 rather than name the parameter.
        self.check_query_parameters(request)
        activate_requested_language(request)
        super().initial(request, *args, **kwargs)

    def check_query_parameters(self, request) -> None:
        method = request.method.lower()
        if method not in self.http_method_names or not hasattr(self, method):
            return  # the method is refused (405) before any parameter is read
        unknown = sorted(set(request.query_params) - self.allowed_query_parameters())
        if unknown:
            raise exceptions.ValidationError(
                {name: ["Unknown query parameter."] for name in unknown}
            )
        chosen = request.query_params.get("format")
        formats = {renderer.format for renderer in self.get_renderers()}
        if chosen is not None and chosen not in formats:
            raise exceptions.ValidationError(
                {"format": [f"Choose one of: {', '.join(sorted(formats))}."]}
            )


def activate_requested_language(request) -> None:
    """Answer in the language asked for: ``?lang=`` first, else the
    Accept-Language header, else English. Translated fields follow it."""
    chosen = request.query_params.get("lang")
    offered = dict(settings.LANGUAGES)
    if chosen is not None and chosen not in offered:
        raise exceptions.ValidationError(
            {"lang": [f"Choose one of: {', '.join(offered)}."]}
        )
    language = chosen or translation.get_language_from_request(
        request._request, check_path=False
    )
    translation.activate(language)
    request.LANGUAGE_CODE = request._request.LANGUAGE_CODE = language


def data_version(model, *, tombstone_kind: str = "") -> datetime | None:
    """When any row of ``model`` (or, with a kind, its deletions) last changed."""
    changed = model.objects.aggregate(last=Max("updated_at"))["last"]
    if tombstone_kind:
        removed = Tombstone.objects.of(tombstone_kind).aggregate(
            last=Max("removed_at")
        )["last"]
        changed = max(filter(None, [changed, removed]), default=None)
    return changed


class ConditionalGetMixin:
    """ETag, Last-Modified and 304s from a cheap "when did the data change"."""

    cache_max_age = 60

    def last_modified(self, request) -> datetime | None:
        """When what this request would show last changed; None: unknown."""
        return None

    def _validators(self, request) -> tuple[str, datetime] | None:
        if request.method not in ("GET", "HEAD"):
            return None
        changed = self.last_modified(request)
        if changed is None:
            return None
        # The same data in another format, language or version is another
        # representation, so those are part of the tag.
        parts = [
            request.get_full_path(),
            changed.isoformat(),
            request.META.get("HTTP_ACCEPT", ""),
            getattr(request, "LANGUAGE_CODE", ""),
            settings.API_VERSION,
            # Listings leave the directory by age, not by an edit.
            timezone.localdate().isoformat(),
        ]
        tag = hashlib.sha256("\n".join(parts).encode()).hexdigest()[:32]
        return f'"{tag}"', changed

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        self._cache_validators = self._validators(request)
        if self._cache_validators:
            etag, changed = self._cache_validators
            not_modified = get_conditional_response(
                request, etag=etag, last_modified=int(changed.timestamp())
            )
            if not_modified is not None:
                raise NotModified()

    def handle_exception(self, exc):
        if isinstance(exc, NotModified):
            return Response(status=304)
        return super().handle_exception(exc)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        validators = getattr(self, "_cache_validators", None)
        if validators and response.status_code in (200, 304):
            etag, changed = validators
            response["ETag"] = etag
            response["Last-Modified"] = http_date(changed.timestamp())
            patch_cache_control(response, public=True, max_age=self.cache_max_age)
            response["Vary"] = "Accept, Accept-Language, Origin"
        return response


class NotModified(Exception):
    """Raised once the client's copy is known to be current."""


class ApiKeyAuthentication(BaseAuthentication):
    """``Authorization: Api-Key <key>``: a partner, not a person.

    Identifies the partner for the higher rate limit; a revoked, expired or
    unknown key is refused (401) rather than treated as anonymous.
    """

    keyword = "Api-Key"

    def authenticate(self, request):
        header = request.META.get("HTTP_AUTHORIZATION", "")
        scheme, _, key = header.partition(" ")
        if scheme != self.keyword:
            return None
        try:
            api_key = APIKey.objects.get_from_key(key.strip())
        except APIKey.DoesNotExist:
            api_key = None
        if api_key is None or api_key.has_expired:
            raise exceptions.AuthenticationFailed("This API key is not valid.")
        return AnonymousUser(), api_key

    def authenticate_header(self, request) -> str:
        return self.keyword


class ApiClientRateThrottle(SimpleRateThrottle):
    """One budget per partner key, else one per client address.

    Counts in the shared ``limits`` cache; when it is away, reads pass and
    writes are refused (imh_portal.limits).
    """

    @property
    def cache(self):
        return caches["limits"]

    def get_rate(self):
        return None  # chosen per request in allow_request

    def allow_request(self, request, view):
        partner = isinstance(request.auth, APIKey)
        self.scope = "partner" if partner else "anonymous"
        self.rate = settings.API_RATES[self.scope]
        self.num_requests, self.duration = self.parse_rate(self.rate)
        try:
            return super().allow_request(request, view)
        except CACHE_FAILURES as error:
            return cache_unavailable(
                group=f"api-{self.scope}",
                reading=request.method in READ_METHODS,
                error=error,
            )

    def get_ident(self, request) -> str:
        return client_ip(request)

    def get_cache_key(self, request, view):
        if isinstance(request.auth, APIKey):
            ident = request.auth.prefix
        elif request.user and request.user.is_authenticated:
            ident = f"user-{request.user.pk}"
        else:
            ident = self.get_ident(request)
        return f"throttle:{self.scope}:{ident}"


class PublicReadMixin(StrictQueryParametersMixin, ConditionalGetMixin):
    """The behaviour of every public read endpoint."""


PRIVATE_API_PREFIX = "/api/v1/me/"
READ_METHODS = {"GET", "HEAD"}


def allow_public_reads(sender, request, **kwargs) -> bool:
    """django-cors-headers hook: any origin may read public data.

    Writes and a provider's own listings stay limited to CORS_WRITE_ORIGINS
    (``CORS_ALLOWED_ORIGINS``), which the library checks by itself.
    """
    if request.path.startswith(PRIVATE_API_PREFIX):
        return False
    method = request.method
    if method == "OPTIONS":
        method = request.headers.get("Access-Control-Request-Method", "").upper()
    return method in READ_METHODS
