"""Fixtures of the Q&A tests: portal editors, a field with a routing rule, questions moved by services."""

import pytest

from citizen_qa import services
from citizen_qa.enums import QuestionState as S
from subsites.enums import Role
from tests.factories.citizen_qa import FieldFactory, RoutingRuleFactory
from tests.factories.subsites import member


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """PBKDF2 costs half a second per test user; these tests create many."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def portal_editor(main_portal):
    return member(main_portal, Role.EDITOR, username="portal_editor")


@pytest.fixture
def portal_approver(main_portal):
    return member(main_portal, Role.APPROVER, username="portal_approver")


@pytest.fixture
def field_land(unit_a):
    field = FieldFactory(slug="dat-dai", name_vi="Đất đai", name_en="Land")
    RoutingRuleFactory(field=field, unit=unit_a)
    return field


@pytest.fixture
def submit(unit_b, field_land):
    """submit(**overrides) → an unconfirmed question received on unit B's site, through the service."""

    def make(**overrides):
        data = {
            "unit": unit_b,
            "field": field_land,
            "title": "Thủ tục chuyển mục đích sử dụng đất",
            "body": "Gia đình tôi muốn chuyển đất vườn sang đất ở thì cần hồ sơ gì?",
            "asker": services.AskerData(
                name="Trần Thị Bình",
                email="binh.tran@example.com",
                phone="0987654321",
                address="Ấp Long Bình, xã Long Đức, thành phố Trà Vinh",
            ),
            "display_mode": "initials",
            "allow_publication": True,
            "language": "vi",
            "confirm_url": "http://testserver/vi/hoi-dap/xac-nhan/{token}/",
        }
        data.update(overrides)
        return services.question_submit(**data)

    return make


@pytest.fixture
def advance(portal_editor, editor_a, approver_a, submit):
    """advance(state) → a question brought to `state` through the services, as the right people."""

    def to(state: str, **submit_overrides):
        q = submit(**submit_overrides)
        if state == S.UNCONFIRMED:
            return q
        q = services.question_confirm(token=services.confirmation_token(q))
        if state == S.SCREENING:
            return q
        q = services.question_transition(question=q, to_state=S.ROUTING, acting_user=portal_editor)
        if state == S.ROUTING:
            return q
        q = services.question_route(question=q, acting_user=portal_editor)
        if state == S.ASSIGNED:
            return q
        if state == S.EXTENDED:
            return services.question_extend_deadline(
                question=q, working_days=5, reason="Cần lấy ý kiến sở ngành", acting_user=approver_a
            )
        q = services.question_transition(question=q, to_state=S.IN_PROGRESS, acting_user=editor_a)
        if state == S.IN_PROGRESS:
            return q
        if state == S.CLARIFICATION:
            return services.question_transition(
                question=q, to_state=S.CLARIFICATION, acting_user=editor_a, reason="Cho biết số thửa đất"
            )
        services.answer_save(
            question=q,
            body={"vi": "<p>Hồ sơ gồm đơn đăng ký và giấy chứng nhận quyền sử dụng đất.</p>"},
            answered_by={"vi": "Sở Tài nguyên và Môi trường"},
            acting_user=editor_a,
        )
        q = services.answer_submit_for_review(question=q, acting_user=editor_a)
        if state == S.ANSWER_REVIEW:
            return q
        q = services.answer_approve_and_publish(question=q, acting_user=approver_a, publish=False)
        if state == S.ANSWERED:
            return q
        q = services.question_publish(question=q, acting_user=approver_a)
        assert q.state == state
        return q

    return to
