"""The interface in Spanish: every string of every template and every message
of the Python code has a translation in the compiled catalogue."""

import io
import re
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.core.management import call_command
from django.template import engines
from django.template.base import Node
from django.templatetags.i18n import BlockTranslateNode, TranslateNode
from django.urls import reverse
from django.utils import translation
from django.utils.translation import trans_real
from django.utils.translation.template import templatize
from jinja2.ext import extract_from_ast

from tests.pages import reverse_in

TEMPLATES = Path(settings.BASE_DIR) / "templates"
JINJA2_TEMPLATES = TEMPLATES / "jinja2"
CATALOGUE = Path(settings.BASE_DIR) / "locale" / "es" / "LC_MESSAGES"

# Text a template may show untranslated: names, symbols and codes that read
# the same in every language.
UNTRANSLATED = {"IMH-E®", "PMH-C", "API", "JSON", "curl", "fetch", "HSDS", "×"}


def template_paths() -> list[Path]:
    return sorted(TEMPLATES.rglob("*.html"))


def django_template_paths() -> list[Path]:
    return [path for path in template_paths() if JINJA2_TEMPLATES not in path.parents]


def jinja2_template_paths() -> list[Path]:
    return sorted(JINJA2_TEMPLATES.rglob("*.html"))


def walk(nodes):
    """Every node of a template, depth first, through every branch."""
    for node in nodes:
        yield node
        for attribute in getattr(node, "child_nodelists", ()):
            yield from walk(getattr(node, attribute, None) or [])
        if hasattr(node, "conditions_nodelists"):  # {% if %}: every branch
            for _condition, nodelist in node.conditions_nodelists:
                yield from walk(nodelist)


def parsed(path: Path) -> list[Node]:
    engine = engines["django"].engine
    template = engine.from_string(path.read_text())
    return list(walk(template.nodelist))


def messages_of(node: Node) -> list[tuple[str, str | None]]:
    """The (msgid, context) pairs a translation node looks up."""
    if isinstance(node, TranslateNode):
        value = node.filter_expression.var
        literal = getattr(value, "literal", None)
        return [(literal, None)] if isinstance(literal, str) else []
    if isinstance(node, BlockTranslateNode):
        context = node.message_context.var.literal if node.message_context else None
        # A plural message is catalogued under its singular form.
        return [(node.render_token_list(node.singular)[0], context)]
    return []


def spanish_catalogue():
    with translation.override("es"):
        return trans_real.translation("es")._catalog


@pytest.mark.parametrize("path", django_template_paths(), ids=lambda path: path.name)
def test_every_translatable_string_of_the_template_has_a_spanish_translation(path):
    catalogue = spanish_catalogue()
    missing = []
    for node in parsed(path):
        for msgid, context in messages_of(node):
            key = f"{context}\x04{msgid}" if context else msgid
            if key not in catalogue and (key, 0) not in catalogue:
                missing.append(msgid)
    assert not missing, f"{path.relative_to(TEMPLATES)}: {missing}"


def jinja2_messages(path: Path) -> list[str]:
    """The messages a Jinja2 template translates with ``_("…")``."""
    syntax_tree = engines["jinja2"].env.parse(path.read_text())
    return [message for _line, _name, message in extract_from_ast(syntax_tree, ("_",))]


@pytest.mark.parametrize("path", jinja2_template_paths(), ids=lambda path: path.name)
def test_every_string_of_a_jinja2_template_has_a_spanish_translation(path):
    catalogue = spanish_catalogue()
    messages = jinja2_messages(path)
    assert messages, f"{path.name} translates nothing: is it still a Jinja2 template?"
    missing = [message for message in messages if message not in catalogue]
    assert not missing, f"{path.relative_to(TEMPLATES)}: {missing}"


@pytest.mark.parametrize("path", jinja2_template_paths(), ids=lambda path: path.name)
def test_makemessages_finds_every_string_of_a_jinja2_template(path):
    # makemessages reads every template as a Django one: a Jinja2 message it
    # would miss (not at the start of a {{ }}, or not a plain literal) would
    # leave the catalogue at the next `make messages`.
    gathered = templatize(path.read_text())
    for message in jinja2_messages(path):
        assert f"_({message!r})" in gathered or f'_("{message}")' in gathered, message


TRANSLATED_BLOCK = re.compile(
    r"{%\s*blocktranslate.*?{%\s*endblocktranslate\s*%}", re.DOTALL
)
COMMENT = re.compile(r"{%\s*comment\s*%}.*?{%\s*endcomment\s*%}|{#.*?#}", re.DOTALL)
TEMPLATE_CODE = re.compile(r"{%.*?%}|{{.*?}}", re.DOTALL)
# Attributes people read or hear: their literal text must be translated too.
READ_ATTRIBUTES = re.compile(r'\b(?:placeholder|aria-label|title|alt)="([^"]*)"')
# Code samples (<pre>) read the same in every language.
MARKUP = re.compile(
    r"<pre.*?</pre>|<script.*?</script>|<style.*?</style>|<[^>]*>|&[a-z#0-9]+;",
    re.DOTALL,
)


def visible_words(source: str) -> list[str]:
    """Words a template shows that no translation tag covers."""
    text = TRANSLATED_BLOCK.sub(" ", source)
    text = COMMENT.sub(" ", text)
    text = TEMPLATE_CODE.sub(" ", text)
    attributes = READ_ATTRIBUTES.findall(text)
    text = MARKUP.sub(" ", text) + " " + " ".join(attributes)
    return [token for token in text.split() if _is_words(token)]


def _is_words(token: str) -> bool:
    bare = token.strip(".,:;()·—–-/|…“”\"'!?")
    return bool(re.search(r"[A-Za-z]", bare)) and bare not in UNTRANSLATED


@pytest.mark.parametrize("path", template_paths(), ids=lambda path: path.name)
def test_no_template_shows_words_outside_a_translation_tag(path):
    words = visible_words(path.read_text())
    assert not words, f"{path.relative_to(TEMPLATES)}: {' '.join(words)[:300]}"


def test_the_spanish_catalogue_is_complete_and_compiled():
    source = polib.pofile(str(CATALOGUE / "django.po"))
    untranslated = [entry.msgid for entry in source.untranslated_entries()]
    fuzzy = [entry.msgid for entry in source.fuzzy_entries()]
    assert not untranslated, untranslated[:20]
    assert not fuzzy, fuzzy[:20]
    compiled = polib.mofile(str(CATALOGUE / "django.mo"))
    pairs = {
        (e.msgctxt, e.msgid, e.msgstr, tuple(e.msgstr_plural.items()))
        for e in source.translated_entries()
    }
    compiled_pairs = {
        (e.msgctxt, e.msgid, e.msgstr, tuple(e.msgstr_plural.items())) for e in compiled
    }
    assert pairs <= compiled_pairs, "run `make messages` to compile django.mo"


@pytest.mark.django_db
def test_the_old_language_form_still_leads_to_the_page_in_that_language(client):
    response = client.post(
        reverse("set_language"),
        {"language": "es", "next": reverse("resources:list") + "?q=sleep"},
    )
    assert response.status_code == 302
    assert response["Location"] == "/es/resources/?q=sleep"
    html = client.get(response["Location"]).content.decode()
    assert '<html lang="es">' in html


@pytest.mark.django_db
def test_spanish_pages_show_the_help_lines_in_spanish(client):
    call_command("load_starter_content", stdout=io.StringIO())
    html = client.get(reverse_in("es", "home")).content.decode()
    assert "Línea Nacional de Salud Mental Materna" in html
    assert "Llame o envíe un texto al 988" in html
    assert (
        "National Maternal Mental Health Hotline"
        in client.get(reverse_in("en", "home")).content.decode()
    )
