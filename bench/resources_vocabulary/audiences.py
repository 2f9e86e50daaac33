"""The roles resources are for, most common audience first, and how a text
names each."""

# Role slugs (as loaded from roles/starter/roles.toml), most common audience first.
ROLE_ORDER = [
    "parents-caregivers",
    "healthcare-providers",
    "home-visitors",
    "social-workers-therapists",
    "infant-mental-health-specialists",
    "early-childhood-educators",
    "child-care-providers",
    "family-members",
    "policy-makers",
    "nonprofits-advocacy",
    "community-members",
    "community-leaders",
    "employers",
]

# How a resource names each audience in "for …", most common first.
ROLE_PHRASES: dict[str, list[str]] = {
    "parents-caregivers": [
        "parents",
        "caregivers",
        "new parents",
        "mothers",
        "fathers",
        "expectant parents",
        "moms and dads",
    ],
    "family-members": [
        "family members",
        "grandparents",
        "relatives",
        "extended family",
        "kinship caregivers",
    ],
    "community-members": [
        "community members",
        "neighbors and friends",
        "volunteers",
        "faith communities",
    ],
    "early-childhood-educators": [
        "early childhood educators",
        "preschool teachers",
        "educators",
    ],
    "healthcare-providers": [
        "pediatricians",
        "nurses",
        "family doctors",
        "midwives",
        "public health nurses",
        "lactation consultants",
    ],
    "social-workers-therapists": [
        "therapists",
        "social workers",
        "counselors",
        "psychologists",
        "family therapists",
    ],
    "infant-mental-health-specialists": [
        "infant mental health specialists",
        "clinicians",
        "infant-parent therapists",
        "IECMH consultants",
    ],
    "policy-makers": ["policy makers", "state agencies", "legislators", "funders"],
    "child-care-providers": [
        "child care providers",
        "family child care providers",
        "center directors",
        "early learning staff",
    ],
    "home-visitors": [
        "home visitors",
        "family support workers",
        "community health workers",
        "doulas",
    ],
    "nonprofits-advocacy": [
        "advocates",
        "program managers",
        "nonprofit leaders",
        "coalitions",
    ],
    "community-leaders": [
        "community leaders",
        "faith leaders",
        "librarians",
        "local officials",
    ],
    "employers": ["employers", "HR teams", "managers", "workplace leaders"],
}
