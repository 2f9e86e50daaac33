"""The link checker, against a real HTTP server on 127.0.0.1."""

import datetime
import io
import re
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from resources.links import Outcome, check_links, check_url
from resources.models import Resource
from tests.factories import ResourceFactory

pytestmark = pytest.mark.django_db

TIMEOUT = 0.5  # seconds; the slow path takes longer than this
BUSY_SECONDS = 0.2


class Handler(BaseHTTPRequestHandler):
    """Answers by path; see ``answer`` for the paths."""

    def do_HEAD(self):
        self.answer()

    def do_GET(self):
        self.answer()

    def answer(self):
        state = self.server.state
        state.record(self.command, self.path, self.headers.get("User-Agent", ""))
        path = self.path.split("?")[0]
        if path == "/ok":
            self.reply(200)
        elif path == "/missing":
            self.reply(404)
        elif path == "/error":
            self.reply(500)
        elif path == "/moved":
            self.reply(301, location="/ok")
        elif path == "/moved-away":
            self.reply(302, location="/missing")
        elif path == "/loop":
            self.reply(302, location="/loop")
        elif match := re.fullmatch(r"/chain/(\d+)", path):
            hops = int(match[1])
            self.reply(302, location=f"/chain/{hops - 1}") if hops else self.reply(200)
        elif path == "/no-head":
            self.reply(405 if self.command == "HEAD" else 200)
        elif path == "/too-many-requests":
            self.reply(429)
        elif path == "/unavailable":
            self.reply(503)
        elif path == "/slow":
            state.release.wait(TIMEOUT * 6)
            self.reply(200)
        elif path.startswith("/busy/"):
            with state.lock:
                state.in_flight += 1
                state.most_in_flight = max(state.most_in_flight, state.in_flight)
            state.release.wait(BUSY_SECONDS)
            with state.lock:
                state.in_flight -= 1
            self.reply(200)
        else:
            self.reply(404)

    def reply(self, code, location=None):
        body = b"" if self.command == "HEAD" else b"hello"
        self.send_response(code)
        if location:
            self.send_header("Location", location)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format, *args):
        pass


class ServerState:
    def __init__(self):
        self.lock = threading.Lock()
        self.release = threading.Event()
        self.requests = []
        self.in_flight = 0
        self.most_in_flight = 0

    def record(self, method, path, user_agent):
        with self.lock:
            self.requests.append((method, path, user_agent))

    def paths(self):
        with self.lock:
            return sorted(path for _, path, _ in self.requests)


class QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        # The checker hangs up on the slow path; the broken pipe is expected.
        pass


@pytest.fixture(scope="module")
def http_server():
    server = QuietServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()
    thread.join()


@pytest.fixture
def server(http_server):
    """The running server, with a fresh request log and in-flight count."""
    http_server.state = ServerState()
    yield http_server.state
    http_server.state.release.set()


@pytest.fixture
def base(http_server, server):
    host, port = http_server.server_address[:2]
    return f"http://{host}:{port}"


@pytest.fixture
def unused_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def status_of(resource):
    resource.refresh_from_db()
    return resource.link_status


@pytest.mark.parametrize(
    ("path", "expected", "reason"),
    [
        ("/ok", "ok", ""),
        ("/moved", "ok", ""),
        ("/chain/5", "ok", ""),
        ("/no-head", "ok", ""),
        ("/missing", "failing", "HTTP 404 Not Found"),
        ("/error", "failing", "HTTP 500 Internal Server Error"),
        ("/moved-away", "failing", "HTTP 404 Not Found"),
        ("/loop", "failing", "too many redirects (more than 5)"),
        ("/chain/6", "failing", "too many redirects (more than 5)"),
        ("/slow", "failing", "timed out"),
    ],
)
def test_each_answer_is_recorded_as_working_or_failing_once(
    base, server, path, expected, reason
):
    resource = ResourceFactory(url=base + path)
    summary = check_links(timeout=TIMEOUT)
    assert status_of(resource) == expected
    assert [problem.reason for problem in summary.broken] == (
        [reason] if reason else []
    )


def test_a_refused_connection_is_a_failure(db, unused_port):
    resource = ResourceFactory(url=f"http://127.0.0.1:{unused_port}/")
    summary = check_links(timeout=TIMEOUT)
    assert status_of(resource) == "failing"
    assert summary.broken[0].reason == "connection refused"


def test_a_tls_failure_is_a_failure(http_server, server):
    host, port = http_server.server_address[:2]
    resource = ResourceFactory(url=f"https://{host}:{port}/ok")
    summary = check_links(timeout=TIMEOUT)
    assert status_of(resource) == "failing"
    assert summary.broken[0].reason.startswith("TLS error:")


def test_a_name_that_does_not_resolve_is_a_failure(db, monkeypatch):
    real_getaddrinfo = socket.getaddrinfo

    def getaddrinfo(host, *args, **kwargs):
        if host.endswith(".invalid"):
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return real_getaddrinfo(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    resource = ResourceFactory(url="https://no-such-publisher.invalid/guide")
    summary = check_links(timeout=TIMEOUT)
    assert status_of(resource) == "failing"
    assert "DNS" in summary.broken[0].reason


def test_an_address_that_is_not_http_is_broken_without_being_opened():
    for url in ["file:///etc/passwd", "ftp://example.org/guide.pdf"]:
        check = check_url(url, timeout=TIMEOUT, agent="test")
        assert check.outcome is Outcome.BROKEN
        assert check.reason == "not a web (http or https) address"


@pytest.mark.parametrize(
    ("path", "reason"),
    [
        ("/too-many-requests", "HTTP 429 Too Many Requests"),
        ("/unavailable", "HTTP 503 Service Unavailable"),
    ],
)
def test_429_and_503_leave_the_recorded_health_alone_until_next_time(
    base, server, path, reason
):
    last_week = timezone.now() - datetime.timedelta(days=7)
    resource = ResourceFactory(url=base + path)
    Resource.objects.filter(pk=resource.pk).update(
        link_status="ok", link_checked_at=last_week
    )
    summary = check_links(timeout=TIMEOUT)
    resource.refresh_from_db()
    assert (resource.link_status, resource.link_checked_at) == ("ok", last_week)
    assert (summary.ok, summary.broken, len(summary.skipped)) == (0, [], 1)
    assert summary.skipped[0].reason == reason


def test_a_server_refusing_head_is_asked_again_with_get(base, server):
    ResourceFactory(url=base + "/no-head")
    check_links(timeout=TIMEOUT)
    assert [method for method, _, _ in server.requests] == ["HEAD", "GET"]


def test_redirects_are_followed_with_head(base, server):
    ResourceFactory(url=base + "/moved")
    check_links(timeout=TIMEOUT)
    assert [(method, path) for method, path, _ in server.requests] == [
        ("HEAD", "/moved"),
        ("HEAD", "/ok"),
    ]


def test_the_checker_names_the_portal_and_its_about_page(base, server, settings):
    settings.SITE_URL = "https://portal.example.org"
    ResourceFactory(url=base + "/ok")
    check_links(timeout=TIMEOUT)
    [(_, _, user_agent)] = server.requests
    assert user_agent == (
        "InfantMentalHealthPortal-LinkChecker/1.0 (+https://portal.example.org/about/)"
    )


def test_recording_a_result_changes_only_the_link_health_fields(base, server):
    resource = ResourceFactory(url=base + "/missing", title="A guide to sleep")
    before = Resource.objects.get(pk=resource.pk)
    started = timezone.now()
    with CaptureQueriesContext(connection) as queries:
        check_links(timeout=TIMEOUT)
    after = Resource.objects.get(pk=resource.pk)
    assert after.updated_at == before.updated_at
    assert (after.link_status, after.link_failures) == ("failing", 1)
    assert after.link_problem == "HTTP 404 Not Found"
    assert started <= after.link_checked_at <= timezone.now()
    updates = [q["sql"] for q in queries if q["sql"].startswith("UPDATE")]
    assert len(updates) == 1
    set_clause = re.search(r" SET (.*) WHERE ", updates[0])[1]
    assert re.findall(r'"(\w+)" =', set_clause) == [
        "link_status",
        "link_failures",
        "link_problem",
        "link_checked_at",
    ]
    for name in ["title", "slug", "summary", "url", "status", "published_at"]:
        assert getattr(after, name) == getattr(before, name)


@pytest.mark.parametrize("status", ["draft", "in_review", "archived"])
def test_resources_that_are_not_published_are_not_checked(base, server, status):
    hidden = ResourceFactory(url=base + "/ok?hidden", status=status)
    shown = ResourceFactory(url=base + "/ok?shown")
    summary = check_links(timeout=TIMEOUT)
    assert server.paths() == ["/ok?shown"]
    assert (status_of(hidden), status_of(shown)) == ("unchecked", "ok")
    assert summary.total == 1


def test_resources_sharing_a_link_are_checked_once_and_both_recorded(base, server):
    first = ResourceFactory(url=base + "/ok")
    second = ResourceFactory(url=base + "/ok")
    summary = check_links(timeout=TIMEOUT)
    assert server.paths() == ["/ok"]
    assert (status_of(first), status_of(second), summary.ok) == ("ok", "ok", 2)


def test_no_more_requests_than_the_concurrency_limit_are_in_flight(base, server):
    for number in range(12):
        ResourceFactory(url=f"{base}/busy/{number}")
    summary = check_links(concurrency=3, timeout=5)
    assert summary.ok == 12
    assert server.most_in_flight == 3


def test_links_checked_recently_can_be_left_out(base, server):
    now = timezone.now()
    recent, old, never = (
        ResourceFactory(url=f"{base}/ok?{name}") for name in ["recent", "old", "never"]
    )
    Resource.objects.filter(pk=recent.pk).update(
        link_status="ok", link_checked_at=now - datetime.timedelta(days=1)
    )
    Resource.objects.filter(pk=old.pk).update(
        link_status="broken", link_checked_at=now - datetime.timedelta(days=30)
    )
    check_links(timeout=TIMEOUT, checked_before=now - datetime.timedelta(days=7))
    assert server.paths() == ["/ok?never", "/ok?old"]
    assert (status_of(old), status_of(never)) == ("ok", "ok")


def test_the_command_prints_a_summary_and_the_broken_links(base, server):
    ResourceFactory(url=base + "/ok", title="Reading your baby's cues")
    ResourceFactory(url=base + "/missing", title="A gone guide")
    ResourceFactory(url=base + "/too-many-requests", title="A busy site")
    out = io.StringIO()
    call_command("check_links", "--timeout", "0.5", "--concurrency", "2", stdout=out)
    assert out.getvalue() == (
        "Checked 3 links: 1 working, 1 broken, 1 not checked this time "
        "(the server asked us to come back later).\n"
        "\n"
        "Broken links:\n"
        f"  A gone guide (#{Resource.objects.get(title='A gone guide').pk})\n"
        f"    {base}/missing\n"
        "    HTTP 404 Not Found\n"
        "\n"
        "Not checked this time:\n"
        f"  A busy site: {base}/too-many-requests (HTTP 429 Too Many Requests)\n"
    )


def test_the_command_can_check_only_links_not_checked_for_some_days(base, server):
    recent = ResourceFactory(url=base + "/ok?recent")
    Resource.objects.filter(pk=recent.pk).update(
        link_status="ok", link_checked_at=timezone.now()
    )
    ResourceFactory(url=base + "/ok?never")
    out = io.StringIO()
    call_command("check_links", "--only-older-than-days", "7", stdout=out)
    assert server.paths() == ["/ok?never"]
    assert out.getvalue().startswith("Checked 1 link: 1 working, 0 broken")


@pytest.mark.parametrize(
    "option", [["--concurrency", "0"], ["--timeout", "0"], ["--timeout", "soon"]]
)
def test_the_command_refuses_a_concurrency_or_timeout_that_makes_no_sense(option):
    with pytest.raises(CommandError):
        call_command("check_links", *option, stdout=io.StringIO())


def test_the_command_says_it_is_meant_for_cron():
    from resources.management.commands.check_links import Command

    assert "cron" in Command.help
    assert "never in a web request" in Command.help


def test_a_second_failure_in_a_row_marks_the_link_broken(base, server):
    resource = ResourceFactory(url=base + "/missing")
    check_links(timeout=TIMEOUT)
    assert status_of(resource) == "failing"
    check_links(timeout=TIMEOUT)
    resource.refresh_from_db()
    assert (resource.link_status, resource.link_failures) == ("broken", 2)


def test_a_working_check_between_failures_starts_the_count_again(base, server):
    resource = ResourceFactory(url=base + "/missing")
    check_links(timeout=TIMEOUT)
    Resource.objects.filter(pk=resource.pk).update(url=base + "/ok")
    check_links(timeout=TIMEOUT)
    resource.refresh_from_db()
    assert (resource.link_status, resource.link_failures) == ("ok", 0)
    Resource.objects.filter(pk=resource.pk).update(url=base + "/missing")
    check_links(timeout=TIMEOUT)
    assert status_of(resource) == "failing"


def test_a_curator_can_check_one_resource_from_the_admin(base, server, client, curator):
    resource = ResourceFactory(url=base + "/missing")
    other = ResourceFactory(url=base + "/error")
    client.force_login(curator)
    response = client.post(
        reverse("admin:resources_resource_changelist"),
        {"action": "check_links_now", "_selected_action": [resource.pk]},
        follow=True,
    )
    assert "the link failed (HTTP 404 Not Found)" in response.content.decode()
    assert status_of(resource) == "failing"
    assert status_of(other) == "unchecked"
    assert [path for _, path, _ in server.requests] == ["/missing", "/missing"]
