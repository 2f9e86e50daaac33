from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "imh_portal"
    verbose_name = "Portal"

    def ready(self) -> None:
        from corsheaders.signals import check_request_enabled
        from django.db.models.signals import post_migrate

        from imh_portal import (  # noqa: F401  (registers lookups and schema hints)
            api_schema,
            checks,
            lookups,
        )
        from imh_portal.api_base import allow_public_reads
        from imh_portal.content_version import install_after_migrate

        check_request_enabled.connect(allow_public_reads)
        # Sent once migrate is done with every app, so all their tables exist.
        post_migrate.connect(install_after_migrate, sender=self)
