"""The field's vocabulary for generated resources, most common first.

Lists are ordered by how often the word should appear: ``Pool`` turns the order
into Zipf-like weights, so "baby" is everywhere and "Medicaid" is rare, as in the
library. The wording follows the infant mental health field notes: the people
around a baby, what worries them, and the programmes and credentials of the
workforce.

One module per kind of word; every list is importable from here too.
"""

from bench.resources_vocabulary.audiences import ROLE_ORDER, ROLE_PHRASES
from bench.resources_vocabulary.publishing import PUBLISHERS, REGIONS
from bench.resources_vocabulary.topics import TOPIC_ORDER, TOPIC_PHRASES
from bench.resources_vocabulary.wording import (
    ADJECTIVES,
    APPROACHES,
    CARERS,
    CHILD,
    CHILDREN,
    CREDENTIALS,
    FINDINGS,
    FORMATS,
    MOMENTS,
    PLACES,
    PODCASTS,
    PRINTABLES,
    PROS,
    SETTINGS,
    STAGES,
    STRESSORS,
    TROUBLES,
)

__all__ = [
    "ADJECTIVES",
    "APPROACHES",
    "CARERS",
    "CHILD",
    "CHILDREN",
    "CREDENTIALS",
    "FINDINGS",
    "FORMATS",
    "MOMENTS",
    "PLACES",
    "PODCASTS",
    "PRINTABLES",
    "PROS",
    "PUBLISHERS",
    "REGIONS",
    "ROLE_ORDER",
    "ROLE_PHRASES",
    "SETTINGS",
    "STAGES",
    "STRESSORS",
    "TOPIC_ORDER",
    "TOPIC_PHRASES",
    "TROUBLES",
]
