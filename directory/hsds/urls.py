"""HSDS 3.0 paths, as the specification names them (no trailing slashes)."""

from django.urls import path

from directory.hsds import api, taxonomy_api

app_name = "hsds"

urlpatterns = [
    path("", api.RootView.as_view(), name="root"),
    path("services", api.ServiceListView.as_view(), name="service-list"),
    path("services/<str:id>", api.ServiceDetailView.as_view(), name="service-detail"),
    path("organizations", api.OrganizationListView.as_view(), name="organization-list"),
    path(
        "organizations/<str:id>",
        api.OrganizationDetailView.as_view(),
        name="organization-detail",
    ),
    path(
        "service_at_locations",
        api.ServiceAtLocationListView.as_view(),
        name="service-at-location-list",
    ),
    path(
        "service_at_locations/<str:id>",
        api.ServiceAtLocationDetailView.as_view(),
        name="service-at-location-detail",
    ),
    path("taxonomies", taxonomy_api.TaxonomyListView.as_view(), name="taxonomy-list"),
    path(
        "taxonomies/<str:id>",
        taxonomy_api.TaxonomyDetailView.as_view(),
        name="taxonomy-detail",
    ),
    path(
        "taxonomy_terms",
        taxonomy_api.TaxonomyTermListView.as_view(),
        name="taxonomy-term-list",
    ),
    path(
        "taxonomy_terms/<str:id>",
        taxonomy_api.TaxonomyTermDetailView.as_view(),
        name="taxonomy-term-detail",
    ),
]
