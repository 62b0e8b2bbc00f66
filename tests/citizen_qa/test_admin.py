"""The admin: the portal editors' queue, each unit's inbox, scoping by both units, transition buttons."""

import pytest

from citizen_qa import services
from citizen_qa.enums import QuestionState as S
from subsites.enums import Role
from tests.factories.subsites import UnitFactory, member

pytestmark = pytest.mark.django_db


def _change(question):
    return f"/admin/citizen_qa/question/{question.pk}/change/"


def _transition(question):
    return f"/admin/citizen_qa/question/{question.pk}/transition/"


def test_queue_is_the_portal_editors(client, advance, portal_editor, editor_a):
    question = advance(S.SCREENING)
    client.force_login(portal_editor)
    assert question.tracking_code in client.get("/admin/citizen_qa/queuedquestion/").content.decode()
    client.force_login(editor_a)
    assert client.get("/admin/citizen_qa/queuedquestion/").status_code == 403


def test_inbox_scoped_by_the_competent_unit(client, advance, editor_a, unit_b):
    question = advance(S.IN_PROGRESS)
    client.force_login(editor_a)
    assert question.tracking_code in client.get("/admin/citizen_qa/inboxquestion/").content.decode()
    receiving = member(unit_b, Role.EDITOR)
    client.force_login(receiving)
    assert question.tracking_code not in client.get("/admin/citizen_qa/inboxquestion/").content.decode()
    # The receiving unit still sees the question asked on its site, read-only.
    assert question.tracking_code in client.get("/admin/citizen_qa/question/").content.decode()
    assert client.get(_change(question)).status_code == 200
    outsider = member(UnitFactory(key="sonv"), Role.APPROVER)
    client.force_login(outsider)
    assert question.tracking_code not in client.get("/admin/citizen_qa/question/").content.decode()
    assert client.get(_change(question)).status_code in {302, 404}
    assert client.post(_transition(question), {"to_state": S.ANSWER_REVIEW}).status_code == 404


def test_buttons_call_the_service(client, advance, portal_editor, editor_a, unit_a):
    question = advance(S.SCREENING)
    client.force_login(editor_a)
    client.post(_transition(question), {"to_state": S.ROUTING})
    question.refresh_from_db()
    assert question.state == S.SCREENING  # not the unit's step: refused with a message
    client.force_login(portal_editor)
    page = client.get(_change(question)).content.decode()
    assert f'value="{S.ROUTING}"' in page and f'value="{S.REJECTED}"' in page
    client.post(_transition(question), {"to_state": S.ROUTING})
    question.refresh_from_db()
    assert question.state == S.ASSIGNED and question.forwarded_to == unit_a
    page = client.get(_change(question)).content.decode()
    assert "portal_editor" in page  # the history, read-only on the question


def test_return_without_reason_is_refused_with_a_message(client, advance, editor_a):
    question = advance(S.ASSIGNED)
    client.force_login(editor_a)
    response = client.post(_transition(question), {"to_state": S.ROUTING, "reason": ""}, follow=True)
    question.refresh_from_db()
    assert question.state == S.ASSIGNED
    assert "reason" in response.content.decode().lower()


def test_approver_sees_the_personal_data_warning_and_confirms(client, advance, editor_a, approver_a):
    question = advance(S.IN_PROGRESS)
    services.answer_save(
        question=question,
        body={"vi": "<p>Mời ông gọi 0912 345 678.</p>"},
        answered_by={"vi": "Sở Tư pháp"},
        acting_user=editor_a,
    )
    services.answer_submit_for_review(question=question, acting_user=editor_a)
    client.force_login(approver_a)
    page = client.get(_change(question)).content.decode()
    assert "0912 345 678" in page and 'name="acknowledge_personal_data"' in page
    version = question.answer.version
    client.post(_transition(question), {"to_state": S.ANSWERED, "answer_version": version})
    question.refresh_from_db()
    assert question.state == S.ANSWER_REVIEW
    client.post(
        _transition(question),
        {"to_state": S.ANSWERED, "answer_version": version, "acknowledge_personal_data": "1"},
    )
    question.refresh_from_db()
    assert question.state == S.PUBLISHED


def test_unit_editor_writes_the_answer_in_the_admin(client, advance, editor_a):
    question = advance(S.IN_PROGRESS)
    client.force_login(editor_a)
    page = client.get(_change(question))
    assert page.status_code == 200
    data = {
        "title": question.title,
        "body": question.body,
        "field": question.field_id,
        "visibility": question.visibility,
        "answer-TOTAL_FORMS": "1",
        "answer-INITIAL_FORMS": "0",
        "answer-MIN_NUM_FORMS": "0",
        "answer-MAX_NUM_FORMS": "1",
        "answer-0-body_vi": "<p>Hồ sơ nộp tại Trung tâm Phục vụ hành chính công.</p>",
        "answer-0-answered_by_vi": "Sở Tư pháp",
        "answer-0-question": question.pk,
        "events-TOTAL_FORMS": "0",
        "events-INITIAL_FORMS": "0",
        "events-MIN_NUM_FORMS": "0",
        "events-MAX_NUM_FORMS": "0",
    }
    response = client.post(_change(question), data)
    assert response.status_code == 302, response.context["errors"] if response.context else response
    question.refresh_from_db()
    assert "Trung tâm Phục vụ" in question.answer.body_vi


@pytest.mark.parametrize("deadline", ["", "on_time", "due_soon", "overdue", "very_overdue", "paused"])
def test_board_reads_every_list_with_the_deadline_filter(client, advance, board, deadline):
    question = advance(S.IN_PROGRESS)
    client.force_login(board)
    response = client.get("/admin/citizen_qa/question/", {"deadline": deadline} if deadline else {})
    assert response.status_code == 200
    assert (question.tracking_code in response.content.decode()) == (deadline in {"", "on_time"})
    assert client.get(_change(question)).status_code == 200
    assert client.get("/admin/citizen_qa/field/").status_code == 200


def test_fields_and_rules_are_the_portal_editors(client, portal_editor, editor_a, field_land):
    client.force_login(editor_a)
    assert client.get(f"/admin/citizen_qa/field/{field_land.pk}/change/").status_code == 403
    client.force_login(portal_editor)
    assert client.get(f"/admin/citizen_qa/field/{field_land.pk}/change/").status_code == 200
