"""The endorsements and certifications a listing claims."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from directory.models.listings import Listing


class CredentialKind(models.TextChoices):
    IFA = "ifa", _("Infant Family Associate (IMH-E®)")
    IFS = "ifs", _("Infant Family Specialist (IMH-E®)")
    IMHS = "imhs", _("Infant Mental Health Specialist (IMH-E®)")
    IMHM_C = "imhm_c", _("Infant Mental Health Mentor – Clinical (IMH-E®)")
    IMHM_P = "imhm_p", _("Infant Mental Health Mentor – Policy (IMH-E®)")
    IMHM_RF = "imhm_rf", _("Infant Mental Health Mentor – Research/Faculty (IMH-E®)")
    ECFA = "ecfa", _("Early Childhood Family Associate (ECMH-E®)")
    ECFS = "ecfs", _("Early Childhood Family Specialist (ECMH-E®)")
    ECMHS = "ecmhs", _("Early Childhood Mental Health Specialist (ECMH-E®)")
    ECMHM_C = "ecmhm_c", _("Early Childhood Mental Health Mentor – Clinical (ECMH-E®)")
    ECMHM_P = "ecmhm_p", _("Early Childhood Mental Health Mentor – Policy (ECMH-E®)")
    ECMHM_RF = (
        "ecmhm_rf",
        _("Early Childhood Mental Health Mentor – Research/Faculty (ECMH-E®)"),
    )
    REFLECTIVE_SUPERVISOR = "reflective_supervisor", _("Endorsed Reflective Supervisor")
    PMH_C = "pmh_c", _("Perinatal Mental Health Certification (PMH-C)")
    COS_P = "cos_p", _("Registered Circle of Security Parenting Facilitator")
    PCIT = "pcit", _("PCIT International certified therapist")
    CPP = "cpp", _("Child-Parent Psychotherapy (rostered)")
    OTHER = "other", _("Other certification")


class Credential(models.Model):
    """An endorsement or certification a listing claims; moderators verify it."""

    Kind = CredentialKind

    listing = models.ForeignKey(
        Listing, on_delete=models.CASCADE, related_name="credentials"
    )
    kind = models.CharField(
        _("credential"), max_length=24, choices=CredentialKind.choices
    )
    issued_by = models.CharField(
        _("issued by"),
        max_length=160,
        blank=True,
        help_text=_('The endorsing association or body, e.g. "MI-AIMH".'),
    )
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    details = models.CharField(_("details"), max_length=200, blank=True)
    verified_on = models.DateField(
        _("verified by a moderator on"), null=True, blank=True, editable=False
    )

    class Meta:
        ordering = ["kind", "pk"]
        verbose_name = _("credential")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=CredentialKind.values),
                name="credential_kind_valid",
            ),
            models.CheckConstraint(
                condition=Q(year__isnull=True) | Q(year__gte=1980, year__lte=2100),
                name="credential_year_plausible",
            ),
        ]

    def __str__(self) -> str:
        return self.get_kind_display()
