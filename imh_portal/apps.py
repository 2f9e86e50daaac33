from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "imh_portal"
    verbose_name = "Portal"

    def ready(self) -> None:
        from imh_portal import lookups  # noqa: F401  (registers the lookups)
