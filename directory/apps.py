from django.apps import AppConfig


class DirectoryConfig(AppConfig):
    name = "directory"
    verbose_name = "Provider directory"

    def ready(self):
        from directory.models import Place
        from imh_portal.health import register_readiness_check

        # "Near me" searches find nothing until places are loaded (by migrate).
        register_readiness_check("places", lambda: Place.objects.exists())
