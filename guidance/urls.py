"""Role guidance pages and the printable handout."""

from django.urls import path

from guidance import handout, start, views

app_name = "guidance"

urlpatterns = [
    path("for/", views.role_list, name="role-list"),
    path("for/<slug:slug>/", views.role_detail, name="role-detail"),
    path("handout/", handout.handout, name="handout"),
    path("handout/remove/", handout.handout_remove, name="handout-remove"),
    path("handout/clear/", handout.handout_clear, name="handout-clear"),
    path("start/", start.start, name="start"),
]
