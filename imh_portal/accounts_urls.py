from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from imh_portal import accounts

app_name = "accounts"

urlpatterns = [
    path("sign-up/", accounts.sign_up_view, name="sign-up"),
    path("confirm/<str:token>/", accounts.confirm_view, name="confirm"),
    path(
        "confirm-again/",
        accounts.resend_confirmation_view,
        name="resend-confirmation",
    ),
    path(
        "log-in/",
        auth_views.LoginView.as_view(authentication_form=accounts.LogInForm),
        name="login",
    ),
    path("log-out/", auth_views.LogoutView.as_view(), name="logout"),
    path("email-language/", accounts.email_language_view, name="email-language"),
    path(
        "password-reset/",
        accounts.ThrottledPasswordResetView.as_view(
            success_url=reverse_lazy("accounts:password_reset_done"),
            email_template_name="registration/password_reset_email.txt",
        ),
        name="password_reset",
    ),
    path(
        "password-reset/sent/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "password-reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            success_url=reverse_lazy("accounts:password_reset_complete")
        ),
        name="password_reset_confirm",
    ),
    path(
        "password-reset/done/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
]
