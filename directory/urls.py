from django.urls import path

from directory import views

app_name = "directory"

urlpatterns = [
    path("", views.listing_list, name="list"),
    path("<slug:slug>/", views.listing_detail, name="detail"),
]
