"""Demo report: the board's report on the previous half-year, generated from the demo content through the
services (figures, DOCX, PDF, XLSX). Idempotent: one report per period."""

from __future__ import annotations

from datetime import date

from django.contrib.auth import get_user_model
from django.utils import timezone

from . import services
from .models import Report

SITUATION = "\n".join(
    (
        "Cổng thông tin điện tử (TTĐT) tỉnh hoạt động theo Quyết định 1762/QĐ-UBND ngày 27/8/2021 của UBND "
        "tỉnh về việc ban hành quy chế hoạt động của Cổng Thông tin điện tử tỉnh và Quyết định "
        "1857/QĐ-UBND ngày 06/9/2021 điều chỉnh, bổ sung quy chế.",
        "Cổng TTĐT tỉnh có 01 Cổng chính (tiếng Việt, tiếng Anh và tiếng Khmer) và 40 trang TTĐT thành phần.",
        "Cổng TTĐT tỉnh và các trang TTĐT thành phần cập nhật thông tin theo Nghị định số 43/2011/NĐ-CP và "
        "Nghị định số 42/2022/NĐ-CP của Chính phủ.",
    )
)
ADVANTAGES = "\n".join(
    (
        "Được sự quan tâm lãnh đạo, chỉ đạo của UBND tỉnh, Cổng TTĐT tỉnh duy trì hoạt động ổn định, "
        "nâng cao về nội dung và hình thức.",
        "Cổng TTĐT tỉnh nhận được sự cộng tác tích cực, thường xuyên của phóng viên báo, đài và các cơ quan, "
        "đơn vị.",
    )
)
LIMITATIONS = "\n".join(
    (
        "Đội ngũ phóng viên của Cổng TTĐT tỉnh còn mỏng nên số lượng tin ở một số lĩnh vực còn ít.",
        "Một số đơn vị chưa cập nhật thông tin thường xuyên trên trang TTĐT của mình theo quy định.",
    )
)
DIRECTIONS = "\n".join(
    (
        "Tiếp tục tuyên truyền chủ trương, đường lối của Đảng; chính sách, pháp luật của Nhà nước; các thông "
        "tin chỉ đạo điều hành của lãnh đạo tỉnh.",
        "Đôn đốc các trang TTĐT thành phần cập nhật thông tin thường xuyên và đăng công khai dự toán "
        "ngân sách đúng hạn.",
    )
)


def previous_half_year(today: date) -> tuple[date, date]:
    if today.month <= 6:
        return date(today.year - 1, 7, 1), date(today.year - 1, 12, 31)
    return date(today.year, 1, 1), date(today.year, 6, 30)


def seed(seeded: dict) -> None:
    start, end = previous_half_year(timezone.localdate())
    if Report.objects.filter(period_start=start, period_end=end).exists():
        return
    board = get_user_model().objects.filter(is_superuser=True).order_by("pk").first()
    report = services.report_create(
        period_start=start,
        period_end=end,
        acting_user=board,
        report_date=min(timezone.localdate(), date(end.year + (end.month == 12), end.month % 12 + 1, 5)),
        situation=SITUATION,
        advantages=ADVANTAGES,
        limitations=LIMITATIONS,
        directions=DIRECTIONS,
        facebook_followers=12500,
        facebook_reach=350000,
        zalo_followers=4200,
    )
    services.report_build(report_id=report.pk)
