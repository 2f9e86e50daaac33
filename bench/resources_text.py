"""Titles, summaries and descriptions that read like the library's own.

Each text is assembled from sentence templates whose ``{slots}`` are drawn from
the skewed vocabulary in ``resources_vocabulary``; the resource's own topics,
audiences and kind steer the draws, so text and facets agree as they do in
curated data. A slot name ending in ``_cap`` is the same draw, capitalised.
"""

import random
import re
from collections.abc import Callable
from dataclasses import dataclass

from bench import resources_vocabulary as vocab
from bench.sampling import Pool

SUMMARY_WORDS = (20, 60)
SUMMARY_MAX_CHARS = 500
DESCRIPTION_WORDS = (60, 180)

TITLES = [
    "{topic_cap}: a guide for {carers}",
    "Understanding {topic} in {stage}",
    "{topic_cap} and your {child}",
    "When your {child} {trouble}",
    "{count} things {carers} should know about {topic}",
    "Supporting {children} through {topic}",
    "{topic_cap} in {stage}: what to expect",
    "{topic_cap} for {audience}",
    "Talking with {carers} about {topic}",
    "Helping {carers} with {topic} and {topic}",
]
TITLES_BY_KIND = {
    "website": ["{publisher}: {topic}", "{topic_cap} resource hub"],
    "tool": ["{topic_cap} checklist for {pros}", "Screening for {topic}: a {format}"],
    "guide": ["{topic_cap}: a {format} for {audience}", "{topic_cap} tip sheet"],
    "book": [
        "The {adjective} {child}: {topic} in {stage}",
        "{topic_cap}: a workbook for {carers}",
    ],
    "video": ["Video: {topic} in {stage}", "Watch: {approach} in action"],
    "podcast": ["{podcast}: {topic}", "Episode {episode}: {topic} with {a_pro}"],
    "course": [
        "Introduction to {approach}",
        "{approach_cap} training for {pros}",
        "Foundations of infant mental health: {topic}",
    ],
    "service": [
        "{place_name} {approach} program",
        "Support group for {carers} facing {topic}",
        "Warmline for {carers}",
    ],
    "app": ["{topic_cap} tracker", "{approach_cap} companion app"],
    "research": [
        "{topic_cap} and {topic} in {stage}: a research brief",
        "Evidence review: {approach} and {topic}",
        "Outcomes of {approach} for {children} and {carers}",
    ],
}

SUMMARY_OPENINGS = [
    "{a_adjective} {format} for {audience} about {topic} in {stage}.",
    "{a_adjective} {format} on {topic} for {audience}.",
    "{a_format_cap} that helps {audience} with {topic} and {topic}.",
]
SUMMARY_SENTENCES = [
    "It explains {topic} and {topic} in plain language, with ideas {carers} can "
    "try at home.",
    "Covers {topic}, {topic} and when to ask {a_pro} for help.",
    "Shows how {carers} can read the cues of {a_child} and respond with warmth.",
    "Written with {pros}, it draws on research about {topic}.",
    "Includes stories from {carers} and {count} short activities.",
    "Offers {approach} for {carers} of {children} {place}.",
    "Explains what {topic} looks like for {a_child} and what helps.",
    "Useful for {pros} who talk with {carers} about {topic}.",
    "A calm, practical look at {topic} during {stage}.",
    "Reminds {carers} that asking for help with {topic} is a sign of strength.",
    "Suggests simple routines that make {topic} easier for the whole family.",
]
DESCRIPTION_SENTENCES = [
    "This {format} walks {carers} through {topic}, from {topic} to {topic}.",
    "Many {carers} worry about {topic} during {stage}; the {format} explains what "
    "is typical and when to look for support.",
    "Each section ends with questions to talk over with {a_pro}.",
    "It is grounded in {approach} and was reviewed by {pros} who work with "
    "{children} and their {carers}.",
    "{pros_cap} can use it during {setting} to open a conversation about {topic}.",
    "The authors describe how {topic} can shape the relationship between {a_child} "
    "and the adults who care for them.",
    "A section on {topic} speaks to {carers} who are also coping with {stressor}.",
    "Links to {approach} services and to crisis lines are listed at the end.",
    "It does not replace advice from {a_pro}; if you are worried about {topic}, "
    "talk to someone you trust.",
    "Research shows that {finding}.",
    "{finding_cap}, so the {format} suggests small, realistic steps.",
    "The tone is warm and non-judgmental, and the examples reflect {carers} from "
    "many backgrounds.",
    "Illustrations show {carers} and {children} in everyday moments: {moment}, "
    "{moment} and {moment}.",
    "It also touches on {topic}, {topic} and the role of {pros}.",
    "Practitioners will find notes on {approach} and on {topic}.",
    "Small changes in how {carers} notice and name feelings help {a_child} feel safe.",
    "Real examples show {pros} and {carers} working together on {topic}.",
]
DESCRIPTION_BY_KIND = {
    "course": [
        "The course counts for {count} training hours toward {credential}.",
        "Sessions combine short talks, video of {children} with their {carers}, "
        "and reflective discussion.",
    ],
    "service": [
        "Families with {children} can refer themselves, or be referred by {a_pro}.",
        "{cost_sentence}",
        "Staff include {pros} trained in {approach}.",
    ],
    "podcast": [
        "In this episode, {a_pro} talks about {topic} and {topic}.",
        "Listeners hear from {carers} about {topic} and what helped them.",
    ],
    "research": [
        "The study followed {big_count} {carers} and their {children} over "
        "{count} years.",
        "Findings suggest that {finding}.",
    ],
    "book": ["Chapters cover {topic}, {topic} and {topic}."],
    "app": [
        "The app sends short, age-matched tips about {topic} and keeps a private "
        "log of feeds, sleep and moods.",
    ],
    "video": ["The video runs about {count} minutes and has captions."],
    "tool": ["It takes about {count} minutes and can be printed or filled in online."],
}
LIST_INTRO = "What you will find:"
LIST_ITEMS = [
    "tips on {topic}",
    "a short video on {topic}",
    "questions to ask {a_pro}",
    "stories from {carers}",
    "a printable {printable}",
    "links to {approach} programs",
    "ideas for {moment}",
    "a note for {pros} on {topic}",
]
COST_SENTENCES = {
    "free": "There is no charge.",
    "paid": "There is a fee, which some employers and insurers cover.",
    "varies": "Fees are on a sliding scale.",
}
MEDICAID_SENTENCE = "Medicaid and most private insurance are accepted."
LANGUAGE_SENTENCES = {
    "es": "It is available in English and Spanish.",
    "fr": "It is available in English and French.",
}
_SLOT = re.compile(r"\{(\w+)\}")


@dataclass(frozen=True)
class Subject:
    """What one resource is: its kind, facets and publisher, chosen beforehand."""

    kind: str
    topics: tuple[str, ...]  # topic slugs, the main one first
    audiences: tuple[str, ...]  # role slugs
    publisher: str
    cost: str
    languages: tuple[str, ...]
    region: str


def _a(phrase: str) -> str:
    return ("an " if phrase[0].lower() in "aeiou" else "a ") + phrase


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


class ResourceWriter:
    """Writes one resource's texts at a time from a seeded random source."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.topic_pools = {
            slug: Pool(phrases) for slug, phrases in vocab.TOPIC_PHRASES.items()
        }
        self.topic_choice = Pool(vocab.TOPIC_ORDER, exponent=0.8)
        self.role_pools = {
            slug: Pool(phrases) for slug, phrases in vocab.ROLE_PHRASES.items()
        }
        self.pools: dict[str, Pool] = {
            "child": Pool(vocab.CHILD, exponent=1.1),
            "children": Pool(vocab.CHILDREN),
            "carers": Pool(vocab.CARERS, exponent=1.2),
            "pro": Pool(vocab.PROS, exponent=0.8),
            "stage": Pool(vocab.STAGES),
            "approach": Pool(vocab.APPROACHES, exponent=0.9),
            "adjective": Pool(vocab.ADJECTIVES, exponent=0.7),
            "finding": Pool(vocab.FINDINGS, exponent=0.7),
            "moment": Pool(vocab.MOMENTS, exponent=0.6),
            "stressor": Pool(vocab.STRESSORS),
            "setting": Pool(vocab.SETTINGS),
            "place": Pool(vocab.PLACES),
            "trouble": Pool(vocab.TROUBLES),
            "printable": Pool(vocab.PRINTABLES),
            "credential": Pool(vocab.CREDENTIALS),
            "podcast": Pool(vocab.PODCASTS),
        }
        self.formats = {kind: Pool(names) for kind, names in vocab.FORMATS.items()}
        self.places = dict(vocab.REGIONS)
        self.slots: dict[str, Callable[[Subject], str]] = {
            "topic": self._topic,
            "audience": self._audience,
            "format": lambda s: self.formats[s.kind].pick(rng),
            "a_format": lambda s: _a(self.formats[s.kind].pick(rng)),
            "pro": lambda s: self.pools["pro"].pick(rng)[0],
            "pros": lambda s: self.pools["pro"].pick(rng)[1],
            "a_pro": lambda s: _a(self.pools["pro"].pick(rng)[0]),
            "a_child": lambda s: _a(self.pools["child"].pick(rng)),
            "a_adjective": lambda s: _a(self.pools["adjective"].pick(rng)),
            "publisher": lambda s: s.publisher or "Resource library",
            "place_name": lambda s: self.places.get(s.region, "Online"),
            "count": lambda s: str(rng.randint(3, 12)),
            "big_count": lambda s: f"{rng.randint(2, 40) * 50:,}",
            "episode": lambda s: str(rng.randint(1, 180)),
            "cost_sentence": self._cost_sentence,
        }

    def title(self, subject: Subject) -> str:
        templates = TITLES + TITLES_BY_KIND.get(subject.kind, []) * 3
        return _capitalised(self.fill(self.rng.choice(templates), subject))

    def summary(self, subject: Subject) -> str:
        """One or two plain sentences, as curators write them (20–60 words)."""
        low, high = SUMMARY_WORDS
        target = self.rng.randint(low, high)
        sentences = [self.fill(self.rng.choice(SUMMARY_OPENINGS), subject)]
        extra = self.rng.sample(SUMMARY_SENTENCES, len(SUMMARY_SENTENCES))
        while extra and _words(sentences) < target:
            candidate = self.fill(extra.pop(), subject)
            text = " ".join([*sentences, candidate])
            fits = len(text.split()) <= high and len(text) <= SUMMARY_MAX_CHARS
            if fits or _words(sentences) < low:
                sentences.append(candidate)
        return " ".join(_capitalised(sentence) for sentence in sentences)

    def description(self, subject: Subject) -> str:
        """A few Markdown paragraphs, sometimes with a list (60–180 words)."""
        low, high = DESCRIPTION_WORDS
        target = self.rng.randint(low, high)
        pending = self.rng.sample(DESCRIPTION_SENTENCES, len(DESCRIPTION_SENTENCES))
        # Sentences only this kind has come early (pop takes from the end).
        for template in DESCRIPTION_BY_KIND.get(subject.kind, []):
            pending.insert(len(pending) - self.rng.randint(0, 5), template)
        with_list = self.rng.random() < 0.3
        paragraphs: list[str] = []
        current: list[str] = []
        size = self.rng.randint(2, 4)
        words = 0
        while pending and words < target:
            sentence = _capitalised(self.fill(pending.pop(), subject))
            length = len(sentence.split())
            if words + length > high and words >= low:
                break
            current.append(sentence)
            words += length
            if len(current) == size:
                paragraphs.append(" ".join(current))
                current, size = [], self.rng.randint(2, 4)
                if with_list and len(paragraphs) == 1:
                    items = self.rng.sample(LIST_ITEMS, self.rng.randint(3, 4))
                    lines = [f"- {self.fill(item, subject)}" for item in items]
                    paragraphs.append("\n".join([LIST_INTRO, "", *lines]))
                    words += _words(lines) + 4
        if current:
            paragraphs.append(" ".join(current))
        paragraphs.extend(
            sentence
            for code, sentence in LANGUAGE_SENTENCES.items()
            if code in subject.languages
        )
        return "\n\n".join(paragraphs)

    def fill(self, template: str, subject: Subject) -> str:
        used: dict[str, set[str]] = {}

        def draw(match: re.Match) -> str:
            # A slot used twice in one sentence gets two different words
            # when it can ("bath time and bedtime", not "bath time and bath time").
            seen = used.setdefault(match[1], set())
            for _attempt in range(5):
                value = self._slot(match[1], subject)
                if value not in seen:
                    break
            seen.add(value)
            return value

        return _SLOT.sub(draw, template)

    def _slot(self, name: str, subject: Subject) -> str:
        if name.endswith("_cap"):
            return _capitalised(self._slot(name[:-4], subject))
        if name in self.slots:
            return self.slots[name](subject)
        return self.pools[name].pick(self.rng)

    def _topic(self, subject: Subject) -> str:
        # Mostly the resource's own topics, the main one first; now and then any.
        roll = self.rng.random()
        if roll < 0.55:
            slug = subject.topics[0]
        elif roll < 0.8:
            slug = self.rng.choice(subject.topics)
        else:
            slug = self.topic_choice.pick(self.rng)
        return self.topic_pools[slug].pick(self.rng)

    def _audience(self, subject: Subject) -> str:
        slug = self.rng.choice(subject.audiences)
        return self.role_pools[slug].pick(self.rng)

    def _cost_sentence(self, subject: Subject) -> str:
        if subject.cost != "free" and self.rng.random() < 0.15:
            return MEDICAID_SENTENCE
        return COST_SENTENCES[subject.cost]


def _words(sentences: list[str]) -> int:
    return sum(len(sentence.split()) for sentence in sentences)
