"""Provider accounts: sign up, confirm the email address by a signed link.

Logging in, out and resetting a password use Django's own auth views.
"""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model, login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.contrib.auth.password_validation import validate_password
from django.core import signing
from django.db import transaction
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from imh_portal.limits import over_limit
from imh_portal.mail import in_their_language, queue_email
from imh_portal.site_address import site_url

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
def sign_up(*, email: str, password: str, language: str = "en"):
    """An inactive account, and an email with the link that activates it, in
    ``language`` (the page's), which every later email keeps."""
    user = get_user_model().objects.create_user(
        email=email, password=password, is_active=False, language=language
    )
    send_confirmation(user=user)
    return user


def send_confirmation(*, user) -> None:
    """Queue the email whose link confirms ``user``'s address (the outbox)."""
    token = signing.dumps({"user": user.pk, "email": user.email}, salt=CONFIRM_SALT)
    with in_their_language(user):
        _queue_confirmation(user, token)


def _queue_confirmation(user, token: str) -> None:
    link = site_url() + reverse("accounts:confirm", args=[token])
    queue_email(
        to=user.email,
        subject=_("Confirm your email address"),
        body=_(
            "Welcome to the Infant Mental Health Portal.\n\n"
            "Open this link within three days to confirm your address and "
            "start your directory listing:\n%(link)s\n\n"
            "If you did not sign up, ignore this email."
        )
        % {"link": link},
    )


def unconfirmed_account(email: str, password: str):
    """The account behind a login that failed only because it is unconfirmed.

    An account that has never logged in and is inactive was never confirmed
    (confirming logs the person in); one a moderator switched off has logged
    in before, and is told nothing more than a wrong password would be.
    """
    user = (
        get_user_model()
        .objects.filter(email__iexact=email.strip(), is_active=False, last_login=None)
        .first()
    )
    if user is not None and user.check_password(password):
        return user
    return None


class LogInForm(AuthenticationForm):
    """Django's login form, which also tells an unconfirmed provider what to do."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "unconfirmed": gettext_lazy(
            "Please confirm your email address first: open the link we emailed "
            "you. If it has expired or never arrived, we can send it again."
        ),
    }

    def clean(self):
        try:
            return super().clean()
        except forms.ValidationError:
            email = self.cleaned_data.get("username") or ""
            password = self.cleaned_data.get("password") or ""
            if email and password and unconfirmed_account(email, password):
                self.unconfirmed_email = email
                raise forms.ValidationError(
                    self.error_messages["unconfirmed"], code="unconfirmed"
                ) from None
            raise


class ResendConfirmationForm(forms.Form):
    email = forms.EmailField(label=gettext_lazy("Email address"), max_length=254)


@require_http_methods(["GET", "HEAD", "POST"])
def resend_confirmation_view(request):
    """Send the confirmation link again, limited per client address.

    The answer is the same whether or not an unconfirmed account uses the
    address, so the page tells nobody who has an account.
    """
    form = ResendConfirmationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        rate = settings.CONFIRMATION_RESEND_RATE_LIMIT
        if over_limit(request, group="confirmation-resend", rate=rate):
            form.add_error(
                None,
                _(
                    "We have sent several links from here in a short time. "
                    "Please wait an hour and try again."
                ),
            )
            return render(
                request,
                "registration/resend_confirmation.html",
                {"form": form},
                status=429,
            )
        user = (
            get_user_model()
            .objects.filter(
                email__iexact=form.cleaned_data["email"],
                is_active=False,
                last_login=None,
            )
            .first()
        )
        if user is not None:
            send_confirmation(user=user)
        return render(request, "registration/sign_up_sent.html")
    return render(request, "registration/resend_confirmation.html", {"form": form})


@require_http_methods(["GET", "HEAD", "POST"])
def sign_up_view(request):
    form = SignUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        sign_up(
            email=form.cleaned_data["email"],
            password=form.cleaned_data["password1"],
            language=get_language(),
        )
        return render(request, "registration/sign_up_sent.html")
    return render(request, "registration/sign_up.html", {"form": form})


@require_safe
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


class OutboxPasswordResetForm(PasswordResetForm):
    """Django's reset form, its email sent through the outbox."""

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ):
        with in_their_language(context.get("user")):
            subject = render_to_string(subject_template_name, context)
            queue_email(
                to=to_email,
                subject="".join(subject.splitlines()),
                body=render_to_string(email_template_name, context),
            )


class ThrottledPasswordResetView(auth_views.PasswordResetView):
    """Password reset, limited per client address so it cannot flood inboxes.

    Over the limit the form says so and sends nothing; under it, the answer is
    the same whether or not an account uses the address.
    """

    form_class = OutboxPasswordResetForm

    def form_valid(self, form):
        rate = settings.PASSWORD_RESET_RATE_LIMIT
        if over_limit(self.request, group="password-reset", rate=rate):
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


class EmailLanguageForm(forms.Form):
    language = forms.ChoiceField(
        label=gettext_lazy("Language of our emails to you"),
        choices=settings.LANGUAGES,
    )


@login_required
@require_http_methods(["POST"])
def email_language_view(request):
    """Change the language of the emails the signed-in person gets."""
    form = EmailLanguageForm(request.POST)
    if form.is_valid():
        request.user.language = form.cleaned_data["language"]
        request.user.save(update_fields=["language"])
        messages.success(
            request, _("Saved: our emails to you will be in that language.")
        )
    else:
        messages.error(
            request, _("Language of our emails to you: choose one of the list.")
        )
    return redirect("directory:mine")
