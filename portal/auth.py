"""Staff sign-in: password, then a TOTP code for staff who have set up a device (django-otp).

Two-factor is optional per person: a user with a confirmed device must give the code; others sign in
with their password alone. Repeated failures lock the account and address (django-axes); every
sign-in and sign-out is written to the audit trail.
"""

from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.signals import user_logged_in, user_logged_out
from django.utils.translation import gettext_lazy as _
from django_otp import user_has_device
from django_otp.forms import OTPAuthenticationFormMixin

from . import audit


class StaffLoginForm(OTPAuthenticationFormMixin, AdminAuthenticationForm):
    otp_error_messages = {
        **OTPAuthenticationFormMixin.otp_error_messages,
        "token_required": _("Enter the 6-digit code from your authenticator app."),
        "invalid_token": _("The code is wrong or has expired. Try the current code."),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from django import forms

        self.fields["otp_token"] = forms.CharField(
            required=False,
            label=_("Authenticator code (if you set up two-factor sign-in)"),
            widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
        )
        self.fields["otp_device"] = forms.CharField(required=False, widget=forms.HiddenInput)
        self.fields["otp_challenge"] = forms.CharField(required=False, widget=forms.HiddenInput)

    def _chosen_device(self, user):
        # One device per person is the rule here: use it without asking which.
        from django_otp import devices_for_user

        return super()._chosen_device(user) or next(devices_for_user(user, confirmed=True), None)

    def clean(self):
        cleaned = super().clean()
        user = self.get_user()
        if user is not None and user_has_device(user, confirmed=True):
            self.clean_otp(user)
        return cleaned


def _record_sign_in(sender, request, user, **kwargs):
    audit.record(actor=user, action="auth.sign_in", obj=user, unit=None)


def _record_sign_out(sender, request, user, **kwargs):
    if user is not None:
        audit.record(actor=user, action="auth.sign_out", obj=user, unit=None)


def connect() -> None:
    user_logged_in.connect(_record_sign_in, dispatch_uid="portal-sign-in")
    user_logged_out.connect(_record_sign_out, dispatch_uid="portal-sign-out")
