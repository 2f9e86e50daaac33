"""Record the link health of published resources. Meant for cron only.

A nightly ``manage.py check_links --only-older-than-days 7`` rechecks each link
about once a week, and the next night retries those a server asked us to leave
for later (429 or 503), since their check date is left alone.
"""

import argparse
import datetime

from django.core.management.base import BaseCommand
from django.template.defaultfilters import pluralize
from django.utils import timezone

from resources.links import (
    DEFAULT_CONCURRENCY,
    DEFAULT_TIMEOUT,
    MAX_REDIRECTS,
    check_links,
)


def positive_int(value: str) -> int:
    number = int(value)
    if number < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return number


def positive_float(value: str) -> float:
    number = float(value)
    if number <= 0:
        raise argparse.ArgumentTypeError("must be more than 0")
    return number


class Command(BaseCommand):
    help = (
        "Run from cron (nightly or weekly), never in a web request. Checks the "
        "link of every published resource and records it as working or broken "
        "(shown in the admin and, when broken, on the resource's page). HEAD "
        "first, GET when HEAD is refused; up to "
        f"{MAX_REDIRECTS} redirects followed. A 429 or 503 answer leaves the "
        "recorded status alone until the next run. Prints a summary and the "
        "broken links; exits 0 whatever it finds."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--concurrency",
            type=positive_int,
            default=DEFAULT_CONCURRENCY,
            help=f"requests in flight at once (default {DEFAULT_CONCURRENCY})",
        )
        parser.add_argument(
            "--timeout",
            type=positive_float,
            default=DEFAULT_TIMEOUT,
            help=f"seconds to wait on each request (default {DEFAULT_TIMEOUT:g})",
        )
        parser.add_argument(
            "--only-older-than-days",
            type=positive_int,
            metavar="D",
            help="only links never checked, or last checked more than D days ago",
        )

    def handle(self, *args, concurrency, timeout, only_older_than_days, **options):
        checked_before = None
        if only_older_than_days is not None:
            checked_before = timezone.now() - datetime.timedelta(
                days=only_older_than_days
            )
        summary = check_links(
            concurrency=concurrency, timeout=timeout, checked_before=checked_before
        )
        self.stdout.write(
            f"Checked {summary.total} link{pluralize(summary.total)}: "
            f"{summary.ok} working, "
            f"{len(summary.broken)} broken, {len(summary.skipped)} not checked "
            "this time (the server asked us to come back later)."
        )
        if summary.broken:
            self.stdout.write("\nBroken links:")
            for problem in summary.broken:
                self.stdout.write(
                    f"  {problem.title} (#{problem.resource_id})\n"
                    f"    {problem.url}\n"
                    f"    {problem.reason}"
                )
        if summary.skipped:
            self.stdout.write("\nNot checked this time:")
            for problem in summary.skipped:
                self.stdout.write(
                    f"  {problem.title}: {problem.url} ({problem.reason})"
                )
