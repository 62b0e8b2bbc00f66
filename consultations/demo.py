"""Demo consultations: one open, one upcoming, one closed with its outcome, through the services.

Idempotent: each draft has a key and is made only once. The concluded one tells a past consultation:
it is scheduled and commented on like any other, then its dates are moved back as time would have.
"""

from __future__ import annotations

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from . import services
from .enums import CommenterKind, DraftType, Moderation, Verdict
from .models import Draft

TEXT = """QUYẾT ĐỊNH
Ban hành Quy chế quản lý, vận hành Cổng thông tin điện tử tỉnh Trà Vinh
Chương I
QUY ĐỊNH CHUNG
Điều 1. Phạm vi điều chỉnh và đối tượng áp dụng
1. Quy chế này quy định việc quản lý, vận hành, cung cấp thông tin trên Cổng thông tin điện tử tỉnh.
2. Quy chế áp dụng đối với các sở, ban, ngành tỉnh và Ủy ban nhân dân các huyện, thị xã, thành phố.
Điều 2. Giải thích từ ngữ
Trang thông tin điện tử thành phần là trang của cơ quan, đơn vị được tích hợp vào Cổng.
Chương II
CUNG CẤP VÀ CẬP NHẬT THÔNG TIN
Điều 3. Thời hạn cung cấp thông tin
1. Văn bản quy phạm pháp luật được đăng chậm nhất 02 ngày làm việc kể từ ngày ban hành.
2. Tin tức, sự kiện được cập nhật thường xuyên, ít nhất 01 tin mỗi tuần.
Điều 4. Trách nhiệm của cơ quan, đơn vị
Thủ trưởng cơ quan, đơn vị chịu trách nhiệm về nội dung thông tin cung cấp trên trang thành phần.
Chương III
ĐIỀU KHOẢN THI HÀNH
Điều 5. Hiệu lực thi hành
Quyết định này có hiệu lực sau 10 ngày kể từ ngày ký.
"""

DRAFTS = [
    {
        "key": "demo-stp-quy-che-cong",
        "unit": "stp",
        "editor": "stp-bientap",
        "approver": "stp-duyet",
        "title": {
            "vi": "Dự thảo Quyết định ban hành Quy chế quản lý, vận hành Cổng thông tin điện tử tỉnh",
            "en": "Draft decision on the rules for managing and operating the provincial e-portal",
        },
        "summary": {
            "vi": "Quy định trách nhiệm, thời hạn cung cấp thông tin trên Cổng và các trang thành phần."
        },
        "type": DraftType.DECISION,
        "agency": "Sở Tư pháp tỉnh Trà Vinh",
        "starts_in": timedelta(0),
        "days": 35,
        "story": "open",
    },
    {
        "key": "demo-tinh-nghi-quyet-hoc-phi",
        "unit": None,
        "editor": "bientap",
        "approver": "duyet",
        "title": {
            "vi": "Dự thảo Nghị quyết quy định mức học phí năm học 2026–2027 trên địa bàn tỉnh",
            "en": "Draft resolution on tuition fees for the 2026–2027 school year",
            "km": "សេចក្តីព្រាងសេចក្តីសម្រេចស្តីពីថ្លៃសិក្សាឆ្នាំសិក្សា ២០២៦–២០២៧",
        },
        "summary": {"vi": "Mức học phí đối với cơ sở giáo dục mầm non, phổ thông công lập."},
        "type": DraftType.PROVINCIAL_RESOLUTION,
        "agency": "Sở Giáo dục và Đào tạo",
        "starts_in": timedelta(days=7),
        "days": 30,
        "story": "upcoming",
    },
    {
        "key": "demo-syt-kham-chua-benh",
        "unit": "syt",
        "editor": "syt-bientap",
        "approver": "admin",
        "title": {
            "vi": "Dự thảo Quyết định quy định giá dịch vụ khám bệnh, chữa bệnh tại cơ sở y tế công lập"
        },
        "summary": {
            "vi": "Giá dịch vụ khám, chữa bệnh không thuộc phạm vi thanh toán của quỹ bảo hiểm y tế."
        },
        "type": DraftType.DECISION,
        "agency": "Sở Y tế tỉnh Trà Vinh",
        "starts_in": timedelta(0),
        "days": 30,
        "story": "concluded",
    },
]

COMMENTS = [
    (
        "Thạch Thị Sa Ri",
        "",
        CommenterKind.INDIVIDUAL,
        "Điều 3",
        "Đề nghị quy định rõ thời hạn 02 ngày làm việc tính từ ngày ký hay ngày ban hành.",
    ),
    (
        "Nguyễn Văn Hùng",
        "Công ty TNHH Minh Phát",
        CommenterKind.BUSINESS,
        "Điều 4",
        "Nên bổ sung đầu mối tiếp nhận phản ánh của doanh nghiệp.",
    ),
    ("Lâm Văn Sơn", "", CommenterKind.INDIVIDUAL, "", "Thống nhất với dự thảo."),
]


def seed(seeded: dict) -> None:
    User = get_user_model()
    for spec in DRAFTS:
        if Draft.objects.filter(key=spec["key"]).exists():
            continue
        unit = seeded["units"][spec["unit"]] if spec["unit"] else seeded["main"]
        editor = User.objects.get(username=spec["editor"])
        approver = User.objects.get(username=spec["approver"])
        draft = _prepare(spec, unit, editor, approver)
        if spec["story"] != "upcoming":
            _comment_on(draft, editor)
        if spec["story"] == "concluded":
            _conclude(draft, editor, approver)


def _prepare(spec: dict, unit, editor, approver) -> Draft:
    opens = timezone.now() + spec["starts_in"]
    draft = Draft(
        unit=unit,
        key=spec["key"],
        draft_type=spec["type"],
        drafting_agency=spec["agency"],
        receiving_address=unit.address_vi or "Số 1 đường 19/5, phường 1, thành phố Trà Vinh",
        receiving_email=unit.email or "gopy@travinh.gov.vn",
        opens_at=opens,
        closes_at=opens + timedelta(days=spec["days"], hours=1),
    )
    for field in ("title", "summary"):
        for code, text in spec[field].items():
            setattr(draft, f"{field}_{code}", text)
    draft.explanatory_note_vi = (
        "<p>Tờ trình kèm theo dự thảo nêu sự cần thiết ban hành và nội dung chính.</p>"
    )
    services.draft_save(draft=draft, acting_user=editor)
    services.draft_set_text(draft=draft, text=TEXT, acting_user=editor)
    return services.draft_schedule(draft=draft, acting_user=approver)


def _comment_on(draft: Draft, moderator) -> None:
    articles = {a.label: a for a in draft.articles.all()}
    for number, (name, organization, kind, label, text) in enumerate(COMMENTS):
        comment = services.comment_submit(
            draft=draft,
            name=name,
            organization=organization,
            kind=kind,
            email=f"demo.gopy{number}@example.invalid",
            text=text,
            article=articles.get(label),
        )
        services.comment_confirm(comment=comment)
        services.comment_moderate(comment=comment, moderation=Moderation.PUBLISHED, acting_user=moderator)


def _conclude(draft: Draft, editor, approver) -> None:
    ago = timedelta(days=draft.open_days + 5)
    Draft.objects.filter(pk=draft.pk).update(opens_at=draft.opens_at - ago, closes_at=draft.closes_at - ago)
    draft.refresh_from_db()
    comments = list(draft.comments.counted())
    services.disposition_set(
        comments=comments[:1],
        verdict=Verdict.ACCEPTED,
        explanation="Đã chỉnh sửa Điều 3.",
        acting_user=editor,
    )
    services.disposition_set(
        comments=comments[1:2],
        verdict=Verdict.PARTLY_ACCEPTED,
        explanation="Đầu mối tiếp nhận được quy định tại Quy chế tiếp công dân; bổ sung dẫn chiếu.",
        acting_user=editor,
    )
    services.disposition_set(comments=comments[2:], verdict=Verdict.NOTED, acting_user=editor)
    services.outcome_publish(
        draft=draft,
        report="<p>Sở Y tế đã nhận 03 ý kiến góp ý; tiếp thu 01, tiếp thu một phần 01, ghi nhận 01.</p>",
        acting_user=approver,
    )
