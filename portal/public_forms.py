"""One protection for every public form that stores what a citizen sends (questions, comments).

CSRF comes from Django. This mixin adds: a honeypot field, a minimum fill time (a signed timestamp),
rate limits per address and per e-mail, an offline captcha after repeated submissions, and the
consent checkbox naming purpose and retention (Decree 13/2023/NĐ-CP Điều 11: consent is given
actively, never assumed).
"""

from __future__ import annotations

import time

from captcha.fields import CaptchaField
from django import forms
from django.conf import settings
from django.core import signing
from django.utils.translation import gettext_lazy as _

from . import ratelimit
from .middleware import client_ip

_SALT = "portal.public_forms.started"


def _setting(name: str, default):
    return getattr(settings, name, default)


class PublicSubmissionMixin(forms.Form):
    """Mix into a citizen-facing form; build it with `request=`; call `record_submission()` after saving.

    Subclasses set `rate_scope` (e.g. "question") and `consent_text` (the purpose and retention), and
    name their e-mail field in `email_field` if they have one.
    """

    rate_scope = "public"
    email_field = "email"
    consent_text = _("I agree that the portal keeps the personal data I give here for this purpose.")

    website = forms.CharField(
        required=False,
        label=_("Leave this field empty"),
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )
    started = forms.CharField(widget=forms.HiddenInput, required=False)
    consent = forms.BooleanField(required=True)

    def __init__(self, *args, request, **kwargs):
        super().__init__(*args, **kwargs)
        self.request = request
        self.fields["consent"].label = self.consent_text
        self.fields["consent"].error_messages["required"] = _(
            "Tick the box to agree, or we cannot keep your message."
        )
        if not self.is_bound:
            self.initial["started"] = signing.dumps(time.time(), salt=_SALT)
        if self.needs_captcha():
            self.fields["captcha"] = CaptchaField(label=_("Type the characters in the picture"))

    # --- identities and limits ---
    @property
    def address(self) -> str:
        return client_ip(self.request) or "unknown"

    def needs_captcha(self) -> bool:
        threshold = _setting("PORTAL_CAPTCHA_AFTER", 3)
        return ratelimit.count(f"{self.rate_scope}:ip", self.address, 3600) >= threshold

    def clean_website(self) -> str:
        if self.cleaned_data.get("website"):
            raise forms.ValidationError(_("This field must stay empty."), code="honeypot")
        return ""

    def clean_started(self) -> str:
        value = self.cleaned_data.get("started") or ""
        try:
            started = signing.loads(value, salt=_SALT, max_age=_setting("PORTAL_FORM_MAX_AGE", 24 * 3600))
        except signing.BadSignature:
            raise forms.ValidationError(
                _("The form has expired: reload the page and send it again."), code="stale"
            )
        if time.time() - float(started) < _setting("PORTAL_FORM_MIN_SECONDS", 3):
            raise forms.ValidationError(
                _("The form was sent too quickly. Please check it and send it again."), code="too_fast"
            )
        return value

    def clean(self):
        cleaned = super().clean()
        limit_ip = _setting("PORTAL_RATE_LIMIT_PER_IP", 10)
        if ratelimit.count(f"{self.rate_scope}:ip", self.address, 3600) >= limit_ip:
            raise forms.ValidationError(
                _("Too many submissions from your address in the last hour. Please try again later."),
                code="rate_ip",
            )
        email = (cleaned.get(self.email_field) or "") if self.email_field else ""
        if email and ratelimit.count(f"{self.rate_scope}:email", email, 86400) >= _setting(
            "PORTAL_RATE_LIMIT_PER_EMAIL", 5
        ):
            raise forms.ValidationError(
                _("Too many submissions with this e-mail address today. Please try again tomorrow."),
                code="rate_email",
            )
        return cleaned

    def record_submission(self) -> None:
        """Count an accepted submission against the address and the e-mail."""
        ratelimit.hit(f"{self.rate_scope}:ip", self.address, 3600)
        email = self.cleaned_data.get(self.email_field) if self.email_field else ""
        if email:
            ratelimit.hit(f"{self.rate_scope}:email", email, 86400)
