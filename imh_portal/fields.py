import re

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class WebAddressField(models.URLField):
    """A URL field whose form assumes https:// when the scheme is left out."""

    def formfield(self, **kwargs):
        kwargs.setdefault("assume_scheme", "https")
        return super().formfield(**kwargs)


def isbn13_check_digit(first_twelve: str) -> int:
    """The check digit of an ISBN-13: weights 1 and 3 alternate, modulo 10."""
    total = sum(
        int(digit) * (3 if position % 2 else 1)
        for position, digit in enumerate(first_twelve)
    )
    return (10 - total % 10) % 10


def validate_isbn13(value: str) -> None:
    """An ISBN-13 written as 13 digits whose last digit checks the others."""
    if not re.fullmatch(r"97[89]\d{10}", value or ""):
        raise ValidationError(
            _("Enter the 13 digits of an ISBN starting 978 or 979, without dashes."),
            code="isbn_format",
        )
    if isbn13_check_digit(value[:12]) != int(value[12]):
        raise ValidationError(
            _("This ISBN's check digit is wrong; copy it again from the book."),
            code="isbn_check_digit",
        )
