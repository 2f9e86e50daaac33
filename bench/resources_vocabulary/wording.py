"""The words generated titles and summaries are made of: the child, the
adults around it, the professionals, and what they do and worry about."""

# The child a resource is about, singular and plural; "baby" dominates.
CHILD = [
    "baby",
    "infant",
    "toddler",
    "newborn",
    "little one",
    "young child",
    "child",
    "preschooler",
    "premature baby",
]
CHILDREN = [
    "young children",
    "babies",
    "infants",
    "toddlers",
    "little ones",
    "newborns",
    "children under three",
    "preschoolers",
]

# The adults at home, as a text names them.
CARERS = [
    "parents",
    "families",
    "caregivers",
    "mothers",
    "new parents",
    "fathers",
    "moms",
    "dads",
    "foster parents",
    "expectant parents",
    "adoptive parents",
    "teen parents",
    "co-parents",
    "military families",
    "immigrant families",
    "kinship caregivers",
]

# Professionals, singular and plural.
PROS = [
    ("pediatrician", "pediatricians"),
    ("home visitor", "home visitors"),
    ("nurse", "nurses"),
    ("therapist", "therapists"),
    ("social worker", "social workers"),
    ("infant mental health specialist", "infant mental health specialists"),
    ("child care provider", "child care providers"),
    ("early intervention provider", "early intervention providers"),
    ("family doctor", "family doctors"),
    ("doula", "doulas"),
    ("midwife", "midwives"),
    ("psychologist", "psychologists"),
    ("lactation consultant", "lactation consultants"),
    ("reflective supervisor", "reflective supervisors"),
    ("community health worker", "community health workers"),
    ("peer supporter", "peer supporters"),
]

STAGES = [
    "the first year",
    "the first three years",
    "pregnancy",
    "the newborn weeks",
    "the toddler years",
    "the first 1,000 days",
    "the fourth trimester",
    "the first months at home",
    "the preschool years",
    "the early years",
]

APPROACHES = [
    "home visiting",
    "early intervention",
    "child-parent psychotherapy",
    "the Circle of Security Parenting program",
    "reflective supervision",
    "parent-child interaction therapy",
    "infant mental health consultation",
    "peer support",
    "developmental screening",
    "attachment and biobehavioral catch-up",
    "the Nurse-Family Partnership model",
    "HealthySteps",
    "Help Me Grow",
    "Parents as Teachers",
    "Healthy Families America",
    "video interaction guidance",
    "infant massage",
    "Newborn Behavioral Observations",
    "facilitating attuned interactions (FAN)",
]

ADJECTIVES = [
    "practical",
    "short",
    "free",
    "gentle",
    "plain-language",
    "evidence-based",
    "illustrated",
    "friendly",
    "step-by-step",
    "trauma-informed",
    "reassuring",
    "strengths-based",
    "culturally responsive",
    "bilingual",
    "clear",
]

# What each kind of resource calls itself, most common first.
FORMATS: dict[str, list[str]] = {
    "website": ["website", "resource hub", "information site", "web portal"],
    "tool": ["checklist", "screening tool", "online tool", "planner", "self-check"],
    "guide": ["guide", "fact sheet", "tip sheet", "toolkit", "booklet", "handout"],
    "book": ["book", "workbook", "handbook", "picture book"],
    "video": ["video", "video series", "short film", "webinar recording"],
    "podcast": ["podcast episode", "podcast", "audio series"],
    "course": ["online course", "course", "training", "workshop series", "webinar"],
    "service": ["program", "service", "support group", "warmline", "clinic"],
    "app": ["app", "mobile app", "text-message program"],
    "research": [
        "research brief",
        "study",
        "evidence review",
        "report",
        "policy brief",
    ],
}

FINDINGS = [
    "crying usually peaks around six to eight weeks of age",
    "about one in seven mothers has postpartum depression",
    "early relationships shape the developing brain",
    "a caring adult can buffer the effects of toxic stress",
    "fathers can also have depression after a birth",
    "home visiting improves outcomes for families",
    "most toddlers have tantrums, and they ease as language grows",
    "play is how young children make sense of their world",
    "safe sleep practices lower the risk of sudden infant death",
    "early intervention works best when the family takes part",
    "responsive care in the first year supports secure attachment",
    "reflective supervision helps home visitors stay well and stay in their jobs",
    "mental health consultation reduces preschool expulsions",
    "paid family leave is linked to better maternal mental health",
    "babies learn to calm down through many small moments of being soothed",
]

MOMENTS = [
    "bath time",
    "bedtime",
    "feeding",
    "diaper changes",
    "reading together",
    "a walk outside",
    "getting dressed",
    "drop-off at child care",
    "a trip to the grocery store",
]

STRESSORS = [
    "money worries",
    "a difficult birth",
    "a NICU stay",
    "returning to work",
    "isolation",
    "a move to a new city",
    "separation or divorce",
    "the loss of a pregnancy",
    "a new diagnosis",
    "a partner's deployment",
    "substance use",
]

SETTINGS = [
    "home visits",
    "well-child visits",
    "parent groups",
    "prenatal appointments",
    "child care drop-off",
    "intake",
    "supervision",
    "team meetings",
]

PLACES = [
    "at home",
    "by phone and video",
    "in their community",
    "in child care settings",
    "in the clinic",
    "across the state",
    "in several languages",
]

TROUBLES = [
    "won't stop crying",
    "won't sleep",
    "refuses to eat",
    "has big feelings",
    "is slow to talk",
    "clings at drop-off",
    "bites or hits",
    "seems withdrawn",
]

PRINTABLES = ["checklist", "daily routine chart", "feelings chart", "sleep log"]

CREDENTIALS = [
    "Infant Mental Health Endorsement (IMH-E)",
    "continuing education credits",
    "Early Childhood Mental Health Endorsement (ECMH-E)",
    "the PMH-C certification",
]

PODCASTS = [
    "Little Kids, Big Questions",
    "Mom & Mind",
    "The Infant Mind",
    "Growing Up Together",
    "Parenting Matters",
    "Baby Steps",
]
