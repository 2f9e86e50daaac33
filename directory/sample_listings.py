"""What the sample directory is made of: where the made-up practices are, which
ages each service and model fits, and the kinds of practice and practitioner
that combine them sensibly. ``load_demo_listings`` draws listings from here."""

from dataclasses import dataclass, field

PRENATAL, M0_12, M12_24, M24_36, Y3_5 = "prenatal", "0-12m", "12-24m", "24-36m", "3-5y"
BIRTH_TO_FIVE = (M0_12, M12_24, M24_36, Y3_5)
BIRTH_TO_THREE = (M0_12, M12_24, M24_36)
ALL_AGES = (PRENATAL, *BIRTH_TO_FIVE)

# The age bands each model fits, from its developers' own descriptions: a
# listing offering a model serves only ages the model is meant for.
MODEL_AGES = {
    "cpp": BIRTH_TO_FIVE,
    "p-cpp": (PRENATAL, M0_12),
    "pcit": (M24_36, Y3_5),  # about two to seven
    "abc": BIRTH_TO_THREE,  # ABC-Infant from 6 months, ABC-Toddler to 4 years
    "circle-of-security-parenting": BIRTH_TO_FIVE,
    "circle-of-security-intensive": BIRTH_TO_FIVE,
    "fan": (PRENATAL, *BIRTH_TO_THREE),
    "minding-the-baby": (PRENATAL, M0_12, M12_24),
    "video-interaction-guidance": BIRTH_TO_FIVE,
    "promoting-first-relationships": BIRTH_TO_THREE,
    "healthysteps": BIRTH_TO_THREE,
    "nurse-family-partnership": (PRENATAL, M0_12, M12_24),  # until the child is two
    "healthy-families-america": (PRENATAL, *BIRTH_TO_THREE),
    "parents-as-teachers": ALL_AGES,  # pregnancy to kindergarten
    "child-first": ALL_AGES,
    "dc-0-5": BIRTH_TO_FIVE,
}
# The same for service types; those for the adults around a child fit any age.
SERVICE_AGES = {
    "iecmh-consultation": BIRTH_TO_FIVE,  # child care and preschool
    "home-visiting": ALL_AGES,
    "dyadic-therapy": BIRTH_TO_FIVE,
    "infant-parent-psychotherapy": (PRENATAL, *BIRTH_TO_THREE),
    "perinatal-mental-health": (PRENATAL, M0_12),
    "screening-assessment": BIRTH_TO_FIVE,
    "reflective-supervision": ALL_AGES,
    "parenting-groups": ALL_AGES,
    "early-intervention": BIRTH_TO_THREE,  # Part C ends at the third birthday
    "care-coordination": ALL_AGES,
}


@dataclass(frozen=True)
class Metro:
    """A metro area: its real ZIP codes, how many samples, its area code and the
    languages other than English and Spanish families there often speak."""

    state: str
    area_code: str
    zip_codes: tuple[str, ...]
    count: int
    spanish_share: float
    languages: tuple[str, ...]


METROS = {
    "Seattle": Metro("WA", "206", (
        "98101", "98102", "98103", "98105", "98107", "98108", "98112", "98115",
        "98118", "98122", "98125", "98144", "98004", "98052",
    ), 14, 0.45, ("vi", "so", "zh", "tl", "ko")),
    "Tacoma": Metro("WA", "253", (
        "98402", "98403", "98405", "98406", "98408", "98418",
    ), 7, 0.45, ("ko", "vi", "ru", "tl")),
    "Spokane": Metro("WA", "509", (
        "99201", "99202", "99203", "99205", "99207",
    ), 6, 0.35, ("ru",)),
    "Portland": Metro("OR", "503", (
        "97205", "97209", "97212", "97214", "97217", "97202", "97220",
    ), 9, 0.5, ("vi", "ru", "zh")),
    "San Francisco Bay Area": Metro("CA", "415", (
        "94103", "94110", "94112", "94122", "94607", "94610", "94612",
    ), 10, 0.65, ("zh", "tl", "vi", "ar")),
    "Los Angeles": Metro("CA", "213", (
        "90012", "90026", "90033", "90019", "90004", "90044",
    ), 10, 0.8, ("ko", "fa", "tl", "zh")),
    "San Diego": Metro("CA", "619", (
        "92101", "92104", "92105", "92113", "92116",
    ), 7, 0.75, ("ar", "tl", "vi")),
    "Denver": Metro("CO", "303", (
        "80202", "80205", "80204", "80211", "80219", "80220",
    ), 8, 0.6, ("so", "vi")),
    "Phoenix": Metro("AZ", "602", (
        "85003", "85006", "85008", "85013", "85015", "85041",
    ), 8, 0.75, ("ar",)),
    "Chicago": Metro("IL", "312", (
        "60601", "60608", "60612", "60614", "60618", "60623", "60637", "60640",
    ), 10, 0.6, ("ar", "zh", "hi", "pa")),
    "Detroit and Ann Arbor": Metro("MI", "313", (
        "48201", "48202", "48226", "48104", "48103", "48197",
    ), 9, 0.35, ("ar",)),
    "Minneapolis and Saint Paul": Metro("MN", "612", (
        "55401", "55404", "55406", "55407", "55411", "55104",
    ), 8, 0.45, ("so",)),
    "Atlanta": Metro("GA", "404", (
        "30303", "30308", "30310", "30312", "30318", "30030",
    ), 8, 0.45, ("vi", "ko")),
    "Houston": Metro("TX", "713", (
        "77002", "77004", "77006", "77009", "77021", "77036",
    ), 9, 0.8, ("vi", "zh", "ar", "hi")),
    "San Antonio": Metro("TX", "210", (
        "78205", "78201", "78207", "78210", "78212",
    ), 7, 0.9, ()),
    "New York City": Metro("NY", "718", (
        "11201", "11206", "11211", "11215", "11221", "10027", "10029", "10453",
    ), 11, 0.65, ("zh", "ht", "ru", "ar")),
    "Boston": Metro("MA", "617", (
        "02108", "02115", "02119", "02121", "02130", "02139",
    ), 8, 0.55, ("ht", "pt", "zh", "vi")),
    "Philadelphia": Metro("PA", "215", (
        "19104", "19107", "19121", "19124", "19133", "19143",
    ), 8, 0.5, ("zh", "vi", "ar")),
}  # fmt: skip

# Area codes of the cities in a metro that do not share its main one.
CITY_AREA_CODES = {
    "Bellevue": "425", "Redmond": "425", "Oakland": "510", "Ann Arbor": "734",
    "Ypsilanti": "734", "Saint Paul": "651", "New York": "212",
}  # fmt: skip

# Practices seen only by video, with no office: their profile and their state's
# area code. Their telehealth region is the state.
TELEHEALTH_ONLY = [
    ("WA", "360", "perinatal"), ("WA", "509", "reflective_supervision"),
    ("OR", "541", "perinatal"), ("CA", "530", "cos_group"),
    ("CO", "970", "dyadic_clinician"), ("MI", "906", "reflective_supervision"),
    ("TX", "432", "perinatal"), ("NY", "315", "cos_group"),
    ("MN", "218", "perinatal"),
]  # fmt: skip


@dataclass(frozen=True)
class Role:
    """How a practitioner signs (licences spelled the state's way, see
    ``LICENCES``) and the endorsements that fit that training."""

    degrees: tuple[str, ...]
    endorsements: tuple[str, ...]


ROLES = {
    # Licensed clinicians: the clinical IMH-E and ECMH-E endorsements.
    "clinician": Role(
        ("{social_worker}", "LMFT", "{counselor}", "PsyD", "PhD"),
        ("imhs", "imhs", "imhm_c", "ecmhs", "ecmhm_c"),
    ),
    # Perinatal therapists: clinicians and psychiatric nurse practitioners.
    "perinatal": Role(
        ("{social_worker}", "LMFT", "{counselor}", "PsyD", "PMHNP-BC"),
        ("imhs", "ifs"),
    ),
    # Home visitors and early interventionists: the family-level endorsements.
    "home_visitor": Role(
        ("BSN, RN", "BA", "MEd", "MSW", "MA"),
        ("ifs", "ifs", "ifa", "ecfs"),
    ),
    # Consultants to child care and other programs.
    "consultant": Role(
        ("{social_worker}", "{counselor}", "MEd, {counselor}", "PhD"),
        ("ecmhs", "ecmhm_c", "imhm_p", "ecmhm_p"),
    ),
    # Mentors who offer reflective supervision to other professionals.
    "mentor": Role(
        ("{social_worker}", "LMFT", "PhD", "PsyD"),
        ("imhm_c", "imhm_c", "ecmhm_c", "imhm_rf"),
    ),
}
# Each state's name for the social work and counselling licences.
LICENCES = {
    "WA": ("LICSW", "LMHC"), "MA": ("LICSW", "LMHC"), "MN": ("LICSW", "LPCC"),
    "NY": ("LCSW", "LMHC"), "CA": ("LCSW", "LPCC"),
}  # fmt: skip
DEFAULT_LICENCES = ("LCSW", "LPC")
# Who grants each credential: the state's infant mental health association
# where its endorsement is well known, else the Alliance that licenses IMH-E.
ASSOCIATIONS = {
    "WA": "WA-AIMH", "OR": "ORIMHA", "CO": "CoAIMH", "AZ": "ITMHCA",
    "IL": "ILAIMH", "MI": "MI-AIMH", "MN": "MNAIMH", "TX": "First3Years",
    "NY": "NYS-AIMH", "MA": "MassAIMH",
}  # fmt: skip
ALLIANCE = "Alliance for the Advancement of Infant Mental Health"
IMH_E = {"ifa", "ifs", "imhs", "imhm_c", "imhm_p", "imhm_rf", "reflective_supervisor"}
ECMH_E = {"ecfa", "ecfs", "ecmhs", "ecmhm_c", "ecmhm_p", "ecmhm_rf"}
MENTORS = {"imhm_c", "imhm_p", "imhm_rf", "ecmhm_c", "ecmhm_p", "ecmhm_rf", "imhs"}
# Certifications that go with a model the practitioner offers.
MODEL_CERTIFICATIONS = {
    "cpp": ("cpp", "UCSF Child Trauma Research Program", ""),
    "p-cpp": ("cpp", "UCSF Child Trauma Research Program", "Perinatal CPP"),
    "pcit": ("pcit", "PCIT International", ""),
    "circle-of-security-parenting": ("cos_p", "Circle of Security International", ""),
    "dc-0-5": ("other", "ZERO TO THREE", "DC:0-5 clinical training"),
}
# A program's standing with its home visiting model's national office.
PROGRAM_CERTIFICATIONS = {
    "nurse-family-partnership": (
        "Nurse-Family Partnership",
        "Nurse-Family Partnership implementing agency",
    ),
    "healthy-families-america": ("Healthy Families America", "Accredited HFA site"),
    "parents-as-teachers": (
        "Parents as Teachers National Center",
        "Blue Ribbon Affiliate",
    ),
}


@dataclass(frozen=True)
class Profile:
    """A kind of practice: its services and models (one of ``models`` always,
    any of ``extra_models`` sometimes), who works there and how it is paid."""

    kinds: tuple[str, ...]
    services: tuple[str, ...]
    extra_services: tuple[str, ...]
    models: tuple[str, ...]
    extra_models: tuple[str, ...]
    role: str
    delivery: tuple[tuple[str, ...], ...]
    payment: tuple[tuple[str, ...], ...]
    program_names: tuple[str, ...]
    about: str
    weight: int
    credential_kinds: tuple[str, ...] = field(default=())


INSURANCE = ("private_insurance", "self_pay")
PUBLIC = ("medicaid", "sliding_scale")
MIXED = ("medicaid", "private_insurance", "sliding_scale")

PROFILES = {
    "cpp_clinician": Profile(
        kinds=("individual", "individual", "organization"),
        services=("dyadic-therapy",),
        extra_services=("screening-assessment",),
        models=("cpp",),
        extra_models=("dc-0-5", "circle-of-security-intensive"),
        role="clinician",
        delivery=(("office",), ("office", "telehealth"), ("office", "home_visits")),
        payment=(INSURANCE, PUBLIC, MIXED, ("medicaid",)),
        program_names=("Child-Parent Center", "Family Therapy Center"),
        about="Child-Parent Psychotherapy with young children and their "
        "caregivers after frightening or painful experiences.",
        weight=14,
    ),
    "infant_parent": Profile(
        kinds=("individual", "organization"),
        services=("infant-parent-psychotherapy",),
        extra_services=("dyadic-therapy",),
        models=("cpp", "p-cpp", "video-interaction-guidance"),
        extra_models=("fan",),
        role="clinician",
        delivery=(("office",), ("office", "home_visits"), ("office", "telehealth")),
        payment=(INSURANCE, MIXED, ("medicaid", "sliding_scale")),
        program_names=("Infant-Parent Program", "Infant Mental Health Clinic"),
        about="Infant-parent psychotherapy for babies and toddlers with the "
        "adults who care for them, often after a hard start.",
        weight=10,
    ),
    "pcit": Profile(
        kinds=("individual", "organization"),
        services=("dyadic-therapy",),
        extra_services=("screening-assessment",),
        models=("pcit",),
        extra_models=("dc-0-5",),
        role="clinician",
        delivery=(("office",), ("office", "telehealth")),
        payment=(INSURANCE, MIXED, ("medicaid", "private_insurance")),
        program_names=("PCIT Clinic", "Parent-Child Interaction Clinic"),
        about="Parent-Child Interaction Therapy: live coaching for parents of "
        "two- to five-year-olds, to calm hard behaviour and enjoy each other again.",
        weight=10,
    ),
    "perinatal": Profile(
        kinds=("individual", "individual", "organization"),
        services=("perinatal-mental-health",),
        extra_services=("parenting-groups",),
        models=(),
        extra_models=("p-cpp", "fan"),
        role="perinatal",
        delivery=(("office", "telehealth"), ("office",)),
        payment=(INSURANCE, MIXED, ("private_insurance", "sliding_scale")),
        program_names=("Perinatal Wellness", "Maternal Mental Health Center"),
        about="Support and therapy for depression and anxiety in pregnancy and "
        "after a birth, with room for the baby in the session.",
        weight=12,
        credential_kinds=("pmh_c",),
    ),
    "home_visiting": Profile(
        kinds=("organization",),
        services=("home-visiting",),
        extra_services=(
            "screening-assessment",
            "care-coordination",
            "parenting-groups",
        ),
        models=(
            "nurse-family-partnership",
            "healthy-families-america",
            "parents-as-teachers",
            "minding-the-baby",
            "child-first",
        ),
        extra_models=(),
        role="home_visitor",
        delivery=(("home_visits",), ("home_visits", "community")),
        payment=(("free",), ("free", "medicaid")),
        program_names=("Home Visiting Program", "Family Home Visiting", "Baby Visits"),
        about="Home visits that start in pregnancy or soon after birth: a "
        "trained visitor comes to the family, on the family's schedule.",
        weight=14,
    ),
    "iecmh_consultation": Profile(
        kinds=("individual", "organization"),
        services=("iecmh-consultation",),
        extra_services=("reflective-supervision",),
        models=(),
        extra_models=("dc-0-5",),
        role="consultant",
        delivery=(("community",), ("community", "telehealth")),
        payment=(("free",),),
        program_names=("Early Childhood Consultation", "Child Care Consultation"),
        about="Mental health consultation for child care programs and early "
        "educators: we support the adults who care for young children.",
        weight=9,
    ),
    "cos_group": Profile(
        kinds=("organization", "individual"),
        services=("parenting-groups",),
        extra_services=(),
        models=("circle-of-security-parenting",),
        extra_models=(),
        role="clinician",
        delivery=(("community",), ("office", "telehealth"), ("community", "office")),
        payment=(("free",), ("sliding_scale",), ("self_pay", "sliding_scale")),
        program_names=("Parenting Circle", "Family Resource Center"),
        about="Circle of Security Parenting groups for parents and other "
        "caregivers who want to read and meet their child's needs.",
        weight=8,
    ),
    "early_intervention": Profile(
        kinds=("organization",),
        services=("early-intervention", "screening-assessment"),
        extra_services=("care-coordination",),
        models=(),
        extra_models=("promoting-first-relationships", "fan"),
        role="home_visitor",
        delivery=(("home_visits", "community"), ("home_visits",)),
        payment=(("free", "medicaid", "private_insurance"), ("free",)),
        program_names=("Early Intervention Services", "Birth to Three Program"),
        about="Part C early intervention for infants and toddlers with "
        "developmental delays or disabilities, in the family's everyday routines.",
        weight=8,
    ),
    "healthysteps": Profile(
        kinds=("organization",),
        services=("screening-assessment", "care-coordination"),
        extra_services=("parenting-groups",),
        models=("healthysteps",),
        extra_models=(),
        role="home_visitor",
        delivery=(("office",),),
        payment=(("medicaid", "private_insurance"), MIXED),
        program_names=("Pediatrics", "Children's Clinic"),
        about="A child development specialist on the pediatric care team, for "
        "questions about sleep, feeding, behaviour and development.",
        weight=5,
    ),
    "abc": Profile(
        kinds=("individual", "organization"),
        services=("home-visiting", "dyadic-therapy"),
        extra_services=(),
        models=("abc",),
        extra_models=("promoting-first-relationships",),
        role="home_visitor",
        delivery=(("home_visits",), ("home_visits", "telehealth")),
        payment=(("medicaid", "sliding_scale"), ("free",)),
        program_names=("Parent Coaching", "Attachment Coaching"),
        about="Attachment and Biobehavioral Catch-up: ten coaching sessions at "
        "home for caregivers of babies and toddlers, including foster families.",
        weight=4,
    ),
    "dyadic_clinician": Profile(
        kinds=("individual",),
        services=("dyadic-therapy",),
        extra_services=("screening-assessment", "parenting-groups"),
        models=(
            "circle-of-security-intensive",
            "video-interaction-guidance",
            "promoting-first-relationships",
        ),
        extra_models=("dc-0-5",),
        role="clinician",
        delivery=(("office",), ("office", "telehealth")),
        payment=(INSURANCE, ("self_pay", "sliding_scale"), MIXED),
        program_names=("Relationship Therapy", "Family Studio"),
        about="Relationship-based therapy with a parent and young child "
        "together, around sleep, feeding, tantrums and big changes.",
        weight=8,
    ),
    "reflective_supervision": Profile(
        kinds=("individual",),
        services=("reflective-supervision",),
        extra_services=(),
        models=(),
        extra_models=("fan",),
        role="mentor",
        delivery=(("office", "telehealth"), ("office",)),
        payment=(("self_pay", "sliding_scale"), ("self_pay",)),
        program_names=("Reflective Practice",),
        about="Reflective supervision and consultation, one-to-one or in small "
        "groups, for home visitors, clinicians and early educators.",
        weight=4,
        credential_kinds=("reflective_supervisor",),
    ),
}

FIRST_NAMES = [
    "Alex", "Amara", "Ana", "Beatriz", "Camille", "Carmen", "Chloe", "Dana",
    "Daniel", "Deborah", "Elena", "Fatima", "Grace", "Hannah", "Hoa", "Imani",
    "Isabel", "Jamal", "Jasmine", "Jordan", "Julia", "Keisha", "Laila", "Leah",
    "Lucia", "Marcus", "Maria", "Maya", "Mei", "Miriam", "Nadia", "Naomi",
    "Nia", "Olivia", "Priya", "Rachel", "Rosa", "Ruth", "Samira", "Sarah",
    "Sofia", "Tanya", "Teresa", "Valeria", "Yasmin", "Zoe", "Ahmed", "Tomas",
]  # fmt: skip
LAST_NAMES = [
    "Abdi", "Alvarez", "Bennett", "Brooks", "Castillo", "Chen", "Cruz", "Daniels",
    "Delgado", "Ellison", "Farah", "Fischer", "Flores", "Gutierrez", "Haddad",
    "Hughes", "Ibrahim", "Jensen", "Kim", "Lam", "Lindqvist", "Mendoza", "Moreno",
    "Nakamura", "Nguyen", "Novak", "Okafor", "Ortiz", "Park", "Patel", "Quinn",
    "Ramirez", "Reyes", "Rivera", "Rosen", "Santos", "Shah", "Soto", "Tran",
    "Vargas", "Walker", "Warsame", "Whitfield", "Yilmaz", "Zamora",
]  # fmt: skip
# Made-up, place-neutral words for programs' names.
PROGRAM_WORDS = [
    "Aspen", "Bluebird", "Bridgeway", "Brookside", "Cedar", "Clearwater",
    "Cornerstone", "Evergreen", "Fairview", "First Bonds", "Greenway", "Harbor",
    "Hazel", "Hearth", "Heartwood", "Hillside", "Juniper", "Kinship", "Lantern",
    "Linden", "Little Roots", "Maple", "Meadowlark", "Morningside", "Nestling",
    "Northstar", "Open Arms", "Parkside", "Pinecrest", "Riverbend", "Rowan",
    "Seedling", "Sparrow", "Sprout", "Stonebridge", "Sunrise", "Tidewater",
    "Wildflower", "Willow", "Wren",
]  # fmt: skip

SAMPLE_NOTE = (
    "This is a **sample listing**, made up to show what a directory entry looks "
    "like. It is not a real provider: please do not contact it."
)
