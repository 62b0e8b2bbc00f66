"""What the law asks every portal to show of its unit (Decree 42/2022 Điều 4): the footer, the officials
to contact, the leaders and the introduction. Kept here, one-to-one or many-to-one with the unit, so the
subsites app's tables stay as they are."""

from __future__ import annotations

from django.core.validators import URLValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from subsites.models import Unit
from subsites.routing import unit_reverse

# Links a citizen's browser follows: web pages only, never javascript: or data: addresses.
web_address = URLValidator(
    schemes=["http", "https"], message=_("Enter a web address starting with https:// or http://.")
)


def _link(verbose_name, help_text):
    return models.URLField(
        verbose_name, max_length=500, blank=True, validators=[web_address], help_text=help_text
    )


class Footer(models.Model):
    """The footer the law asks for; a unit without one shows the main portal's."""

    unit = models.OneToOneField(Unit, on_delete=models.CASCADE, related_name="footer", verbose_name=_("unit"))
    managing_agency = models.CharField(_("managing agency"), max_length=255)
    responsible_person = models.CharField(_("responsible person"), max_length=255)
    address = models.CharField(_("address"), max_length=255)
    phone = models.CharField(_("phone"), max_length=64)
    hotline = models.CharField(_("hotline"), max_length=64, blank=True)
    email = models.EmailField(_("e-mail"))
    licence = models.CharField(
        _("licence"), max_length=255, blank=True, help_text=_("The licence line, where the portal has one.")
    )
    citation_rule = models.CharField(
        _("rule for citing the content"),
        max_length=500,
        help_text=_("For example: cite the portal as the source when reusing its content."),
    )
    # Each link left empty is the main portal's (and, for the two services, the portal's setting).
    public_services_url = _link(
        _("online public services"),
        _("The public-service portal the home page's “Dịch vụ công trực tuyến” entry opens."),
    )
    feedback_url = _link(
        _("feedback on regulations"),
        _("Where citizens send feedback and petitions on regulations (phản ánh, kiến nghị)."),
    )
    facebook_url = _link(_("Facebook page"), _("The portal's Facebook page, shown in the footer."))
    zalo_url = _link(
        _("Zalo Official Account"), _("The portal's Zalo Official Account, shown in the footer.")
    )

    class Meta:
        verbose_name = _("footer")
        verbose_name_plural = _("footers")

    def __str__(self) -> str:
        return str(self.unit)


class Contact(models.Model):
    """An official to contact (name, position, office phone, official e-mail)."""

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="contacts", verbose_name=_("unit"))
    name = models.CharField(_("name"), max_length=255)
    position = models.CharField(_("position"), max_length=255)
    office_phone = models.CharField(_("office phone"), max_length=64, blank=True)
    email = models.EmailField(_("official e-mail"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ("unit", "order", "pk")
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")

    def __str__(self) -> str:
        return self.name


class Leader(models.Model):
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="leaders", verbose_name=_("unit"))
    name = models.CharField(_("name"), max_length=255)
    position = models.CharField(_("position"), max_length=255)
    duties = models.TextField(_("duties"), max_length=5000, blank=True)
    biography = models.TextField(_("short biography"), max_length=20000, blank=True)
    # Through the configured file store (disk or S3), like every public image.
    photo = models.ImageField(_("photo"), upload_to="leaders/", blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ("unit", "order", "pk")
        verbose_name = _("leader")
        verbose_name_plural = _("leaders")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return f"{unit_reverse(self.unit, 'directory:leaders')}#leader-{self.pk}"


class Introduction(models.Model):
    unit = models.OneToOneField(
        Unit, on_delete=models.CASCADE, related_name="introduction", verbose_name=_("unit")
    )
    functions = models.TextField(_("functions and tasks"), blank=True)
    history = models.TextField(_("history"), blank=True)
    # The province's portal also shows its map, natural conditions and culture.
    natural_conditions = models.TextField(_("natural conditions"), blank=True)
    culture = models.TextField(_("culture"), blank=True)
    organisation_chart = models.ImageField(_("organisation chart"), upload_to="organisation/", blank=True)
    map = models.ImageField(_("map"), upload_to="organisation/", blank=True)

    class Meta:
        verbose_name = _("introduction")
        verbose_name_plural = _("introductions")

    def __str__(self) -> str:
        return str(self.unit)
