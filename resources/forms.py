from django import forms
from django.core.validators import MinLengthValidator
from django.utils.translation import gettext_lazy as _

from resources.models import ResourceSuggestion


class SuggestionForm(forms.ModelForm):
    """A visitor's proposal; the ``website`` field is a trap only robots fill in."""

    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

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

    @property
    def is_from_robot(self) -> bool:
        return bool(self.cleaned_data.get("website"))
