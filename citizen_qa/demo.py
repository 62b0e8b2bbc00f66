"""Demo Q&A: fields, routing rules and questions in several states, made through the services (idempotent)."""

from __future__ import annotations

from django.contrib.auth import get_user_model

from portal.services import SYSTEM
from subsites.demo import DEMO_PASSWORD
from subsites.enums import Role
from subsites.services import membership_grant

from . import services
from .enums import QuestionState as S
from .models import Field, Question, RoutingRule

# slug, (vi, en, km), competent unit key
FIELDS = [
    ("tu-phap-ho-tich", ("Tư pháp, hộ tịch", "Justice and civil status", "យុត្តិធម៌ និងអត្រានុកូលដ្ឋាន"), "stp"),
    ("dat-dai", ("Đất đai, môi trường", "Land and environment", "ដីធ្លី និងបរិស្ថាន"), "stnmt"),
    ("y-te", ("Y tế", "Health", "សុខាភិបាល"), "syt"),
    (
        "dang-ky-kinh-doanh",
        ("Đăng ký kinh doanh, đầu tư", "Business registration and investment", "ការចុះបញ្ជីអាជីវកម្ម"),
        "skhdt",
    ),
    (
        "lao-dong-viec-lam",
        ("Lao động, việc làm, bảo trợ xã hội", "Labour, jobs and social protection", "ការងារ និងការងារធ្វើ"),
        "sldtbxh",
    ),
    ("giao-duc", ("Giáo dục, đào tạo", "Education and training", "ការអប់រំ និងបណ្តុះបណ្តាល"), "sgddt"),
]

# key, receiving unit key (None: main portal), field, title, body, asker name, state to reach, answer (vi, en)
QUESTIONS = [
    (
        "demo-q1",
        None,
        "tu-phap-ho-tich",
        "Cấp phiếu lý lịch tư pháp cho người đang làm việc ở nước ngoài",
        "Con tôi đang làm việc tại Hàn Quốc, cần phiếu lý lịch tư pháp số 2. Tôi có thể làm thủ tục thay "
        "cho con tại Trà Vinh không, cần giấy tờ gì và mất bao lâu?",
        "Thạch Thị Sa Rươne",
        S.PUBLISHED,
        (
            "<p>Phiếu lý lịch tư pháp số 2 phải do chính người được cấp phiếu trực tiếp yêu cầu, không "
            "được ủy quyền (Luật Lý lịch tư pháp 2009, Điều 46). Người đang ở nước ngoài nộp hồ sơ qua "
            "Cơ quan đại diện Việt Nam hoặc trực tuyến trên Cổng dịch vụ công quốc gia.</p>"
            "<p>Thời hạn cấp phiếu không quá 10 ngày kể từ ngày nhận đủ hồ sơ hợp lệ.</p>",
            "<p>Criminal record certificate no. 2 must be requested by the person in person; it cannot be "
            "delegated. A person abroad applies through the Vietnamese mission or online on the National "
            "Public Service Portal. It is issued within 10 days of a complete application.</p>",
        ),
    ),
    (
        "demo-q2",
        "cauke",
        "dat-dai",
        "Chuyển mục đích sử dụng đất vườn sang đất ở",
        "Gia đình tôi có 500 m² đất trồng cây lâu năm liền kề đất ở tại huyện Cầu Kè. Muốn chuyển 100 m² "
        "sang đất ở để xây nhà cho con thì hồ sơ gồm những gì và nộp ở đâu?",
        "Nguyễn Văn Hoàng",
        S.PUBLISHED,
        (
            "<p>Hồ sơ gồm đơn đề nghị chuyển mục đích sử dụng đất và Giấy chứng nhận quyền sử dụng đất. "
            "Hộ gia đình, cá nhân nộp tại Bộ phận tiếp nhận và trả kết quả của UBND huyện. Việc chuyển "
            "mục đích phải phù hợp với kế hoạch sử dụng đất hằng năm của huyện đã được phê duyệt.</p>",
            "",
        ),
    ),
    (
        "demo-q3",
        "stp",
        "tu-phap-ho-tich",
        "Đăng ký khai sinh quá hạn cho con 7 tuổi",
        "Con tôi sinh năm 2019 nhưng chưa làm giấy khai sinh. Nay đăng ký khai sinh quá hạn có bị phạt "
        "không và cần những giấy tờ gì?",
        "Kim Sóc Phon",
        S.IN_PROGRESS,
        None,
    ),
    (
        "demo-q4",
        None,
        "y-te",
        "Thẻ bảo hiểm y tế cho người dân tộc thiểu số vùng đặc biệt khó khăn",
        "Tôi là người Khmer ở xã Hàm Giang, huyện Trà Cú. Năm nay có còn được cấp thẻ bảo hiểm y tế miễn "
        "phí không?",
        "Sơn Thị Mỹ",
        S.SCREENING,
        None,
    ),
    (
        "demo-q5",
        None,
        "dang-ky-kinh-doanh",
        "Mua bán xe máy cũ qua mạng",
        "Cho hỏi chỗ nào bán xe máy cũ giá rẻ ở Trà Vinh?",
        "Lê Minh Tú",
        S.REJECTED,
        None,
    ),
    (
        "demo-q6",
        "stp",
        "tu-phap-ho-tich",
        "Chứng thực bản sao từ bản chính giấy tờ tiếng nước ngoài",
        "Tôi có bằng tốt nghiệp do trường đại học ở Thái Lan cấp. Xin hỏi có thể chứng thực bản sao tại "
        "UBND xã không hay phải đến Phòng Tư pháp?",
        "Trần Quốc Bảo",
        S.EXTENDED,
        None,
    ),
]


def _users() -> dict:
    User = get_user_model()
    return {
        u.username: u
        for u in User.objects.filter(username__in=["bientap", "duyet", "stp-bientap", "stp-duyet"])
    }


def _fields(units: dict, editor) -> dict[str, Field]:
    fields = {}
    for order, (slug, names, unit_key) in enumerate(FIELDS):
        field = Field.objects.filter(slug=slug).first() or Field(slug=slug)
        field.name_vi, field.name_en, field.name_km = names
        field.order = order
        fields[slug] = services.field_save(field=field, acting_user=editor)
        if unit_key in units:
            rule = RoutingRule.objects.filter(field=field).first() or RoutingRule(field=field)
            rule.unit = units[unit_key]
            services.routing_rule_save(rule=rule, acting_user=editor)
    return fields


def _unit_staff(unit, role: str):
    """The competent unit's own editor or approver: a membership covers its own unit only, so the main
    portal's staff route questions but do not answer for a department."""

    suffix = "bientap" if role == Role.EDITOR else "duyet"
    user, created = get_user_model().objects.get_or_create(
        username=f"{unit.key}-{suffix}", defaults={"is_staff": True}
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save()
    membership_grant(user=user, unit=unit, role=role, acting_user=SYSTEM)
    return user


def _advance(question: Question, target: str, answer, users: dict) -> None:
    portal_editor = users["bientap"]
    question = services.question_confirm(token=services.confirmation_token(question))
    if target == S.SCREENING:
        return
    if target == S.REJECTED:
        services.question_reject(
            question=question,
            acting_user=portal_editor,
            reason="Câu hỏi về mua bán cá nhân, không thuộc phạm vi trả lời của cơ quan nhà nước.",
        )
        return
    question = services.question_accept(question=question, acting_user=portal_editor)
    editor = _unit_staff(question.forwarded_to, Role.EDITOR)
    approver = _unit_staff(question.forwarded_to, Role.APPROVER)
    if target == S.EXTENDED:
        services.question_extend_deadline(
            question=question,
            working_days=10,
            reason="Cần xác minh giá trị văn bằng với Bộ Giáo dục và Đào tạo.",
            acting_user=approver,
        )
        return
    question = services.question_transition(question=question, to_state=S.IN_PROGRESS, acting_user=editor)
    if target == S.IN_PROGRESS:
        return
    body_vi, body_en = answer
    services.answer_save(
        question=question,
        body={"vi": body_vi, "en": body_en},
        answered_by={"vi": question.forwarded_to.name_vi, "en": question.forwarded_to.name_en or ""},
        acting_user=editor,
    )
    question = services.answer_submit_for_review(question=question, acting_user=editor)
    services.answer_approve_and_publish(question=question, acting_user=approver)


def seed(seeded: dict) -> None:
    users = _users()
    units = seeded["units"]
    fields = _fields(units, users["bientap"])
    for key, unit_key, field_slug, title, body, name, target, answer in QUESTIONS:
        if Question.objects.filter(key=key).exists():
            continue
        unit = units.get(unit_key) if unit_key else seeded["main"]
        question = services.question_submit(
            unit=unit,
            field=fields[field_slug],
            title=title,
            body=body,
            asker=services.AskerData(name=name, email=f"{key}@example.com"),
            display_mode="initials",
            allow_publication=True,
            language="vi",
            confirm_url="http://127.0.0.1:8000/vi/hoi-dap/xac-nhan/{token}/",
        )
        Question.objects.filter(pk=question.pk).update(key=key)
        _advance(question, target, answer, users)
