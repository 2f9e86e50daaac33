from django.utils.translation import get_language

from imh_portal.models import HelpLine


def help_now(request):
    """The crisis and support lines every page shows, in the page's language."""
    language = get_language() or "en"
    return {
        "help_lines": [line.in_language(language) for line in HelpLine.for_display()]
    }
