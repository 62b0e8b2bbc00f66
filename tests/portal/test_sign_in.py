"""Staff sign-in: lockout after repeated failures, optional TOTP, every sign-in recorded."""

import pytest
from axes.models import AccessAttempt
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from portal.models import AuditEntry

from ..factories.subsites import PASSWORD

pytestmark = pytest.mark.django_db
LOGIN = "/admin/login/?next=/admin/"


def _post(client, username, password, **extra):
    return client.post(LOGIN, {"username": username, "password": password, **extra})


def test_sign_in_is_recorded(client, editor_a):
    response = _post(client, "editor_a", PASSWORD)
    assert response.status_code == 302
    assert AuditEntry.objects.filter(action="auth.sign_in", actor=editor_a).exists()


def test_lockout_after_repeated_failures(client, editor_a, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _post(client, "editor_a", "wrong-password")
    locked = _post(client, "editor_a", PASSWORD)
    assert locked.status_code == 429
    assert AccessAttempt.objects.filter(username="editor_a").exists()
    assert not AuditEntry.objects.filter(action="auth.sign_in").exists()


def _device(user):
    return TOTPDevice.objects.create(user=user, name="phone", confirmed=True)


def test_staff_with_a_device_must_give_the_code(client, editor_a):
    device = _device(editor_a)
    without = _post(client, "editor_a", PASSWORD)
    assert without.status_code == 200
    assert without.context["form"].errors["__all__"]  # the missing code is named
    assert 'name="otp_token"' in without.text
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    with_code = _post(client, "editor_a", PASSWORD, otp_token=f"{totp.token():06d}")
    assert with_code.status_code == 302


def test_staff_without_a_device_signs_in_with_password(client, editor_a):
    assert _post(client, "editor_a", PASSWORD).status_code == 302


def test_short_passwords_are_refused(editor_a):
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        validate_password("ngan123", user=editor_a)
