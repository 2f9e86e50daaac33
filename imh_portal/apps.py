from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "imh_portal"
    verbose_name = "Portal"

    def ready(self) -> None:
        from corsheaders.signals import check_request_enabled

        from imh_portal import (  # noqa: F401  (registers lookups and schema hints)
            api_schema,
            checks,
            lookups,
        )
        from imh_portal.api_base import allow_public_reads

        check_request_enabled.connect(allow_public_reads)
