from django.urls import path

from directory import views

app_name = "directory"

urlpatterns = [
    path("", views.listing_list, name="list"),
    path("glossary/", views.glossary, name="glossary"),
    path("mine/", views.my_listings, name="mine"),
    path("mine/new/", views.listing_create, name="create"),
    path("mine/<int:pk>/edit/", views.listing_edit, name="edit"),
    path("mine/<int:pk>/preview/", views.listing_preview, name="preview"),
    path(
        "mine/<int:pk>/credentials/",
        views.listing_credentials,
        name="credentials",
    ),
    path(
        "mine/<int:pk>/credentials/<int:credential_pk>/remove/",
        views.credential_remove,
        name="credential-remove",
    ),
    path(
        "mine/<int:pk>/<str:action>/",
        views.listing_action,
        name="action",
    ),
    path("<slug:slug>/", views.listing_detail, name="detail"),
    path("<slug:slug>/report/", views.listing_report, name="report"),
]
