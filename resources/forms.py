from django import forms
from django.core.validators import MinLengthValidator
from django.utils.translation import gettext_lazy as _

from resources.models import ResourceReport, ResourceSuggestion


class RobotTrapMixin(forms.Form):
    """A ``website`` field people never see and robots fill in."""

    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    @property
    def is_from_robot(self) -> bool:
        return bool(self.cleaned_data.get("website"))


class SuggestionForm(RobotTrapMixin, forms.ModelForm):
    """A visitor's proposal for the library."""

    class Meta:
        model = ResourceSuggestion
        fields = ["title", "url", "kind", "why", "submitter_name", "submitter_email"]
        labels = {
            "title": _("Name of the resource"),
            "url": _("Link to it"),
            "kind": _("What kind of resource is it? (optional)"),
            "why": _("Why would it help families or professionals?"),
            "submitter_name": _("Your name (optional)"),
            "submitter_email": _("Your email (optional, only if we may contact you)"),
        }
        widgets = {"why": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["url"].widget.attrs["placeholder"] = "https://"
        self.fields["why"].validators.append(MinLengthValidator(20))
        self.fields["why"].widget.attrs["minlength"] = 20

    def clean_url(self) -> str:
        url = self.cleaned_data["url"]
        if not url.lower().startswith(("http://", "https://")):
            raise forms.ValidationError(_("Enter a web address starting with https://"))
        return url


class ResourceReportForm(RobotTrapMixin, forms.ModelForm):
    """A visitor's report of a problem with one resource."""

    class Meta:
        model = ResourceReport
        fields = ["reason", "details", "reporter_email"]
        labels = {
            "reason": _("What is wrong?"),
            "details": _("Tell us more (optional)"),
            "reporter_email": _("Your email (optional, only if we may contact you)"),
        }
        widgets = {
            "reason": forms.RadioSelect,
            "details": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Radio buttons need no empty "---------" choice.
        self.fields["reason"].choices = ResourceReport.Reason.choices
