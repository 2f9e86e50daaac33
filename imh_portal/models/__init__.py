"""Site-wide models: the user account and the help-now lines on every page."""

from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex, OpClass
from django.core.cache import cache
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from imh_portal.fields import WebAddressField


class UserManager(BaseUserManager):
    """Accounts are identified by their email address, compared case-insensitively."""

    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra_fields):
        if not email:
            raise ValueError("An email address is required")
        user = self.model(email=self.normalize_email(email), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email: str, password: str | None = None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)

    def get_by_natural_key(self, username):
        return self.get(email__iexact=username)


class User(AbstractUser):
    """A person with an account: a provider, a curator, a moderator or an admin."""

    username = None
    email = models.EmailField(_("email address"), unique=True)
    language = models.CharField(
        _("language for emails"),
        max_length=8,
        choices=settings.LANGUAGES,
        default="en",
        db_default="en",
        help_text=_("Every email the portal sends this person is in it."),
    )

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    objects = UserManager()

    class Meta:
        constraints = [
            models.UniqueConstraint(Lower("email"), name="user_email_case_insensitive"),
        ]

    def __str__(self) -> str:
        return self.email


class HelpLineQuerySet(models.QuerySet):
    def active(self):
        """Lines shown to visitors, in the order curators chose."""
        return self.filter(is_active=True).order_by("position", "pk")


class HelpLine(models.Model):
    """A crisis or support line shown in the "Need help now?" block on every page."""

    CACHE_KEY = "help-now-lines"

    name = models.CharField(_("name"), max_length=120)
    how_to_reach = models.CharField(
        _("how to reach"),
        max_length=120,
        help_text=_('What to do, in a few words, e.g. "Call or text 988".'),
    )
    phone = models.CharField(
        _("phone number to dial"),
        max_length=20,
        blank=True,
        help_text=_("Digits only, used for the tap-to-call link, e.g. 18338526262."),
    )
    text_number = models.CharField(
        _("number to text"),
        max_length=20,
        blank=True,
        help_text=_("Digits only, used for the tap-to-text link."),
    )
    url = WebAddressField(_("website"), blank=True)
    description = models.CharField(_("who it is for"), max_length=240, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    is_active = models.BooleanField(_("shown on the site"), default=True)

    objects = HelpLineQuerySet.as_manager()

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("help line")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(phone__regex=r"^[0-9]*$"),
                name="helpline_phone_digits_only",
            ),
            models.CheckConstraint(
                condition=models.Q(text_number__regex=r"^[0-9]*$"),
                name="helpline_text_number_digits_only",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        cache.delete(self.CACHE_KEY)

    def delete(self, *args, **kwargs):
        result = super().delete(*args, **kwargs)
        cache.delete(self.CACHE_KEY)
        return result

    @classmethod
    def for_display(cls) -> list["HelpLine"]:
        """The active lines, cached because every page shows them."""
        lines = cache.get(cls.CACHE_KEY)
        if lines is None:
            lines = list(cls.objects.active())
            cache.set(cls.CACHE_KEY, lines, 3600)
        return lines


class SearchWord(models.Model):
    """A word that appears in searchable text, for correcting misspelt queries.

    Database triggers on each searchable table add the words of new and edited
    rows (lower-cased, accents removed, four letters or more), so the list never
    needs rebuilding; ``documents`` counts roughly how many rows used the word.
    """

    word = models.CharField(max_length=40, primary_key=True)
    documents = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("search word")
        indexes = [
            GinIndex(OpClass("word", name="gin_trgm_ops"), name="search_word_trigram"),
        ]

    def __str__(self) -> str:
        return self.word


class TombstoneQuerySet(models.QuerySet):
    def of(self, kind: str):
        """Removals of one kind of record, e.g. "resource" or "listing"."""
        return self.filter(kind=kind)

    def since(self, moment):
        """Removals after ``moment``, for partners syncing their copies."""
        return self.filter(removed_at__gt=moment)


class Tombstone(models.Model):
    """A public record that was deleted, kept so partners' copies can delete it.

    Rows are written by database triggers when a resource or listing is
    deleted, whoever deletes it; they are kept for ``TOMBSTONE_RETENTION_DAYS``.
    """

    kind = models.CharField(max_length=16)
    key = models.CharField(max_length=220, help_text=_("The record's slug."))
    uuid = models.UUIDField(null=True, blank=True)
    removed_at = models.DateTimeField(db_default=models.functions.Now())

    objects = TombstoneQuerySet.as_manager()

    class Meta:
        indexes = [models.Index(fields=["kind", "removed_at"], name="tombstone_kind")]

    def __str__(self) -> str:
        return f"{self.kind} {self.key} removed {self.removed_at:%Y-%m-%d}"


class OutgoingEmailQuerySet(models.QuerySet):
    def unsent(self):
        """Messages the mail server has not accepted yet."""
        return self.filter(sent_at__isnull=True)

    def due(self, *, max_attempts: int):
        """Unsent messages whose pause is over and whose attempts are not used up."""
        return self.unsent().filter(
            next_attempt_at__lte=models.functions.Now(), attempts__lt=max_attempts
        )


class OutgoingEmail(models.Model):
    """An email the portal sends, kept until the mail server has accepted it.

    It is stored in the same transaction as the change it reports, so a mail
    server outage loses no message and a rolled-back change sends none
    (``imh_portal.mail``); ``send_queued_email`` retries what is still waiting.
    """

    to = ArrayField(models.EmailField())
    subject = models.TextField()
    body = models.TextField()
    created_at = models.DateTimeField(db_default=models.functions.Now())
    sent_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    next_attempt_at = models.DateTimeField(db_default=models.functions.Now())

    objects = OutgoingEmailQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(to__len__gt=0), name="outgoing_email_has_recipient"
            ),
        ]
        indexes = [
            models.Index(
                fields=["next_attempt_at"],
                condition=models.Q(sent_at__isnull=True),
                name="outgoing_email_waiting",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.subject} → {', '.join(self.to)}"


# Search's own vocabulary lives in its module; imported here for Django.
from imh_portal.models.search_vocabulary import (  # noqa: E402
    Concept,
    FailedSearch,
    SearchMiss,
)

__all__ = [
    "Concept",
    "FailedSearch",
    "HelpLine",
    "OutgoingEmail",
    "SearchMiss",
    "SearchWord",
    "Tombstone",
    "User",
]
