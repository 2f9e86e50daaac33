"""Link health: whether each published resource's link still opens.

Run from cron through ``manage.py check_links``, never during a web request: a
run makes one or two HTTP requests per distinct link and may take minutes.

The rule, per link:

* **ok**: the server answers 2xx, directly or after at most
  ``MAX_REDIRECTS`` redirects;
* **failing**, then **broken** when it fails twice in a row: it answers 4xx
  or 5xx, the name does not resolve, the connection is refused or reset, TLS
  fails, a request times out, or it redirects more than ``MAX_REDIRECTS``
  times;
* **not checked this time**: it answers 429 (too many requests) or 503
  (unavailable). Both say "try later", so the recorded status and check date
  are left as they were and the next run tries again.

A HEAD request is tried first, and a GET when HEAD fails with any 4xx or 5xx:
some servers refuse or mishandle HEAD (405, 501, even 403 or 404) yet serve the
page, and one more request beats telling families a good link is broken.
The result is written with one ``UPDATE`` per resource, so ``updated_at``
(what partners sync on) does not move and no other field is touched.
"""

from __future__ import annotations

import datetime
import enum
import http
import http.client
import socket
import ssl
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from django.conf import settings
from django.db.models import Case, F, Q, Value, When
from django.urls import reverse
from django.utils import timezone

from resources.models import Resource, ResourceLinkStatus

DEFAULT_CONCURRENCY = 8
DEFAULT_TIMEOUT = 10.0
MAX_REDIRECTS = 5

# Status codes that mean "come back later" rather than "this link is gone".
TRY_LATER = frozenset({429, 503})
# Status codes with which a server says it does not do HEAD.


class Outcome(enum.Enum):
    OK = "ok"
    BROKEN = "broken"
    SKIPPED = "skipped"


@dataclass(frozen=True)
class LinkCheck:
    """What one link answered: the outcome and, unless ok, why."""

    outcome: Outcome
    reason: str = ""


@dataclass(frozen=True)
class LinkProblem:
    """A resource whose link was broken or could not be checked this time."""

    resource_id: int
    title: str
    url: str
    reason: str


@dataclass
class LinkCheckSummary:
    """The result of a run: how many resources were ok, broken or skipped."""

    ok: int = 0
    broken: list[LinkProblem] = field(default_factory=list)
    skipped: list[LinkProblem] = field(default_factory=list)

    @property
    def total(self) -> int:
        return self.ok + len(self.broken) + len(self.skipped)


def user_agent() -> str:
    """How the checker introduces itself: the portal's name and its about page."""
    return (
        "InfantMentalHealthPortal-LinkChecker/1.0 "
        f"(+{settings.SITE_URL}{reverse('about')})"
    )


class _RedirectHandler(urllib.request.HTTPRedirectHandler):
    """Follows at most ``MAX_REDIRECTS`` redirects, and keeps HEAD a HEAD."""

    max_redirections = MAX_REDIRECTS
    max_repeats = MAX_REDIRECTS

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        new = super().redirect_request(req, fp, code, msg, headers, newurl)
        # urllib's own handler turns a redirected HEAD into a GET.
        if new is not None and req.get_method() == "HEAD":
            new.method = "HEAD"
        return new


def _opener() -> urllib.request.OpenerDirector:
    # Built by hand rather than with build_opener() so that only http and https
    # are ever opened: no file:, ftp: or data: reads from a stored address.
    opener = urllib.request.OpenerDirector()
    for handler in (
        urllib.request.ProxyHandler(),
        urllib.request.UnknownHandler(),
        urllib.request.HTTPHandler(),
        urllib.request.HTTPSHandler(context=ssl.create_default_context()),
        urllib.request.HTTPDefaultErrorHandler(),
        _RedirectHandler(),
        urllib.request.HTTPErrorProcessor(),
    ):
        opener.add_handler(handler)
    return opener


def _status_reason(code: int) -> str:
    try:
        return f"HTTP {code} {http.HTTPStatus(code).phrase}"
    except ValueError:
        return f"HTTP {code}"


def _request(url: str, method: str, *, timeout: float, agent: str) -> int:
    """Send one request, follow redirects, and return the final status code."""
    request = urllib.request.Request(
        url,
        method=method,
        headers={
            "User-Agent": agent,
            "Accept": "text/html,application/xhtml+xml,*/*;q=0.8",
        },
    )
    # The body is never read: the status line says all we need.
    with _opener().open(request, timeout=timeout) as response:
        return response.status


def _failure(error: BaseException) -> str:
    """Name a network failure in words a curator understands."""
    if isinstance(error, urllib.error.URLError) and isinstance(
        error.reason, BaseException
    ):
        return _failure(error.reason)
    if isinstance(error, socket.gaierror):
        return "the address's name does not resolve (DNS)"
    if isinstance(error, ConnectionRefusedError):
        return "connection refused"
    if isinstance(error, ssl.SSLError | ssl.CertificateError):
        return f"TLS error: {error}"
    if isinstance(error, TimeoutError):
        return "timed out"
    if isinstance(error, ConnectionError | http.client.HTTPException):
        return f"the server closed the connection or answered garbage ({error!r})"
    if isinstance(error, urllib.error.URLError):
        return str(error.reason)
    return str(error) or repr(error)


def check_url(
    url: str, *, timeout: float = DEFAULT_TIMEOUT, agent: str | None = None
) -> LinkCheck:
    """Check one link by the rule in this module's docstring.

    ``timeout`` bounds each network operation (connecting, waiting for the
    answer), in seconds.
    """
    if urlsplit(url).scheme.lower() not in ("http", "https"):
        return LinkCheck(Outcome.BROKEN, "not a web (http or https) address")
    agent = agent or user_agent()
    try:
        try:
            status = _request(url, "HEAD", timeout=timeout, agent=agent)
        except urllib.error.HTTPError as error:
            error.close()
            if error.code < 400 or error.code in TRY_LATER:
                raise
            status = _request(url, "GET", timeout=timeout, agent=agent)
    except urllib.error.HTTPError as error:
        error.close()
        if error.code in TRY_LATER:
            return LinkCheck(Outcome.SKIPPED, _status_reason(error.code))
        if 300 <= error.code < 400:
            if error.msg.startswith(urllib.request.HTTPRedirectHandler.inf_msg):
                return LinkCheck(
                    Outcome.BROKEN, f"too many redirects (more than {MAX_REDIRECTS})"
                )
            return LinkCheck(
                Outcome.BROKEN,
                f"redirect that cannot be followed: {_status_reason(error.code)}",
            )
        return LinkCheck(Outcome.BROKEN, _status_reason(error.code))
    except (OSError, http.client.HTTPException, ValueError) as error:
        # URLError and TimeoutError are OSErrors; ValueError covers an address
        # http.client cannot parse, such as a bad port.
        return LinkCheck(Outcome.BROKEN, _failure(error))
    if 200 <= status < 300:
        return LinkCheck(Outcome.OK)
    # Only reached with an informational or unfollowed 3xx answer.
    return LinkCheck(Outcome.BROKEN, _status_reason(status))


def check_links(
    *,
    concurrency: int = DEFAULT_CONCURRENCY,
    timeout: float = DEFAULT_TIMEOUT,
    checked_before: datetime.datetime | None = None,
) -> LinkCheckSummary:
    """Check every published resource's link and record its health.

    At most ``concurrency`` requests are in flight at once. With
    ``checked_before``, only links never checked or last checked before that
    moment are checked. Resources sharing a link share one check. Each result
    is saved as soon as it is known, with one ``UPDATE`` per resource that sets
    only the link fields (status, failures, problem, date), and only if the
    link has not been edited meanwhile.
    """
    if concurrency < 1:
        raise ValueError("concurrency must be at least 1")
    if timeout <= 0:
        raise ValueError("timeout must be positive")
    resources = Resource.objects.published_any_age()
    if checked_before is not None:
        resources = resources.filter(
            Q(link_checked_at__isnull=True) | Q(link_checked_at__lt=checked_before)
        )
    by_url: dict[str, list[tuple[int, str]]] = {}
    for pk, title, url in resources.order_by("pk").values_list("pk", "title", "url"):
        by_url.setdefault(url, []).append((pk, title))

    summary = LinkCheckSummary()
    agent = user_agent()
    # Worker threads only talk HTTP; every query stays on this thread and its
    # database connection.
    pool = ThreadPoolExecutor(max_workers=concurrency, thread_name_prefix="links")
    try:
        futures = {
            pool.submit(check_url, url, timeout=timeout, agent=agent): url
            for url in by_url
        }
        for future in as_completed(futures):
            url = futures[future]
            _record(url, by_url[url], future.result(), summary)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
    summary.broken.sort(key=lambda problem: (problem.title, problem.resource_id))
    summary.skipped.sort(key=lambda problem: (problem.title, problem.resource_id))
    return summary


def _record(
    url: str,
    resources: list[tuple[int, str]],
    check: LinkCheck,
    summary: LinkCheckSummary,
) -> None:
    for pk, title in resources:
        if check.outcome is Outcome.SKIPPED:
            summary.skipped.append(LinkProblem(pk, title, url, check.reason))
            continue
        record_check(pk, url, check)
        if check.outcome is Outcome.OK:
            summary.ok += 1
        else:
            summary.broken.append(LinkProblem(pk, title, url, check.reason))


def record_check(pk: int, url: str, check: LinkCheck) -> None:
    """Save one check's result, unless the link was edited meanwhile.

    A working link clears the count of failures. A failure counts one more;
    the first leaves the resource ``failing`` (a server can be down for an
    afternoon), the second in a row marks it ``broken``, which shows a notice
    on its page, ranks it last and queues it for curators.
    """
    if check.outcome is Outcome.OK:
        changes = {
            "link_status": ResourceLinkStatus.OK,
            "link_failures": 0,
            "link_problem": "",
        }
    else:
        changes = {
            "link_status": Case(
                When(link_failures__gte=1, then=Value(ResourceLinkStatus.BROKEN)),
                default=Value(ResourceLinkStatus.FAILING),
            ),
            "link_failures": F("link_failures") + 1,
            "link_problem": check.reason[:300],
        }
    Resource.objects.filter(pk=pk, url=url).update(
        **changes, link_checked_at=timezone.now()
    )


def check_now(resource: Resource, *, timeout: float = DEFAULT_TIMEOUT) -> LinkCheck:
    """Check one resource's link at once, as a curator asks from the admin."""
    check = check_url(resource.url, timeout=timeout)
    if check.outcome is not Outcome.SKIPPED:
        record_check(resource.pk, resource.url, check)
    return check
