"""Addresses of pages in a given language, as a visitor would follow them."""

from django.urls import reverse
from django.utils import translation


def reverse_in(language: str, name: str, **kwargs) -> str:
    """The address of the page ``name`` in ``language`` (Spanish under /es/)."""
    with translation.override(language):
        return reverse(name, kwargs=kwargs or None)
