"""Personal data in the question or the answer stops publication until the approver confirms."""

import pytest

from citizen_qa import services
from citizen_qa.enums import QuestionState as S
from citizen_qa.personal_data import find_in_text

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Liên hệ 0912 345 678 để biết thêm", "phone"),
        ("Gọi 0294.3862.000 giờ hành chính", "phone"),
        ("số +84912345678", "phone"),
        ("Email: an.nguyen@gmail.com nhé", "email"),
        ("CMND số 331234567 cấp năm 2010", "id_number"),
        ("CCCD 084201001234", "id_number"),
    ],
)
def test_finds_each_kind(text, kind):
    assert [f.kind for f in find_in_text(text, "answer")] == [kind]


@pytest.mark.parametrize(
    "text",
    [
        "Theo Quyết định số 1762/QĐ-UBND ngày 12/5/2022",
        "Nghị định 42/2022/NĐ-CP, Điều 17 khoản 1",
        "Lệ phí 100.000 đồng; năm 2026; 15 ngày làm việc",
        "Liên hệ bộ phận một cửa của Sở",
    ],
)
def test_ordinary_administrative_text_is_not_flagged(text):
    assert find_in_text(text, "answer") == []


def test_the_askers_own_name_and_address_are_flagged():
    found = find_in_text(
        "Gửi bà Trần Thị Bình, ấp Long Bình", "answer", ["Trần Thị Bình", "ấp Long Bình, xã Long Đức"]
    )
    assert [f.kind for f in found] == ["asker"]


def test_approver_is_warned_and_must_confirm(advance, editor_a, approver_a):
    question = advance(S.IN_PROGRESS)
    services.answer_save(
        question=question,
        body={"vi": "<p>Bà Trần Thị Bình liên hệ 0987 654 321 hoặc gửi CCCD 084201001234.</p>"},
        answered_by={"vi": "Sở Tài nguyên và Môi trường"},
        acting_user=editor_a,
    )
    question = services.answer_submit_for_review(question=question, acting_user=editor_a)
    with pytest.raises(services.PersonalDataFound) as caught:
        services.answer_approve_and_publish(question=question, acting_user=approver_a)
    kinds = {f.kind for f in caught.value.findings}
    assert {"phone", "id_number", "asker"} <= kinds
    question.refresh_from_db()
    assert question.state == S.ANSWER_REVIEW
    question = services.answer_approve_and_publish(
        question=question, acting_user=approver_a, acknowledge_personal_data=True
    )
    assert question.state == S.PUBLISHED


def test_clean_answer_publishes_without_confirmation(advance, approver_a):
    question = advance(S.ANSWER_REVIEW)
    assert services.personal_data_findings(question) == []
    assert services.answer_approve_and_publish(question=question, acting_user=approver_a).state == S.PUBLISHED
