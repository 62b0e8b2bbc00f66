"""Issue 17: the approver reads what they approve, every role reads the whole history, a step that moves
the question out of the list lands on the list, and the list's headings say what each column is."""

import re

import pytest
from django.utils import translation

from citizen_qa import services
from citizen_qa.enums import QuestionState as S
from citizen_qa.models import QuestionEvent
from subsites.enums import Role
from tests.factories.subsites import member

pytestmark = pytest.mark.django_db

ANSWER = "Hồ sơ gồm đơn đăng ký và giấy chứng nhận quyền sử dụng đất."


def _change(question, model="question"):
    return f"/admin/citizen_qa/{model}/{question.pk}/change/"


def _transition(question, model="question"):
    return f"/admin/citizen_qa/{model}/{question.pk}/transition/"


def _textarea(page: str, name: str) -> str:
    found = re.search(rf'<textarea name="{name}"[^>]*>\n?(.*?)</textarea>', page, re.S)
    assert found, f"no textarea {name}"
    return found.group(1)


def _headings(html: str) -> list[str]:
    """Column headings as read, without the sort priority number Django puts before a sorted one."""
    cells = re.findall(r"<th[^>]*>(.*?)</th>", html, re.S)
    texts = [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", c)).strip() for c in cells]
    return [re.sub(r"^\d+ ", "", t) for t in texts if t]


def _history_rows(page: str) -> int:
    group = page.split('id="events-group"', 1)[1].split("</fieldset>", 1)[0]
    return group.count('class="form-row')


def test_the_approver_reads_the_stored_answer_and_the_version_approved(client, advance, approver_a):
    question = advance(S.ANSWER_REVIEW)
    client.force_login(approver_a)
    page = client.get(_change(question, "inboxquestion")).content.decode()
    # The answer box holds the stored answer, and the review panel shows it as it will be published.
    assert ANSWER in _textarea(page, "answer-0-body_vi")
    panel = page.split('class="qa-stored-answer"', 1)[1].split("</section>", 1)[0]
    assert ANSWER in panel and "Sở Tài nguyên và Môi trường" in panel
    version = question.answer.version
    assert f'name="answer_version" value="{version}"' in page


def test_an_answer_changed_after_the_page_was_read_is_not_approved(client, advance, editor_a, approver_a):
    question = advance(S.ANSWER_REVIEW)
    client.force_login(approver_a)
    page = client.get(_change(question)).content.decode()
    read = re.search(r'name="answer_version" value="([^"]+)"', page).group(1)
    services.answer_save(
        question=question,
        body={"vi": "<p>Một câu trả lời khác, lưu sau khi người duyệt đã mở trang.</p>"},
        answered_by={"vi": "Sở Tư pháp"},
        acting_user=editor_a,
    )
    response = client.post(
        _transition(question), {"to_state": S.ANSWERED, "answer_version": read}, follow=True
    )
    question.refresh_from_db()
    assert question.state == S.ANSWER_REVIEW
    notes = [(m.level_tag, str(m)) for m in response.context["messages"]]
    stale = "Câu trả lời đã được sửa sau khi bạn mở trang: hãy đọc bản mới rồi mới duyệt."
    assert notes == [("error", stale)]
    fresh = re.search(r'name="answer_version" value="([^"]+)"', response.content.decode()).group(1)
    client.post(_transition(question), {"to_state": S.ANSWERED, "answer_version": fresh})
    question.refresh_from_db()
    assert question.state == S.PUBLISHED
    approval = question.events.get(to_state=S.ANSWERED)
    assert approval.details["answer_version"] == fresh


@pytest.mark.parametrize("role", ["editor", "approver", "translator", "unit_admin", "board", "receiving"])
def test_every_role_reads_the_whole_history(client, advance, role, unit_a, unit_b, board):
    question = advance(S.ANSWER_REVIEW)
    users = {
        "editor": lambda: member(unit_a, Role.EDITOR),
        "approver": lambda: member(unit_a, Role.APPROVER),
        "translator": lambda: member(unit_a, Role.TRANSLATOR, language="km"),
        "unit_admin": lambda: member(unit_a, Role.UNIT_ADMIN),
        "board": lambda: board,
        "receiving": lambda: member(unit_b, Role.EDITOR),
    }
    client.force_login(users[role]())
    page = client.get(_change(question)).content.decode()
    events = QuestionEvent.objects.filter(question=question)
    assert events.count() >= 6
    assert _history_rows(page) == events.count()
    assert "portal_editor" in page.split('id="events-group"', 1)[1]


def test_history_columns_name_states_not_dates(client, advance, approver_a):
    question = advance(S.ASSIGNED)
    client.force_login(approver_a)
    with translation.override("vi"):
        page = client.get(_change(question), HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    history = page.split('id="events-group"', 1)[1].split("</table>", 1)[0]
    headings = _headings(history)
    assert not any("ngày" in h.lower() for h in headings), headings
    assert "Từ trạng thái" in headings and "Sang trạng thái" in headings


@pytest.mark.parametrize("model", ["question", "inboxquestion"])
def test_list_headings_are_distinct(client, advance, approver_a, model):
    advance(S.IN_PROGRESS)
    client.force_login(approver_a)
    page = client.get(f"/admin/citizen_qa/{model}/", HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    thead = page.split("<thead>", 1)[1].split("</thead>", 1)[0]
    headings = _headings(thead)
    assert len(headings) == len(set(headings)), headings
    assert "Hạn trả lời" in headings and "Tình trạng hạn" in headings


def test_a_closed_question_is_not_called_expired(client, advance, approver_a):
    question = advance(S.ANSWERED)
    services.question_transition(question=question, to_state=S.CLOSED, acting_user=approver_a, reason="Xong")
    client.force_login(approver_a)
    page = client.get(_change(question), HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    assert "Đã đóng" in page and "Đã hết hạn" not in page


@pytest.mark.parametrize(
    ("model", "who", "state", "post"),
    [
        ("queuedquestion", "portal_editor", S.SCREENING, {"to_state": S.ROUTING}),
        ("inboxquestion", "editor_a", S.ASSIGNED, {"to_state": S.ROUTING, "reason": "Không đúng thẩm quyền"}),
        ("queuedquestion", "portal_editor", S.ROUTING, {"to_state": S.ASSIGNED, "forward_to": "unit_a"}),
    ],
    ids=["accept", "return", "forward"],
)
def test_a_step_that_moves_the_question_out_lands_on_the_list(
    client, advance, request, model, who, state, post
):
    question = advance(state)
    client.force_login(request.getfixturevalue(who))
    if post.get("forward_to") == "unit_a":
        post = {**post, "forward_to": request.getfixturevalue("unit_a").pk}
    response = client.post(_transition(question, model), post, follow=True)
    assert response.redirect_chain[-1][0] == f"/admin/citizen_qa/{model}/"
    notes = [(m.level_tag, str(m)) for m in response.context["messages"]]
    assert [level for level, _text in notes] == ["success"], notes
    page = response.content.decode()
    assert "messagelist" in page and 'class="warning"' not in page


def test_a_step_that_keeps_the_question_stays_on_it(client, advance, editor_a):
    question = advance(S.ASSIGNED)
    client.force_login(editor_a)
    response = client.post(_transition(question, "inboxquestion"), {"to_state": S.IN_PROGRESS}, follow=True)
    assert response.redirect_chain[-1][0] == _change(question, "inboxquestion")
