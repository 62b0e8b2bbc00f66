"""Mail cannot stall the site: real SMTP servers on loopback that refuse, hang or work.

Every e-mail goes through portal.mail (an outbox row, then a Celery task, inline here as on a site
without Redis): whatever the mail server does the citizen gets the success page, and the mail arrives
once the server works, exactly once.
"""

from __future__ import annotations

import email
import email.policy
import logging
import re
import socket
import threading
import time
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.core import signing
from django.utils import timezone

from citizen_qa import services as qa_services
from citizen_qa.enums import DisplayMode
from citizen_qa.enums import QuestionState as S
from citizen_qa.models import Question
from consultations.models import Comment
from portal import mail
from portal.models import OutgoingMail

from ..factories.citizen_qa import FieldFactory, RoutingRuleFactory
from ..factories.consultations import DraftFactory
from ..factories.subsites import member

pytestmark = pytest.mark.django_db(transaction=True)

ASKER_EMAIL = "sophia.lam@example.com"


class SmtpServer:
    """A real SMTP server on a free loopback port.

    works: stores every message; refuses: greets with 554 and hangs up; hangs: accepts the connection
    and never says a word (until the test ends).
    """

    def __init__(self, mode: str):
        self.mode = mode
        self.messages: list[tuple[list[str], email.message.EmailMessage]] = []
        self._sock = socket.create_server(("127.0.0.1", 0))
        self.port = self._sock.getsockname()[1]
        self._open: list[socket.socket] = []
        threading.Thread(target=self._serve, daemon=True).start()

    def close(self) -> None:
        self._sock.close()
        for conn in self._open:
            conn.close()

    def _serve(self) -> None:
        while True:
            try:
                conn, _address = self._sock.accept()
            except OSError:
                return
            self._open.append(conn)
            threading.Thread(target=self._session, args=(conn,), daemon=True).start()

    def _session(self, conn: socket.socket) -> None:
        if self.mode == "hangs":
            return
        if self.mode == "refuses":
            conn.sendall(b"554 5.3.2 no service here\r\n")
            conn.close()
            return
        try:
            self._converse(conn, conn.makefile("rb"))
        except OSError:
            pass
        finally:
            conn.close()

    def _converse(self, conn: socket.socket, lines) -> None:
        conn.sendall(b"220 smtp.test ESMTP\r\n")
        recipients: list[str] = []
        for raw in lines:
            verb = raw[:4].upper()
            if verb == b"EHLO":
                conn.sendall(b"250-smtp.test\r\n250 8BITMIME\r\n")
            elif verb == b"RCPT":
                recipients.append(re.search(rb"<([^>]*)>", raw).group(1).decode())
                conn.sendall(b"250 OK\r\n")
            elif verb == b"DATA":
                conn.sendall(b"354 end with .\r\n")
                self.messages.append((recipients, self._message(lines)))
                recipients = []
                conn.sendall(b"250 queued\r\n")
            elif verb == b"QUIT":
                conn.sendall(b"221 bye\r\n")
                return
            else:  # HELO, MAIL, RSET, NOOP
                conn.sendall(b"250 OK\r\n")

    @staticmethod
    def _message(lines) -> email.message.EmailMessage:
        data = []
        for raw in lines:
            if raw == b".\r\n":
                break
            data.append(raw[1:] if raw.startswith(b"..") else raw)
        return email.message_from_bytes(b"".join(data), policy=email.policy.default)


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def smtp(settings):
    """smtp(mode) → a running server (or, for "closed", a port nobody listens on) the site now uses."""
    servers: list[SmtpServer] = []

    def use(mode: str):
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST = "127.0.0.1"
        settings.EMAIL_TIMEOUT = 1
        if mode == "closed":
            settings.EMAIL_PORT = _closed_port()
            return None
        server = SmtpServer(mode)
        servers.append(server)
        settings.EMAIL_PORT = server.port
        return server

    yield use
    for server in servers:
        server.close()


@pytest.fixture(autouse=True)
def _generous_limits(settings):
    settings.PORTAL_RATE_LIMIT_PER_IP = 100
    settings.PORTAL_CAPTCHA_AFTER = 100


def _started() -> str:
    return signing.dumps(time.time() - 60, salt="portal.public_forms.started")


def _ask(client, field):
    return client.post(
        "/vi/hoi-dap/dat-cau-hoi/",
        {
            "field": field.pk,
            "title": "Hồ sơ đăng ký hộ kinh doanh",
            "body": "Tôi muốn đăng ký hộ kinh doanh bán tạp hóa thì cần giấy tờ gì?",
            "name": "Lâm Thị Sô Phia",
            "email": ASKER_EMAIL,
            "phone": "0939 111 222",
            "address": "Ấp Ô Chích A, xã Lương Hòa",
            "organization": "",
            "display_mode": DisplayMode.INITIALS,
            "display_name": "",
            "allow_publication": "on",
            "consent": "on",
            "website": "",
            "started": _started(),
        },
        follow=True,
    )


@pytest.fixture
def field(unit_a):
    field = FieldFactory(slug="dat-dai", name_vi="Đất đai", name_en="Land")
    RoutingRuleFactory(field=field, unit=unit_a)
    return field


def _later(minutes: int):
    return timezone.now() + timedelta(minutes=minutes)


@pytest.mark.parametrize("failure", ["closed", "refuses", "hangs"])
def test_the_citizen_gets_the_success_page_and_the_confirmation_arrives_later(client, smtp, field, failure):
    smtp(failure)
    began = time.monotonic()
    response = _ask(client, field)
    elapsed = time.monotonic() - began

    assert response.status_code == 200
    assert response.redirect_chain[-1][0].endswith("/hoi-dap/da-gui/")
    assert elapsed < 5, f"the form waited {elapsed:.1f} s for the mail server"
    question = Question.objects.get()
    owed = OutgoingMail.objects.get()
    assert owed.sent_at is None and owed.attempts == 1 and owed.last_error
    assert owed.next_attempt_at > timezone.now()

    # Weeks of a dead mail server: the asker never got the link, so the question is kept.
    assert qa_services.questions_delete_unconfirmed(now=_later(60 * 24 * 30)) == 0
    assert Question.objects.filter(pk=question.pk).exists()

    server = smtp("works")
    assert mail.sweep(now=_later(2)) == 1
    mail.sweep(now=_later(10))  # nothing left to send: no second copy
    assert len(server.messages) == 1
    recipients, message = server.messages[0]
    assert recipients == [ASKER_EMAIL]
    assert question.tracking_code in message["Subject"]
    assert "/hoi-dap/xac-nhan/" in message.get_body().get_content()
    assert OutgoingMail.objects.get().sent_at is not None
    # Once the link went out the usual limit applies again.
    assert qa_services.questions_delete_unconfirmed(now=_later(60 * 24 * 30)) == 1


def test_the_confirmation_is_sent_at_once_when_the_server_works(client, smtp, field):
    server = smtp("works")
    assert _ask(client, field).status_code == 200
    assert [recipients for recipients, _message in server.messages] == [[ASKER_EMAIL]]
    assert mail.sweep(now=_later(10)) == 0 and len(server.messages) == 1


def test_a_comment_on_a_draft_is_received_whatever_the_mail_server_does(client, smtp, unit_a):
    smtp("refuses")
    draft = DraftFactory(unit=unit_a, scheduled=True, text=True, title_vi="Dự thảo quy chế quản lý cổng")
    response = client.post(
        draft.get_absolute_url(),
        {
            "article": "",
            "text": "Đề nghị quy định rõ thời hạn trả lời.",
            "name": "Lê Văn Cường",
            "kind": "individual",
            "organization": "",
            "email": "cuong@mail.example",
            "phone": "0987 654 321",
            "website": "",
            "started": _started(),
            "consent": "on",
        },
        follow=True,
    )
    comment = Comment.objects.get()
    assert response.status_code == 200 and comment.reference in response.text

    server = smtp("works")
    assert mail.sweep(now=_later(2)) == 1
    recipients, message = server.messages[0]
    assert recipients == ["cuong@mail.example"]
    assert comment.token in message.get_body().get_content()


def test_answers_reach_the_asker_after_a_refused_attempt(smtp, main_portal, unit_a, field):
    """Every other e-mail (here the forwarding notice of a staff action) takes the same road."""
    smtp("refuses")
    question = qa_services.question_submit(
        unit=main_portal,
        field=field,
        title="Thủ tục chuyển mục đích sử dụng đất",
        body="Cần hồ sơ gì?",
        asker=qa_services.AskerData(name="Trần Thị Bình", email=ASKER_EMAIL, phone="", address=""),
        display_mode="initials",
        allow_publication=True,
        language="vi",
        confirm_url="http://testserver/vi/hoi-dap/xac-nhan/{token}/",
    )
    question = qa_services.question_confirm(token=qa_services.confirmation_token(question))
    editor = member(main_portal, "editor", username="portal_editor")
    question = qa_services.question_transition(question=question, to_state=S.ROUTING, acting_user=editor)
    qa_services.question_route(question=question, acting_user=editor)
    assert OutgoingMail.objects.filter(sent_at__isnull=True).count() == 2  # confirmation, forwarded

    server = smtp("works")
    assert mail.sweep(now=_later(2)) == 2
    subjects = [message["Subject"] for _recipients, message in server.messages]
    assert len(subjects) == 2 and all(question.tracking_code in s for s in subjects)


def test_retries_back_off_and_a_mail_given_up_on_is_logged_not_lost(smtp, caplog):
    smtp("closed")
    with caplog.at_level(logging.WARNING, logger="portal.mail"):
        owed = mail.send(subject="Thư thử", body="Nội dung", to=["a@example.com"])  # tried at once
        owed.refresh_from_db()
        now, delays = owed.next_attempt_at, [60]
        while delay := mail.deliver(owed.pk, now=now):
            delays.append(delay)
            now += timedelta(seconds=delay)
    assert delays[:7] == [60, 120, 240, 480, 960, 1920, 3600]
    assert max(delays) == 3600 and len(delays) == mail.MAX_ATTEMPTS - 1  # the last one gave up
    owed.refresh_from_db()
    assert owed.sent_at is None and owed.next_attempt_at is None and owed.attempts == mail.MAX_ATTEMPTS
    assert any(r.levelno == logging.ERROR and "gave up" in r.getMessage() for r in caplog.records)


def test_the_smtp_wait_is_bounded_by_default():
    assert 0 < settings.EMAIL_TIMEOUT <= 30


SENDERS = re.compile(
    r"\b(send_mail|send_mass_mail|mail_admins|mail_managers|EmailMessage|EmailMultiAlternatives)\b"
)


def test_no_app_sends_mail_but_the_kernel():
    base = Path(settings.BASE_DIR)
    offenders = []
    for app in settings.PROJECT_APPS:
        for path in (base / app).rglob("*.py"):
            if path.name != "mail.py" and "migrations" not in path.parts and SENDERS.search(path.read_text()):
                offenders.append(str(path.relative_to(base)))
    assert not offenders, f"send e-mail through portal.mail.send: {offenders}"


@contextmanager
def celery_worker():
    """A real Celery worker (solo pool, in a thread) on the in-memory broker: tasks are queued, not inline."""
    from celery.contrib.testing.worker import start_worker

    from config.celery import app

    app.conf.task_always_eager = False
    try:
        with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=30):
            yield
    finally:
        app.conf.task_always_eager = True


def _wait_for(condition, seconds: float = 20):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    pytest.fail("the worker did not get there in time")


@pytest.mark.servers
def test_with_a_worker_the_form_never_waits_for_the_mail_server(client, smtp, field, settings):
    smtp("hangs")
    settings.EMAIL_TIMEOUT = 3
    with celery_worker():
        began = time.monotonic()
        response = _ask(client, field)
        assert response.status_code == 200 and time.monotonic() - began < settings.EMAIL_TIMEOUT
        # The worker is the one kept waiting; it gives up at the timeout and plans the retry.
        _wait_for(lambda: OutgoingMail.objects.filter(attempts=1).exists())
        server = smtp("works")
        _ask(client, field)  # the next one leaves at once (the first waits for its retry)
        _wait_for(lambda: len(server.messages) == 1)
    assert server.messages[0][0] == [ASKER_EMAIL]


def test_the_sweep_forgets_sent_mail_after_a_month_and_keeps_what_is_owed(smtp):
    server = smtp("works")
    old_sent, recent_sent = (mail.send(subject=s, body="…", to=["a@example.com"]) for s in ("cũ", "mới"))
    owed = OutgoingMail.objects.create(subject="chưa gửi", body="…", recipients=["b@example.com"])
    OutgoingMail.objects.filter(pk=old_sent.pk).update(sent_at=timezone.now() - timedelta(days=31))
    OutgoingMail.objects.filter(pk=owed.pk).update(created_at=timezone.now() - timedelta(days=90))
    mail.sweep()
    assert set(OutgoingMail.objects.values_list("pk", flat=True)) == {recent_sent.pk, owed.pk}
    assert len(server.messages) == 2


def test_beat_sends_what_is_owed_every_minute():
    from config.celery import app
    from portal import tasks

    app.loader.import_default_modules()
    assert tasks.BEAT_SCHEDULE["portal-send-pending-mail"]["schedule"] <= 60
    for entry in tasks.BEAT_SCHEDULE.values():
        assert entry["task"] in app.tasks
