"""What visitors ask the resource library: the page and the API, with facets or not.

Text queries follow a Zipf-like mix over what families and professionals type:
a few common words most of the time, then phrases, web-search syntax,
abbreviations the portal expands, and misspellings it has to correct. Facet
values are drawn from the data set itself, weighted by how many resources carry
them, so popular filters are chosen most often.
"""

import argparse
import random
from collections.abc import Callable
from urllib.parse import urlencode

from django.urls import reverse

from bench.driver import Group, Scenario, statement_classifier
from bench.resources_data import DataReport, ensure_resources
from bench.sampling import Pool, weighted_pools
from imh_portal.starter_content import load_concepts

# Most asked first; Pool gives rank r the weight 1/r.
QUERIES = [
    "baby",
    "sleep",
    "attachment",
    "postpartum depression",
    "crying",
    "toddler tantrums",
    "feeding",
    "bonding",
    "home visiting",
    "milestones",
    "soothing",
    "early intervention",
    "father",
    "PPD",
    "trauma",
    "reflective supervision",
    "child care",
    "resilience",
    '"secure attachment"',
    "sleep or crying",
    "breastfeeding support",
    "perinatal anxiety",
    "dyadic therapy",
    "endorsement",
    "atachment",
    "child-parent psychotherapy",
    "PCIT",
    "caregiver stress",
    "attachment -book",
    "consultation",
    "safe sleep newborn",
    "IECMH",
    "grandparent",
    "Medicaid",
    '"reflective supervision" -podcast',
    "postpartm depresion",
    "NICU",
    "tummy time",
    "ACEs",
    "infant mental health endorsement",
]
QUERY_MIX = Pool(QUERIES)
# Whole sentences as worried parents type them, in English and Spanish: many
# words, stop words, lay words the vocabulary maps, some misspelt, often no
# resource with every word (so the search relaxes).
SENTENCES = [
    "my baby cries all the time",
    "baby wont sleep through the night",
    "how to bond with my newborn",
    "is it normal my 2 year old doesnt talk",
    "toddler hitting and biting at daycare",
    "i feel sad and angry since my baby was born",
    "where can i find help for my babys behavior",
    "colicky baby what can i do",
    "mi bebé llora mucho",
    "mi hijo no habla todavia",
    "depresion despues del parto",
    "bebe no duerme en la noche",
    "berrinches de mi niño de 3 años",
    "terapia para mamá y bebé",
]
SENTENCE_MIX = Pool(SENTENCES)
# How often each facet is among the two a visitor ticks.
FACET_MIX = Pool(
    ["topic", "audience", "age", "kind", "cost", "language", "region"],
    weights=[30, 20, 18, 14, 8, 5, 5],
)
# Statements worth explaining, told apart by patterns in their SQL (lower
# case), all of which must match; the first entry that fits wins, so the more
# specific come first.
STATEMENT_PATTERNS = [
    ("word lookup", [r'from "imh_portal_searchword"']),
    ("fuzzy counts", [r"word_similarity", r"count\("]),
    ("sampled counts", [r"filter \(where", r"search_sample"]),
    ("facet counts", [r"filter \(where", r"count\("]),
    ("capped count", [r"^select count\(\*\)", r"limit \d+"]),
    ("sampled count", [r"^select count\(\*\)", r"search_sample"]),
    ("count", [r"^select count\(\*\)"]),
    ("region choices", [r'^select distinct "resources_resource"\."region"']),
    # The shown rows, fetched by their ids once the page query picked them.
    ("page rows", [r"ts_headline"]),
    ("page rows", [r'"resources_resource"\."id" in \(\d']),
    ("fuzzy page", [r"word_similarity", r"limit \d+"]),
    ("ranked page", [r"ts_rank", r"limit \d+"]),
    ("page", [r"limit \d+"]),
]
# Statements on these tables are the ones worth explaining.
EXPLAINED_TABLES = ('from "resources_resource"', 'from "imh_portal_searchword"')


def prepare(options: argparse.Namespace) -> DataReport:
    """The data set of ``--resources`` rows, built unless a finished one exists,
    with the search vocabulary a new portal starts with."""
    load_concepts()
    return ensure_resources(
        options.resources, seed=options.seed, rebuild=options.rebuild
    )


def scenarios(options: argparse.Namespace) -> list[Scenario]:
    """The measured mixes; each draws from its own seeded stream."""
    count = options.requests
    facets = facet_values()
    page, api = reverse("resources:list"), reverse("api:resource-list")

    def draw(name: str, make: Callable[[random.Random], str]) -> list[str]:
        rng = random.Random(f"{options.seed}:{name}")
        return [make(rng) for _ in range(count)]

    def text(rng: random.Random) -> list[tuple[str, str]]:
        return [("q", QUERY_MIX.pick(rng))]

    def two_facets(rng: random.Random) -> list[tuple[str, str]]:
        return [(name, facets[name].pick(rng)) for name in FACET_MIX.sample(rng, 2)]

    def sentence(rng: random.Random) -> list[tuple[str, str]]:
        return [("q", SENTENCE_MIX.pick(rng))]

    baby = [f"{page}?{urlencode({'q': 'baby'})}"] * count
    return [
        Scenario(
            "page: text query",
            draw("page-text", lambda rng: f"{page}?{urlencode(text(rng))}"),
        ),
        Scenario(
            "page: two facets",
            draw("page-facets", lambda rng: f"{page}?{urlencode(two_facets(rng))}"),
        ),
        Scenario(
            "page: text + two facets",
            draw(
                "page-text-facets",
                lambda rng: f"{page}?{urlencode(text(rng) + two_facets(rng))}",
            ),
        ),
        Scenario(
            "api: text query",
            draw("api-text", lambda rng: f"{api}?{urlencode(text(rng))}"),
        ),
        Scenario(
            "page: families' sentences",
            draw("page-sentences", lambda rng: f"{page}?{urlencode(sentence(rng))}"),
            note="English and Spanish, as parents type them",
        ),
        Scenario(
            "api: families' sentences",
            draw("api-sentences", lambda rng: f"{api}?{urlencode(sentence(rng))}"),
        ),
        Scenario(
            'page: "baby" only',
            baby,
            note="the commonest word; its share of rows is under 'matching' above",
        ),
    ]


def explained(options: argparse.Namespace) -> list[tuple[str, str]]:
    """One request per kind of search whose statements are explained."""
    page, api = reverse("resources:list"), reverse("api:resource-list")
    return [
        ("page q=baby", f"{page}?q=baby"),
        ("page q=attachment", f"{page}?q=attachment"),
        ("page q=Medicaid", f"{page}?q=Medicaid"),
        ("page q=atachment (typo)", f"{page}?q=atachment"),
        (
            "page q=my baby cries all the time",
            f"{page}?{urlencode({'q': 'my baby cries all the time'})}",
        ),
        (
            "page q=mi bebé llora mucho",
            f"{page}?{urlencode({'q': 'mi bebé llora mucho'})}",
        ),
        ("page topic+age", f"{page}?topic=sleep&age=0-12m"),
        ("page q=baby+topic+age", f"{page}?q=baby&topic=sleep&age=0-12m"),
        ("api q=baby", f"{api}?q=baby"),
    ]


def facet_values() -> dict[str, Pool[str]]:
    """Every facet's values among published resources, weighted by frequency."""
    published = "FROM resources_resource r WHERE r.status = 'published'"
    queries = {
        "kind": f"SELECT r.kind, count(*) {published} GROUP BY 1",
        "cost": f"SELECT r.cost, count(*) {published} GROUP BY 1",
        "region": f"SELECT r.region, count(*) {published} AND r.region <> ''"
        " GROUP BY 1",
        "age": f"SELECT unnest(r.age_bands), count(*) {published} GROUP BY 1",
        "language": f"SELECT unnest(r.languages), count(*) {published} GROUP BY 1",
        "topic": "SELECT t.slug, count(*) FROM resources_resource r"
        " JOIN resources_topic t ON t.id = ANY(r.topic_ids)"
        " WHERE r.status = 'published' GROUP BY 1",
        "audience": "SELECT o.slug, count(*) FROM resources_resource r"
        " JOIN roles_role o ON o.id = ANY(r.audience_ids)"
        " WHERE r.status = 'published' GROUP BY 1",
    }
    return weighted_pools(queries)


GROUP = Group(
    name="resources",
    prepare=prepare,
    scenarios=scenarios,
    explained=explained,
    classify=statement_classifier(STATEMENT_PATTERNS, EXPLAINED_TABLES),
)
