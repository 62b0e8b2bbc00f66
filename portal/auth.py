"""Staff sign-in: one form asking for the password and, for staff who set one up, a TOTP code (django-otp).

Two-factor is optional per person: a user with a confirmed device must give the code; others sign in
with their password alone. Every failure, of the password or of the code, gets the same answer, so
the form never tells an attacker that a password was right. Failures count towards the lockout of
that account from that client address (django-axes), and sign-in POSTs are limited per client
address; every sign-in and sign-out is written to the audit trail.
"""

from functools import wraps

from django import forms
from django.conf import settings
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django_otp import devices_for_user, user_has_device
from django_otp.forms import OTPAuthenticationFormMixin

from . import audit, ratelimit
from .proxy import client_ip

FAILED = _(
    "The username, the password or the authenticator code is wrong. Staff who set up two-factor "
    "sign-in also enter the current code from their app."
)


class StaffLoginForm(OTPAuthenticationFormMixin, AdminAuthenticationForm):
    error_messages = {**AdminAuthenticationForm.error_messages, "invalid_login": FAILED}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["otp_token"] = forms.CharField(
            required=False,
            label=_("Authenticator code (if you set up two-factor sign-in)"),
            widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
        )
        self.fields["otp_device"] = forms.CharField(required=False, widget=forms.HiddenInput)
        self.fields["otp_challenge"] = forms.CharField(required=False, widget=forms.HiddenInput)

    def _chosen_device(self, user):
        # One device per person is the rule here: use it without asking which.
        return super()._chosen_device(user) or next(devices_for_user(user, confirmed=True), None)

    def _update_form(self, user):
        """django-otp lists the user's devices and writes the password back into the page after a right
        password: both would tell the password was right (and the second puts it in the HTML)."""

    def clean(self):
        try:
            cleaned = super().clean()
        except forms.ValidationError:
            raise forms.ValidationError(FAILED, code="invalid_login") from None
        user = self.get_user()
        if user is not None and user_has_device(user, confirmed=True):
            try:
                self.clean_otp(user)
            except forms.ValidationError:
                self._code_failed()
                raise forms.ValidationError(FAILED, code="invalid_login") from None
        return cleaned

    def _code_failed(self) -> None:
        """A wrong code is a failed sign-in like a wrong password: it counts towards the lockout."""
        username = self.cleaned_data.get("username")
        self.user_cache = None
        user_login_failed.send(sender=__name__, credentials={"username": username}, request=self.request)


def limit_sign_in(login_view):
    """Wrap the admin's sign-in view: too many POSTs a minute from one client address get a 429 page."""

    @wraps(login_view)
    def view(request, *args, **kwargs):
        if request.method == "POST":
            per_minute = settings.PORTAL_SIGN_IN_PER_MINUTE
            limit = ratelimit.Limit("sign-in:ip", client_ip(request) or "unknown", 60, per_minute)
            if ratelimit.take(limit) is not None:
                context = login_view.__self__.each_context(request)
                response = render(request, "admin/sign_in_limited.html", context, status=429)
                response["Retry-After"] = "60"
                return response
        return login_view(request, *args, **kwargs)

    return view


def _record_sign_in(sender, request, user, **kwargs):
    audit.record(actor=user, action="auth.sign_in", obj=user, unit=None)


def _record_sign_out(sender, request, user, **kwargs):
    if user is not None:
        audit.record(actor=user, action="auth.sign_out", obj=user, unit=None)


def connect() -> None:
    user_logged_in.connect(_record_sign_in, dispatch_uid="portal-sign-in")
    user_logged_out.connect(_record_sign_out, dispatch_uid="portal-sign-out")
