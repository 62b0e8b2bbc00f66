"""Staff sign-in: lockout after repeated failures, optional TOTP, every sign-in recorded."""

import re

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


PROXY = "127.0.0.1"  # nginx on the same machine, as in the README's deployment


def _via_proxy(client, username, password, visitor, **extra):
    """A sign-in that came through the proxy: it appends the visitor's address to X-Forwarded-For."""
    return client.post(
        LOGIN,
        {"username": username, "password": password, **extra},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=visitor,
    )


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


def test_failures_lock_one_account_from_one_address_not_every_staff_member(
    client, editor_a, approver_a, settings
):
    """Behind nginx every request comes from 127.0.0.1: a lock by address locked every staff member out."""
    settings.PORTAL_TRUSTED_PROXIES = 1
    client.cookies["django_language"] = "en"
    for i in range(settings.AXES_FAILURE_LIMIT):
        # The attacker invents a first hop each time; the proxy appends the real address.
        _via_proxy(client, "editor_a", "wrong-password", f"10.0.0.{i}, 198.51.100.66")
    locked = _via_proxy(client, "editor_a", PASSWORD, "198.51.100.66")
    assert locked.status_code == 429
    assert "Too many failed sign-ins for this account from your address" in locked.text
    assert _via_proxy(client, "approver_a", PASSWORD, "198.51.100.66").status_code == 302
    client.logout()
    assert _via_proxy(client, "editor_a", PASSWORD, "203.0.113.5").status_code == 302
    assert AccessAttempt.objects.get(username="editor_a").ip_address == "198.51.100.66"


def test_sign_in_posts_are_limited_per_client_address(client, editor_a, settings):
    settings.PORTAL_TRUSTED_PROXIES = 1
    settings.PORTAL_SIGN_IN_PER_MINUTE = 3
    settings.AXES_FAILURE_LIMIT = 100
    statuses = [
        _via_proxy(client, f"nobody{i}", "wrong-password", f"10.1.1.{i}, 198.51.100.77").status_code
        for i in range(4)
    ]
    assert statuses == [200, 200, 200, 429]
    client.cookies["django_language"] = "en"
    limited = _via_proxy(client, "editor_a", PASSWORD, "198.51.100.77")
    assert limited.status_code == 429
    assert "Too many sign-in attempts from your address in the last minute" in limited.text
    assert limited["Retry-After"] == "60"
    client.cookies["django_language"] = "vi"
    vietnamese = _via_proxy(client, "editor_a", PASSWORD, "198.51.100.77")
    assert vietnamese.status_code == 429 and "Quá nhiều lần đăng nhập" in vietnamese.text
    # Another visitor behind the same proxy is not held back.
    assert _via_proxy(client, "editor_a", PASSWORD, "203.0.113.9").status_code == 302


def _page(response) -> str:
    """The sign-in page without what differs on every render (the CSRF token)."""
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.text)


@pytest.mark.parametrize("code", ["", "123456"])
def test_a_right_password_is_not_told_apart_from_a_wrong_one(client, editor_a, code):
    """With a device, a right password and a missing or wrong code answers exactly like a wrong password."""
    _device(editor_a)
    wrong = _post(client, "editor_a", "wrong-password", otp_token=code)
    right = _post(client, "editor_a", PASSWORD, otp_token=code)
    assert wrong.status_code == right.status_code == 200
    assert _page(wrong) == _page(right)
    assert PASSWORD not in right.text
    assert 'name="otp_token"' in right.text  # the code is asked for on the first form, for everyone


def test_a_wrong_code_counts_towards_the_lockout(client, editor_a, settings):
    device = _device(editor_a)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _post(client, "editor_a", PASSWORD, otp_token="000000")
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    assert _post(client, "editor_a", PASSWORD, otp_token=f"{totp.token():06d}").status_code == 429
