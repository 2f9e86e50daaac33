"""What the search properties share: hypothesis settings and the text that
stresses the web-search parser, the escaping and the normaliser."""

from hypothesis import HealthCheck, example, settings
from hypothesis import strategies as st

from imh_portal import query_plan

PURE = settings(max_examples=300, derandomize=True, database=None)
WITH_DATABASE = settings(
    max_examples=60,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)

# Pieces that stress the web-search parser, the escaping and the normaliser.
TRICKY_PIECES = [
    '"',
    '""',
    "-",
    " -",
    "or",
    "OR",
    " or ",
    " ",
    "  ",
    "\t",
    "\n",
    "\r\n",
    "\u00a0",
    "\u200b",
    "\u3000",
    "\x00",
    "\x02",
    "\x03",
    "\x07",
    "\x1b[31m",
    "(",
    ")",
    "&",
    "|",
    "!",
    ":",
    ":*",
    "*",
    "<",
    ">",
    "<->",
    "<2>",
    "'",
    "\\",
    ";",
    "--",
    "%",
    "_",
    "...",
    "\ufffd",
    "👶🏽",
    "👨‍👩‍👧",
    "é",
    "ß",
    "ﬁ",
    "İ",
    "'); DROP TABLE resources_resource; --",
    "' OR 1=1 --",
    "<script>alert(1)</script>",
    "<mark>",
    "&lt;",
    "baby",
    "Sleep",
    "attachment",
    "the",
    "a",
    "ppd",
    "PPD",
    "imh-e",
    "IMH-E",
    "dc:0-5",
    "cos-p",
    "-pcit",
    "ace",
    "98101",
]

tricky_text = st.lists(st.sampled_from(TRICKY_PIECES), max_size=30).map("".join)


def _repeat_to(length: int):
    return lambda piece: (piece * (length // len(piece) + 1))[:length]


# Ten thousand characters, far past what the search forms accept.
long_text = st.one_of(
    st.text(min_size=1, max_size=12),
    st.lists(st.sampled_from(TRICKY_PIECES), min_size=1, max_size=6).map("".join),
).map(_repeat_to(10_000))

any_text = st.one_of(st.text(max_size=300), tricky_text, long_text)

EDGE_CASES = [
    "",
    "-",
    "or",
    '"',
    '"""',
    "!!! ??? ...",
    "\x00",
    "baby\x00sleep",
    "'; DROP TABLE resources_resource; --",
    "<script>alert(1)</script>",
    "👶🏽",
    "x" * 10_000,
    "ppd " * 2_500,
    '"the the the"',
    "-ppd -",
    "dc:0-5",
]


def with_edge_cases(test):
    for text in EDGE_CASES:
        test = example(text)(test)
    return test


ABBREVIATIONS = sorted(query_plan.ABBREVIATIONS)

abbreviation_in_any_case = st.sampled_from(ABBREVIATIONS).flatmap(
    lambda word: st.tuples(
        *(st.sampled_from([ch.lower(), ch.upper()]) for ch in word)
    ).map("".join)
)
