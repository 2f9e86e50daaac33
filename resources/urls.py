from django.urls import path

from resources import views

app_name = "resources"

urlpatterns = [
    path("", views.resource_list, name="list"),
    path("suggest/", views.suggest, name="suggest"),
    path("suggest/thanks/", views.suggest_thanks, name="suggest-thanks"),
    path("collections/", views.collection_list, name="collections"),
    path("collections/<slug:slug>/", views.collection_detail, name="collection"),
    path("<slug:slug>/", views.resource_detail, name="detail"),
    path("<slug:slug>/report/", views.resource_report, name="report"),
    path(
        "<slug:slug>/report/thanks/",
        views.resource_report_thanks,
        name="report-thanks",
    ),
]
