from django.contrib import admin
from django.urls import include, path
from django.views.generic import TemplateView

from imh_portal.api import router
from resources import views as resource_views

admin.site.site_header = "Infant Mental Health Portal"
admin.site.site_title = "Portal admin"
admin.site.index_title = "Curation and moderation"

urlpatterns = [
    path("", resource_views.home, name="home"),
    path("resources/", include("resources.urls")),
    path("directory/", include("directory.urls")),
    path("accounts/", include("imh_portal.accounts_urls")),
    path("about/", TemplateView.as_view(template_name="about.html"), name="about"),
    path("api/v1/", include((router.urls, "api"), namespace="api")),
    path("admin/", admin.site.urls),
]
