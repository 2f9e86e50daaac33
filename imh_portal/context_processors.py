from imh_portal.models import HelpLine


def help_now(request):
    """The crisis and support lines every page shows."""
    return {"help_lines": HelpLine.for_display}
