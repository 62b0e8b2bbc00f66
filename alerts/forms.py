"""The subscription form: an address, a frequency and the consent, with the public forms' protections."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from portal.public_forms import EMAIL_ERRORS, PublicSubmissionMixin

from . import conf
from .enums import Frequency


class SubscribeForm(PublicSubmissionMixin):
    """Honeypot, fill time, single-use token, rate limits per address and mailbox, captcha, consent."""

    rate_scope = "alerts_subscribe"
    email_field = "email"

    email = forms.EmailField(
        label=_("Your e-mail address"),
        max_length=254,
        help_text=_(
            "We send a link to confirm it: nothing is sent before you open it. Never shown publicly."
        ),
        error_messages=EMAIL_ERRORS,
    )
    frequency = forms.ChoiceField(
        label=_("How often"), choices=Frequency.choices, initial=Frequency.IMMEDIATE, widget=forms.RadioSelect
    )

    field_order = ["email", "frequency"]

    @property
    def consent_text(self) -> str:
        return gettext(
            "I agree that the portal keeps my e-mail address to send me the alerts I chose. It is never "
            "shown publicly nor given to anyone; it is erased when I end my last subscription, or after "
            "%(days)s days if I do not confirm it (Decree 13/2023/NĐ-CP)."
        ) % {"days": conf.confirm_days()}

    def clean_email(self) -> str:
        email = self.cleaned_data["email"]
        # EmailField already refuses spaces; a line break or control character must never reach a header.
        if any(not ch.isprintable() for ch in email):
            raise forms.ValidationError(EMAIL_ERRORS["invalid"], code="invalid")
        return email.strip().lower()
