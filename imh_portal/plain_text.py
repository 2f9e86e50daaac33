"""Markdown written by curators and providers, as plain text for data feeds."""

import html
import re

import markdown as markdown_lib
import nh3

_BLANK_LINES = re.compile(r"\n\s*\n+")


def plain_text(markdown_text: str | None) -> str:
    """The words of a Markdown text without its markup: no tags, no asterisks.

    Partners show these fields as text; Markdown or HTML would appear as
    stray symbols, and tags from a provider must never reach another site.
    """
    rendered = markdown_lib.markdown(markdown_text or "", extensions=["sane_lists"])
    text = html.unescape(nh3.clean(rendered, tags=set()))
    return _BLANK_LINES.sub("\n\n", text).strip()
