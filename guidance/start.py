"""The guided "Where do I start?" path: a few plain questions, then one page
with the help line that fits, five resources, providers nearby or by video and
what to say when you call. Every answer is in the address, so the page prints,
can be shared as a link and works without scripts."""

from django import forms
from django.http import QueryDict
from django.shortcuts import render
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from directory.filters import ListingFilterSet
from directory.models import Listing, Place
from directory.search import ResultGroups, search_directory
from imh_portal.page_cache import do_not_share
from imh_portal.vocabulary import AgeBand
from resources.filters import ResourceFilterSet
from resources.models import Resource
from resources.search import search_library

SHOWN = 5

# What a family may be worried about, in plain words, and the words the
# library is searched with for it.
WORRIES = [
    ("crying", _("Crying that will not stop"), "crying colic soothing"),
    ("sleep", _("Sleep"), "sleep"),
    ("feeding", _("Feeding or eating"), "feeding"),
    ("behaviour", _("Tantrums, hitting or big feelings"), "tantrums big feelings"),
    ("talking", _("Talking or understanding words"), "speech language talking"),
    ("development", _("Growing and learning on time"), "development milestones"),
    ("bonding", _("Feeling close to my baby"), "bonding attachment"),
    ("my-mood", _("My own mood: sad, worried or not myself"), "postpartum depression"),
    ("partner", _("My partner's mood or stress"), "fathers partners depression"),
    ("premature", _("A baby born early or in the NICU"), "premature NICU"),
    ("loss", _("A loss or grief"), "grief loss"),
    ("separation", _("Separation or sharing care"), "separation co-parenting"),
    ("money", _("Money, food or housing"), "money basic needs"),
    ("child-care", _("Finding child care"), "child care"),
    ("safety", _("Someone at home hurts or scares me"), "domestic violence"),
]
SEARCH_WORDS = {slug: words for slug, _label, words in WORRIES}
# Answers that mean the help lines come first, above everything else.
DANGER = {"safety"}


class StartForm(forms.Form):
    age = forms.ChoiceField(
        label=_("How old is your child?"),
        choices=[*AgeBand.choices, ("", _("Not sure, or more than one child"))],
        widget=forms.RadioSelect,
        required=False,
    )
    worries = forms.MultipleChoiceField(
        label=_("What worries you? Choose any."),
        choices=[(slug, label) for slug, label, _words in WORRIES],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    q = forms.CharField(
        label=_("What's going on? In your own words (optional)"),
        max_length=200,
        required=False,
    )
    near = forms.CharField(
        label=_("Where are you? ZIP code or city"), max_length=120, required=False
    )
    language = forms.ChoiceField(
        label=_("Which language would you like help in?"),
        choices=[
            ("", _("Any language")),
            ("en", _("English")),
            ("es", _("Spanish")),
        ],
        widget=forms.RadioSelect,
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["q"].widget.attrs["placeholder"] = _(
            "e.g. my baby cries all the time"
        )
        self.fields["near"].widget.attrs.update(
            {"placeholder": _("e.g. 98101 or Seattle"), "autocomplete": "postal-code"}
        )

    @property
    def answered(self) -> bool:
        return self.is_valid() and any(self.cleaned_data.values())

    @property
    def search_text(self) -> str:
        """The library search: the worries' words and the family's own."""
        words = [SEARCH_WORDS[slug] for slug in self.cleaned_data["worries"]]
        return " ".join([*words, self.cleaned_data["q"]]).strip()

    def worry_labels(self) -> list[str]:
        labels = dict(self.fields["worries"].choices)
        return [str(labels[slug]) for slug in self.cleaned_data["worries"]]

    def age_label(self) -> str:
        return str(dict(AgeBand.choices).get(self.cleaned_data["age"], ""))

    def language_label(self) -> str:
        chosen = self.cleaned_data["language"]
        return str(dict(self.fields["language"].choices)[chosen]) if chosen else ""


def _resources(form: StartForm, language: str):
    text = form.search_text
    data = QueryDict(mutable=True)
    if text:
        data["q"] = text
    else:
        data["audience"] = "parents-caregivers"
    filterset = ResourceFilterSet(
        data, queryset=Resource.objects.published(), prefer_language=language
    )
    filterset.is_valid()
    # Many worries at once: resources meeting any of them, best first.
    return search_library(
        filterset, page_number=1, per_page=SHOWN, with_facets=False, language=language
    )


def _providers(form: StartForm):
    near = form.cleaned_data["near"]
    if not near:
        return None, None
    data = QueryDict(mutable=True)
    data["near"] = near
    for name in ("age", "language"):
        if form.cleaned_data[name]:
            data[name] = form.cleaned_data[name]
    filterset = ListingFilterSet(data, queryset=Listing.objects.published())
    if not filterset.is_valid():
        return None, Place.objects.suggestions(near)
    results = search_directory(
        filterset, page_number=1, per_page=SHOWN, with_facets=False
    )
    return results, None


@require_safe
def start(request):
    form = StartForm(request.GET or None)
    context = {"form": form, "current": "start"}
    if form.answered:
        language = form.cleaned_data["language"] or get_language()
        resources = _resources(form, language)
        if resources.counted_as_miss:
            do_not_share(request)
        providers, suggestions = _providers(form)
        danger = bool(DANGER & set(form.cleaned_data["worries"])) or bool(
            resources.crisis
        )
        context |= {
            "answered": True,
            "danger": danger,
            "resources": resources,
            "providers": providers,
            "provider_rows": providers
            and ResultGroups(providers.page.object_list, in_miles=True),
            "place": providers.filterset.place if providers else None,
            "place_suggestions": suggestions,
            "unit_label": _("miles"),
            "age_label": form.age_label(),
            "language_label": form.language_label(),
            "worry_labels": form.worry_labels(),
        }
    return render(request, "guidance/start.html", context)
