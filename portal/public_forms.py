"""One protection for every public form that stores what a citizen sends (questions, comments).

CSRF comes from Django. This mixin adds: a honeypot field, a minimum fill time and a single-use form
token (signed: when the form was opened, and a nonce), rate limits per address and per mailbox, an
offline captcha after repeated submissions, and the consent checkbox naming purpose and retention
(Decree 13/2023/NĐ-CP Điều 11: consent is given actively, never assumed).

The captcha has a text alternative for those who cannot read the picture: a sum written in words in
the page's language ("How much is seven plus two?"), signed with the form's single-use token so an
answer serves one submission. A mailbox that has confirmed a submission before (`mailbox_confirm`) is
counted by its own limit and not by the address's: people behind one address (a commune office, a
carrier's NAT) are not refused for each other's messages.

Refusals of the fields a visitor cannot see (honeypot, fill time, form token) are shown as the form's
own errors: a field that is not displayed cannot show its error.

The limits and the token are spent in one atomic step once everything else in the form is valid
(portal.ratelimit.take): checking before the save and counting after it let four simultaneous
submissions through a limit of three, and one token served any number of submissions.
"""

from __future__ import annotations

import hashlib
import secrets
import time

from captcha.fields import CaptchaField, CaptchaTextInput
from django import forms
from django.conf import settings
from django.core import signing
from django.core.exceptions import NON_FIELD_ERRORS
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from . import ratelimit
from .proxy import client_ip

_SALT = "portal.public_forms.started"
_QUESTION_SALT = "portal.public_forms.question"
_CONFIRMED_SCOPE = "confirmed-mailbox"
_CONFIRMED_WINDOW = 365 * 86400
_HIDDEN_FIELDS = ("website", "started", "captcha_question")
# Providers known to ignore dots in the local part: one mailbox, many spellings.
_DOTLESS_DOMAINS = {"gmail.com": "gmail.com", "googlemail.com": "gmail.com"}


def mailbox(email: str) -> str:
    """The mailbox an address delivers to, for counting: `A.B+tag@GoogleMail.com` is `ab@gmail.com`.

    The +tag is dropped for every domain (the common convention); dots only where the provider ignores them.
    """
    local, at, domain = email.strip().lower().rpartition("@")
    if not at:
        return email.strip().lower()
    local = local.split("+", 1)[0]
    domain = domain.rstrip(".")
    if domain in _DOTLESS_DOMAINS:
        local, domain = local.replace(".", ""), _DOTLESS_DOMAINS[domain]
    return f"{local}@{domain}"


# Django's own message for a malformed address reads "Enter an e-mail address" in some of our languages,
# although one was typed: say what is wrong with it.
EMAIL_ERRORS = {
    "required": _("Enter your e-mail address."),
    "invalid": _("This is not a valid e-mail address: check it (it looks like name@example.com)."),
}


def new_form_token() -> str:
    return signing.dumps({"t": time.time(), "n": secrets.token_urlsafe(12)}, salt=_SALT)


def mailbox_confirm(email: str) -> None:
    """Remember for a year that this mailbox confirmed a submission: its owner reads it."""
    ratelimit.hit(_CONFIRMED_SCOPE, mailbox(email), _CONFIRMED_WINDOW)


def mailbox_is_confirmed(email: str) -> bool:
    return ratelimit.count(_CONFIRMED_SCOPE, mailbox(email), _CONFIRMED_WINDOW) > 0


# A context of their own: Django's humanize has the same words, capitalised in some languages.
_NUMBER_WORDS = (
    pgettext_lazy("captcha sum", "one"),
    pgettext_lazy("captcha sum", "two"),
    pgettext_lazy("captcha sum", "three"),
    pgettext_lazy("captcha sum", "four"),
    pgettext_lazy("captcha sum", "five"),
    pgettext_lazy("captcha sum", "six"),
    pgettext_lazy("captcha sum", "seven"),
    pgettext_lazy("captcha sum", "eight"),
    pgettext_lazy("captcha sum", "nine"),
)


def _token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def new_question(token: str) -> str:
    """A signed sum of two numbers from one to nine, bound to the form token it is shown with."""
    a, b = secrets.randbelow(9) + 1, secrets.randbelow(9) + 1
    return signing.dumps({"a": a, "b": b, "f": _token_digest(token)[:16]}, salt=_QUESTION_SALT)


def question_text(signed: str) -> str:
    """The question in the active language, or "" when the signed value is not ours."""
    try:
        sum_ = signing.loads(signed, salt=_QUESTION_SALT)
        a, b = _NUMBER_WORDS[int(sum_["a"]) - 1], _NUMBER_WORDS[int(sum_["b"]) - 1]
    except (signing.BadSignature, KeyError, TypeError, ValueError, IndexError):
        return ""
    return _("How much is %(a)s plus %(b)s? Write the answer in digits.") % {"a": a, "b": b}


def question_answered(signed: str, token: str, answer: str) -> bool:
    """True when `answer` (any script's digits: 9, ៩) is the sum asked with this form token."""
    try:
        sum_ = signing.loads(signed, salt=_QUESTION_SALT, max_age=settings.PORTAL_FORM_MAX_AGE)
        expected = int(sum_["a"]) + int(sum_["b"])
        bound = secrets.compare_digest(str(sum_["f"]), _token_digest(token)[:16])
        return bound and int(answer.strip()[:4]) == expected
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return False


class CaptchaPicture(CaptchaTextInput):
    """The picture with an alternative text in the page's language and a button for another picture."""

    template_name = "portal/captcha_widget.html"


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
        self._spent: tuple[ratelimit.Limit, ...] = ()
        self.fields["consent"].label = self.consent_text
        self.fields["consent"].error_messages["required"] = _(
            "Tick the box to agree, or we cannot keep your message."
        )
        if not self.is_bound:
            self.initial["started"] = new_form_token()
        if self.needs_captcha():
            self._add_captcha()

    def _add_captcha(self) -> None:
        """The picture, or else a sum in words in the page's language, for who cannot read the picture."""
        self.fields["captcha"] = CaptchaField(
            label=_("Type the characters in the picture"),
            required=False,
            widget=CaptchaPicture(),
            error_messages={
                "invalid": _(
                    "The characters do not match the picture. Type those of the new picture, or answer "
                    "the question below."
                )
            },
        )
        self.fields["captcha_question"] = forms.CharField(widget=forms.HiddenInput, required=False)
        self.fields["captcha_answer"] = forms.CharField(
            required=False,
            max_length=8,
            widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        )
        self._ask_question(fresh=not self.is_bound)

    def _ask_question(self, fresh: bool) -> None:
        signed = "" if fresh else self.data.get(self.add_prefix("captcha_question"), "")
        if not question_text(signed):
            token = (
                self.initial.get("started")
                if not self.is_bound
                else self.data.get(self.add_prefix("started"))
            )
            signed = new_question(token or "")
            if self.is_bound:
                data = self.data.copy()
                data[self.add_prefix("captcha_question")] = signed
                data[self.add_prefix("captcha_answer")] = ""
                self.data = data
            else:
                self.initial["captcha_question"] = signed
        self.fields["captcha_answer"].label = _("Or answer this question: %(question)s") % {
            "question": question_text(signed)
        }

    # --- identities and limits ---
    @property
    def address(self) -> str:
        return client_ip(self.request) or "unknown"

    def needs_captcha(self) -> bool:
        threshold = settings.PORTAL_CAPTCHA_AFTER
        return ratelimit.count(f"{self.rate_scope}:ip", self.address, 3600) >= threshold

    def clean_website(self) -> str:
        if self.cleaned_data.get("website"):
            raise forms.ValidationError(
                _(
                    "A field that people do not see was filled in, perhaps by your browser's automatic "
                    "filling, so the form was not accepted. Check your message and send it again."
                ),
                code="honeypot",
            )
        return ""

    def clean_started(self) -> str:
        value = self.cleaned_data.get("started") or ""
        try:
            started = signing.loads(value, salt=_SALT, max_age=settings.PORTAL_FORM_MAX_AGE)
            opened_at = float(started["t"] if isinstance(started, dict) else started)
        except (signing.BadSignature, KeyError, TypeError, ValueError):
            raise forms.ValidationError(
                _(
                    "The form was open too long and has expired. What you typed is kept below: "
                    "check it and send it again."
                ),
                code="stale",
            )
        if time.time() - opened_at < settings.PORTAL_FORM_MIN_SECONDS:
            raise forms.ValidationError(
                _(
                    "The form was sent within a few seconds of opening it, faster than a person fills it "
                    "in, so it was not accepted. Check your message and send it again."
                ),
                code="too_fast",
            )
        return value

    def clean(self):
        cleaned = super().clean()
        if "captcha" in self.fields:
            self._check_captcha()
        return cleaned

    def _check_captcha(self) -> None:
        """One of the two is enough: the picture, or the sum in words."""
        answer = (self.cleaned_data.get("captcha_answer") or "").strip()
        signed = self.cleaned_data.get("captcha_question") or ""
        token = self.data.get(self.add_prefix("started"), "")
        if answer and question_answered(signed, token, answer):
            self._errors.pop("captcha", None)
            return
        picture = (self.data.get(self.add_prefix("captcha_1")) or "").strip()
        if answer:
            self.add_error("captcha_answer", _("This is not the answer to the question. Try the new one."))
        elif not picture and "captcha" not in self._errors:
            self.add_error("captcha", _("Type the characters in the picture, or answer the question below."))

    def _limits(self) -> tuple[ratelimit.Limit, ...]:
        """The form token (once), the address and the mailbox, in the order their messages take precedence."""
        token = hashlib.sha256(self.cleaned_data["started"].encode()).hexdigest()
        max_age = settings.PORTAL_FORM_MAX_AGE
        limits = [
            ratelimit.Limit("form-token", token, max_age + 60, 1),
        ]
        email = (self.cleaned_data.get(self.email_field) or "") if self.email_field else ""
        if not (email and mailbox_is_confirmed(email)):
            per_ip = settings.PORTAL_RATE_LIMIT_PER_IP
            limits.append(ratelimit.Limit(f"{self.rate_scope}:ip", self.address, 3600, per_ip))
        if email:
            per_email = settings.PORTAL_RATE_LIMIT_PER_EMAIL
            limits.append(ratelimit.Limit(f"{self.rate_scope}:email", mailbox(email), 86400, per_email))
        return tuple(limits)

    _REFUSALS = {
        "form-token": (
            _(
                "This form has already been sent once, so it was not sent again. To send another "
                "message, check the form below and send it."
            ),
            "reused",
        ),
        "ip": (
            _("Too many submissions from your address in the last hour. Please try again later."),
            "rate_ip",
        ),
        "email": (
            _("Too many submissions with this e-mail address today. Please try again tomorrow."),
            "rate_email",
        ),
    }

    def full_clean(self):
        super().full_clean()
        self._show_hidden_errors()
        if self.is_bound and not self._errors:
            limits = self._limits()
            reached = ratelimit.take(*limits)
            if reached is None:
                self._spent = limits[1:]  # the token stays spent whatever happens next
            else:
                message, code = self._REFUSALS[reached.scope.rsplit(":", 1)[-1]]
                self.add_error(None, forms.ValidationError(message, code=code))
        if self.is_bound and self._errors:
            self._offer_new_token()

    def _show_hidden_errors(self) -> None:
        """Errors of fields nobody sees become the form's own errors, shown above it."""
        for name in _HIDDEN_FIELDS:
            errors = (self._errors or {}).pop(name, None)
            if errors:
                self._errors.setdefault(NON_FIELD_ERRORS, self.error_class(error_class="nonfield"))
                self._errors[NON_FIELD_ERRORS].extend(errors)

    def add_error(self, field, error):
        super().add_error(field, error)
        if self._spent:
            # Refused after the limits were spent (e.g. by the service): this submission did not happen.
            ratelimit.give_back(*self._spent)
            self._spent = ()
            self._offer_new_token()

    def _offer_new_token(self) -> None:
        """The form shown again carries a fresh token: the one just sent may already be spent."""
        data = self.data.copy()
        data[self.add_prefix("started")] = new_form_token()
        self.data = data
        if "captcha" in self.fields:
            self._ask_question(fresh=True)

    def record_submission(self) -> None:
        """Nothing left to count: the limits were spent, atomically, when the form was validated.

        Kept so that the views say where a submission is accepted.
        """
