from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "imh_portal"
    verbose_name = "Portal"
