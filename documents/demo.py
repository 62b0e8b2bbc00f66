"""Demo registry of the province in the seed report: its decisions and plans, budget estimates and final
accounts of the units that posted them (not syt, snv, skhdt, stp, stttt, which the report names as
missing), state-enterprise reports and this week's schedule of the provincial leaders. Idempotent:
keyed by unit and number."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.core.files.base import ContentFile
from django.utils import timezone

from portal.services import SYSTEM
from portal.workdays import add_working_days

from . import services
from .enums import BudgetKind, Category, RelationKind
from .models import Document, Field, IssuingBody, LeaderSchedule, ScheduleEntry, monday_of

BODIES = {
    "ubnd": ("Ủy ban nhân dân tỉnh Trà Vinh", "Tra Vinh Provincial People's Committee", "UBND"),
    "btc": ("Bộ Tài chính", "Ministry of Finance", "BTC"),
    "cp": ("Chính phủ", "Government", "CP"),
    "stc": ("Sở Tài chính tỉnh Trà Vinh", "Tra Vinh Department of Finance", "STC"),
    "stttt": (
        "Sở Thông tin và Truyền thông tỉnh Trà Vinh",
        "Department of Information and Communications",
        "STTTT",
    ),
    "sgddt": ("Sở Giáo dục và Đào tạo tỉnh Trà Vinh", "Department of Education and Training", "SGDĐT"),
    "sct": ("Sở Công Thương tỉnh Trà Vinh", "Department of Industry and Trade", "SCT"),
    "tptv": ("Ủy ban nhân dân thành phố Trà Vinh", "Tra Vinh City People's Committee", "UBND"),
    "cangl": ("Ủy ban nhân dân huyện Càng Long", "Cang Long District People's Committee", "UBND"),
    "thuyloi": (
        "Công ty TNHH MTV Quản lý khai thác công trình thủy lợi Trà Vinh",
        "Tra Vinh Irrigation Works Company",
        "CTTL",
    ),
    "xskt": ("Công ty TNHH MTV Xổ số kiến thiết Trà Vinh", "Tra Vinh Lottery Company", "XSKT"),
}
FIELDS = [
    ("cong-nghe-thong-tin", "Công nghệ thông tin", "Information technology"),
    ("tai-chinh-ngan-sach", "Tài chính - ngân sách", "Finance and budget"),
    ("cai-cach-hanh-chinh", "Cải cách hành chính", "Administrative reform"),
    ("dau-tu", "Kế hoạch và đầu tư", "Planning and investment"),
    ("doanh-nghiep", "Doanh nghiệp", "Enterprises"),
]

# unit key (None: the main portal), number, issued, category, body, field, signer, vi, en
MAIN_DOCUMENTS = [
    (
        "1762/QĐ-UBND",
        date(2021, 8, 27),
        Category.DIRECTION,
        "ubnd",
        "cong-nghe-thong-tin",
        "Lê Văn Hẳn, Phó Chủ tịch UBND tỉnh",
        "Ban hành quy chế hoạt động của Cổng Thông tin điện tử tỉnh Trà Vinh",
        "Promulgating the operating regulation of the Tra Vinh Province Electronic Portal",
    ),
    (
        "1857/QĐ-UBND",
        date(2021, 9, 6),
        Category.DIRECTION,
        "ubnd",
        "cong-nghe-thong-tin",
        "Lê Văn Hẳn, Phó Chủ tịch UBND tỉnh",
        "Điều chỉnh, bổ sung quy chế hoạt động của Cổng Thông tin điện tử tỉnh",
        "Amending and supplementing the operating regulation of the Province Electronic Portal",
    ),
    (
        "1263/QĐ-UBND",
        date(2021, 6, 30),
        Category.DIRECTION,
        "ubnd",
        "cong-nghe-thong-tin",
        "Kim Ngọc Thái, Phó Chủ tịch UBND tỉnh",
        "Kiện toàn Ban Biên tập Cổng Thông tin điện tử tỉnh",
        "Reorganising the Editorial Board of the Province Electronic Portal",
    ),
    (
        "44/KH-UBND",
        date(2021, 6, 3),
        Category.PLAN,
        "ubnd",
        "dau-tu",
        "Lê Văn Hẳn, Phó Chủ tịch UBND tỉnh",
        "Khắc phục những hạn chế, yếu kém và nâng cao chỉ số PCI năm 2021 và các năm tiếp theo",
        "Remedying weaknesses and raising the provincial competitiveness index (PCI) from 2021",
    ),
    (
        "2937/QĐ-UBND",
        date(2020, 8, 12),
        Category.DIRECTION,
        "ubnd",
        "dau-tu",
        "Lê Văn Hẳn, Phó Chủ tịch UBND tỉnh",
        "Phê duyệt Quy chế phối hợp thực hiện Chỉ số thành phần Tính minh bạch trong Chỉ số PCI",
        "Approving the coordination rules for the transparency sub-index of the PCI",
    ),
    (
        "9505/BTC-NSNN",
        date(2017, 7, 17),
        Category.OTHER,
        "btc",
        "tai-chinh-ngan-sach",
        "Bộ Tài chính",
        "Công khai ngân sách nhà nước đối với các đơn vị dự toán ngân sách",
        "Public disclosure of the state budget by budget-using units",
    ),
    (
        "3181/STC-NS",
        date(2020, 11, 27),
        Category.OTHER,
        "stc",
        "tai-chinh-ngan-sach",
        "Sở Tài chính",
        "Hướng dẫn thực hiện công khai ngân sách đối với các đơn vị dự toán trên địa bàn tỉnh",
        "Guidance on budget disclosure for budget-using units in the province",
    ),
    (
        "42/2022/NĐ-CP",
        date(2022, 6, 24),
        Category.LEGAL,
        "cp",
        "cong-nghe-thong-tin",
        "Chính phủ",
        "Quy định về việc cung cấp thông tin và dịch vụ công trực tuyến của cơ quan nhà nước "
        "trên môi trường mạng",
        "On the provision of information and online public services by state agencies",
    ),
    (
        "215/TB-UBND",
        date(2022, 5, 10),
        Category.PROCUREMENT,
        "ubnd",
        "dau-tu",
        "Văn phòng UBND tỉnh",
        "Thông báo mời chào giá cung cấp thiết bị tác nghiệp cho phóng viên Cổng Thông tin điện tử",
        "Invitation to quote for reporting equipment of the Province Electronic Portal",
    ),
    (
        "120/TB-UBND",
        date(2022, 3, 15),
        Category.NOTICE,
        "ubnd",
        "cai-cach-hanh-chinh",
        "Văn phòng UBND tỉnh",
        "Thông báo lịch tiếp công dân định kỳ của Chủ tịch UBND tỉnh quý II năm 2022",
        "Schedule of the Chairman's regular citizen reception, second quarter of 2022",
    ),
]
RELATIONS = [
    ("1857/QĐ-UBND", RelationKind.AMENDS, "1762/QĐ-UBND"),
    ("3181/STC-NS", RelationKind.GUIDES, "9505/BTC-NSNN"),
]
UNIT_DOCUMENTS = [
    (
        "stttt",
        "1128/KH-STTTT-TTCNTTTT",
        date(2021, 6, 28),
        Category.PLAN,
        "stttt",
        "cong-nghe-thong-tin",
        "Giám đốc Sở Thông tin và Truyền thông",
        "Khắc phục hạn chế và nâng cao chỉ số 3 (tính minh bạch) của chỉ số PCI năm 2021 "
        "và những năm tiếp theo",
        "Improving the transparency sub-index of the PCI from 2021",
    ),
]
# Units that posted their budget estimate and last approved final accounts (numbers of the two
# decisions); syt, snv, skhdt, stp and stttt did not (the seed report).
BUDGET_UNITS = {
    "stc": ("12/QĐ-STC", "stc", "95/QĐ-STC"),
    "sgddt": ("35/QĐ-SGDĐT", "sgddt", "412/QĐ-SGDĐT"),
    "sct": ("18/QĐ-SCT", "sct", "87/QĐ-SCT"),
    "tptv": ("64/QĐ-UBND", "tptv", "1520/QĐ-UBND"),
    "cangl": ("57/QĐ-UBND", "cangl", "1344/QĐ-UBND"),
}
SOE_REPORTS = [
    ("thuyloi", "35/BC-CTTL", "Báo cáo kết quả sản xuất kinh doanh năm", "Annual business results"),
    (
        "thuyloi",
        "36/BC-CTTL",
        "Báo cáo tài chính năm đã được kiểm toán",
        "Audited annual financial statements",
    ),
    (
        "xskt",
        "21/BC-XSKT",
        "Báo cáo tình hình thực hiện kế hoạch sản xuất kinh doanh 6 tháng",
        "Six-month report on the business plan",
    ),
]
SCHEDULE = [
    (
        0,
        time(7, 30),
        "Ông Lê Văn Hẳn, Phó Chủ tịch UBND tỉnh",
        "Họp giao ban đầu tuần với các Phó Chủ tịch",
        "Weekly briefing with the Vice Chairmen",
        "Phòng họp số 1, UBND tỉnh",
        "Lãnh đạo Văn phòng UBND tỉnh",
    ),
    (
        1,
        time(8, 0),
        "Ông Kim Ngọc Thái, Phó Chủ tịch UBND tỉnh",
        "Tiếp công dân định kỳ",
        "Regular citizen reception",
        "Ban Tiếp công dân tỉnh",
        "Thanh tra tỉnh, Sở Tư pháp",
    ),
    (
        2,
        time(14, 0),
        "Ông Lê Văn Hẳn, Phó Chủ tịch UBND tỉnh",
        "Làm việc với Sở Thông tin và Truyền thông về chuyển đổi số",
        "Working session on digital transformation",
        "Sở Thông tin và Truyền thông",
        "Ban Biên tập Cổng TTĐT tỉnh",
    ),
    (
        3,
        time(8, 0),
        "Ông Kim Ngọc Thái, Phó Chủ tịch UBND tỉnh",
        "Dự hội nghị đối thoại doanh nghiệp",
        "Business dialogue conference",
        "Hội trường UBND tỉnh",
        "Hiệp hội Doanh nghiệp tỉnh, Sở Kế hoạch và Đầu tư",
    ),
    (
        4,
        time(14, 0),
        "Ông Lê Văn Hẳn, Phó Chủ tịch UBND tỉnh",
        "Họp Ban Biên tập Cổng Thông tin điện tử tỉnh",
        "Meeting of the Portal's Editorial Board",
        "Phòng họp số 2, UBND tỉnh",
        "Thành viên Ban Biên tập",
    ),
]


def _pdf(number: str, body: str, title: str, issued: date) -> ContentFile:
    """A one-page document laid out as Decree 30/2020 Appendix I asks, rendered with WeasyPrint."""
    from weasyprint import HTML

    html = f"""<html><head><meta charset="utf-8"><style>
    @page {{ size: A4; margin: 20mm 20mm 20mm 30mm; }}
    body {{ font-family: 'Liberation Serif', 'Times New Roman', serif; font-size: 13pt; }}
    .head {{ display: flex; justify-content: space-between; text-align: center; }}
    .bold {{ font-weight: bold; }} .under {{ text-decoration: underline; }} .it {{ font-style: italic; }}
    h1 {{ text-align: center; font-size: 14pt; margin-top: 12mm; }}
    </style></head><body>
    <div class="head"><div><div class="bold">{body.upper()}</div><div>Số: {number}</div></div>
    <div><div class="bold">CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</div>
    <div class="bold under">Độc lập - Tự do - Hạnh phúc</div>
    <div class="it">Trà Vinh, ngày {issued:%d} tháng {issued:%m} năm {issued:%Y}</div></div></div>
    <h1>{title}</h1><p>Văn bản mẫu của cổng thông tin điện tử (dữ liệu trình diễn).</p></body></html>"""
    return ContentFile(HTML(string=html).write_pdf(), name=f"{number.replace('/', '-')}.pdf")


def _posted(issued: date, days: int = 1) -> datetime:
    day = min(add_working_days(issued, days), timezone.localdate())
    return timezone.make_aware(datetime.combine(day, time(9, 0)))


def _lookups() -> tuple[dict[str, IssuingBody], dict[str, Field]]:
    bodies = {}
    for key, (vi, en, code) in BODIES.items():
        body = IssuingBody.objects.filter(name_vi=vi).first() or IssuingBody(
            name_vi=vi, name_en=en, code=code
        )
        bodies[key] = body if body.pk else services.issuing_body_save(body=body, acting_user=SYSTEM)
    fields = {}
    for order, (slug, vi, en) in enumerate(FIELDS):
        field = Field.objects.filter(slug=slug).first()
        fields[slug] = field or services.field_save(
            field=Field(slug=slug, name_vi=vi, name_en=en, order=order), acting_user=SYSTEM
        )
    return bodies, fields


def _document(unit, number, issued, category, body, field, signer, vi, en="", **extra) -> Document:
    existing = Document.objects.filter(unit=unit, number_symbol=number).first()
    if existing is not None:
        return existing
    document = services.document_create(
        document=Document(
            unit=unit,
            number_symbol=number,
            issued_on=issued,
            category=category,
            issuing_body=body,
            field=field,
            signer=signer,
            title_vi=vi,
            title_en=en,
            **extra,
        ),
        acting_user=SYSTEM,
    )
    services.attachment_add(
        document=document, file=_pdf(number, body.name_vi, vi, issued), title="Toàn văn", acting_user=SYSTEM
    )
    posting_days = 2 if category == Category.BUDGET else 1
    return services.document_publish(document=document, at=_posted(issued, posting_days), acting_user=SYSTEM)


def _schedule(unit) -> None:
    monday = monday_of(timezone.localdate())
    if LeaderSchedule.objects.filter(unit=unit, week_start=monday).exists():
        return
    schedule = services.schedule_save(
        schedule=LeaderSchedule(unit=unit, week_start=monday), acting_user=SYSTEM
    )
    for offset, at, leader, vi, en, location, participants in SCHEDULE:
        entry = ScheduleEntry(
            schedule=schedule,
            date=monday + timedelta(days=offset),
            time=at,
            leader=leader,
            content_vi=vi,
            content_en=en,
            location=location,
            participants=participants,
        )
        services.schedule_entry_save(entry=entry, acting_user=SYSTEM)
    published = timezone.make_aware(datetime.combine(monday - timedelta(days=3), time(16, 0)))
    services.schedule_publish(schedule=schedule, at=published, acting_user=SYSTEM)


def seed(seeded: dict) -> None:
    main, units = seeded["main"], seeded["units"]
    bodies, fields = _lookups()
    by_number = {}
    for number, issued, category, body, field, signer, vi, en in MAIN_DOCUMENTS:
        by_number[number] = _document(
            main, number, issued, category, bodies[body], fields[field], signer, vi, en
        )
    for source, kind, target in RELATIONS:
        if not by_number[source].relations_out.filter(target=by_number[target], kind=kind).exists():
            services.relation_add(
                source=by_number[source], target=by_number[target], kind=kind, acting_user=SYSTEM
            )
    for key, number, issued, category, body, field, signer, vi, en in UNIT_DOCUMENTS:
        _document(units[key], number, issued, category, bodies[body], fields[field], signer, vi, en)
    today = timezone.localdate()
    issued = min(date(today.year, 1, 15), today)
    # Final accounts are approved in the summer after their year (Circular 61/2017 Điều 6).
    approved = date(today.year, 8, 20) if date(today.year, 8, 20) <= today else date(today.year - 1, 8, 20)
    for key, (number, body, final_number) in BUDGET_UNITS.items():
        unit = units[key]
        _document(
            unit,
            final_number,
            approved,
            Category.BUDGET,
            bodies[body],
            fields["tai-chinh-ngan-sach"],
            f"Thủ trưởng {unit.name_vi}",
            f"Công khai quyết toán ngân sách năm {approved.year - 1} của {unit.name_vi}",
            f"Disclosure of the {approved.year - 1} final budget accounts of {unit.name_en or unit.name_vi}",
            fiscal_year=approved.year - 1,
            budget_kind=BudgetKind.FINAL,
        )
        _document(
            unit,
            number,
            issued,
            Category.BUDGET,
            bodies[body],
            fields["tai-chinh-ngan-sach"],
            f"Thủ trưởng {unit.name_vi}",
            f"Công bố công khai dự toán ngân sách năm {today.year} của {unit.name_vi}",
            f"Disclosure of the {today.year} budget estimate of {unit.name_en or unit.name_vi}",
            fiscal_year=today.year,
            budget_kind=BudgetKind.ESTIMATE,
        )
    for enterprise, number, vi, en in SOE_REPORTS:
        company = bodies[enterprise]
        _document(
            main,
            number,
            date(2022, 3, 30),
            Category.SOE_REPORT,
            company,
            fields["doanh-nghiep"],
            f"Giám đốc {company.name_vi}",
            f"{vi} – {company.name_vi}",
            f"{en} – {company.name_en}",
            enterprise=company.name_vi,
        )
    _schedule(main)
