from django.utils.functional import SimpleLazyObject

from imh_portal.languages import page_languages
from imh_portal.models import HelpLine


def help_now(request):
    """The crisis and support lines every page shows (each text reads in the
    page's language through its translated fields). Read only if a page
    renders them: most pages take the block from the fragment cache."""
    return {"help_lines": SimpleLazyObject(HelpLine.for_display)}


def languages(request):
    """This page in each language, for the switcher and the hreflang links."""
    links = page_languages(request)
    current = getattr(request, "LANGUAGE_CODE", None)
    return {
        "page_languages": links,
        "other_languages": [link for link in links if link.code != current],
    }
