"""What a search text means: the words that must be found, what each may be
found as, and whether the person may be in danger.

A text is read the way a family types it. Stop words of English and Spanish are
dropped; the field's abbreviations are spelled out; words and phrases from the
concept vocabulary (``Concept``) match any other term of their concept, in
either language; a word that neither the library nor a dictionary knows is also
searched as the closest word the library does know, and offered as "Did you
mean …?". Quoted phrases are kept as typed, ``-word`` excludes, and ``or``
joins two words into one choice.

Plans are cached under the vocabulary's stamp, so reading one costs nothing
after the first time, and an edit to the vocabulary shows at once.
"""

import hashlib
import math
import re
from collections import OrderedDict
from dataclasses import dataclass, field, replace

from django.conf import settings
from django.contrib.postgres.search import TrigramSimilarity
from django.core.cache import cache
from django.db import connections, router

from imh_portal import dictionary
from imh_portal.models import Concept, SearchWord
from imh_portal.words import fold, folded_words

# Abbreviations families and professionals type, with what they stand for.
ABBREVIATIONS: dict[str, str] = {
    "aces": "adverse childhood experiences",
    "ace": "adverse childhood experiences",
    "abc": "attachment and biobehavioral catch-up",
    "asq": "ages and stages questionnaire",
    "cos": "circle of security",
    "cos-p": "circle of security parenting",
    "cpp": "child-parent psychotherapy",
    "p-cpp": "perinatal child-parent psychotherapy",
    "dc:0-5": "diagnostic classification",
    "ei": "early intervention",
    "ecmh-e": "early childhood mental health endorsement",
    "fan": "facilitating attuned interactions",
    "hfa": "healthy families america",
    "hmg": "help me grow",
    "iecmh": "infant and early childhood mental health",
    "iecmhc": "infant and early childhood mental health consultation",
    "ifsp": "individualized family service plan",
    "imh": "infant mental health",
    "imh-e": "infant mental health endorsement",
    "miechv": "maternal infant and early childhood home visiting",
    "nfp": "nurse-family partnership",
    "nicu": "neonatal intensive care",
    "nmmhh": "national maternal mental health hotline",
    "pcit": "parent-child interaction therapy",
    "pmad": "perinatal mood and anxiety disorders",
    "pmads": "perinatal mood and anxiety disorders",
    "pmh-c": "perinatal mental health certification",
    "ppd": "postpartum depression",
    "psi": "postpartum support international",
    "rsc": "reflective supervision",
    "sids": "sudden infant death syndrome",
    "ztt": "zero to three",
}

# Shorter words are more often real words or initials than typos.
MIN_CORRECTED_LENGTH = 4
MAX_CORRECTED_WORDS = 3
CORRECTION_SIMILARITY = 0.3  # pg_trgm's own default; catches "slepe"
# Concept phrases are short; longer runs are never compared.
MAX_TERM_WORDS = 5
# A word in every document still counts this much.
MIN_WORD_WEIGHT = 0.3
UNKNOWN_WORD_WEIGHT = 0.5
# Snippets mark at most this many terms.
MAX_HIGHLIGHTED_TERMS = 12
# Words that signal danger also find the crisis and support lines.
CRISIS_TERMS = ("crisis", "hotline", "helpline", "línea de crisis")

_TOKEN = re.compile(r'"[^"]*"?|\S+')


@dataclass(frozen=True)
class Slot:
    """One thing the text asks for, and every way a document may say it."""

    typed: str
    terms: tuple[str, ...]
    # A quoted phrase: matched as typed, never widened.
    exact: bool = False
    concept: str = ""
    correction: str = ""
    # How much finding it counts: 1 for a word few documents have, or a
    # concept; less for a word nearly every document has ("baby", "toddler").
    weight: float = 1.0
    # The PostgreSQL text query for it: any term, all of a term's words, in
    # either language's stemming (``tsquery`` text, filled by ``understand``).
    tsquery: str = ""


@dataclass(frozen=True)
class QueryPlan:
    text: str
    slots: tuple[Slot, ...] = ()
    excluded: tuple[str, ...] = ()
    # The ``tsquery`` text of the excluded words, or "".
    excluded_tsquery: str = ""
    # The words as typed, with corrections (``tsquery`` text): documents using
    # them rank above those using only other words of the same concepts.
    typed_tsquery: str = ""
    # The terms a snippet marks (``tsquery`` text): typed words first, then a
    # few of their concepts' (ts_headline's work grows fast with terms).
    highlight_tsquery: str = ""
    crisis: bool = False
    # The text with misspelt words replaced by known ones, or "".
    suggestion: str = ""
    concepts: tuple[str, ...] = field(default=())

    @property
    def is_empty(self) -> bool:
        return not self.slots and not self.excluded


@dataclass(frozen=True)
class _Word:
    folded: str
    # Its stem in each language ("en", "es"); the folded word for a stop word.
    stems: dict[str, str]
    is_stop: bool
    documents: int | None
    # The most documents any word is in: roughly how many documents there are.
    most_documents: int = 0


@dataclass(frozen=True)
class _Term:
    concept: str
    text: str
    language: str
    # Each word of the term: its folded form and its stem in the term's language.
    words: tuple[tuple[str, str], ...]


@dataclass
class _Vocabulary:
    by_first_stem: dict[str, list[_Term]]
    terms_of: dict[str, tuple[str, ...]]
    crisis: frozenset[str]
    single_words: tuple[str, ...]
    # The concept of each one-word term, by its folded form.
    concept_of_word: dict[str, str]


def vocabulary_stamp() -> str:
    """The concept vocabulary's stamp, read from the database."""
    return Concept.objects.stamp()


def understand(text: str, *, stamp: str | None = None) -> QueryPlan:
    """The plan for a normalised search ``text`` (see the module's docstring).

    ``stamp`` is the searched data's (``SearchableQuerySet.stamp()``: its rows,
    then the vocabulary); a plan also depends on the library's words. Plans are
    kept in the process and in the cache under it, so an edit to either shows at
    once; without a stamp, the vocabulary's own is read.
    """
    if not text:
        return QueryPlan(text="")
    if stamp is None:
        stamp = f"|{vocabulary_stamp()}"
    rows, _, vocabulary = stamp.partition("|")
    remembered = _PLANS.get((stamp, text)) if rows else None
    if remembered is not None:
        return remembered
    digest = hashlib.sha256(f"{stamp}\n{text}".encode()).hexdigest()
    key = f"search-plan:{digest}"
    plan = cache.get(key)
    if plan is None:
        plan = _plan(text, _vocabulary(vocabulary))
        cache.set(key, plan, settings.SEARCH_CACHE_SECONDS)
    if rows:
        _remember(_PLANS, (stamp, text), plan, MAX_REMEMBERED_PLANS)
    return plan


def forget() -> None:
    """Drop the plans and vocabulary this process keeps (for tests)."""
    _PLANS.clear()
    _VOCABULARIES.clear()


# Reading a text is the same for every request with the same stamp: each worker
# keeps the latest vocabularies and plans, so a request whose search results
# are not cached does not rebuild them (they cost more than the search).
MAX_REMEMBERED_PLANS = 2000
MAX_REMEMBERED_VOCABULARIES = 2
_PLANS: OrderedDict[tuple[str, str], QueryPlan] = OrderedDict()
_VOCABULARIES: OrderedDict[str, "_Vocabulary"] = OrderedDict()


def _remember(memory: OrderedDict, key, value, limit: int) -> None:
    memory[key] = value
    memory.move_to_end(key)
    while len(memory) > limit:
        memory.popitem(last=False)


def _vocabulary(stamp: str) -> _Vocabulary:
    """The vocabulary as of ``stamp`` (the concepts' own stamp)."""
    vocabulary = _VOCABULARIES.get(stamp)
    if vocabulary is None:
        vocabulary = _read_vocabulary()
        _remember(_VOCABULARIES, stamp, vocabulary, MAX_REMEMBERED_VOCABULARIES)
    return vocabulary


def _read_vocabulary() -> _Vocabulary:
    concepts = list(Concept.objects.order_by("name"))
    term_words = {
        concept.name: [folded_words(term) for term in concept.terms]
        for concept in concepts
    }
    lexicon = _lexicon(
        sorted({word for terms in term_words.values() for t in terms for word in t})
    )
    by_first_stem: dict[str, list[_Term]] = {}
    single_words = set()
    concept_of_word: dict[str, str] = {}
    for concept in concepts:
        terms = [(term, "en") for term in concept.terms_en]
        terms += [(term, "es") for term in concept.terms_es]
        for (term, language), words in zip(
            terms, term_words[concept.name], strict=True
        ):
            if not words or len(words) > MAX_TERM_WORDS:
                continue
            if all(lexicon[word].is_stop for word in words):
                continue  # "how to" would match every question
            entry = _Term(
                concept=concept.name,
                text=term,
                language=language,
                words=tuple((word, lexicon[word].stems[language]) for word in words),
            )
            for key in {entry.words[0][0], entry.words[0][1]}:
                by_first_stem.setdefault(key, []).append(entry)
            if len(words) == 1:
                single_words.add(words[0])
                concept_of_word.setdefault(words[0], concept.name)
    for entries in by_first_stem.values():
        # Longest phrases first, so "baby blues" wins over "baby".
        entries.sort(key=lambda entry: (-len(entry.words), entry.concept, entry.text))
    return _Vocabulary(
        by_first_stem=by_first_stem,
        terms_of={concept.name: tuple(concept.terms) for concept in concepts},
        crisis=frozenset(concept.name for concept in concepts if concept.is_crisis),
        single_words=tuple(sorted(single_words)),
        concept_of_word=concept_of_word,
    )


def _lexicon(words: list[str]) -> dict[str, _Word]:
    """Each folded word's English and Spanish stems, whether it is a stop word
    in either language, and how many documents the library has it in."""
    if not words:
        return {}
    with _reading().cursor() as cursor:
        cursor.execute(
            """
            SELECT t.word, ts_lexize('english_stem', t.word),
                   ts_lexize('spanish_stem', t.word), w.documents,
                   (SELECT max(documents) FROM imh_portal_searchword)
              FROM unnest(%s::text[]) AS t(word)
              LEFT JOIN imh_portal_searchword AS w ON w.word = t.word
            """,
            [words],
        )
        rows = cursor.fetchall()
    lexicon = {}
    for word, english, spanish, documents, most in rows:
        is_stop = english == [] or spanish == []
        stems = {
            "en": english[0] if english else word,
            "es": spanish[0] if spanish else word,
        }
        lexicon[word] = _Word(
            folded=word,
            stems=stems,
            is_stop=is_stop,
            documents=documents,
            most_documents=most or 0,
        )
    return lexicon


def _reading():
    """The connection reads go to (a replica, when there is one)."""
    return connections[router.db_for_read(SearchWord)]


def _word_weight(word: _Word | None) -> float:
    """Inverse document frequency, scaled to 1 for a word in one document."""
    if word is None or word.most_documents <= 1:
        return 1.0
    if not word.documents:
        # In no title or summary: a rare word, or a common one ("coming",
        # "need") that only longer descriptions use. Count it half.
        return UNKNOWN_WORD_WEIGHT
    rarity = math.log(1 + word.most_documents / word.documents)
    return max(MIN_WORD_WEIGHT, min(1.0, rarity / math.log(1 + word.most_documents)))


def _plan(text: str, vocabulary: _Vocabulary) -> QueryPlan:
    runs: list[list[str]] = [[]]
    exact: list[str] = []
    excluded: list[str] = []
    joined_with_or: set[int] = set()
    for token in _TOKEN.findall(text):
        if token.startswith('"'):
            phrase = " ".join(token.strip('"').split())
            if phrase:
                exact.append(phrase)
            runs.append([])
        elif token.startswith("-") and len(token) > 1:
            excluded.append(token[1:])
        elif token.lower() == "or":
            joined_with_or.add(sum(len(run) for run in runs))
        else:
            runs[-1].append(token)

    raw_words = [word for run in runs for word in run]
    lexicon = _lexicon(
        sorted({word for raw in raw_words for word in folded_words(raw)})
    )
    slots: list[Slot] = []
    concepts: list[str] = []
    position = 0
    for run in runs:
        run_slots, run_concepts = _read_run(run, lexicon, vocabulary)
        for slot, first_word in run_slots:
            if (position + first_word) in joined_with_or and slots:
                slots[-1] = _either(slots[-1], slot)
            else:
                slots.append(slot)
        concepts.extend(run_concepts)
        position += len(run)
    slots.extend(Slot(typed=phrase, terms=(phrase,), exact=True) for phrase in exact)

    slots = _correct_spelling(slots, lexicon, vocabulary)
    suggestion = ""
    if any(slot.correction for slot in slots):
        suggestion = text
        for slot in slots:
            if slot.correction:
                suggestion = re.sub(
                    rf"(?<!\w){re.escape(slot.typed)}(?!\w)",
                    slot.correction,
                    suggestion,
                    flags=re.IGNORECASE,
                )
    crisis = any(name in vocabulary.crisis for name in concepts)
    slots = [
        replace(slot, terms=(*slot.terms, *CRISIS_TERMS))
        if slot.concept in vocabulary.crisis
        else slot
        for slot in slots
    ]
    slots = [
        replace(slot, weight=_word_weight(lexicon.get(slot.typed)))
        if not slot.concept and not slot.correction and len(slot.terms) == 1
        else slot
        for slot in slots
    ]
    unique_slots = list({slot.terms: slot for slot in slots}.values())
    highlighted = list(dict.fromkeys(slot.typed for slot in unique_slots))
    for slot in unique_slots:
        highlighted.extend(term for term in slot.terms if term not in highlighted)
    typed = [slot.typed for slot in unique_slots if not slot.exact]
    typed += [slot.correction for slot in unique_slots if slot.correction]
    *slot_queries, typed_query, highlight_query, excluded_query = _tsqueries(
        [
            *((slot.terms, slot.exact) for slot in unique_slots),
            (tuple(typed), False),
            (tuple(highlighted[:MAX_HIGHLIGHTED_TERMS]), False),
            (tuple(excluded), False),
        ]
    )
    return QueryPlan(
        text=text,
        slots=tuple(
            replace(slot, tsquery=query)
            for slot, query in zip(unique_slots, slot_queries, strict=True)
            if query
        ),
        excluded=tuple(excluded),
        excluded_tsquery=excluded_query,
        typed_tsquery=typed_query,
        highlight_tsquery=highlight_query,
        crisis=crisis,
        suggestion=suggestion if fold(suggestion) != fold(text) else "",
        concepts=tuple(dict.fromkeys(concepts)),
    )


def _tsqueries(term_groups: list[tuple[tuple[str, ...], bool]]) -> list[str]:
    """For each group of terms, the ``tsquery`` text matching any term: all of
    its words, anywhere (in order, for an exact phrase), stemmed as English or
    as Spanish ("" when every word is a stop word). Read once per plan, so
    searches use constant queries."""
    if not term_groups:
        return []
    selects, params = [], []
    for terms, exact in term_groups:
        function = "phraseto_tsquery" if exact else "plainto_tsquery"
        parts = ["''::tsquery"]
        for term in terms:
            for config in ("imh_search", "imh_search_es"):
                parts.append(f"{function}('{config}', %s)")
                params.append(term)
        selects.append(f"({' || '.join(parts)})::text")
    with _reading().cursor() as cursor:
        # Only fixed configuration names and placeholders are interpolated.
        cursor.execute(f"SELECT {', '.join(selects)}", params)  # nosec B608
        found = cursor.fetchone()
    return [
        query if exact else simplified(query)
        for query, (_terms, exact) in zip(found, term_groups, strict=True)
    ]


def simplified(tsquery: str) -> str:
    """An OR of AND-ed lexemes (what ``plainto_tsquery`` results OR-ed give),
    without repeats or redundant parts: "'cri' | 'cri' | 'stop' & 'cri'" is
    "'cri'". Matching is unchanged; the query PostgreSQL checks against every
    candidate row is often several times shorter."""
    if not tsquery or any(mark in tsquery for mark in "()!<"):
        return tsquery
    groups = {
        frozenset(part.strip() for part in group.split(" & "))
        for group in tsquery.split(" | ")
    }
    kept = [
        group
        for group in groups
        if not any(other < group for other in groups)  # "a" covers "a & b"
    ]
    return " | ".join(
        " & ".join(sorted(group))
        for group in sorted(kept, key=lambda group: (len(group), sorted(group)))
    )


def _read_run(
    run: list[str], lexicon: dict[str, _Word], vocabulary: _Vocabulary
) -> tuple[list[tuple[Slot, int]], list[str]]:
    """Slots for a run of plain words, each with the index of its first word."""
    # Each typed word may fold to several ("dc:0-5"); abbreviations are
    # recognised on the typed word, concepts on the folded ones.
    folded: list[tuple[int, str]] = []
    slots: list[tuple[Slot, int]] = []
    concepts: list[str] = []
    for index, raw in enumerate(run):
        typed = raw.lower().strip(".,;:!?")
        abbreviation = ABBREVIATIONS.get(typed)
        if abbreviation:
            folded.append((index, ""))  # a break: nothing matches across it
            concept = vocabulary.concept_of_word.get(typed, "")
            widened = vocabulary.terms_of[concept] if concept else ()
            terms = tuple(dict.fromkeys([typed, abbreviation, *widened]))
            slots.append((Slot(typed=raw, terms=terms, concept=concept), index))
            if concept:
                concepts.append(concept)
        else:
            folded.extend((index, word) for word in folded_words(raw))

    words = [lexicon.get(word) if word else None for _, word in folded]
    start = 0
    while start < len(folded):
        index, word = folded[start]
        if not word:
            start += 1
            continue
        match = _longest_term(words, start, vocabulary)
        if match is not None:
            length = len(match.words)
            typed = " ".join(word for _, word in folded[start : start + length])
            terms = tuple(dict.fromkeys([typed, *vocabulary.terms_of[match.concept]]))
            slots.append((Slot(typed=typed, terms=terms, concept=match.concept), index))
            concepts.append(match.concept)
            start += length
            continue
        if not words[start].is_stop:
            slots.append((Slot(typed=word, terms=(word,)), index))
        start += 1
    slots.sort(key=lambda pair: pair[1])
    return slots, concepts


def _longest_term(
    words: list[_Word | None], start: int, vocabulary: _Vocabulary
) -> _Term | None:
    """The longest vocabulary term that the words from ``start`` spell out."""
    first = words[start]
    keys = {first.folded, *(first.stems[lang] for lang in _languages(first))}
    candidates = {
        id(term): term for key in keys for term in vocabulary.by_first_stem.get(key, [])
    }
    ordered = sorted(
        candidates.values(),
        key=lambda term: (-len(term.words), term.concept, term.text),
    )
    for term in ordered:
        end = start + len(term.words)
        if end > len(words) or any(word is None for word in words[start:end]):
            continue
        if all(
            _same_word(word, term_word, term.language)
            for word, term_word in zip(words[start:end], term.words, strict=True)
        ):
            return term
    return None


def _languages(word: _Word) -> frozenset[str]:
    return dictionary.languages_of(word.folded)


def _same_word(word: _Word, term_word: tuple[str, str], language: str) -> bool:
    """The same word, or one with the same stem in the term's language when the
    typed word may be of that language (the English "time" is never the
    Spanish "tímido"). Stop words inside a phrase must be those very words."""
    folded, stem = term_word
    if word.folded == folded:
        return True
    if word.is_stop or language not in _languages(word):
        return False
    return word.stems[language] == stem


def _either(first: Slot, second: Slot) -> Slot:
    return Slot(
        typed=f"{first.typed} or {second.typed}",
        terms=tuple(dict.fromkeys([*first.terms, *second.terms])),
        exact=first.exact and second.exact,
    )


def _correct_spelling(
    slots: list[Slot], lexicon: dict[str, _Word], vocabulary: _Vocabulary
) -> list[Slot]:
    """Also search a word nobody knows as the closest word the library knows."""
    corrected = 0
    result = []
    for slot in slots:
        word = lexicon.get(slot.typed)
        if (
            corrected < MAX_CORRECTED_WORDS
            and word is not None
            and not slot.concept
            and not slot.exact
            and len(slot.terms) == 1
            and len(word.folded) >= MIN_CORRECTED_LENGTH
            and word.folded.isalpha()
            and word.documents is None
            and not dictionary.is_word(word.folded)
        ):
            closest = _closest_known_word(word.folded, vocabulary)
            if closest:
                corrected += 1
                concept = vocabulary.concept_of_word.get(closest, "")
                widened = vocabulary.terms_of[concept] if concept else ()
                slot = replace(
                    slot,
                    terms=tuple(dict.fromkeys([*slot.terms, closest, *widened])),
                    correction=closest,
                    concept=concept,
                )
        result.append(slot)
    return result


def _closest_known_word(word: str, vocabulary: _Vocabulary) -> str:
    """The known word most like ``word``: the library's words and the
    vocabulary's, most similar first, then the most used."""
    library = (
        SearchWord.objects.filter(word__trigram_similar=word)
        .annotate(similarity=TrigramSimilarity("word", word))
        .filter(similarity__gte=CORRECTION_SIMILARITY)
        .order_by("-similarity", "-documents", "word")
        .values_list("word", "similarity")
        .first()
    )
    best = library
    if vocabulary.single_words:
        with _reading().cursor() as cursor:
            cursor.execute(
                """
                SELECT t.word, similarity(t.word, %s) AS s
                  FROM unnest(%s::text[]) AS t(word)
                 WHERE similarity(t.word, %s) >= %s
                 ORDER BY s DESC, t.word LIMIT 1
                """,
                [word, list(vocabulary.single_words), word, CORRECTION_SIMILARITY],
            )
            from_vocabulary = cursor.fetchone()
        if from_vocabulary and (best is None or from_vocabulary[1] > best[1]):
            best = from_vocabulary
    return best[0] if best else ""
