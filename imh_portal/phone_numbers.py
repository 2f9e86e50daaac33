"""Phone numbers in text, found so a phone can call them with one tap."""

import re
from dataclasses import dataclass

from django.utils.html import escape

# A North American number: 1-800-944-4773, (206) 555-0100, 833.852.6262.
_NUMBER = re.compile(
    r"(?<![\w-])(?:\+?1[-. ]?)?(?:\(\d{3}\)\s?|\d{3}[-. ])\d{3}[-. ]\d{4}(?![\w-])"
)
# The three-digit lines, only where the words say to call or text them.
_SHORT = re.compile(
    r"(?P<lead>\b(?:call|calling|text|texting|dial|or|llame al|llamar al|marque el"
    r"|texto al|mensaje al)\s+(?:\*\*)?)(?P<number>988|911|211)\b",
    re.IGNORECASE,
)
_TAG = re.compile(r"(<[^>]+>)")
# The words just before a number that say it takes texts, and calls.
_TEXT_WORDS = re.compile(r"\b(?:text|texting|texto|mensaje|sms)\b", re.IGNORECASE)
_CALL_WORDS = re.compile(
    r"\b(?:call|calling|dial|llame|llamar|marque)\b", re.IGNORECASE
)
# How far back "text 971-…" or "call or text …" is looked for.
_LEAD_CHARACTERS = 24


@dataclass(frozen=True)
class PhoneNumber:
    shown: str
    digits: str
    texts_only: bool = False

    @property
    def sms(self) -> str:
        """The ``sms:`` address, for a line that takes texts and not calls."""
        return self.tel.replace("tel:", "sms:", 1)

    @property
    def tel(self) -> str:
        """The ``tel:`` address: +1 and ten digits, or the short code."""
        if len(self.digits) == 10:
            return f"tel:+1{self.digits}"
        if len(self.digits) == 11 and self.digits.startswith("1"):
            return f"tel:+{self.digits}"
        return f"tel:{self.digits}"


def find_phone_numbers(text: str) -> list[PhoneNumber]:
    """The phone numbers in ``text``, in order, each once."""
    found: dict[str, PhoneNumber] = {}
    for match in sorted(
        [*_NUMBER.finditer(text), *_SHORT.finditer(text)], key=lambda m: m.start()
    ):
        shown = match.group("number") if match.re is _SHORT else match.group(0)
        digits = re.sub(r"\D", "", shown)
        found.setdefault(
            digits,
            PhoneNumber(
                shown=shown,
                digits=digits,
                texts_only=_texts_only(text[: match.start()]),
            ),
        )
    return list(found.values())


def _texts_only(before: str) -> bool:
    """Whether the words just before a number offer it for texts, not calls
    ("or text 971-203-7773", "envíe un texto al …")."""
    lead = before[-_LEAD_CHARACTERS:]
    return bool(_TEXT_WORDS.search(lead)) and not _CALL_WORDS.search(lead)


def link_phone_numbers(html: str) -> str:
    """``html`` with each phone number outside a link made a ``tel:`` link.

    The text between tags is escaped already; only whole numbers are wrapped.
    """
    parts, inside_link = [], False
    for part in _TAG.split(html):
        if part.startswith("<"):
            tag = part[1:].split()[0].lower().rstrip(">") if len(part) > 2 else ""
            if tag == "a":
                inside_link = True
            elif tag == "/a":
                inside_link = False
            parts.append(part)
        elif inside_link:
            parts.append(part)
        else:
            parts.append(_link_in_text(part))
    return "".join(parts)


def _link_in_text(text: str) -> str:
    def number(match: re.Match) -> str:
        phone = PhoneNumber(
            shown=match.group(0),
            digits=re.sub(r"\D", "", match[0]),
            texts_only=_texts_only(match.string[: match.start()]),
        )
        address = phone.sms if phone.texts_only else phone.tel
        return f'<a href="{escape(address)}">{match.group(0)}</a>'

    def short(match: re.Match) -> str:
        code = match.group("number")
        return f'{match.group("lead")}<a href="tel:{code}">{code}</a>'

    return _SHORT.sub(short, _NUMBER.sub(number, text))
