"""portal.mail.send carries extra header lines (an alert's List-Unsubscribe) and refuses a line break."""

import pytest
from django.core import mail as outbox

from portal import mail
from portal.models import OutgoingMail

pytestmark = pytest.mark.django_db


def test_headers_leave_with_the_mail(settings, django_capture_on_commit_callbacks):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    headers = {
        "List-Unsubscribe": "<https://cong.example/huy/>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }
    with django_capture_on_commit_callbacks(execute=True):
        mail.send(subject="Tin mới", body="Nội dung", to=["a@mail.example"], headers=headers)
    (sent,) = outbox.outbox
    text = sent.message().as_string()
    assert "List-Unsubscribe: <https://cong.example/huy/>" in text
    assert "List-Unsubscribe-Post: List-Unsubscribe=One-Click" in text


@pytest.mark.parametrize("value", ["<https://x/>\r\nBcc: b@mail.example", "a\nb", "a\rb"])
def test_a_header_with_a_line_break_is_refused_and_nothing_is_written(value):
    with pytest.raises(ValueError):
        mail.send(subject="s", body="b", to=["a@mail.example"], headers={"List-Unsubscribe": value})
    assert not OutgoingMail.objects.exists()
