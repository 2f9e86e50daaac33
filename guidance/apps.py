from django.apps import AppConfig


class GuidanceConfig(AppConfig):
    """What combines the other apps: role pages, featured resources and provider
    types, the handout, and the starter content that ties them together."""

    name = "guidance"
    verbose_name = "Guidance"
