from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from directory.api import ListingViewSet
from guidance import about
from imh_portal import health, pages
from imh_portal.api import router
from resources import views as resource_views
from resources.api import ResourceViewSet

admin.site.site_header = _("Infant Mental Health Portal")
admin.site.site_title = _("Portal admin")
admin.site.index_title = _("Curation and moderation")
# The front page lists the queues waiting for the person signed in.
admin.site.index_template = "admin/portal_index.html"

handler404 = "imh_portal.errors.page_not_found"
handler500 = "imh_portal.errors.server_error"
handler400 = "imh_portal.errors.bad_request"
handler403 = "imh_portal.errors.permission_denied"

# One language only: the probes, the API (which takes ?lang= or
# Accept-Language), its documents and the admin.
urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    # The old language form still posts here; it now leads to the page's
    # address in the chosen language.
    path("i18n/", include("django.conf.urls.i18n")),
    path(
        "api/v1/resources/export.csv",
        ResourceViewSet.as_view({"get": "export_csv"}),
        name="api-resources-export",
    ),
    path(
        "api/v1/listings/export.csv",
        ListingViewSet.as_view({"get": "export_csv"}),
        name="api-listings-export",
    ),
    path("api/v1/", include((router.urls, "api"), namespace="api")),
    path("api/hsds/", include("directory.hsds.urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path(
        "api/docs/",
        SpectacularSwaggerSplitView.as_view(url_name="api-schema"),
        name="api-docs",
    ),
    path(settings.ADMIN_URL, admin.site.urls),
]

# Every page a visitor reads: English at the root, Spanish under /es/.
urlpatterns += i18n_patterns(
    path("", resource_views.home, name="home"),
    path("", include("guidance.urls")),
    path("resources/", include("resources.urls")),
    path("directory/", include("directory.urls")),
    path("accounts/", include("imh_portal.accounts_urls")),
    path("about/", about.about, name="about"),
    path("privacy/", about.privacy, name="privacy"),
    path("api/", pages.api_usage, name="api-usage"),
    path("accessibility/", pages.accessibility, name="accessibility"),
    prefix_default_language=False,
)
