"""Issue 18 item 14 and issue 17's roles: the asker's contact data and files reach only the editors and
approvers of the receiving and the competent unit; and e-mail to an unconfirmed address quotes nothing
its sender wrote (issue 18 item 4)."""

import re

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile

from citizen_qa import permissions
from citizen_qa.enums import QuestionState as S
from subsites.enums import Role
from tests.factories.subsites import UnitFactory, board_member, member

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
# What the `submit` fixture's asker typed (tests/citizen_qa/conftest.py), and the file they sent.
ASKER_DATA = ("Trần Thị Bình", "binh.tran@example.com", "0987654321", "Ấp Long Bình", "so-do-thua-dat.pdf")


@pytest.fixture
def question(advance, settings, tmp_path):
    """Received on unit B's site, forwarded to unit A (the competent unit), with the asker's file."""
    settings.MEDIA_ROOT = tmp_path
    upload = SimpleUploadedFile("so-do-thua-dat.pdf", PDF, content_type="application/pdf")
    return advance(S.IN_PROGRESS, attachments=[upload])


def _pages(client, question) -> str:
    pages = [
        f"/admin/citizen_qa/question/{question.pk}/change/",
        f"/admin/citizen_qa/inboxquestion/{question.pk}/change/",
        "/admin/citizen_qa/question/",
        "/admin/citizen_qa/inboxquestion/",
    ]
    return "\n".join(client.get(url).content.decode() for url in pages)


def _attachment(client, question):
    attachment = question.attachments.get()
    return client.get(f"/admin/citizen_qa/question/{question.pk}/attachment/{attachment.pk}/")


PEOPLE = {
    "translator": lambda a, b: member(a, Role.TRANSLATOR, language="km"),
    "unit admin": lambda a, b: member(a, Role.UNIT_ADMIN),
    "board": lambda a, b: board_member(),
    "editor of another unit": lambda a, b: member(UnitFactory(key="sonv"), Role.EDITOR),
    "translator of the receiving unit": lambda a, b: member(b, Role.TRANSLATOR, language="en"),
}


@pytest.mark.parametrize("who", list(PEOPLE))
def test_who_does_not_handle_the_question_sees_no_asker(client, question, unit_a, unit_b, who):
    user = PEOPLE[who](unit_a, unit_b)
    client.force_login(user)
    html = _pages(client, question)
    for secret in ASKER_DATA:
        assert secret not in html, f"{who} reads {secret}"
    assert "/attachment/" not in html
    assert _attachment(client, question).status_code == 404
    # Searching by the e-mail must not tell whether that person asked.
    found = client.get("/admin/citizen_qa/question/", {"q": "binh.tran@example.com"}).content.decode()
    assert question.tracking_code not in found
    assert not permissions.user_may_see_asker(user, question)


@pytest.mark.parametrize(
    "who",
    [
        lambda a, b: member(a, Role.EDITOR),
        lambda a, b: member(a, Role.APPROVER),
        lambda a, b: member(b, Role.EDITOR),
        lambda a, b: member(b, Role.APPROVER),
    ],
    ids=["competent editor", "competent approver", "receiving editor", "receiving approver"],
)
def test_the_handling_units_editors_and_approvers_see_the_asker(client, question, unit_a, unit_b, who):
    user = who(unit_a, unit_b)
    client.force_login(user)
    page = client.get(f"/admin/citizen_qa/question/{question.pk}/change/").content.decode()
    for secret in ASKER_DATA:
        assert secret in page
    response = _attachment(client, question)
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
    found = client.get("/admin/citizen_qa/question/", {"q": "binh.tran@example.com"}).content.decode()
    assert question.tracking_code in found


HOSTILE_TITLE = "Xác minh hồ sơ thuế của bạn tại https://evil.example/thue ngay hôm nay"


def test_the_confirmation_mail_quotes_nothing_the_sender_wrote(submit, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        question = submit(
            title=HOSTILE_TITLE,
            body="Bấm vào www.evil.example/login để nhận hoàn thuế",
            language="vi",
        )
    (message,) = mail.outbox
    assert message.to == ["binh.tran@example.com"]
    sent = f"{message.subject}\n{message.body}"
    for written in ("evil.example", "Xác minh hồ sơ thuế", "hoàn thuế", "Trần Thị Bình"):
        assert written not in sent
    assert question.tracking_code in message.body
    # The only address in the mail is the confirmation link of the portal itself.
    assert re.findall(r"(?:https?://|www\.)\S+", sent) == [
        re.search(r"http://testserver/vi/hoi-dap/xac-nhan/\S+/", message.body).group(0)
    ]
