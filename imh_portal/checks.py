"""Deployment checks (``manage.py check --deploy``) for what Django cannot see."""

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register

from imh_portal.limits import limits_cache_is_shared


@register(Tags.caches, deploy=True)
def shared_cache_check(app_configs, **kwargs):
    """With DEBUG off, rate limits must count in a cache every worker shares."""
    if settings.DEBUG or limits_cache_is_shared():
        return []
    return [
        Warning(
            "The cache is kept in each worker process, so every rate limit "
            "(API, suggestions, password resets) is multiplied by the number "
            "of workers and forgotten on restart.",
            hint="Set CACHE_URL=redis://host:6379/0 so all workers share one.",
            id="imh_portal.W001",
        )
    ]


@register(deploy=True)
def site_url_check(app_configs, **kwargs):
    """Commands run outside a request need SITE_URL for the links they send."""
    if settings.DEBUG or settings.SITE_URL:
        return []
    return [
        Warning(
            "SITE_URL is not set: pages and the API use each request's own "
            "address, but emails sent by cron commands (listing reminders) "
            "and export_hsds would carry links without a host.",
            hint="Set SITE_URL=https://your.portal.example.",
            id="imh_portal.W002",
        )
    ]


@register(deploy=True)
def operator_check(app_configs, **kwargs):
    """Visitors must be told who runs the portal and how to reach them."""
    if settings.DEBUG:
        return []
    errors = []
    if not settings.PORTAL_ORGANISATION_NAME.strip():
        errors.append(
            Error(
                "PORTAL_ORGANISATION_NAME is not set: the About page cannot say "
                "who runs the portal.",
                hint="Set PORTAL_ORGANISATION_NAME to your organisation's name.",
                id="imh_portal.E001",
            )
        )
    email = settings.PORTAL_CONTACT_EMAIL.strip().lower()
    if not email or email.endswith(("@localhost", "@example.org", "@example.com")):
        errors.append(
            Error(
                "PORTAL_CONTACT_EMAIL is not a real address: visitors and "
                "providers would have no way to reach the people who run the "
                "portal.",
                hint="Set PORTAL_CONTACT_EMAIL to an inbox someone reads.",
                id="imh_portal.E002",
            )
        )
    return errors
