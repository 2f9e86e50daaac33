"""Provider accounts: sign up, confirm the email address by a signed link.

Logging in, out and resetting a password use Django's own auth views.
"""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model, login
from django.contrib.auth import views as auth_views
from django.contrib.auth.password_validation import validate_password
from django.core import signing
from django.core.mail import send_mail
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods
from django_ratelimit.core import is_ratelimited

CONFIRM_SALT = "imh_portal.accounts.confirm-email"
CONFIRM_MAX_AGE = 3 * 24 * 3600  # three days


class SignUpForm(forms.Form):
    email = forms.EmailField(label=gettext_lazy("Email address"), max_length=254)
    password1 = forms.CharField(
        label=gettext_lazy("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password2 = forms.CharField(
        label=gettext_lazy("The same password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean_email(self) -> str:
        email = get_user_model().objects.normalize_email(self.cleaned_data["email"])
        if get_user_model().objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(
                _("An account with this email address exists. Log in instead.")
            )
        return email

    def clean(self):
        data = super().clean()
        if data.get("password1") != data.get("password2"):
            self.add_error("password2", _("The two passwords differ."))
        elif data.get("password1"):
            try:
                validate_password(
                    data["password1"], get_user_model()(email=data.get("email", ""))
                )
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return data


@transaction.atomic
def sign_up(*, email: str, password: str):
    """An inactive account, and an email with the link that activates it."""
    user = get_user_model().objects.create_user(
        email=email, password=password, is_active=False
    )
    token = signing.dumps({"user": user.pk, "email": user.email}, salt=CONFIRM_SALT)
    link = settings.SITE_URL + reverse("accounts:confirm", args=[token])
    transaction.on_commit(
        lambda: send_mail(
            _("Confirm your email address"),
            _(
                "Welcome to the Infant Mental Health Portal.\n\n"
                "Open this link within three days to confirm your address and "
                "start your directory listing:\n%(link)s\n\n"
                "If you did not sign up, ignore this email."
            )
            % {"link": link},
            None,
            [user.email],
        )
    )
    return user


@require_http_methods(["GET", "POST"])
def sign_up_view(request):
    form = SignUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        sign_up(
            email=form.cleaned_data["email"], password=form.cleaned_data["password1"]
        )
        return render(request, "registration/sign_up_sent.html")
    return render(request, "registration/sign_up.html", {"form": form})


@require_GET
def confirm_view(request, token):
    try:
        data = signing.loads(token, salt=CONFIRM_SALT, max_age=CONFIRM_MAX_AGE)
        user = get_user_model().objects.get(pk=data["user"], email=data["email"])
    except (signing.BadSignature, get_user_model().DoesNotExist, KeyError, TypeError):
        return render(request, "registration/confirm_failed.html", status=400)
    if not user.is_active:
        user.is_active = True
        user.save(update_fields=["is_active"])
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    messages.success(request, _("Your email address is confirmed. Welcome!"))
    return redirect("directory:mine")


class ThrottledPasswordResetView(auth_views.PasswordResetView):
    """Password reset, limited per client address so it cannot flood inboxes.

    Over the limit the form says so and sends nothing; under it, the answer is
    the same whether or not an account uses the address.
    """

    def form_valid(self, form):
        limited = is_ratelimited(
            self.request,
            group="password-reset",
            key="ip",
            rate=settings.PASSWORD_RESET_RATE_LIMIT,
            increment=True,
        )
        if limited:
            form.add_error(
                None,
                _(
                    "Too many reset requests from here. Please wait an hour, or "
                    "ask the portal's team for help."
                ),
            )
            return self.form_invalid(form)
        return super().form_valid(form)


def locked_out(request, credentials=None, *args, **kwargs):
    """What someone sees after too many failed logins (django-axes lockout)."""
    return render(
        request,
        "registration/locked_out.html",
        {"reset_url": reverse("accounts:password_reset")},
        status=429,
    )


def login_identifier(request, credentials=None) -> str:
    """The address someone tried to log in with, as django-axes counts failures.

    Addresses are compared case-insensitively, as accounts are, so changing
    the case does not buy more attempts.
    """
    typed = (credentials or {}).get("username") or request.POST.get("username", "")
    return typed.strip().lower()
